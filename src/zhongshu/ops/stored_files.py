"""Every stored file the database refers to is present and matches the digest recorded with it.

The file fields are found by walking the models, not listed by hand, so a new ``FileField``
is checked without touching this module. The digest recorded beside a field is the column
``<field>_sha256`` (``IncomingDocument.scan_sha256``, ``ArchiveRecord.file_sha256``), or
``sha256`` for a field named ``file`` (``IssuedFile``). A field without such a column (the
organ's seal image) is checked for presence only.

Used after a restore (``zhongshu restore``) and by the fault test (``bench/fault.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.db import models

from zhongshu.ops.manifest import sha256_of


@dataclass(frozen=True)
class StoredFileProblem:
    model: str  # app_label.model
    pk: object
    field: str
    name: str  # the storage name (path under MEDIA_ROOT)
    reason: str

    def __str__(self) -> str:
        return f"{self.model}#{self.pk}.{self.field} {self.name}：{self.reason}"


@dataclass
class StoredFilesReport:
    checked: int = 0  # files the database refers to
    with_digest: int = 0  # of those, files compared with a recorded SHA-256
    problems: list[StoredFileProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _digest_column(model: type[models.Model], file_field: models.FileField) -> str | None:
    names = {f.name for f in model._meta.concrete_fields}
    for candidate in (f"{file_field.name}_sha256", "sha256" if file_field.name == "file" else ""):
        if candidate and candidate in names:
            return candidate
    return None


def stored_file_fields() -> list[tuple[type[models.Model], models.FileField, str | None]]:
    """(model, file field, digest column or None) for every concrete model."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for f in model._meta.concrete_fields:
            if isinstance(f, models.FileField):
                found.append((model, f, _digest_column(model, f)))
    return found


def stored_files_check(*, using: str = "default") -> StoredFilesReport:
    """Read every stored file the database names; report the missing and the altered ones."""
    report = StoredFilesReport()
    for model, file_field, digest_column in stored_file_fields():
        label = model._meta.label_lower
        columns = ["pk", file_field.attname] + ([digest_column] if digest_column else [])
        rows = (
            model._base_manager.using(using)
            .exclude(**{file_field.attname: ""})
            .exclude(**{f"{file_field.attname}__isnull": True})
            .order_by("pk")
            .values_list(*columns)
        )
        storage = file_field.storage
        for row in rows.iterator(chunk_size=500):
            pk, name = row[0], row[1]
            recorded = row[2] if digest_column else ""
            report.checked += 1
            if not storage.exists(name):
                report.problems.append(
                    StoredFileProblem(label, pk, file_field.name, name, "文件缺失")
                )
                continue
            if not recorded:
                continue
            report.with_digest += 1
            with storage.open(name, "rb") as handle:
                actual = sha256_of(handle)
            if actual != recorded:
                report.problems.append(
                    StoredFileProblem(
                        label,
                        pk,
                        file_field.name,
                        name,
                        f"SHA-256 与登记的不符（登记 {recorded[:12]}…，实际 {actual[:12]}…）",
                    )
                )
    return report
