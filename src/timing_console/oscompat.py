"""What differs between Windows, macOS and Linux, kept behind one small module.

The store is written for POSIX file semantics, but most laptops on the day run
Windows. Each function does the POSIX thing and falls back to what the platform
offers (or to nothing, where it has nothing), so no other module checks
`os.name` or reads `/proc`. Every file call goes through the `os` module at
call time, so the crash harness can patch it. Named `oscompat`, not `platform`,
so that it can never be mistaken for (or, run from its own folder, shadow) the
standard library's `platform`.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from pathlib import Path
from typing import Any, Final

WINDOWS: bool = os.name == "nt"
"""Windows: no folder fsync, no POSIX modes, renames refused while a file is open.

Read at call time, so tests patch it to walk the Windows paths on a Linux CI.
"""

LINUX: bool = sys.platform.startswith("linux")
"""Linux: the only system that names its boot (see `boot_id`)."""

O_BINARY: Final[int] = getattr(os, "O_BINARY", 0)
"""Add to `os.open` flags for a file of bytes.

Without it Windows opens the file in text mode and writes every b"\\n" as
b"\\r\\n", which would break every checksummed line. Zero elsewhere.
"""

BOOT_ID_FILE = Path("/proc/sys/kernel/random/boot_id")
"""Where Linux keeps a random id it draws afresh at every boot."""

SHARING_WAITS: Final[tuple[float, ...]] = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5)
"""Pauses (seconds) before retrying a rename Windows refused because the file is open.

