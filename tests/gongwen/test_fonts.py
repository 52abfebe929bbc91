"""Font resolution by role: official fonts by configured path, reported fallbacks otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from zhongshu.gongwen.fonts import (
    CWTEX_FANGSONG,
    ENV_VARS,
    LXGW_WENKAI,
    UMING,
    FontConfig,
    FontRole,
    FontSource,
    resolve_fonts,
)

needs_debian_fonts = pytest.mark.skipif(
    not Path(UMING.path).is_file() or not Path(CWTEX_FANGSONG.path).is_file(),
    reason="the Debian fallback fonts are not installed",
)


def test_environment_variables_are_named_by_role():
    assert ENV_VARS[FontRole.FANGSONG] == "ZHONGSHU_FONT_FANGSONG"
    assert ENV_VARS[FontRole.XIAOBIAOSONG] == "ZHONGSHU_FONT_XIAOBIAOSONG"
    assert set(ENV_VARS) == set(FontRole)


def test_config_reads_paths_and_collection_indexes_from_the_environment():
    config = FontConfig.from_env(
        {"ZHONGSHU_FONT_HEITI": "/fonts/simhei.ttc#1", "ZHONGSHU_FONT_KAITI": " /fonts/kai.ttf "}
    )
    assert config.source(FontRole.HEITI) == FontSource("/fonts/simhei.ttc", 1)
    assert config.source(FontRole.KAITI) == FontSource("/fonts/kai.ttf", 0)
    assert config.source(FontRole.FANGSONG) is None


@needs_debian_fonts
def test_every_fallback_is_reported_when_no_official_font_is_configured():
    fonts = resolve_fonts(FontConfig())
    assert len(fonts.substitutions) == len(FontRole)
    fangsong = next(s for s in fonts.substitutions if s.startswith("仿宋"))
    assert "ZHONGSHU_FONT_FANGSONG" in fangsong and "cwTeX" in fangsong and "UMing" in fangsong
    assert fonts[FontRole.FANGSONG].official is False


@needs_debian_fonts
def test_a_configured_truetype_font_is_used_without_a_substitution_note():
    if not Path(LXGW_WENKAI.path).is_file():
        pytest.skip("LXGW WenKai is not installed")
    fonts = resolve_fonts(FontConfig({FontRole.KAITI: LXGW_WENKAI.path}))
    assert fonts[FontRole.KAITI].official is True
    assert fonts[FontRole.KAITI].source.path == LXGW_WENKAI.path
    assert not any(s.startswith("楷体") for s in fonts.substitutions)


@needs_debian_fonts
def test_a_missing_configured_font_falls_back_and_says_why():
    fonts = resolve_fonts(FontConfig({FontRole.HEITI: "/nonexistent/simhei.ttf"}))
    note = next(s for s in fonts.substitutions if s.startswith("黑体"))
    assert "/nonexistent/simhei.ttf" in note and "文件不存在" in note
    assert fonts[FontRole.HEITI].official is False


@needs_debian_fonts
def test_a_cff_opentype_font_is_refused_because_reportlab_cannot_embed_it(tmp_path):
    fake = tmp_path / "NotoSerifCJK.otf"
    fake.write_bytes(b"OTTO\x00\x01\x00\x00\x00\x00\x00\x00")
    fonts = resolve_fonts(FontConfig({FontRole.SONGTI: str(fake)}))
    note = next(s for s in fonts.substitutions if s.startswith("宋体"))
    assert "CFF" in note


@needs_debian_fonts
def test_characters_missing_from_cwtex_fangsong_fall_back_to_uming_glyph_by_glyph():
    fonts = resolve_fonts(FontConfig())
    fangsong = fonts[FontRole.FANGSONG]
    assert not fangsong.has_glyph("办")  # a simplified character the traditional font lacks
    assert fonts.font_for(FontRole.FANGSONG, "办").source == UMING
    assert fonts.font_for(FontRole.FANGSONG, "政").source == CWTEX_FANGSONG


@needs_debian_fonts
def test_fonts_are_resolved_once_per_configuration():
    assert resolve_fonts(FontConfig()) is resolve_fonts(FontConfig())


@needs_debian_fonts
def test_a_ttc_face_index_selects_the_face(tmp_path):
    fonts = resolve_fonts(FontConfig({FontRole.SONGTI: f"{UMING.path}#1"}))
    assert fonts[FontRole.SONGTI].source.subfont_index == 1
    assert fonts[FontRole.SONGTI].name != resolve_fonts(FontConfig())[FontRole.SONGTI].name


@needs_debian_fonts
def test_a_render_reports_the_glyphs_that_needed_the_fallback():
    from zhongshu.gongwen.model import Document, Issuer, Paragraph
    from zhongshu.gongwen.typeset.pdf import render_pdf

    document = Document(
        doc_type="通知",
        issuers=[Issuer(name="江淮市人民政府办公室")],
        title="江淮市人民政府办公室关于开展消防检查的通知",
        body=[Paragraph(text="请各单位认真办理。")],
    )
    result = render_pdf(document, fonts=FontConfig())
    assert any("逐字补齐" in note and "办" in note for note in result.substitutions)


@needs_debian_fonts
def test_a_character_no_font_has_is_reported_as_a_warning():
    from zhongshu.gongwen.model import Document, Issuer, Paragraph
    from zhongshu.gongwen.typeset.pdf import render_pdf

    document = Document(
        doc_type="通知",
        issuers=[Issuer(name="江淮市人民政府办公室")],
        title="江淮市人民政府办公室关于开展消防检查的通知",
        body=[Paragraph(text="请各单位认真落实\U0001f600。")],
    )
    result = render_pdf(document, fonts=FontConfig())
    assert any("U+1F600" in w for w in result.warnings)
