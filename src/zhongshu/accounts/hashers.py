"""The password hasher: Argon2id at OWASP's parameters, and a bound on concurrent hashes.

Django's own Argon2 hasher asks 100 MiB per hash (``memory_cost=102400``, ``parallelism=8``): a
worker idling at ~95 MB reached 494 MB under 8 concurrent log-ins, and a flood of log-ins was a
cheap way to exhaust the server. OWASP's Password Storage Cheat Sheet recommends Argon2id with
m=19 MiB, t=2, p=1; on the 2-core development machine one hash then takes ~94 ms and 19 MiB, against
~730 ms and 100 MiB for Django's (median of 5, load 7, ``argon2.low_level.hash_secret`` and
``ru_maxrss``).

Hashing and verifying run under a per-process semaphore of
``settings.PASSWORD_HASH_CONCURRENCY`` (``ZHONGSHU_PASSWORD_HASH_CONCURRENCY``): the other
requests of a gunicorn worker's threads wait their turn, so a worker's peak memory for hashing
is that many × the memory of one hash, whatever the number of log-ins at once.

The algorithm stays ``argon2`` (the same prefix as Django's): existing hashes verify, and
``must_update`` sees their old parameters, so Django rehashes them at these on the next log-in.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
import threading

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher as DjangoArgon2PasswordHasher

# glibc's malloc raises its mmap threshold to the size of a freed mmapped block (up to 32 MiB),
# so after the first hash each 19 MiB block comes from the thread's own arena, which keeps it:
# a worker with 16 threads then held 16 × 19 MiB (389 MB measured) although at most 2 hashes ran
# at once. A fixed threshold also turns the dynamic one off: blocks from 1 MiB up are mmapped
# and given back when the hash ends.
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD_BYTES = 1024 * 1024


def _large_blocks_return_to_the_system() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return bool(libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES))
    except (OSError, AttributeError):  # not glibc (musl has no mallopt)
        return False


_large_blocks_return_to_the_system()

_semaphore: threading.BoundedSemaphore | None = None
_semaphore_size = 0
_semaphore_lock = threading.Lock()


def _hash_slots() -> threading.BoundedSemaphore:
    """The process's semaphore, sized from the setting (re-made if a test changes it)."""
    global _semaphore, _semaphore_size
    size = max(1, int(settings.PASSWORD_HASH_CONCURRENCY))
    with _semaphore_lock:
        if _semaphore is None or _semaphore_size != size:
            _semaphore, _semaphore_size = threading.BoundedSemaphore(size), size
        return _semaphore


class Argon2PasswordHasher(DjangoArgon2PasswordHasher):
    """Argon2id, m=19 MiB, t=2, p=1 (OWASP), at most N hashes at once per process."""

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1

    def encode(self, password, salt):
        with _hash_slots():
            return super().encode(password, salt)

    def verify(self, password, encoded):
        with _hash_slots():
            return super().verify(password, encoded)
