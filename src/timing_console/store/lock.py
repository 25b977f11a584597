"""One writer per day: an OS lock on `<day>.lock`, held while the day is open.

The lock is filelock's native descriptor lock (`flock` on Linux and macOS,
`LockFileEx` on byte 0 on Windows). It belongs to the open file, so the system
drops it the moment the holder exits or is killed: a crash never leaves a
stale lock. We keep the descriptor ourselves (`lock_descriptor`) rather than a
`FileLock` object, whose per-thread holds and release on garbage collection
would tie the day's lock to one thread and to Python's collector.

The holder writes who it is (pid, host, program, since when) into the lock
file after byte 0, only so a refused writer can name it: a Windows lock is
mandatory, so byte 0 cannot be read by anyone else, but the bytes after it can.
The record is read only while the lock is held, so the one a closed or killed
holder leaves behind means nothing and stays. It is the same bytes for every
lock one process takes, so a command that opens a day and changes nothing
leaves every byte of the day's folder as it was.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
from datetime import datetime
from pathlib import Path

from filelock import lock_descriptor, unlock_descriptor

from timing_console.oscompat import O_BINARY
from timing_console.store.errors import StoreError, StoreLocked

RECORD_AT = 1
"""Offset of the holder record: byte 0 is the locked byte on Windows."""
RECORD_MAX = 4096
"""A holder record is a short line; anything longer is not one."""
STARTED = datetime.now().astimezone()
"""When this program loaded the store: the "since" of every lock it takes."""


def _clean(text: object, limit: int = 60) -> str:
    """One short line, safe inside a one-sentence message."""
    words = " ".join(str(text).split())
    return words.replace(". ", " ")[:limit].rstrip(". ")


def _program() -> str:
    """What is running: `timing-console`, `timing-console record`, ...."""
    argv = sys.argv or ["python"]
    first = Path(argv[0])
    name = first.parent.name if first.stem == "__main__" else first.stem
    command = argv[1] if len(argv) > 1 and argv[1].isalpha() else ""
    return " ".join(part for part in (name or "python", command) if part)


def holder_record() -> bytes:
    """This process as the lock file records it: byte 0, then one JSON line."""
    record = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "program": _program(),
        "since": STARTED.isoformat(timespec="seconds"),
    }
    return b"\n" + json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n"


def describe_holder(lock_path: Path) -> str:
    """Who the lock file names, e.g. `pid 4242 on LAPTOP-7, timing-console, since ...`."""
    try:
        with lock_path.open("rb") as handle:
            handle.seek(RECORD_AT)
            record = json.loads(handle.read(RECORD_MAX))
        pid = int(record["pid"])
    except (OSError, ValueError, TypeError, KeyError, IndexError):
        return "pid unknown"
    parts = [f"pid {pid}"]
    if host := _clean(record.get("host", "")):
        parts[0] += f" on {host}"
    if program := _clean(record.get("program", "")):
        parts.append(program)
    with contextlib.suppress(TypeError, ValueError):
        since = datetime.fromisoformat(str(record.get("since")))
        parts.append(f"since {since:%Y-%m-%d %H:%M}")
    return ", ".join(parts)


def _rewrite(fd: int, data: bytes) -> None:
    """Make the lock file hold exactly `data`; best effort, as the lock works without it."""
    with contextlib.suppress(OSError):
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, data)


class DayLock:
    """The exclusive write lock of one day, held until `release`."""

    def __init__(self, fd: int, path: Path) -> None:
        """Wrap a descriptor that already holds the lock."""
        self._fd = fd
        self.path = path

    @classmethod
    def acquire(cls, lock_path: Path, day_path: Path) -> DayLock:
        """Take the lock without waiting, or raise StoreLocked naming the holder."""
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | O_BINARY, 0o644)
        except OSError as exc:
            raise StoreError("err.cannot_create_lock", path=lock_path, why=exc) from exc
        try:
            locked = lock_descriptor(fd, blocking=False)
            if locked:
                _rewrite(fd, holder_record())
        except BaseException as exc:
            os.close(fd)  # closing drops the lock too, if it was taken
            if isinstance(exc, OSError):
                raise StoreError("err.cannot_lock_day", path=day_path, why=exc) from exc
            raise
        if not locked:
            os.close(fd)
            raise StoreLocked("err.day_in_use", path=day_path, holder=describe_holder(lock_path))
        return cls(fd, lock_path)

    def release(self) -> None:
        """Let another process open the day for writing."""
        if self._fd < 0:
            return
        fd, self._fd = self._fd, -1
        try:
            unlock_descriptor(fd)
        except OSError:
            pass  # closing the descriptor below drops the lock all the same
        finally:
            os.close(fd)
