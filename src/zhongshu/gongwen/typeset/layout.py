"""The numbers of GB/T 9704-2012, in one place, for every writer (PDF and .docx).

Both typesetters read their geometry from here so that a document printed from the PDF and one
printed from the .docx land on the same millimetre. Values marked *derived* are arithmetic from
the standard, not clauses; values marked *practice* are not in the 2012 text as seen
(standards.md §2) and were chosen to match common red-headed documents.

Coordinates are millimetres measured from the paper's top-left corner (y grows downwards), as a
ruler on the printed page reads them. Each writer converts to its own units (``mm_to_pt``).
"""

from __future__ import annotations

# --- units ---------------------------------------------------------------------------------

PT_PER_MM = 72 / 25.4


def mm_to_pt(mm: float) -> float:
    return mm * PT_PER_MM


def pt_to_mm(pt: float) -> float:
    return pt / PT_PER_MM


# 字号 (Chinese type sizes) in points. 3号 is the default size of every element (§5.1 of the standard).
SIZE_CHUHAO = 42.0  # 初号
SIZE_XIAOCHU = 36.0  # 小初
SIZE_1 = 26.0  # 一号
SIZE_XIAO1 = 24.0
SIZE_2 = 22.0  # 二号: the title
SIZE_XIAO2 = 18.0
SIZE_3 = 16.0  # 三号: body, header block, signature
SIZE_XIAO3 = 15.0
SIZE_4 = 14.0  # 四号: 版记 and page numbers
SIZE_XIAO4 = 12.0

# --- paper and 版心 (standards.md §2.1, all ✅ F1) ---------------------------------------------

PAGE_WIDTH_MM = 210.0
PAGE_HEIGHT_MM = 297.0
MARGIN_TOP_MM = 37.0  # 天头
MARGIN_LEFT_MM = 28.0  # 订口
BODY_WIDTH_MM = 156.0  # 版心 width
BODY_HEIGHT_MM = 225.0  # 版心 height
MARGIN_RIGHT_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - BODY_WIDTH_MM  # 26, derived
MARGIN_BOTTOM_MM = PAGE_HEIGHT_MM - MARGIN_TOP_MM - BODY_HEIGHT_MM  # 35, derived
BODY_RIGHT_MM = MARGIN_LEFT_MM + BODY_WIDTH_MM  # 184: right edge of the 版心
BODY_BOTTOM_MM = MARGIN_TOP_MM + BODY_HEIGHT_MM  # 262: lower edge of the 版心
BODY_CENTER_X_MM = MARGIN_LEFT_MM + BODY_WIDTH_MM / 2  # 106: the axis of centred elements

# --- the type grid (22 lines × 28 characters, ✅ F1; pitches derived) ----------------------

LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
BODY_FONT_PT = SIZE_3
LINE_PITCH_MM = BODY_HEIGHT_MM / LINES_PER_PAGE  # 10.227 mm, derived
LINE_PITCH_PT = mm_to_pt(LINE_PITCH_MM)  # 28.99 pt, derived
# Word cannot hold 28.99 pt: line 22 overflows to the next page by rounding, so the .docx
# writer uses 579 twips (28.95 pt), as public implementations do (standards.md §2.1, ◐).
DOCX_LINE_PITCH_PT = 28.95
CHAR_PITCH_MM = BODY_WIDTH_MM / CHARS_PER_LINE  # 5.571 mm, derived
CHAR_PITCH_PT = mm_to_pt(CHAR_PITCH_MM)  # 15.79 pt, derived
# A 16 pt character is wider than the 15.79 pt pitch, so characters are set 0.2 pt tighter.
CHAR_SPACING_PT = CHAR_PITCH_PT - BODY_FONT_PT  # ≈ −0.207 pt, derived

# Where a 3号 character sits in its grid line: the top of its em box on the line's top edge,
# the 7/8-character gap below it (the standard's 行 = one character + 7/8 of a 3号 character).
# Ideographic em boxes run from −0.12 em to +0.88 em around the baseline.
EM_ASCENT = 0.88
EM_DESCENT = 0.12


def line_top_mm(line: int) -> float:
    """Top edge of grid line ``line`` (1-based) of the 版心."""
    return MARGIN_TOP_MM + (line - 1) * LINE_PITCH_MM


def baseline_mm(line: int, size_pt: float = BODY_FONT_PT) -> float:
    """Baseline of a character of ``size_pt`` whose em box stands on top of grid line ``line``."""
    return line_top_mm(line) + pt_to_mm(size_pt * EM_ASCENT)


