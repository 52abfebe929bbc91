"""The 发文 cast of tests/documents (people, a sealed organ, the stand-in typesetter), reused.

The stand-in typesetter returns a small real PDF and fixed .docx bytes, so that issuing
documents costs milliseconds; what these tests need is issued files with recorded digests,
number rows and an audit chain, which the real route services write around them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.documents.conftest import (  # noqa: F401 (fixtures)
    Cast,
    cast,
    department_a,
    dept_head,
    drafter,
    leader,
    sealed_organ_a,
    stand_ins,
)


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path) -> Path:
    """The deployment's data directory, with its media under it as in settings.py (before any
    fixture stores a file: the cast's seal image)."""
    path = tmp_path / "data"
    (path / "media").mkdir(parents=True)
    settings.DATA_DIR = path
    settings.MEDIA_ROOT = path / "media"
    return path
