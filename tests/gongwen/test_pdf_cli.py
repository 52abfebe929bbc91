"""``zhongshu render`` / ``python -m zhongshu.gongwen render``, run as a user would: a subprocess
with a clean environment (no Django settings), checking exit codes and Chinese messages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "src" / "zhongshu" / "gongwen" / "examples"


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(cwd), "LANG": "C.UTF-8"}
    env["PYTHONPATH"] = str(ROOT / "src")
    return subprocess.run(  # noqa: S603 — our own interpreter and arguments
        [sys.executable, "-m", "zhongshu.gongwen", "render", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_it_renders_a_json_document_without_django_and_prints_the_substitutions(tmp_path):
    out = tmp_path / "notice.pdf"
    done = _run(str(EXAMPLES / "notice.json"), "-o", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF")
    assert "已输出" in done.stdout and "4 页" in done.stdout
    assert "字体替代" in done.stdout
    assert "django" not in done.stderr.lower()


def test_invalid_json_document_exits_2_with_the_field_named_in_chinese(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"doc_type": "通知", "copy_number": "12a"}', encoding="utf-8")
    done = _run(str(bad), "-o", str(tmp_path / "x.pdf"), cwd=tmp_path)
    assert done.returncode == 2
    assert "份号" in done.stderr and "阿拉伯数字" in done.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_missing_input_and_unknown_suffix_exit_2(tmp_path):
    done = _run(str(tmp_path / "none.json"), "-o", str(tmp_path / "x.pdf"), cwd=tmp_path)
    assert done.returncode == 2 and "找不到文件" in done.stderr
    odd = tmp_path / "draft.pdf"
    odd.write_bytes(b"%PDF-1.4")
    done = _run(str(odd), "-o", str(tmp_path / "x.pdf"), cwd=tmp_path)
    assert done.returncode == 2 and "不支持的文件类型" in done.stderr


def test_a_plain_text_draft_is_read_and_rendered(tmp_path):
    pytest.importorskip("zhongshu.gongwen.reader")
    draft = tmp_path / "draft.txt"
    draft.write_text(
        "江淮市人民政府办公室文件\n淮政办〔2026〕7号\n"
        "江淮市人民政府办公室关于做好春节期间值班工作的通知\n"
        "各县区人民政府，市政府各部门：\n"
        "    春节期间，各单位要严格执行值班制度，保持通信畅通。\n"
        "江淮市人民政府办公室\n2026年1月20日\n",
        encoding="utf-8",
    )
    out = tmp_path / "draft.pdf"
    done = _run(str(draft), "-o", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF")


def test_seal_option_needs_organ_and_an_existing_image(tmp_path):
    done = _run(
        str(EXAMPLES / "letter.json"),
        "-o",
        str(tmp_path / "x.pdf"),
        "--seal",
        "江淮市人民政府办公室",
        cwd=tmp_path,
    )
    assert done.returncode == 2 and "--seal" in done.stderr


def test_docx_option_writes_the_editable_document_too(tmp_path):
    pytest.importorskip("zhongshu.gongwen.typeset.docx")
    out, docx = tmp_path / "letter.pdf", tmp_path / "letter.docx"
    done = _run(str(EXAMPLES / "letter.json"), "-o", str(out), "--docx", str(docx), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF")
    assert docx.read_bytes().startswith(b"PK")
