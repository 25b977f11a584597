"""Stock TinyDB's file, with its system calls made through the `os` module.

JSONStorage (kept stock) opens its file with the builtin `open`; swapping that
name for `OsTextFile` in `tinydb.storages` makes each of its lseek, read,
write, ftruncate and fsync calls visible to `faults.Injector`, so the same
crash points and power cuts hit stock TinyDB as hit our store.
"""

from __future__ import annotations

import os
from typing import Any


class OsTextFile:
    """What `open()` gives stock TinyDB, doing the same system calls through `os`.

    JSONStorage opens its file in text mode and calls seek, tell, read, write,
    flush, fileno, truncate and close. Python's buffered file turns those into
    lseek, read, write (in 8 KiB pieces), ftruncate and close; this does the
    same calls via the `os` module so `Injector` can fail or stop each one.
    JSONStorage itself is untouched.
    """

    CHUNK = 8192

    def __init__(self, path: Any, mode: str = "r", encoding: str | None = None, **_: Any) -> None:
        """Open like `open(path, mode)` for the modes JSONStorage and `touch` use."""
        flags = {
            "r": os.O_RDONLY,
            "rb": os.O_RDONLY,
            "r+": os.O_RDWR,
            "rb+": os.O_RDWR,
            "a": os.O_WRONLY | os.O_CREAT | os.O_APPEND,
        }[mode]
        self._encoding = encoding or "utf-8"
        self._fd = os.open(path, flags, 0o666)

    def __enter__(self) -> OsTextFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        return os.lseek(self._fd, offset, whence)

    def tell(self) -> int:
        return os.lseek(self._fd, 0, os.SEEK_CUR)

    def read(self, size: int = -1) -> str:
        parts = []
        while chunk := os.read(self._fd, 1 << 20):
            parts.append(chunk)
        return b"".join(parts).decode(self._encoding)

    def write(self, text: str) -> int:
        view = memoryview(text.encode(self._encoding))
        while view:
            view = view[os.write(self._fd, view[: self.CHUNK]) :]
        return len(text)

    def flush(self) -> None:
        """Nothing is buffered: every write above already reached the kernel."""

    def fileno(self) -> int:
        return self._fd

    def truncate(self, size: int | None = None) -> int:
        length = self.tell() if size is None else size
        os.ftruncate(self._fd, length)
        return length

    def close(self) -> None:
        if self._fd >= 0:
            fd, self._fd = self._fd, -1
            os.close(fd)