def char_x_mm(column: float) -> float:
    """Left edge of grid column ``column`` (0-based; fractions allowed for half-width text)."""
    return MARGIN_LEFT_MM + column * CHAR_PITCH_MM


# --- colours -------------------------------------------------------------------------------

# 发文机关标志, separator, seal: red. On screen and in the PDF pure RGB red; the standard's print
# ink is Y80% M80% (✅ F2), given for presses that take CMYK.
RED_RGB = (1.0, 0.0, 0.0)
RED_HEX = "FF0000"
RED_CMYK = (0.0, 0.8, 0.8, 0.0)
BLACK_RGB = (0.0, 0.0, 0.0)

# --- 版头 (standards.md §2.2) ----------------------------------------------------------------

HEADER_BLOCK_LINES = {"copy_number": 1, "classification": 2, "urgency": 3}  # lines of 版心 (✅ F3)
COPY_NUMBER_DIGITS = 6
MASTHEAD_TOP_FROM_BODY_TOP_MM = (
    35.0  # 文件格式 and 纪要格式: top edge 35 mm below the 版心's top (✅ F4, F15)
)
MASTHEAD_TOP_MM = MARGIN_TOP_MM + MASTHEAD_TOP_FROM_BODY_TOP_MM  # 72 mm from the paper's top
# The standard fixes no size for the 标志 (only "醒目、美观、庄重"). Practice: about 初号-plus
# 小标宋, squeezed horizontally when long so that it never passes the 版心.
MASTHEAD_FONT_PT = 48.0
MASTHEAD_JOINT_FONT_PT = 36.0  # each stacked name of a joint 标志
MASTHEAD_JOINT_LINE_GAP_MM = 2.0  # between stacked names (practice)
MASTHEAD_JOINT_WORD_GAP_MM = 6.0  # between the names and "文件" (practice)
MASTHEAD_MIN_HSCALE = 0.55  # narrowest horizontal squeeze before the size is reduced instead
MASTHEAD_MAX_WIDTH_MM = BODY_WIDTH_MM
DOC_NUMBER_BLANK_LINES = 2  # 发文字号: 2 blank lines below the 标志 (✅ F5)
SIGNER_INDENT_CHARS = (
    1  # 上行文: 发文字号 1 char from the left, 签发人 1 char from the right (✅ F5, F4)
)
SIGNERS_PER_LINE = 2  # names per 签发人 line (✅ F4)
SEPARATOR_GAP_MM = 4.0  # red separator 4 mm below the 发文字号 (✅ F4)
SEPARATOR_WIDTH_MM = BODY_WIDTH_MM  # as wide as the 版心 (✅ F4)
# Thickness is not given in the text seen (❌); 2.25 pt (≈0.79 mm) is the common template value.
SEPARATOR_THICKNESS_MM = pt_to_mm(2.25)

# --- 主体 (standards.md §2.3) ----------------------------------------------------------------

TITLE_FONT_PT = SIZE_2
TITLE_BLANK_LINES = 2  # title 2 blank lines below the separator (✅ F5)
TITLE_MAX_CHARS = 20  # a 2号 line holds 156 mm / 22 pt ≈ 20 characters (derived)
TITLE_TO_RECIPIENTS_BLANK_LINES = 1  # 主送 1 blank line below the title (✅ F6)
PARAGRAPH_INDENT_CHARS = 2  # first-line indent of every paragraph (✅ F5)
ATTACHMENT_NOTE_BLANK_LINES = 1  # 附件说明 1 blank line below the 正文, indented 2 (✅ F7)
NOTE_INDENT_CHARS = 2  # 附注 in parentheses, indented 2 (✅ F9)
ATTACHMENT_LABEL_LINE = 1  # "附件N" on line 1 of a new page, 3号黑体 (✅ F10)
ATTACHMENT_TITLE_LINE = 3  # attachment title centred on line 3 (✅ F10)

# --- 署名, 成文日期, 印章 (standards.md §2.4, ✅ F8, F9) ------------------------------------

