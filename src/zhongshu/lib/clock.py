"""The current time as a model field default.

``default=timezone.now`` binds the function object when the model module is imported, so
anything that later replaces ``django.utils.timezone.now`` (the demo's clock, a test freezing
time with ``mock.patch``) is not seen by the default: the row is stamped with the real time while
every service around it used the replaced one. ``now`` looks ``timezone.now`` up at each call.
It is a module-level function so that migrations can name it.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone


def now() -> datetime:
    """``django.utils.timezone.now()``, looked up when called (aware, UTC)."""
    return timezone.now()
