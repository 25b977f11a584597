"""The platform module on every platform: CI is Linux, so Windows is walked with its flag patched.

Also the store's one atomic write and the export that uses it, on both paths.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from timing_console import oscompat
from timing_console.dayio import export
from timing_console.store import files
from timing_console.store.errors import StoreLocked
from timing_console.store.lock import DayLock

posix_only = pytest.mark.skipif(os.name == "nt", reason="POSIX modes and folder fsync")


@pytest.fixture
def windows(monkeypatch):
    """Take the Windows branches, without their waits (the calls underneath stay real)."""
    monkeypatch.setattr(oscompat, "WINDOWS", True)
    monkeypatch.setattr(oscompat, "LINUX", False)
    monkeypatch.setattr(oscompat, "SHARING_WAITS", (0.0,) * len(oscompat.SHARING_WAITS))


@pytest.fixture
def calls(monkeypatch):
    """Every os.open / os.fsync / os.replace the code makes, by name."""
    seen: list[tuple[str, object]] = []
    for name in ("open", "fsync", "replace"):
        real = getattr(os, name)

        def spy(*args, _real=real, _name=name, **kwargs):
            seen.append((_name, args[0]))
            return _real(*args, **kwargs)

        monkeypatch.setattr(os, name, spy)
    return seen


# ----- fsync_dir ---------------------------------------------------------------


@posix_only
def test_fsync_dir_on_posix_opens_and_fsyncs_the_folder(tmp_path, calls):
    oscompat.fsync_dir(tmp_path)
    assert ("open", tmp_path) in calls and [c for c in calls if c[0] == "fsync"]


def test_fsync_dir_on_windows_does_nothing_and_never_raises(tmp_path, windows, calls):
    oscompat.fsync_dir(tmp_path)
    oscompat.fsync_dir(tmp_path / "no such folder")
    assert calls == []


def test_files_uses_the_platform_fsync_dir():
    assert files.fsync_dir is oscompat.fsync_dir


# ----- boot_id -----------------------------------------------------------------


@pytest.mark.skipif(not Path("/proc/sys/kernel/random/boot_id").exists(), reason="Linux only")
def test_boot_id_on_linux_is_this_boots_id():
    assert oscompat.boot_id() == Path("/proc/sys/kernel/random/boot_id").read_text().strip()


def test_boot_id_without_proc_is_none(monkeypatch, tmp_path):
    monkeypatch.setattr(oscompat, "LINUX", True)
    monkeypatch.setattr(oscompat, "BOOT_ID_FILE", tmp_path / "missing")
    assert oscompat.boot_id() is None
    (tmp_path / "missing").write_bytes(b"  \n")
    assert oscompat.boot_id() is None


def test_boot_id_elsewhere_is_none_without_reading_anything(monkeypatch, windows):
    monkeypatch.setattr(oscompat, "BOOT_ID_FILE", None)  # reading it would raise
    assert oscompat.boot_id() is None


# ----- replace: Windows refuses a rename while a file is open ------------------


def _refusing(monkeypatch, times: int) -> list[int]:
    real = os.replace
    tries: list[int] = []

    def replace(src, dst):
        tries.append(1)
        if len(tries) <= times:
            raise PermissionError(errno.EACCES, "used by another process")
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    return tries


def test_replace_on_windows_waits_out_a_file_held_open(tmp_path, monkeypatch, windows):
    (tmp_path / "new").write_bytes(b"new")
    (tmp_path / "old").write_bytes(b"old")
    tries = _refusing(monkeypatch, 2)
    oscompat.replace(tmp_path / "new", tmp_path / "old")
    assert len(tries) == 3 and (tmp_path / "old").read_bytes() == b"new"


def test_replace_on_windows_gives_up_and_raises(tmp_path, monkeypatch, windows):
    tries = _refusing(monkeypatch, 100)
    with pytest.raises(PermissionError):
        oscompat.replace(tmp_path / "new", tmp_path / "old")
    assert len(tries) == len(oscompat.SHARING_WAITS) + 1


def test_replace_on_posix_never_waits(tmp_path, monkeypatch):
    monkeypatch.setattr(oscompat, "WINDOWS", False)
    tries = _refusing(monkeypatch, 1)
    with pytest.raises(PermissionError):
        oscompat.replace(tmp_path / "new", tmp_path / "old")
    assert len(tries) == 1


# ----- modes, binary files, flushing a copy ------------------------------------


@posix_only
def test_set_mode_sets_posix_modes(tmp_path):
    path = tmp_path / "f"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        oscompat.set_mode(fd, 0o644)
    finally:
        os.close(fd)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_set_mode_on_windows_does_nothing(tmp_path, windows, monkeypatch):
    changed: list[tuple[int, int]] = []
    monkeypatch.setattr(os, "fchmod", lambda fd, mode: changed.append((fd, mode)), raising=False)
    oscompat.set_mode(0, 0o644)
    assert changed == []


def test_o_binary_is_windows_own_flag_or_nothing():
    assert getattr(os, "O_BINARY", 0) == oscompat.O_BINARY


def test_fsync_file_flushes_through_a_writable_handle(tmp_path, monkeypatch):
    """Windows flushes only a handle with write access, so a read-only open would fail there."""
    path = tmp_path / "copy"
    path.write_bytes(b"kept")
    opened: list[int] = []
    real_open = os.open

    def open_(p, flags, *rest, **kw):
        opened.append(flags)
        return real_open(p, flags, *rest, **kw)

    monkeypatch.setattr(os, "open", open_)
    oscompat.fsync_file(path)
    assert opened and opened[0] & os.O_RDWR
    assert path.read_bytes() == b"kept"


# ----- the one atomic write ----------------------------------------------------


def test_atomic_write_takes_bytes_or_chunks(tmp_path):
    path = tmp_path / "f"
    files.atomic_write(path, b"whole")
    assert path.read_bytes() == b"whole"
    files.atomic_write(path, (c for c in [b"in ", b"chunks"]))
    assert path.read_bytes() == b"in chunks"
    files.atomic_write(path, [])
    assert path.read_bytes() == b""
    assert [p.name for p in tmp_path.iterdir()] == ["f"]


@posix_only
def test_atomic_write_keeps_the_days_files_private_and_exports_readable(tmp_path):
    files.atomic_write(tmp_path / "day", b"x")
    files.atomic_write(tmp_path / "list.csv", b"x", mode=0o644)
    assert stat.S_IMODE((tmp_path / "day").stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "list.csv").stat().st_mode) == 0o644


@posix_only
def test_atomic_write_fsyncs_the_folder_after_the_rename(tmp_path, calls):
    files.atomic_write(tmp_path / "f", b"x")
    names = [name for name, _ in calls]
    assert names[-3:] == ["replace", "open", "fsync"] and calls[-2] == ("open", tmp_path)


def test_atomic_write_on_windows_skips_the_folder_and_waits_out_a_held_file(
    tmp_path, monkeypatch, windows
):
    path = tmp_path / "f"
    path.write_bytes(b"old")
    tries = _refusing(monkeypatch, 1)
    opened: list[object] = []
    real_open = os.open

    def open_(p, *args, **kwargs):
        opened.append(p)
        return real_open(p, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_)
    files.atomic_write(path, b"new", mode=0o644)
    assert path.read_bytes() == b"new" and len(tries) == 2
    assert tmp_path not in opened  # no folder fsync


def test_atomic_write_that_fails_leaves_the_old_file_and_no_temp(tmp_path, monkeypatch):
    path = tmp_path / "f"
    path.write_bytes(b"old")

    def chunks():
        yield b"half"
        raise OSError(errno.ENOSPC, "disk full")

    with pytest.raises(OSError, match="disk full"):
        files.atomic_write(path, chunks())
    assert [p.name for p in tmp_path.iterdir()] == ["f"] and path.read_bytes() == b"old"


# ----- export uses it ----------------------------------------------------------


def test_export_has_no_atomic_write_of_its_own():
    assert not hasattr(export, "write_atomic")


@posix_only
def test_exported_lists_are_readable_by_the_laptops_other_users(tmp_path):
    written = export.export_day(tmp_path / "out", [], [], [], [])
    assert written and all(stat.S_IMODE(p.stat().st_mode) == 0o644 for p in written)
    assert written[0].read_bytes().startswith(b"\xef\xbb\xbf")


# ----- the day lock with the Windows branches ------------------------------------


def test_the_lock_works_and_names_its_holder_on_the_windows_path(tmp_path, windows):
    day, lock_file = tmp_path / "day.json", tmp_path / "day.json.lock"
    held = DayLock.acquire(lock_file, day)
    try:
        with pytest.raises(StoreLocked, match=rf"pid {os.getpid()} on "):
            DayLock.acquire(lock_file, day)
    finally:
        held.release()
    DayLock.acquire(lock_file, day).release()


def test_the_board_steps_back_for_the_console_on_posix():
    """In a child process (the test run keeps its own priority): niceness goes up by 10."""
    import subprocess
    import sys

    if os.name == "nt":
        pytest.skip("POSIX niceness")
    script = (
        "import os; from timing_console import oscompat; before = os.nice(0); "
        "assert oscompat.yield_cpu(); print(os.nice(0) - before)"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert int(out.stdout) == min(oscompat.BOARD_NICENESS, 19 - os.nice(0))


def test_on_linux_the_board_runs_in_the_idle_class():
    """An idle-class process never holds a CPU a waking console thread wants."""
    import subprocess
    import sys

    if not hasattr(os, "SCHED_IDLE"):
        pytest.skip("Linux scheduling classes")
    script = (
        "import os; from timing_console import oscompat; assert oscompat.yield_cpu(); "
        "print(os.sched_getscheduler(0) == os.SCHED_IDLE)"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


def test_without_an_idle_class_the_board_is_only_niced(monkeypatch):
    """macOS and the BSDs have no SCHED_IDLE: niceness alone, and no call that does not exist."""
    niced: list[int] = []
    monkeypatch.setattr(oscompat, "WINDOWS", False)
    monkeypatch.delattr(os, "SCHED_IDLE", raising=False)
    monkeypatch.setattr(os, "nice", niced.append)
    monkeypatch.setattr(
        os, "sched_setscheduler", lambda *a: pytest.fail("no idle class here"), raising=False
    )
    assert oscompat.yield_cpu()
    assert niced == [oscompat.BOARD_NICENESS]


def test_the_board_asks_windows_for_below_normal_priority(monkeypatch):
    calls = []

    class Kernel32:
        def GetCurrentProcess(self):
            return -1  # Windows' pseudo-handle for this process

        def SetPriorityClass(self, handle, priority):
            calls.append((handle, priority))
            return 1

    monkeypatch.setattr(oscompat, "WINDOWS", True)
    monkeypatch.setattr(oscompat, "_kernel32", Kernel32)
    monkeypatch.setattr(os, "nice", lambda n: pytest.fail("no os.nice on Windows"))
    assert oscompat.yield_cpu()
    assert calls == [(-1, 0x4000)]  # BELOW_NORMAL_PRIORITY_CLASS


@pytest.fixture
def autogroup(monkeypatch, tmp_path):
    """A Linux session's autogroup file, at nice 0, in place of `/proc/self/autogroup`."""
    group = tmp_path / "autogroup"
    group.write_text("/autogroup-1 nice 0\n")
    monkeypatch.setattr(oscompat, "LINUX", True)
    monkeypatch.setattr(oscompat, "AUTOGROUP", group)
    return group


