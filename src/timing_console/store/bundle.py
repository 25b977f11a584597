"""A bundle: every record a station holds, in one file carried to another (a USB stick).

The file is lines framed like the journal's: a header naming the format,
the day (its identity, title and date) and the station that wrote it; then
one line per record, `{"station", "seq", "puts"}`, the writer's own and those
it merged from others (so a bundle may be carried on from desk to desk); and
an end line with the number of records and the SHA-256 of every byte before
it. A bundle is read whole and checked whole before anything is merged: a
damaged byte anywhere, a missing end, or a bundle of another day is refused
with one message naming the file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from timing_console.store.errors import StoreError
from timing_console.store.files import atomic_write
from timing_console.store.stations import StationRecord, frame, unframe

FORMAT = "timing-console bundle"
VERSION = 1
MAX_BYTES = 512 * 1024 * 1024
"""Larger than any day; a file past it is not a bundle."""


@dataclass(frozen=True)
class Bundle:
    """A checked bundle: who wrote it, for which day, and the records it carries."""

    path: Path
    day: str
    """The day's identity (`day_identity`)."""
    title: str
    station: str
    records: dict[str, list[StationRecord]]
    """By station, in increasing sequence."""
    digest: str = ""
    """The SHA-256 of the whole file (`digest`)."""


def write(
    path: Path, *, day: str, title: str, station: str, records: dict[str, list[StationRecord]]
) -> int:
    """Write a bundle atomically (mode 644: it is meant to be copied); the records written."""
    head = frame(
        {"format": FORMAT, "version": VERSION, "day": day, "title": title, "station": station}
    )
    lines = [head]
    count = 0
    for name in sorted(records):
        for record in records[name]:
            lines.append(record.line())
            count += 1
    digest = hashlib.sha256(b"".join(lines)).hexdigest()
    lines.append(frame({"end": True, "records": count, "sha256": digest}))
    try:
        atomic_write(path, lines, mode=0o644)
    except OSError as exc:
        raise StoreError(f"Could not write the bundle {path}: {exc}.") from exc
    return count


def _refuse(path: Path, why: str) -> StoreError:
    return StoreError(f"{path} was not merged: {why}; nothing was changed.")


def raw(path: Path) -> bytes:
    """A bundle's bytes, or StoreError naming the file."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _refuse(path, f"it is {size:,} bytes, too large to be a bundle")
        return path.read_bytes()
    except OSError as exc:
        raise _refuse(path, f"it cannot be read ({exc.strerror or exc})") from exc


def digest(data: bytes) -> str:
    """What identifies a bundle's exact bytes (a desk remembers the bundles it merged)."""
    return hashlib.sha256(data).hexdigest()


def read(path: Path, data: bytes | None = None) -> Bundle:
    """Read and check a whole bundle, or raise StoreError naming the file and the fault."""
    data = raw(path) if data is None else data
    lines = data.split(b"\n")
    if lines[-1] != b"":
        raise _refuse(path, "it is cut off (its last line is incomplete)")
    lines.pop()
    if len(lines) < 2:
        raise _refuse(path, "it is not a timing-console bundle (too short)")
    docs = []
    for number, line in enumerate(lines, start=1):
        doc = unframe(line)
        if doc is None:
            raise _refuse(path, f"line {number} is damaged (its checksum does not match)")
        docs.append(doc)
    head, end = docs[0], docs[-1]
    if head.get("format") != FORMAT:
        raise _refuse(path, "it is not a timing-console bundle")
    if head.get("version") != VERSION:
        raise _refuse(
            path, f"it is bundle version {head.get('version')}, this program reads {VERSION}"
        )
    if end.get("end") is not True:
        raise _refuse(path, "it is cut off (its end line is missing)")
    body = b"".join(line + b"\n" for line in lines[:-1])
    if end.get("sha256") != hashlib.sha256(body).hexdigest() or end.get("records") != len(docs) - 2:
        raise _refuse(path, "its contents do not match its end line (damaged or cut)")
    records: dict[str, list[StationRecord]] = {}
    for number, doc in enumerate(docs[1:-1], start=2):
        record = StationRecord.of(doc)
        if record is None:
            raise _refuse(path, f"line {number} is not a record")
        held = records.setdefault(record.station, [])
        if held and record.seq <= held[-1].seq:
            raise _refuse(
                path, f"line {number}: station {record.station}'s records are out of order"
            )
        held.append(record)
    day, title, station = head.get("day"), head.get("title"), head.get("station")
    if not (isinstance(day, str) and isinstance(title, str) and isinstance(station, str)):
        raise _refuse(path, "its header is incomplete")
    return Bundle(path, day, title, station, records, digest(data))
