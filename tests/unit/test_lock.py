"""DayLock: one writer per day, a refusal that names the holder, nothing stale after a crash."""

from __future__ import annotations

import errno
import json
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from tests.support.files import one_sentence
from timing_console.store import lock as lock_module
from timing_console.store.errors import StoreError, StoreLocked
from timing_console.store.lock import RECORD_AT, DayLock, describe_holder


@pytest.fixture
def paths(tmp_path: Path) -> tuple[Path, Path]:
    return tmp_path / "day.json.lock", tmp_path / "day.json"


def record_of(lock_file: Path) -> dict[str, Any]:
    record: dict[str, Any] = json.loads(lock_file.read_bytes()[RECORD_AT:])
    return record


def is_free(lock_file: Path, day: Path) -> bool:
    """Whether another writer could take the day now (this process's own locks count)."""
    try:
        DayLock.acquire(lock_file, day).release()
    except StoreLocked:
        return False
    return True


def test_acquire_release_and_acquire_again(paths):
    lock_file, day = paths
    first = DayLock.acquire(lock_file, day)
    assert not is_free(lock_file, day)
    first.release()
    assert is_free(lock_file, day)
    second = DayLock.acquire(lock_file, day)
    first.release()  # twice is harmless: it lets go of nothing the second holds
    assert not is_free(lock_file, day)
    second.release()
    assert is_free(lock_file, day)


def test_the_lock_file_says_who_holds_it(paths):
    lock_file, day = paths
    held = DayLock.acquire(lock_file, day)
    record = record_of(lock_file)
    assert record["pid"] == os.getpid() and record["host"] == socket.gethostname()
    assert record["program"] and record["since"]
    held.release()


def test_one_process_writes_the_same_record_every_time(paths):
    """So a command that opens a day and saves nothing leaves every byte as it was."""
    lock_file, day = paths
    DayLock.acquire(lock_file, day).release()
    first = lock_file.read_bytes()
    DayLock.acquire(lock_file, day).release()
    assert lock_file.read_bytes() == first


def test_a_second_writer_is_refused_naming_the_holder_and_changes_nothing(paths):
    lock_file, day = paths
    held = DayLock.acquire(lock_file, day)
    try:
        before = lock_file.read_bytes()
        with pytest.raises(StoreLocked) as refused:
            DayLock.acquire(lock_file, day)
        message = str(refused.value)
        one_sentence(message, day)
        assert f"pid {os.getpid()} on {socket.gethostname()}" in message
        assert "another timing-console" in message and "since 20" in message
        assert lock_file.read_bytes() == before
    finally:
        held.release()


def test_the_holder_can_be_unknown(paths):
    lock_file, day = paths
    held = DayLock.acquire(lock_file, day)
    try:
        for junk in (b"", b"\n", b"\nnot json", b"\n[1, 2]", b'\n{"pid": "x"}', b"4242\n"):
            lock_file.write_bytes(junk)
            with pytest.raises(StoreLocked, match=r"\(pid unknown\)"):
                DayLock.acquire(lock_file, day)
    finally:
        held.release()


def test_a_record_that_would_break_the_sentence_is_cleaned(tmp_path):
    lock_file = tmp_path / "day.json.lock"
    record = {"pid": 7, "host": "a. b\nc", "program": "x. y", "since": "yesterday"}
    lock_file.write_bytes(b"\n" + json.dumps(record).encode())
    assert describe_holder(lock_file) == "pid 7 on a b c, x y"


def test_a_lock_left_by_a_killed_holder_is_no_obstacle(paths):
    lock_file, day = paths
    script = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from timing_console.store.lock import DayLock\n"
        "DayLock.acquire(Path(sys.argv[1]), Path(sys.argv[2]))\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", script, str(lock_file), str(day)], check=True)
    assert record_of(lock_file)["pid"] != os.getpid()  # its record is still there
    held = DayLock.acquire(lock_file, day)
    assert record_of(lock_file)["pid"] == os.getpid()
    held.release()


def test_a_lock_file_that_cannot_be_created_is_a_store_error(tmp_path):
    day = tmp_path / "missing" / "day.json"
    with pytest.raises(StoreError) as failed:
        DayLock.acquire(day.with_name("day.json.lock"), day)
    assert not isinstance(failed.value, StoreLocked)
    assert "Cannot create the lock file" in str(failed.value)


def test_a_file_system_without_locks_is_a_store_error_not_a_refusal(paths, monkeypatch):
    lock_file, day = paths
    closed: list[int] = []
    real_close = os.close

    def no_locks(fd, **_kw):
        raise OSError(errno.ENOLCK, "No locks available")

    def close(fd):
        closed.append(fd)
        real_close(fd)

    monkeypatch.setattr(lock_module, "lock_descriptor", no_locks)
    monkeypatch.setattr(os, "close", close)
    with pytest.raises(StoreError, match="Cannot lock the day") as failed:
        DayLock.acquire(lock_file, day)
    assert not isinstance(failed.value, StoreLocked) and len(closed) == 1


def test_failing_to_write_the_record_still_gives_the_lock(paths, monkeypatch):
    lock_file, day = paths

    def full(_fd, _data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    held = DayLock.acquire(lock_file, day)
    monkeypatch.undo()
    try:
        with pytest.raises(StoreLocked, match=r"\(pid unknown\)"):
            DayLock.acquire(lock_file, day)
    finally:
        held.release()


def test_release_from_another_thread_frees_the_day(paths):
    """The console may close the store off the thread that opened it."""
    lock_file, day = paths
    held = DayLock.acquire(lock_file, day)
    worker = threading.Thread(target=held.release)
    worker.start()
    worker.join()
    assert is_free(lock_file, day)
