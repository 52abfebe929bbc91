"""Run a function in a separate process that is killed when it overruns its time limit.

A request thread must never wait on unbounded work (issue #23: one long title held a worker at
full CPU for minutes). ``run_bounded(function, *args, timeout=…)`` runs ``function(*args)`` in a
child process and returns its result, re-raises its exception, or kills the child and raises
``Overrun`` once ``timeout`` seconds have passed. It works the same under gunicorn's workers,
Django's development and live test servers, and the test client.

Children are forked from a *forkserver*: a clean process started once per server process (no
request threads, no database connections, nothing locked at fork time), which imports
``PRELOAD`` first, so a child starts in milliseconds with the typesetter, its fonts and jieba's
dictionary already loaded. Plain ``fork`` of a threaded server could copy a lock held by
another thread and hang the child; ``spawn`` would load everything again for each request.

``function`` and ``args`` travel by pickle: ``function`` must be importable at module level
and must not need Django (the child has no settings).
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import threading
from collections.abc import Callable
from multiprocessing import forkserver
from typing import Any, TypeVar

T = TypeVar("T")

# Imported by the forkserver before it forks any child: the typesetter, fonts and jieba.
PRELOAD = ["zhongshu.gongwen.preload"]

_context = multiprocessing.get_context("forkserver")
_context.set_forkserver_preload(PRELOAD)
_start_lock = threading.Lock()


def forkserver_start() -> None:
    """Start the forkserver now, in a server's master before it forks its workers.

    Each worker then uses this one forkserver (``forkserver_adopt``) instead of starting its own
    on its first preview: a forkserver is a fresh interpreter holding the typesetter, fonts and
    jieba (~210 MB not shared with anyone), so one per worker would undo the sharing that
    preloading gives the workers (issue #14).
    """
    with _start_lock:
        forkserver.ensure_running()


def forkserver_adopt() -> None:
    """In a worker forked (``os.fork``) from the process that ran ``forkserver_start``, use the
    inherited forkserver.

    multiprocessing asks whether its forkserver still runs with ``waitpid``, which only the
    forkserver's parent may call; in a worker it raises ``ChildProcessError``. This worker asks
    the same question with signal 0 instead, and starts a forkserver of its own only if the
    shared one has died.
    """
    server = forkserver._forkserver
    shared_pid = server._forkserver_pid
    if shared_pid is None:
        return
    start_own = server.ensure_running

    def ensure_running() -> None:
        with server._lock:
            if server._forkserver_pid == shared_pid:
                try:
                    os.kill(shared_pid, 0)
                    return  # alive
                except ProcessLookupError:
                    server._forkserver_pid = None  # gone: the next lines start our own
                    server._forkserver_address = None
                    os.close(server._forkserver_alive_fd)
                    server._forkserver_alive_fd = None
        start_own()

    server.ensure_running = ensure_running


class Overrun(Exception):
    """The child did not finish within ``timeout`` seconds and was killed."""

    def __init__(self, timeout: float):
        super().__init__(f"exceeded {timeout} s")
        self.timeout = timeout


class ChildFailed(Exception):
    """The child died without an answer (killed by the system, out of memory), or raised an
    exception that cannot travel back by pickle (its type and message are kept)."""


def _child(connection: Any, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        answer: tuple[str, Any] = ("ok", function(*args))
    except BaseException as exc:  # every failure goes back to the parent
        try:
            pickle.loads(pickle.dumps(exc))  # noqa: S301 - our own bytes, just made
            answer = ("raised", exc)
        except Exception:  # e.g. an exception whose __init__ pickle cannot call
            answer = ("raised", ChildFailed(f"{type(exc).__name__}: {exc}"))
    connection.send(answer)
    connection.close()


def run_bounded(function: Callable[..., T], *args: Any, timeout: float) -> T:
    """``function(*args)`` in a child process, within ``timeout`` seconds of wall time.

    1. Start the child (the forkserver is started on first use, under a lock: two request
       threads must not start two).
    2. Wait for its answer at most ``timeout`` seconds; on overrun kill it (SIGKILL: a
       typesetter deep in a loop does not listen for SIGTERM) and raise ``Overrun``.
    3. Return the result, or raise what the child raised.
    """
    receiver, sender = _context.Pipe(duplex=False)
    process = _context.Process(target=_child, args=(sender, function, args), daemon=True)
    with _start_lock:
        process.start()
    sender.close()  # the child holds its own copy; EOF reaches us if it dies
    try:
        if not receiver.poll(max(timeout, 0.0)):
            process.kill()
            raise Overrun(timeout)
        try:
            status, payload = receiver.recv()
        except EOFError:
            process.join(timeout=5)
            raise ChildFailed(f"the child exited with code {process.exitcode}") from None
    finally:
        receiver.close()
        process.join(timeout=5)
        if process.is_alive():  # pragma: no cover - the kill above ends it
            process.kill()
            process.join()
    if status == "raised":
        raise payload
    return payload
