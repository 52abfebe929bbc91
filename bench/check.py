"""Time the compliance checker on a 10-page 公文 (target: under 50 ms per check).

A GB/T 9704 page holds 22 lines of 28 characters, so ten pages are about 6,000 characters; the
document below has headings on all four levels, dates, numbers, quotations and cited 文号, so
that every rule has work to do. Prints the median of several runs for the structured check and
for text → reader → check.

    .venv/bin/python bench/check.py
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from zhongshu.gongwen.checker import check_document, check_text
from zhongshu.gongwen.model import Attachment, DocType, Document, HeadingLevel, Issuer, Paragraph

CN = "一二三四五六七八九十"
SENTENCE = (
    "根据《江淮市防汛抗旱应急预案》（江政办发〔2025〕12号）要求，各地各部门要把“人民至上、生命至上”"
    "落到实处，于2026年5月31日前完成隐患排查，汛期降雨量较常年偏多15%～30%，"
    "要加强值班值守，确保信息报送及时准确。"
)


def ten_pages() -> Document:
    body = [
        Paragraph(
            text="为切实做好2026年防汛抗旱工作，保障人民群众生命财产安全，现就有关事项通知如下。"
        )
    ]
    for i in range(1, 5):
        body.append(Paragraph(text=f"{CN[i - 1]}、第{i}项重点任务", level=HeadingLevel.H1))
        for j in range(1, 3):
            body.append(
                Paragraph(text=f"（{CN[j - 1]}）工作要求{j}。{SENTENCE}", level=HeadingLevel.H2)
            )
            for k in range(1, 3):
                body.append(Paragraph(text=f"{k}.具体措施。{SENTENCE}", level=HeadingLevel.H3))
                for m in range(1, 3):
                    body.append(
                        Paragraph(text=f"（{m}）细化安排。{SENTENCE}", level=HeadingLevel.H4)
                    )
    document = Document(
        doc_type=DocType.NOTICE,
        issuers=[Issuer(name="江淮市人民政府办公室")],
        doc_number="江政办发〔2026〕8号",
        title="江淮市人民政府办公室关于做好2026年防汛抗旱工作的通知",
        primary_recipients=["各县、区人民政府", "市政府各部门"],
        body=body,
        attachment_notes=["1.防汛责任人名单", "2.物资储备清单"],
        attachments=[Attachment(title="防汛责任人名单"), Attachment(title="物资储备清单")],
        date=dt.date(2026, 3, 2),
        date_text="2026年3月2日",
        note="（此件公开发布）",
    )
    return document


def as_text(document: Document) -> str:
    lines = [document.title, document.doc_number, "，".join(document.primary_recipients) + "："]
    lines += [p.text for p in document.body]
    lines += ["附件：" + document.attachment_notes[0], *document.attachment_notes[1:]]
    lines += [document.issuers[0].name, document.date_text, document.note]
    return "\n".join(lines)


def median_ms(func, runs: int = 15) -> float:
    func()  # warm up (regex compilation, imports)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    document = ten_pages()
    text = as_text(document)
    chars = sum(len(p.text) for p in document.body)
    today = dt.date(2026, 11, 27)
    structured = median_ms(lambda: check_document(document, today=today))
    via_text = median_ms(lambda: check_text(text, today=today))
    pages = chars / (22 * 28)  # GB/T 9704: 22 lines of 28 characters
    print(f"约{pages:.0f}页的公文（正文{chars}字，{len(document.body)}段）")
    print(f"check_document：{structured:.1f} ms（目标 < 50 ms）")
    print(f"check_text（读取＋检查）：{via_text:.1f} ms")
    return 0 if structured < 50 else 1


if __name__ == "__main__":
    sys.exit(main())
