"""Rule modules, one per family; importing this package registers every rule in ``RULES``."""

from zhongshu.gongwen.checker.rules import (  # noqa: F401 - imported to register the rules
    attachments,
    classification,
    dates,
    docnumber,
    header,
    numbering,
    numbers,
    punctuation,
    recipients,
    title,
    types,
)
