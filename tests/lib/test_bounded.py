"""``lib.bounded.run_bounded``: a function in a child process, killed when it overruns."""

from __future__ import annotations

import os
import time

import pytest

from tests.gongwen.adversarial import huge_title_document
from zhongshu.gongwen import jobs
from zhongshu.gongwen.limits import DocumentTooLarge
from zhongshu.lib.bounded import ChildFailed, Overrun, run_bounded


class _Unpicklable(Exception):
    def __init__(self, first, second):
        super().__init__(f"{first} {second}")


def _raise_unpicklable() -> None:
    raise _Unpicklable("坏了", 2)


def _exit_at_once() -> None:
    os._exit(3)


def test_it_returns_what_the_function_returns():
    assert run_bounded(divmod, 7, 2, timeout=60) == (3, 1)


def test_it_runs_in_another_process():
    assert run_bounded(os.getpid, timeout=60) != os.getpid()


def test_an_overrun_is_killed_at_the_limit_not_waited_for():
    start = time.monotonic()
    with pytest.raises(Overrun):
        run_bounded(time.sleep, 60, timeout=0.5)
    assert time.monotonic() - start < 10


def test_the_childs_refusal_comes_back_as_itself():
    with pytest.raises(DocumentTooLarge, match="公文过长") as refusal:
        run_bounded(jobs.preview_pdf, huge_title_document(70_000), timeout=60)
    assert refusal.value.limit == 60_000


def test_an_exception_that_cannot_travel_comes_back_by_name():
    with pytest.raises(ChildFailed, match="_Unpicklable: 坏了 2"):
        run_bounded(_raise_unpicklable, timeout=60)


def test_a_child_that_dies_without_answering_is_a_failure_not_a_hang():
    with pytest.raises(ChildFailed, match="code 3"):
        run_bounded(_exit_at_once, timeout=60)


def test_request_threads_of_one_process_run_their_children_at_once():
    """As under gunicorn's threads or Django's live server: children started from several
    threads (the forkserver is started once, under a lock) each answer their own thread."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(lambda n: run_bounded(divmod, n, 3, timeout=60), range(8)))

    assert answers == [divmod(n, 3) for n in range(8)]
