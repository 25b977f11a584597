"""A bundle: every record a station holds, in one file carried to another (a USB stick).

The file is lines framed like the journal's: a header naming the format,
the day (its identity, title and date), the station that wrote it and every
station whose records it carries (each by its id, name and the station it
replaces); then one line per record, `{"station", "sid", "seq", "puts"}`, the
writer's own and those it merged from others (so a bundle may be carried on
from desk to desk); and an end line with the number of records and the
SHA-256 of every byte before it. A version 1 bundle (before stations had ids)
still reads: its stations' ids come from their names. A bundle is read whole
and checked whole before anything is merged: a damaged byte anywhere, a
missing end, or a bundle of another day is refused with one message naming
the file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from timing_console.stations.files import Held, StationRecord, frame, unframe
from timing_console.store.errors import StoreError
from timing_console.store.files import atomic_write
from timing_console.store.identity import Identity
from timing_console.words import Said

FORMAT = "timing-console bundle"
VERSION = 2
READS = (1, 2)
"""Bundle versions this release reads (1: stations named only, no ids)."""
MAX_BYTES = 512 * 1024 * 1024
"""Larger than any day; a file past it is not a bundle."""


@dataclass(frozen=True)
class Bundle:
    """A checked bundle: who wrote it, for which day, and the records it carries."""

    path: Path
    day: str
    """The day's identity (`day_identity`)."""
    title: str
    writer: Identity
    stations: dict[str, Held]
    """By station id: who the station is, and its records in increasing sequence."""
    digest: str = ""
    """The SHA-256 of the whole file (`digest`)."""


def write(path: Path, *, day: str, title: str, writer: Identity, held: dict[str, Held]) -> int:
    """Write a bundle atomically (mode 644: it is meant to be copied); the records written."""
    stations = [held[sid].station.doc() for sid in sorted(held)]
    head = frame(
        {
            "format": FORMAT,
            "version": VERSION,
            "day": day,
            "title": title,
            **writer.doc(),
            "stations": stations,
        }
    )
    lines = [head]
    count = 0
    for sid in sorted(held):
        for record in held[sid].records:
            lines.append(record.line())
            count += 1
    digest = hashlib.sha256(b"".join(lines)).hexdigest()
    lines.append(frame({"end": True, "records": count, "sha256": digest}))
    try:
        atomic_write(path, lines, mode=0o644)
    except OSError as exc:
        raise StoreError("err.cannot_write_bundle", path=path, why=exc) from exc
    return count


def _refuse(path: Path, key: str, **params: Any) -> StoreError:
    return StoreError("err.not_merged", path=path, why=Said(key, params))


def raw(path: Path) -> bytes:
    """A bundle's bytes, or StoreError naming the file."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _refuse(path, "err.bundle_too_large", size=f"{size:,}")
        return path.read_bytes()
    except OSError as exc:
        raise _refuse(path, "err.bundle_unreadable", why=exc.strerror or exc) from exc


def digest(data: bytes) -> str:
    """What identifies a bundle's exact bytes (a desk remembers the bundles it merged)."""
    return hashlib.sha256(data).hexdigest()


def read(path: Path, data: bytes | None = None) -> Bundle:
    """Read and check a whole bundle, or raise StoreError naming the file and the fault."""
    data = raw(path) if data is None else data
    lines = data.split(b"\n")
    if lines[-1] != b"":
        raise _refuse(path, "err.bundle_cut_last_line")
    lines.pop()
    if len(lines) < 2:
        raise _refuse(path, "err.bundle_too_short")
    docs = []
    for number, line in enumerate(lines, start=1):
        doc = unframe(line)
        if doc is None:
            raise _refuse(path, "err.bundle_line_damaged", line=number)
        docs.append(doc)
    head, end = docs[0], docs[-1]
    if head.get("format") != FORMAT:
        raise _refuse(path, "err.not_a_bundle")
    if head.get("version") not in READS:
        raise _refuse(path, "err.bundle_version", version=head.get("version"), reads=VERSION)
    if end.get("end") is not True:
        raise _refuse(path, "err.bundle_cut_end")
    body = b"".join(line + b"\n" for line in lines[:-1])
    if end.get("sha256") != hashlib.sha256(body).hexdigest() or end.get("records") != len(docs) - 2:
        raise _refuse(path, "err.bundle_mismatch")
    day, title, station = head.get("day"), head.get("title"), head.get("station")
    if not (isinstance(day, str) and isinstance(title, str) and isinstance(station, str)):
        raise _refuse(path, "err.bundle_header")
    named = head.get("stations", [])
    if not isinstance(named, list) or not all(isinstance(n, dict) for n in named):
        raise _refuse(path, "err.bundle_header")
    known = {i.sid: i for i in (Identity.of(n, "") for n in named) if i.name}
    held: dict[str, Held] = {}
    for number, doc in enumerate(docs[1:-1], start=2):
        record = StationRecord.of(doc)
        if record is None:
            raise _refuse(path, "err.bundle_not_record", line=number)
        identity = known.get(record.sid) or Identity(record.sid, record.station)
        found = held.setdefault(record.sid, Held(identity, []))
        if found.records and record.seq <= found.records[-1].seq:
            raise _refuse(path, "err.bundle_out_of_order", line=number, station=record.station)
        found.records.append(record)
    return Bundle(path, day, title, Identity.of(head, station), held, digest(data))
