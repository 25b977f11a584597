"""One writer per day: an exclusive `flock` on `<day>.lock`, held while the day is open.

`flock` belongs to the open file, so the kernel drops it the moment the
holder exits or is killed: a crash never leaves a stale lock behind. The
holder writes its pid into the file only so a refused writer can name it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path

from timing_console.store.errors import StoreError, StoreLocked


def _holder(fd: int) -> str:
    with contextlib.suppress(OSError, ValueError):
        pid = int(os.pread(fd, 32, 0).decode("ascii").strip())
        return f"pid {pid}"
    return "pid unknown"


class DayLock:
    """The exclusive write lock of one day, held until `release`."""

    def __init__(self, fd: int, path: Path) -> None:
        """Wrap a descriptor that already holds the lock."""
        self._fd = fd
        self.path = path

    @classmethod
    def acquire(cls, lock_path: Path, day_path: Path) -> DayLock:
        """Take the lock without waiting, or raise StoreLocked naming the holder."""
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
        try:
            fd = os.open(lock_path, flags, 0o644)
        except OSError as exc:
            raise StoreError(f"Cannot create the lock file {lock_path}: {exc}.") from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            os.close(fd)
            raise StoreLocked(
                f"The day {day_path} is open in another timing-console ({holder}); "
                "close it there first, or open this day read-only."
            ) from None
        except OSError as exc:
            os.close(fd)
            raise StoreError(f"Cannot lock the day {day_path}: {exc}.") from exc
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        return cls(fd, lock_path)

    def release(self) -> None:
        """Let another process open the day for writing."""
        if self._fd >= 0:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = -1
