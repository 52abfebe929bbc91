# The 发文字号 sequences (documents.DocNumberSequence) move to flow.Sequence, the one gap-free
# yearly register of every module (issue #11): each row is copied with its last number, then the old table is dropped.
# Backwards, the rows go back to the old table (and leave flow.Sequence).

from django.db import migrations


def forward(apps, schema_editor):
    Old = apps.get_model("documents", "DocNumberSequence")
    Sequence = apps.get_model("flow", "Sequence")
    Sequence.objects.bulk_create(
        [
            Sequence(
                kind="doc_number", organ=None, key=row.org_code, year=row.year, last=row.last_seq
            )
            for row in Old.objects.all()
        ]
    )


def backward(apps, schema_editor):
    Old = apps.get_model("documents", "DocNumberSequence")
    Sequence = apps.get_model("flow", "Sequence")
    DocNumber = apps.get_model("documents", "DocNumber")
    for row in Sequence.objects.filter(kind="doc_number"):
        # the old row named an organ: the one whose numbers of that code and year it gave
        organ_id = (
            DocNumber.objects.filter(org_code=row.key, year=row.year)
            .values_list("organ_id", flat=True)
            .first()
        )
        if organ_id is not None:
            Old.objects.create(
                organ_id=organ_id, org_code=row.key, year=row.year, last_seq=row.last
            )
    Sequence.objects.filter(kind="doc_number").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0004_docstep_acting_for_index"),
        ("flow", "0005_sequence"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.DeleteModel(name="DocNumberSequence"),
    ]
