"""Abstract model bases shared by several apps (no tables of their own)."""

from __future__ import annotations

from django.db import models


class AppendOnlyModel(models.Model):
    """A row that, once written, is never changed nor removed.

    Histories (the audit log, the 发文稿纸 and 收文处理笺 steps, a work item's transitions,
    the 份号 register) are evidence: a correction is a new row, never an edit. ``save`` refuses
    a row that already has a primary key and ``delete`` refuses outright. Queryset
    ``update()``/``delete()`` bypass these methods; for audit rows the database itself also
    refuses changes on PostgreSQL (the ``audit_event_append_only`` trigger).
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError(f"{self._meta.object_name} rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError(f"{self._meta.object_name} rows are append-only")
