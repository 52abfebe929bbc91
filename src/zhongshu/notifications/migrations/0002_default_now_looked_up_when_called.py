# The default of the creation time becomes zhongshu.lib.clock.now, which looks
# django.utils.timezone.now up when called (the demo clock and frozen test time are seen).
# A Python-side default has no column in the database: PostgreSQL's AlterField is a no-op, but
# SQLite would copy the whole table to change nothing, so only the state changes here.

from django.db import migrations, models

import zhongshu.lib.clock


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="notification",
                    name="created_at",
                    field=models.DateTimeField(default=zhongshu.lib.clock.now, verbose_name="时间"),
                ),
            ],
        ),
    ]
