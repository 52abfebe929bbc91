# The 件号 sequences (archive.ArchiveSequence) move to flow.Sequence, the one gap-free
# yearly register of every module (issue #11): each row is copied with its last number, then the old table is dropped.
# Backwards, the rows go back to the old table (and leave flow.Sequence).

from django.db import migrations


def forward(apps, schema_editor):
    Old = apps.get_model("archive", "ArchiveSequence")
    Sequence = apps.get_model("flow", "Sequence")
    Sequence.objects.bulk_create(
        [
            Sequence(
                kind="archive",
                organ_id=row.organ_id,
                key=f"{row.retention}/{row.class_code}",
                year=row.year,
                last=row.last_seq,
            )
            for row in Old.objects.all()
        ]
    )


def backward(apps, schema_editor):
    Old = apps.get_model("archive", "ArchiveSequence")
    Sequence = apps.get_model("flow", "Sequence")
    for row in Sequence.objects.filter(kind="archive"):
        retention, class_code = row.key.split("/", 1)
        Old.objects.create(
            organ_id=row.organ_id,
            year=row.year,
            retention=retention,
            class_code=class_code,
            last_seq=row.last,
        )
    Sequence.objects.filter(kind="archive").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0001_initial"),
        ("flow", "0005_sequence"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.DeleteModel(name="ArchiveSequence"),
    ]
