"""The pure 公文 library of 中枢: the document model, GB/T 9704-2012 typesetting (PDF, .docx),
the .docx/text reader and the compliance checker. It imports nothing from Django or the apps,
so that it runs anywhere (``python -m zhongshu.gongwen``) and is tested on its own.
"""

from zhongshu.gongwen.model import (
    Attachment,
    Classification,
    DocType,
    Document,
    DocumentError,
    Issuer,
    LayoutFormat,
    MinutesAttendance,
    Paragraph,
    Urgency,
)

__all__ = [
    "Attachment",
    "Classification",
    "DocType",
    "Document",
    "DocumentError",
    "Issuer",
    "LayoutFormat",
    "MinutesAttendance",
    "Paragraph",
    "Urgency",
]