A virus scanner, the search indexer or a reading command holds a file for a
moment; waiting under a second in all is enough and never hides a real fault.
"""


def fsync_dir(folder: Path) -> None:
    """Make a create, rename or delete in `folder` survive a power cut.

    Windows cannot open a folder as a file and has no folder fsync: there this
    does nothing, and the rename is as durable as NTFS's own metadata log.
    """
    if WINDOWS:
        return
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_file(path: Path) -> None:
    """Flush a file already written by name (e.g. a copy) to the disk.

    Opened for writing because Windows flushes only a handle with write access.
    """
    fd = os.open(path, os.O_RDWR | O_BINARY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def set_mode(fd: int, mode: int) -> None:
    """Give an open file the POSIX permission `mode`, where the platform has modes.

    Windows has none (its folder's ACLs decide who may read), so there this
    does nothing.
    """
    if WINDOWS or not hasattr(os, "fchmod"):
        return
    os.fchmod(fd, mode)


def set_path_mode(path: Path, mode: int) -> None:
    """Give a file or folder, by name, the POSIX permission `mode` where there are modes.

    On Windows `os.chmod` only sets or clears the read-only flag and never
    decides who may read (the folder's ACLs do), so there this does nothing.
    """
    if WINDOWS:
        return
    os.chmod(path, mode)


def replace(source: str | Path, target: str | Path) -> None:
    """Rename `source` over `target` atomically, as `os.replace` does.

    On Windows a rename fails with PermissionError while another process has
    either file open; that passes in moments, so it is retried a few times
    before the error is raised. POSIX renames never wait.
    """
    waits = SHARING_WAITS if WINDOWS else ()
    for wait in waits:
        try:
            os.replace(source, target)
        except PermissionError:
            time.sleep(wait)
        else:
            return
    os.replace(source, target)


def boot_id() -> str | None:
    """This boot's id, or None where the system names no boot (all but Linux).

    A stored monotonic start means something only within the boot that made it.
    """
    if not LINUX:
        return None
    try:
        text = BOOT_ID_FILE.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return text or None


STILL_ACTIVE: Final[int] = 259
"""What Windows' GetExitCodeProcess answers for a process that has not exited."""
_PROCESS_QUERY_LIMITED_INFORMATION: Final[int] = 0x1000
_ERROR_ACCESS_DENIED: Final[int] = 5


def pid_alive(pid: int) -> bool:
    """Whether a process with this id is running on this computer.

    POSIX asks with signal 0, which checks without delivering anything. On
    Windows `os.kill(pid, 0)` would *terminate* the process, so there the
    kernel is asked for the process's exit code instead.
    """
    if pid <= 0:
        return False
    if WINDOWS:
        return _pid_alive_windows(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, owned by someone else
    except OSError:
        return False
    return True


def _kernel32() -> Any:
    """Windows' kernel32 (a seam: tests hand in a fake to walk this path on Linux)."""
    import ctypes  # noqa: PLC0415 - only Windows comes here

    return ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]


def _last_error() -> int:
    """The Windows error of the last kernel32 call made through `_kernel32`."""
    import ctypes  # noqa: PLC0415 - only Windows comes here

    return int(ctypes.get_last_error())  # type: ignore[attr-defined]


def _pid_alive_windows(pid: int) -> bool:
    import ctypes  # noqa: PLC0415 - only Windows (or a test of it) comes here

    kernel32 = _kernel32()
    handle = kernel32.OpenProcess(_PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
    if not handle:
        return _last_error() == _ERROR_ACCESS_DENIED  # exists, but another user's
    try:
        code = ctypes.c_ulong(0)
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True  # it opened, so it exists; the exit code is only a refinement
        return code.value == STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


_BELOW_NORMAL_PRIORITY_CLASS: Final[int] = 0x4000
BOARD_NICENESS: Final[int] = 10
"""How far a background process steps back: the console's timing keys come first."""


def yield_cpu() -> bool:
    """Lower this process's CPU priority below the console's; whether it could.

    The board shares a two-core laptop with the console; when both want the
    CPU, a finish key must be stamped first and the web page can wait a few
    milliseconds. POSIX raises the niceness; Windows asks for the
    below-normal priority class. Linux also puts it in the idle class: a
    niced process may still finish its time slice (milliseconds) before a
    waking console thread runs, an idle-class one never makes it wait.
    Call it before starting threads: Linux sets these per thread, and new
    threads inherit them.
    """
    if WINDOWS:
        kernel32 = _kernel32()
        return bool(
            kernel32.SetPriorityClass(kernel32.GetCurrentProcess(), _BELOW_NORMAL_PRIORITY_CLASS)
        )
    try:
        os.nice(BOARD_NICENESS)
    except OSError:
        return False
    idle = getattr(os, "SCHED_IDLE", None)  # Linux: run only when the console does not
    if idle is not None:
        with contextlib.suppress(OSError):
            os.sched_setscheduler(0, idle, os.sched_param(0))
    step_back_session()
    return True


AUTOGROUP = Path("/proc/self/autogroup")
"""Linux's CPU share of this process's session (`sched_autogroup_enabled`)."""
AUTOGROUP_NICENESS: Final[int] = 19


def step_back_session() -> bool:
    """Linux: lower this session's share of the CPU too, if the board has it to itself.

    With autogroups (most Linux desktops), the scheduler first splits the CPU
    between sessions (terminal windows) as equals, and only then between the
    processes within one: the idle class and niceness above rank the board
    only against what shares its session. A board in a terminal of its own
    would still take half the laptop from the console's terminal whenever
    both want it (measured: +2.8 ms on the console's time-error p99). So the
    board also lowers its session's share, but only when nothing else than
    it and the session's shell runs there: a console started from the same
    shell would otherwise be lowered with it. Elsewhere: nothing to do.
    """
    if not LINUX or not AUTOGROUP.exists() or _others_in_session():
        return False
    try:
        AUTOGROUP.write_text(str(AUTOGROUP_NICENESS))
    except OSError:
        return False
    return True


def _others_in_session() -> bool:
    """Whether a process besides this one and its session's leader runs in its session."""
    session, me = os.getsid(0), os.getpid()
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) in (me, session):
            continue
        try:
            stat = Path("/proc", entry, "stat").read_text()
        except OSError:
            continue  # gone meanwhile
        fields = stat.rsplit(")", 1)[-1].split()
        if len(fields) > 3 and fields[3] == str(session):
            return True
    return False


def process_cpus() -> frozenset[int] | None:
    """The CPUs this process may run on, where the system lets it choose (Linux); else None."""
    getaffinity = getattr(os, "sched_getaffinity", None)
    if getaffinity is None:
        return None
    try:
        return frozenset(getaffinity(0))
    except OSError:
        return None


def confine_process(cpus: frozenset[int]) -> bool:
    """Run every thread of this process on `cpus` only (Linux); whether it could.

    Linux keeps the CPUs a thread may use per thread, and a new thread inherits
    its creator's: each thread already running is set by its id (`/proc/self/task`),
    and those started later follow. The CPUs it had before are remembered, for the
    processes it starts meanwhile (`free_child`); giving them all back forgets them.
    Elsewhere nothing is done.
    """
    global _unconfined, _confined_to  # noqa: PLW0603 - one process, one record of its CPUs
    setaffinity = getattr(os, "sched_setaffinity", None)
    if setaffinity is None or not TASKS.is_dir():
        return False
    if _unconfined is None:
        _unconfined = process_cpus()
    _confined_to = cpus
    done = False
    for entry in os.listdir(TASKS):
        with contextlib.suppress(OSError, ValueError):  # a thread may end meanwhile
            setaffinity(int(entry), cpus)
            done = True
    if cpus == _unconfined:
        _unconfined = None
    return done


def free_child(pid: int, only_free: bool = False) -> None:
    """Let a process this one started off the CPUs this one is confined to.

    A child inherits its creator's CPUs; a sound player or the push process has
    its own work and should not queue behind the console's threads: it gets every
    CPU this process had before. With `only_free` (the key reader) it gets just
    those this process keeps off, so the scheduler never places it beside the
    console's threads. Nothing to do when this process is not confined, or off Linux.
    """
    setaffinity = getattr(os, "sched_setaffinity", None)
    if setaffinity is None or _unconfined is None:
        return
    cpus = _unconfined - _confined_to if only_free else _unconfined
    with contextlib.suppress(OSError):  # it may have ended already
        setaffinity(pid, cpus or _unconfined)


_unconfined: frozenset[int] | None = None
"""The CPUs this process had before `confine_process` narrowed them (None: not confined)."""
_confined_to: frozenset[int] = frozenset()
"""The CPUs `confine_process` last narrowed this process to."""
TASKS = Path("/proc/self/task")
"""Linux: one folder per thread of this process, named by its id."""
