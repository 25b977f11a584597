"""Moving a finished or practice day aside, so another day can be loaded in its place.

The day's files (snapshot, journal, the other stations' records merged or
pushed into it, the desk's pairing code) are renamed next to where they were,
under a name that says which day they hold and when they were moved, while
the day's lock is held: no console can be writing to them meanwhile. Open an
archived day with `--db` on its `.json` file.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from timing_console import oscompat
from timing_console.store.errors import StoreError
from timing_console.store.lock import DayLock
from timing_console.store.recovery import DayPaths

_UNSAFE = re.compile(r'[\\/:*?"<>|\s\x00-\x1f]+')
"""Characters a file name cannot hold on Windows (and blanks, for a name easy to type)."""


BESIDE = (".stations", ".pairing")
"""What else belongs to a day, beside its file: moved with it, so nothing of a practice day
(another station's practice results) is left to mix into the next day."""


def _beside(day: Path, extra: str) -> Path:
    return day.with_name(day.name + extra)


def archive_name(day: Path, title: str, date: str, now: datetime) -> Path:
    """`day.json` -> `day-<date>-<title>-archived-<UTC>.json`, beside it."""
    label = _UNSAFE.sub("_", f"{date}-{title}").strip("_.")[:80]
    moved = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return day.with_name(f"{day.stem}-{label}-archived-{moved}{day.suffix}")


def archive_day(day: Path, title: str, date: str, now: datetime | None = None) -> Path:
    """Move the day's files aside (see the module doc); return the archived day file's path.

    Raises StoreLocked if a console has the day open, StoreError if a file
    cannot be moved (then nothing was moved, or the snapshot alone was moved
    and moved back).
    """
    paths = DayPaths.of(day)
    target = archive_name(day, title, date, now or datetime.now(UTC))
    moved = DayPaths.of(target)
    lock = DayLock.acquire(paths.lock, paths.day)
    try:
        pairs = [(paths.day, moved.day), (paths.journal, moved.journal)]
        pairs += [(_beside(day, extra), _beside(target, extra)) for extra in BESIDE]
        done: list[tuple[Path, Path]] = []
        try:
            for source, dest in pairs:
                if source.exists():
                    oscompat.replace(source, dest)
                    done.append((source, dest))
        except OSError as exc:
            for source, dest in reversed(done):
                oscompat.replace(dest, source)
            raise StoreError("err.cannot_archive", path=day, why=exc) from exc
        oscompat.fsync_dir(day.parent)
    finally:
        lock.release()
    return target