def test_a_board_alone_in_its_session_lowers_the_sessions_share(monkeypatch, autogroup):
    """Linux autogroups split the CPU between sessions first: the board steps its own back."""
    monkeypatch.setattr(oscompat, "_others_in_session", lambda: False)
    assert oscompat.step_back_session()
    assert autogroup.read_text() == str(oscompat.AUTOGROUP_NICENESS)


def test_a_board_sharing_its_session_leaves_the_sessions_share_alone(monkeypatch, autogroup):
    """A console started from the same shell would be lowered with it: so nothing is done."""
    monkeypatch.setattr(oscompat, "_others_in_session", lambda: True)
    assert not oscompat.step_back_session()
    assert autogroup.read_text() == "/autogroup-1 nice 0\n"


def test_elsewhere_there_is_no_session_share_to_lower(monkeypatch, tmp_path):
    monkeypatch.setattr(oscompat, "LINUX", False)
    monkeypatch.setattr(oscompat, "AUTOGROUP", tmp_path / "missing")
    assert not oscompat.step_back_session()


def test_others_in_the_session_are_found_from_proc():
    """A process leading a session of its own is alone there; one run by pytest is not."""
    import subprocess
    import sys

    if not oscompat.LINUX:
        pytest.skip("Linux /proc")
    script = "from timing_console import oscompat; print(oscompat._others_in_session())"
    alone = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        start_new_session=True,
    )
    beside = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert (alone.stdout.strip(), beside.stdout.strip()) == ("False", "True")
