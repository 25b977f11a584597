"""`<day>.board`: the console sees a running board, and never one that is gone.

A process that is gone is a real child that exited (its pid reaped, so no
other process holds it for the test's moment). Windows' process check is
walked on Linux with a fake kernel32 in place of the real one.
"""

from __future__ import annotations

import ctypes
import json
import os
import subprocess
import sys

import pytest

from timing_console import oscompat
from timing_console.store import beacon
from timing_console.store.beacon import announce, beacon_path, running_board

URL = "http://192.168.1.20:8765/"


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def write(db, **record):
    beacon_path(db).write_text(json.dumps(record), encoding="utf-8")


def test_announce_writes_the_url_and_pid_and_removes_them_on_exit(tmp_path):
    db = tmp_path / "day.json"
    assert running_board(db) is None
    with announce(db, URL) as path:
        assert path == tmp_path / "day.json.board"
        record = json.loads(path.read_text(encoding="utf-8"))
        assert record["url"] == URL and record["pid"] == os.getpid()
        assert running_board(db) == URL
    assert not path.exists()
    assert running_board(db) is None


def test_announce_removes_the_file_even_when_the_board_fails(tmp_path):
    db = tmp_path / "day.json"
    with pytest.raises(RuntimeError), announce(db, URL):
        raise RuntimeError("server crashed")
    assert not beacon_path(db).exists()


def test_a_second_boards_beacon_is_left_alone_by_the_first(tmp_path):
    db = tmp_path / "day.json"
    with announce(db, URL):
        write(db, url="http://127.0.0.1:9000/", pid=os.getppid(), host=beacon._host())
    assert running_board(db) == "http://127.0.0.1:9000/"


def test_a_beacon_left_by_a_dead_process_is_stale(tmp_path):
    db = tmp_path / "day.json"
    write(db, url=URL, pid=dead_pid(), host=beacon._host())
    assert running_board(db) is None
    write(db, url=URL, pid=os.getppid(), host=beacon._host())
    assert running_board(db) == URL


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not json",
        b"[1, 2]",
        b'{"url": "http://x/"}',
        b'{"url": "javascript:alert(1)", "pid": 1, "host": "h"}',
        b'{"url": "http://x/", "pid": "12", "host": "h"}',
        b'{"url": 5, "pid": 12, "host": "h"}',
    ],
)
def test_a_file_that_is_not_a_beacon_means_no_board(tmp_path, content):
    db = tmp_path / "day.json"
    beacon_path(db).write_bytes(content.replace(b'"h"', json.dumps(beacon._host()).encode()))
    assert running_board(db) is None


def test_a_beacon_from_another_computer_is_not_trusted(tmp_path):
    db = tmp_path / "day.json"
    write(db, url=URL, pid=os.getpid(), host=beacon._host() + "-other")
    assert running_board(db) is None


def test_pid_alive_on_posix():
    assert oscompat.pid_alive(os.getpid())
    assert not oscompat.pid_alive(dead_pid())
    assert not oscompat.pid_alive(0) and not oscompat.pid_alive(-5)


class FakeKernel32:
    """OpenProcess/GetExitCodeProcess/CloseHandle as Windows answers them."""

    def __init__(self, processes: dict[int, int], denied: frozenset[int] = frozenset()) -> None:
        self.processes = processes
        self.denied = denied
        self.error = 0
        self.open_handles: set[int] = set()

    def OpenProcess(self, access, inherit, pid):
        assert access == 0x1000 and inherit is False
        if pid in self.denied:
            self.error = 5
            return 0
        if pid not in self.processes:
            self.error = 87  # ERROR_INVALID_PARAMETER: no such process
            return 0
        self.open_handles.add(pid + 10_000)
        return pid + 10_000

    def GetExitCodeProcess(self, handle, ref):
        ref._obj.value = self.processes[handle - 10_000]
        return 1

    def CloseHandle(self, handle):
        self.open_handles.remove(handle)
        return 1


@pytest.fixture
def kernel(monkeypatch):
    fake = FakeKernel32({100: oscompat.STILL_ACTIVE, 200: 0}, denied=frozenset({300}))
    monkeypatch.setattr(oscompat, "WINDOWS", True)
    monkeypatch.setattr(oscompat, "_kernel32", lambda: fake)
    monkeypatch.setattr(oscompat, "_last_error", lambda: fake.error)

    def refuse(*args):
        raise AssertionError("os.kill on Windows terminates the process")

    monkeypatch.setattr(os, "kill", refuse)
    return fake


def test_pid_alive_on_windows_asks_the_exit_code_and_never_kills(kernel):
    assert oscompat.pid_alive(100)
    assert not oscompat.pid_alive(200)  # exited, handle still around
    assert not oscompat.pid_alive(400)  # no such process
    assert oscompat.pid_alive(300)  # another user's: exists
    assert kernel.open_handles == set()


def test_running_board_on_windows_uses_the_same_check(tmp_path, kernel):
    db = tmp_path / "day.json"
    write(db, url=URL, pid=100, host=beacon._host())
    assert running_board(db) == URL
    write(db, url=URL, pid=200, host=beacon._host())
    assert running_board(db) is None


def test_the_fake_kernel_is_driven_with_a_real_ctypes_reference():
    code = ctypes.c_ulong(0)
    FakeKernel32({1: 7}).GetExitCodeProcess(10_001, ctypes.byref(code))
    assert code.value == 7
