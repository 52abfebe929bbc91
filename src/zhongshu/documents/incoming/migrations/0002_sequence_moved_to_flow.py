# The 收文号 sequences (incoming.ReceiptSequence) move to flow.Sequence, the one gap-free
# yearly register of every module (issue #11): each row is copied with its last number, then the old table is dropped.
# Backwards, the rows go back to the old table (and leave flow.Sequence).

from django.db import migrations


def forward(apps, schema_editor):
    Old = apps.get_model("incoming", "ReceiptSequence")
    Sequence = apps.get_model("flow", "Sequence")
    Sequence.objects.bulk_create(
        [
            Sequence(
                kind="receipt", organ_id=row.organ_id, key="", year=row.year, last=row.last_seq
            )
            for row in Old.objects.all()
        ]
    )


def backward(apps, schema_editor):
    Old = apps.get_model("incoming", "ReceiptSequence")
    Sequence = apps.get_model("flow", "Sequence")
    for row in Sequence.objects.filter(kind="receipt"):
        Old.objects.create(organ_id=row.organ_id, year=row.year, last_seq=row.last)
    Sequence.objects.filter(kind="receipt").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("incoming", "0001_initial"),
        ("flow", "0005_sequence"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.DeleteModel(name="ReceiptSequence"),
    ]
