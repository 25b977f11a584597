"""Which CPUs the console's threads may use (Linux), and the other systems' no-op path."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest

from timing_console import oscompat

LINUX_ONLY = pytest.mark.skipif(
    not hasattr(os, "sched_setaffinity") or len(os.sched_getaffinity(0)) < 2,
    reason="needs Linux and two CPUs",
)


@LINUX_ONLY
def test_every_running_thread_is_confined_and_new_threads_follow() -> None:
    every = oscompat.process_cpus()
    assert every is not None and every == frozenset(os.sched_getaffinity(0))
    one = frozenset({min(every)})
    seen: dict[str, frozenset[int]] = {}
    go = threading.Event()

    def older() -> None:  # started before the confining: set by its thread id
        go.wait(5)
        seen["older"] = frozenset(os.sched_getaffinity(0))

    thread = threading.Thread(target=older)
    thread.start()
    try:
        assert oscompat.confine_process(one) is True
        go.set()
        thread.join()
        newer = threading.Thread(
            target=lambda: seen.__setitem__("newer", frozenset(os.sched_getaffinity(0)))
        )
        newer.start()
        newer.join()
        assert seen == {"older": one, "newer": one}
        assert frozenset(os.sched_getaffinity(0)) == one
    finally:
        go.set()
        oscompat.confine_process(every)
    assert frozenset(os.sched_getaffinity(0)) == every


@LINUX_ONLY
def test_a_child_started_while_confined_gets_its_cpus_back_and_none_once_unconfined() -> None:
    every = oscompat.process_cpus()
    assert every is not None
    one = frozenset({min(every)})
    sleeper = [sys.executable, "-c", "import time; time.sleep(5)"]
    oscompat.confine_process(one)
    try:
        child = subprocess.Popen(sleeper)
        reader = subprocess.Popen(sleeper)
        assert frozenset(os.sched_getaffinity(child.pid)) == one  # inherited
        oscompat.free_child(child.pid)
        assert frozenset(os.sched_getaffinity(child.pid)) == every
        oscompat.free_child(reader.pid, only_free=True)  # the key reader: off the console's
        assert frozenset(os.sched_getaffinity(reader.pid)) == every - one
    finally:
        oscompat.confine_process(every)
        for process in (child, reader):
            process.kill()
            process.wait()
    oscompat.free_child(child.pid)  # ended, and nothing confined: nothing raised
    later = subprocess.Popen(sleeper)
    try:
        os.sched_setaffinity(later.pid, one)
        oscompat.free_child(later.pid)  # not confined: a child keeps what it has
        assert frozenset(os.sched_getaffinity(later.pid)) == one
    finally:
        later.kill()
        later.wait()


def test_a_system_without_cpu_choice_changes_nothing(monkeypatch) -> None:
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    monkeypatch.delattr(os, "sched_setaffinity", raising=False)
    assert oscompat.process_cpus() is None
    assert oscompat.confine_process(frozenset({0})) is False
    oscompat.free_child(os.getpid())
