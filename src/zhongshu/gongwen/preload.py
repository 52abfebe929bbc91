"""Imported by the forkserver of ``zhongshu.lib.bounded`` before it forks any child: loads the
typesetter, the checker, the fonts and jieba once, so each child starts with them ready.

Importing it anywhere else costs about a second: nothing else should.
"""

from __future__ import annotations

import logging

from zhongshu.gongwen import jobs

try:
    jobs.warm()
except Exception:  # a missing font is reported by the stage that needs it, with its message
    logging.getLogger(__name__).warning("warming the typesetter failed", exc_info=True)
