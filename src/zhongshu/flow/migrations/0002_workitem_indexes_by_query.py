"""Work-item indexes by query (bench/README.md, slow spots 4, 5 and 9).

1. ``workitem_done_by`` becomes (completed_by, state, -completed_at, -id) and
   ``workitem_done_assignee`` is new: the two ordered arms of the 已办 tab and their counts.
2. The single-column indexes of five foreign keys go: a composite index starts with each of
   them. The fields change in the state only; the database drops the indexes by name (the
   same name on SQLite and PostgreSQL), so SQLite does not rebuild the table five times.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

#: Django's names for the foreign keys' own indexes (0001_initial).
FK_INDEXES = {
    "assignee": "flow_workitem_assignee_id_e9a51f3e",
    "completed_by": "flow_workitem_completed_by_id_b77a92cf",
    "created_by": "flow_workitem_created_by_id_25a2ac4f",
    "post": "flow_workitem_post_id_faa0ee1f",
    "target_type": "flow_workitem_target_type_id_2f2bc503",
}
FK_COLUMNS = {
    "assignee": "assignee_id",
    "completed_by": "completed_by_id",
    "created_by": "created_by_id",
    "post": "post_id",
    "target_type": "target_type_id",
}


def _user_fk(verbose_name, **kwargs):
    return models.ForeignKey(
        db_index=False,
        on_delete=django.db.models.deletion.PROTECT,
        to=settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        **kwargs,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("flow", "0001_initial"),
        ("organs", "0002_post_pending_roles_organsuccession_rotation"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(model_name="workitem", name="workitem_done_by"),
        migrations.AddIndex(
            model_name="workitem",
            index=models.Index(
                fields=["completed_by", "state", "-completed_at", "-id"], name="workitem_done_by"
            ),
        ),
        migrations.AddIndex(
            model_name="workitem",
            index=models.Index(
                fields=["assignee", "state", "-completed_at", "-id", "completed_by"],
                name="workitem_done_assignee",
            ),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="workitem",
                    name="assignee",
                    field=_user_fk("办理人", related_name="work_items"),
                ),
                migrations.AlterField(
                    model_name="workitem",
                    name="completed_by",
                    field=_user_fk("办结人", blank=True, null=True, related_name="+"),
                ),
                migrations.AlterField(
                    model_name="workitem",
                    name="created_by",
                    field=_user_fk("发起人", blank=True, null=True, related_name="+"),
                ),
                migrations.AlterField(
                    model_name="workitem",
                    name="post",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="work_items",
                        to="organs.post",
                        verbose_name="岗位",
                    ),
                ),
                migrations.AlterField(
                    model_name="workitem",
                    name="target_type",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="contenttypes.contenttype",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    sql=f'DROP INDEX IF EXISTS "{name}"',
                    reverse_sql=f'CREATE INDEX "{name}" ON "flow_workitem" ("{FK_COLUMNS[field]}")',
                )
                for field, name in FK_INDEXES.items()
            ],
        ),
    ]
