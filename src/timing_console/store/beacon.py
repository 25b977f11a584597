"""`<day>.board`: how the console learns that a results board serves this day, and where.

The board writes its address and process id beside the day while it runs
and removes the file when it stops. A board that was killed cannot remove
it, so a reader trusts the file only while that process is still alive on
this computer. Plain files and no web imports: the console reads this about
once a second, next to the day it has open.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from timing_console.oscompat import pid_alive
from timing_console.store.files import atomic_write

MAX_BYTES = 4096
"""A beacon is one short line; a bigger file is not one of ours."""


def beacon_path(db: Path) -> Path:
    """`day.json` -> `day.json.board`, beside the day's other files."""
    return db.with_name(db.name + ".board")


@cache
def _host() -> str:
    return socket.gethostname()


def _record(url: str) -> bytes:
    record = {"url": url, "pid": os.getpid(), "host": _host()}
    return json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n"


def _read(path: Path) -> dict[str, Any] | None:
    try:
        with path.open("rb") as handle:
            data = json.loads(handle.read(MAX_BYTES))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


@contextlib.contextmanager
def announce(db: Path, url: str) -> Iterator[Path]:
    """Say a board serves `db` at `url` for as long as the `with` block runs.

    Written atomically, so a reader sees the whole record or none. On exit the
    file is removed only if it is still this process's: a second board on the
    same day may have announced itself since.
    """
    path = beacon_path(db)
    atomic_write(path, _record(url), mode=0o644)
    try:
        yield path
    finally:
        held = _read(path)
        if held is not None and held.get("pid") == os.getpid():
            with contextlib.suppress(OSError):
                path.unlink()


def shareable(url: str) -> bool:
    """Whether a phone on the network could open `url`: not this computer's own loopback
    (a board started without `--lan`, or on a laptop on no network)."""
    host = urlsplit(url).hostname or ""
    return host not in ("", "localhost", "::1", "0.0.0.0") and not host.startswith("127.")


def running_board(db: Path) -> str | None:
    """The address of the board serving `db`, or None if none runs.

    None when the file is missing, not a beacon, from another computer (its
    process cannot be checked from here) or left by a process that is gone.
    Costs one small read and one process check.
    """
    record = _read(beacon_path(db))
    if record is None:
        return None
    url, pid, host = record.get("url"), record.get("pid"), record.get("host")
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        return None
    if type(pid) is not int or host != _host():
        return None
    return url if pid_alive(pid) else None