SEALED_DATE_RIGHT_INDENT_CHARS = 4
UNSEALED_NAME_RIGHT_INDENT_CHARS = 2
UNSEALED_DATE_OFFSET_CHARS = 2  # date's first char 2 chars right of the name's first char
UNSEALED_BLANK_LINES = 1  # unsealed 署名 1 blank line below the 正文
SEALED_NAME_LINE_OFFSET = 3  # sealed: 署名 on the 3rd line after the last text line, so that the
# seal's top (diameter below) falls within one line of that text (derived from the seal size)
SEAL_DIAMETER_MM = 42.0  # practice: the usual round seal of a government organ
SEAL_ABOVE_TEXT_MM = 3.0  # the seal's centre sits this much above the middle of 署名+date
SEAL_GAP_MM = 4.0  # joint seals never touch (✅ F8)
ORDER_STAMP_BLANK_LINES = 2  # 签名章 2 blank lines below the 正文, right indent 4 (✅ F8)
ORDER_STAMP_RIGHT_INDENT_CHARS = 4
ORDER_TITLE_GAP_CHARS = 2  # 职务 2 chars left of the 签名章
ORDER_DATE_BLANK_LINES = 1  # date 1 blank line below the 签名章, right indent 4
# Space problems (§7.3.5, ✅ F9): when the block of 署名, date and seal does not fit under the
# last text, the standard adjusts line spacing rather than leave the seal's page without 正文.
# One line short, the blank lines above the 署名 and the one kept for the seal's lower half
# tighten evenly to gain it, each keeping at least SIGNATURE_SQUEEZE_MIN_BLANK of a line
# (practice, derived from the seal: with 2 blank lines above the 署名, a 42 mm seal clears the
# text above and stays inside the 版心 only above 0.56). Only the sealed block has room to
# give (3 blank lines keep 2/3 each); an unsealed one (1 blank line) or a 令 (2 keep 1/2) does
# not, and there the last line of 正文 goes to the next page with the block instead. Every
# other line of the page keeps the grid.
SIGNATURE_SQUEEZE_LINES = 1
SIGNATURE_SQUEEZE_MIN_BLANK = 0.6

# --- 版记 and page numbers (standards.md §2.5, ✅ F11) ---------------------------------------

COLOPHON_FONT_PT = SIZE_4
COLOPHON_RULE_THICK_MM = 0.35  # first and last 版记 lines
COLOPHON_RULE_THIN_MM = 0.25  # lines between 版记 elements
COLOPHON_INDENT_CHARS = 1  # 抄送 and 印发 lines indented 1 (4号) character left and right
# 版记 rows are one body grid line each; the last rule lies on the 版心's lower edge.
PAGE_NUMBER_FONT_PT = SIZE_4
PAGE_NUMBER_GAP_MM = 7.0  # the 一字线 lies 7 mm below the 版心's lower edge
PAGE_NUMBER_INDENT_CHARS = 1  # odd pages right, even pages left, 1 (4号) character in
PAGE_NUMBER_DASH = "—"  # U+2014 一字线, one on each side: "— 1 —"

# --- special formats (standards.md §2.6) ---------------------------------------------------

LETTER_MASTHEAD_TOP_MM = 30.0  # from the paper's top edge (✅ F12)
LETTER_MASTHEAD_FONT_PT = 36.0  # practice
LETTER_RULE_GAP_MM = 4.0  # first double line 4 mm below the 标志 (✅ F12)
LETTER_BOTTOM_RULE_FROM_BOTTOM_MM = (
    20.0  # second double line 20 mm above the paper's bottom (✅ F12)
)
LETTER_RULE_LENGTH_MM = 170.0  # both double lines, centred (✅ F12)
# Thick and thin of the double line, and their distance, are not in the text seen (❌ practice).
LETTER_RULE_THICK_MM = 0.8
LETTER_RULE_THIN_MM = 0.3
LETTER_RULE_SPACING_MM = 1.0  # between the two strokes' centre lines
LETTER_NUMBER_GAP_MM = pt_to_mm(SIZE_3 * 7 / 8)  # 发文字号 7/8 of a 3号 character below (✅ F12)
LETTER_TITLE_BLANK_LINES = 2  # title 2 lines below the last element above it (✅ F12)

ORDER_MASTHEAD_TOP_FROM_BODY_TOP_MM = 20.0  # 命令格式 (◐ F14, 1999 text, same number)
ORDER_NUMBER_BLANK_LINES = 2  # 令号 2 blank lines below the 标志
ORDER_BODY_BLANK_LINES = 2  # 正文 2 blank lines below the 令号

MINUTES_MASTHEAD_TOP_FROM_BODY_TOP_MM = 35.0  # 纪要格式 (✅ F13)
MINUTES_ATTENDANCE_BLANK_LINES = 1  # 出席 1 blank line below the 正文, indented 2, 黑体 label
MINUTES_ATTENDANCE_LABELS = ("出席", "请假", "列席")
