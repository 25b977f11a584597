"""Opening a day: load the snapshot, replay the journal, and repair what a crash left.

The journal is the truth; the snapshot only saves replaying all of it. Every
repair is reported as one plain sentence naming the file, and nothing damaged
is ever thrown away: it is moved or copied aside as `<name>.damaged-<UTC>`.
A read-only open repairs in memory only and leaves every file as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from timing_console.store import journal, snapshot
from timing_console.store.errors import StoreError
from timing_console.store.files import atomic_write, copy_aside, move_aside, truncate_durably
from timing_console.store.journal import Scan
from timing_console.store.snapshot import Cover, SnapshotDamaged
from timing_console.store.state import LARGE_DAY_BYTES, DayState, loading_gc

EMPTY = Cover(seq=0, offset=0, last_start=0, last_crc="")
"""Where an empty journal ends."""

LONG_TAIL = 1000
"""Replaying more journal lines than this on open is worth a fresh snapshot."""

_READ_ONLY = "the file was left as it is (opened read-only)"


@dataclass(frozen=True)
class DayPaths:
    """The files of one day, all next to each other."""

    day: Path
    journal: Path
    lock: Path

    @classmethod
    def of(cls, day: Path) -> DayPaths:
        """`day.json` -> `day.json`, `day.json.journal`, `day.json.lock`."""
        return cls(
            day=day,
            journal=day.with_name(day.name + ".journal"),
            lock=day.with_name(day.name + ".lock"),
        )


@dataclass
class Opened:
    """A day as loaded, and what opening it had to do."""

    state: DayState
    cover: Cover
    """Where the journal ends now: where the next append goes."""
    notices: list[str] = field(default_factory=list)
    snapshot_due: bool = False
    """Recovery changed files, or replayed a long tail: write a snapshot now."""
    snapshot_seq: int = -1
    """Sequence number the snapshot on disk holds (-1: none that can be used)."""


def _entries(count: int) -> str:
    return f"{count} entr{'y' if count == 1 else 'ies'}"


def _cover_after(scan: Scan, before: Cover) -> Cover:
    if not scan.records:
        return before
    last = scan.records[-1]
    return Cover(seq=last.seq, offset=last.end, last_start=last.start, last_crc=last.crc)


def _replay(paths: DayPaths, state: DayState, start: Cover) -> tuple[Scan, bytes]:
    data = journal.read_from(paths.journal, start.offset)
    found = journal.scan(data, start.offset, state.seq)
    for record in found.records:
        state.apply(record.seq, record.puts)
    return found, data


def _rewrite_intact(paths: DayPaths, found: Scan, data: bytes, start: Cover) -> Cover:
    """Rewrite the journal with its intact lines only; return where it now ends."""
    prefix = journal.read_range(paths.journal, 0, found.base)
    lines = [data[r.start - found.base : r.end - found.base] for r in found.records]
    atomic_write(paths.journal, [prefix, *lines])
    if not lines:
        return start
    end = found.base + sum(len(line) for line in lines)
    last = found.records[-1]
    return Cover(seq=last.seq, offset=end, last_start=end - len(lines[-1]), last_crc=last.crc)


def _repair(
    paths: DayPaths, found: Scan, data: bytes, start: Cover, *, readonly: bool, notices: list[str]
) -> Cover:
    """Make the journal hold exactly its intact lines; say what was done."""
    name = paths.journal
    cover = _cover_after(found, start)
    if found.bad_middle:
        bad = found.bad_middle + found.bad_tail
        if readonly:
            notices.append(
                f"The journal {name} has {_entries(bad)} damaged among intact ones; "
                f"every intact entry was read and {_READ_ONLY}."
            )
            return cover
        aside = copy_aside(name)
        cover = _rewrite_intact(paths, found, data, start)
        notices.append(
            f"The journal {name} had {_entries(bad)} damaged among intact ones; a copy was "
            f"kept as {aside.name} and every intact entry ({len(found.records)}) was recovered."
        )
    elif found.bad_tail:
        if readonly:
            notices.append(
                f"The journal {name} ends in {_entries(found.bad_tail)} failing the checksum, "
                f"which were ignored; {_READ_ONLY}."
            )
            return cover
        aside = copy_aside(name)
        truncate_durably(name, cover.offset)
        notices.append(
            f"The journal {name} ended in {_entries(found.bad_tail)} failing the checksum, as "
            f"a write cut off by a crash leaves them; they were dropped and a copy was kept "
            f"as {aside.name}."
        )
    elif found.torn:
        if readonly:
            notices.append(
                f"The last entry of the journal {name} is incomplete (cut off, or still being "
                f"written by another console) and was ignored; {_READ_ONLY}."
            )
            return cover
        truncate_durably(name, cover.offset)
        notices.append(
            f"The last entry of the journal {name} was cut off by a crash before it was saved "
            "(so it had never been confirmed) and was dropped."
        )
    return cover


def _covers(path: Path, cover: Cover) -> bool:
    """Whether the journal at `path` is the one the snapshot was taken from."""
    if cover.offset == 0:
        return cover.seq == 0 and not cover.last_crc
    line = journal.read_range(path, cover.last_start, cover.offset)
    if len(line) != cover.offset - cover.last_start or not line.endswith(b"\n"):
        return False
    record = journal.decode_line(line[:-1], cover.last_start)
    return record is not None and record.seq == cover.seq and record.crc == cover.last_crc


def _rebuild_journal(paths: DayPaths, state: DayState) -> Cover:
    """Write a journal holding the whole snapshot as one entry, so it is complete again."""
    puts = state.puts()
    if not puts:
        state.seq = 0
        atomic_write(paths.journal, [])
        return EMPTY
    state.seq = max(state.seq, 1)
    line = journal.encode_line(journal.encode_payload(state.seq, puts))
    atomic_write(paths.journal, [line])
    return Cover(seq=state.seq, offset=len(line), last_start=0, last_crc=line[:8].decode())


def _from_journal(paths: DayPaths, readonly: bool, notices: list[str]) -> tuple[Opened, Scan]:
    state = DayState()
    found, data = _replay(paths, state, EMPTY)
    cover = _repair(paths, found, data, EMPTY, readonly=readonly, notices=notices)
    return Opened(state, cover, notices), found


def _damaged_snapshot(paths: DayPaths, reason: str, readonly: bool) -> Opened:
    day = paths.day
    kept = "it was left in place (opened read-only)"
    if not readonly:
        kept = f"it was kept as {move_aside(day).name}"
    if not paths.journal.exists():
        raise StoreError(
            f"The day file {day} is damaged ({reason}) and there is no journal to rebuild "
            f"it from; {kept}."
        )
    opened, found = _from_journal(paths, readonly, [])
    if not found.records:
        raise StoreError(
            f"The day file {day} is damaged ({reason}) and its journal holds no saved "
            f"entry to rebuild it from; {kept}."
        )
    opened.notices.insert(
        0,
        f"The day file {day} was damaged ({reason}); {kept} and the day was rebuilt from "
        f"its journal ({_entries(len(found.records))}).",
    )
    opened.snapshot_due = True
    return opened


def _snapshot_and_journal(paths: DayPaths, cover: Cover, state: DayState, readonly: bool) -> Opened:
    notices: list[str] = []
    if _covers(paths.journal, cover):
        found, data = _replay(paths, state, cover)
        end = _repair(paths, found, data, cover, readonly=readonly, notices=notices)
        due = bool(notices) or len(found.records) > LONG_TAIL
        return Opened(state, end, notices, snapshot_due=due, snapshot_seq=cover.seq)
    opened, _found = _from_journal(paths, readonly, notices)
    if opened.state.seq >= state.seq:
        notices.insert(
            0,
            f"The day file {paths.day} did not match its journal {paths.journal}; "
            "the day was rebuilt from the journal.",
        )
        opened.snapshot_due = True
        return opened
    behind = (
        f"The journal {paths.journal} holds saves up to #{opened.state.seq} only, but the "
        f"day file {paths.day} holds up to #{state.seq}"
    )
    if readonly:
        return Opened(state, cover, [f"{behind}; the day file was used and {_READ_ONLY}."])
    aside = copy_aside(paths.journal)
    end = _rebuild_journal(paths, state)
    message = f"{behind}; the journal was kept as {aside.name} and rebuilt from the day file."
    return Opened(state, end, [message], snapshot_due=True)


def load(paths: DayPaths, readonly: bool) -> Opened:
    """Load the day at `paths`, recovering from whatever a crash or a bad copy left.

    Raises StoreError only when no intact copy of the day exists at all; a
    damaged snapshot never opens as an empty day.
    """
    sizes = (p.stat().st_size for p in (paths.day, paths.journal) if p.exists())
    with loading_gc(sum(sizes) >= LARGE_DAY_BYTES):
        return _load(paths, readonly)


def _load(paths: DayPaths, readonly: bool) -> Opened:
    try:
        loaded = snapshot.read(paths.day)
    except SnapshotDamaged as damaged:
        return _damaged_snapshot(paths, str(damaged), readonly)
    has_journal = paths.journal.exists()
    if loaded is None:
        if not has_journal:
            return Opened(DayState(), EMPTY, snapshot_seq=0)
        opened, found = _from_journal(paths, readonly, [])
        opened.snapshot_due = bool(opened.notices) or len(found.records) > LONG_TAIL
        return opened
    cover, state = loaded
    if has_journal:
        return _snapshot_and_journal(paths, cover, state, readonly)
    if readonly:
        message = (
            f"The journal {paths.journal} is missing; the day was read from the day file "
            f"{paths.day} alone and {_READ_ONLY}."
        )
        return Opened(state, cover, [message])
    end = _rebuild_journal(paths, state)
    message = (
        f"The journal {paths.journal} was missing; it was rebuilt from the day file {paths.day}."
    )
    return Opened(state, end, [message], snapshot_due=True)
