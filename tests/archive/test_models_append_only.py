"""The 份号 register is evidence: its lines are never changed nor removed."""

import pytest

from zhongshu.documents.archive.models import CopyRegisterLine


def test_a_copy_register_line_can_be_neither_changed_nor_deleted():
    line = CopyRegisterLine(pk=1)

    with pytest.raises(RuntimeError, match="append-only"):
        line.save()
    with pytest.raises(RuntimeError, match="append-only"):
        line.delete()
