"""File-system steps the store relies on for durability, kept in one place.

Every call goes through the `os` module (`os.write`, `os.fsync`, `os.replace`)
so a crash harness can patch those functions and fail or stop at any step.
What differs between platforms (folder fsync, modes, Windows' refused renames)
lives in `timing_console.oscompat`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from timing_console.oscompat import fsync_dir, fsync_file, replace, set_mode

__all__ = [
    "TEMP_SUFFIX",
    "aside_path",
    "atomic_write",
    "copy_aside",
    "fsync_dir",
    "move_aside",
    "remove_stale_temps",
    "temp_prefix",
    "truncate_durably",
    "write_all",
]

TEMP_SUFFIX = ".tmp"
"""Suffix of half-written temporary files; any left by a crash are removed on open."""


def write_all(fd: int, data: bytes) -> None:
    """Write every byte: `os.write` may write less than asked (e.g. disk full)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def temp_prefix(path: Path) -> str:
    """Prefix of the temporary files written next to `path` before a rename."""
    return f".{path.name}."


def atomic_write(path: Path, data: bytes | Iterable[bytes], *, mode: int | None = None) -> None:
    """Replace `path` with `data` so a crash leaves the old or the new file, whole.

    `data` is the bytes, or byte chunks written in turn (so a large snapshot
    need not be joined first). Writes a temporary file in the same folder, fsyncs
    it, renames it over `path` and fsyncs the folder, so the rename itself is
    durable too. The file is private (0o600) unless `mode` says otherwise: an
    export for the laptop's other users passes 0o644 (ignored where the
    platform has no modes).
    """
    chunks = [data] if isinstance(data, bytes | bytearray) else data
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=temp_prefix(path), suffix=TEMP_SUFFIX)
    try:
        try:
            if mode is not None:
                set_mode(fd, mode)
            for chunk in chunks:
                write_all(fd, chunk)
            os.fsync(fd)
        finally:
            os.close(fd)
        replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    fsync_dir(path.parent)


def remove_stale_temps(path: Path) -> None:
    """Delete temporary files a crash left while replacing `path` (never the real ones)."""
    prefix = temp_prefix(path)
    for stale in path.parent.glob(f"{prefix}*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            stale.unlink()


def aside_path(path: Path) -> Path:
    """A free name to keep a damaged file as: `<name>.damaged-<UTC time>`."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    candidate = path.with_name(f"{path.name}.damaged-{stamp}")
    number = 1
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.damaged-{stamp}-{number}")
        number += 1
    return candidate


def move_aside(path: Path) -> Path:
    """Rename a damaged file out of the way (durably) and return its new name."""
    target = aside_path(path)
    replace(path, target)
    fsync_dir(path.parent)
    return target


def copy_aside(path: Path) -> Path:
    """Keep a durable copy of a damaged file before repairing it in place."""
    target = aside_path(path)
    shutil.copyfile(path, target)
    fsync_file(target)
    fsync_dir(path.parent)
    return target


def truncate_durably(path: Path, size: int) -> None:
    """Cut a file back to `size` bytes and make the cut survive a power cut."""
    fd = os.open(path, os.O_WRONLY)
    try:
        os.ftruncate(fd, size)
        os.fsync(fd)
    finally:
        os.close(fd)
