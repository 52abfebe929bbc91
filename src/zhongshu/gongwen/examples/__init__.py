"""Example 公文 of the fictional demo city 江淮市, as JSON documents.

They are correctly formed by the rules the checker enforces, and they exercise every format of
the typesetter: a 3-page 通知 with an attachment (``notice``), a 请示 with 签发人 (``request``), a
joint 通知 of three organs (``joint_notice``), a 函 in 信函格式 (``letter``), a 令 in 命令格式
(``order``), a 纪要 in 纪要格式 (``minutes``) and a classified, 特急 通报
(``bulletin_classified``). Tests, benchmarks and the demo data load them from here.
"""

from __future__ import annotations

from importlib import resources

from zhongshu.gongwen.model import Document, load_document


def names() -> list[str]:
    """The example names (file stems), sorted."""
    files = resources.files(__name__).iterdir()
    return sorted(f.name.removesuffix(".json") for f in files if f.name.endswith(".json"))


def load(name: str) -> Document:
    """The example ``name`` as a validated ``Document``."""
    return load_document(resources.files(__name__).joinpath(f"{name}.json").read_bytes())
