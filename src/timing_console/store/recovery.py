"""Opening a day: load the snapshot, replay the journal, and repair what a crash left.

The journal is the truth; the snapshot only saves replaying all of it. Every
repair is reported as one plain sentence naming the file, and nothing damaged
is ever thrown away: it is moved or copied aside as `<name>.damaged-<UTC>`.
A read-only open repairs in memory only and leaves every file as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from timing_console.gcpolicy import LARGE_DAY_BYTES, loading
from timing_console.store import journal, snapshot
from timing_console.store.codec import Codec
from timing_console.store.errors import StoreError
from timing_console.store.files import atomic_write, copy_aside, move_aside, truncate_durably
from timing_console.store.journal import Scan
from timing_console.store.snapshot import Cover, SnapshotDamaged
from timing_console.store.state import DayState
from timing_console.words import Said

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


def _were(count: int) -> str:
    return "was" if count == 1 else "were"


def _they(count: int) -> str:
    return "it was" if count == 1 else "they were"


def _cover_after(scan: Scan, before: Cover) -> Cover:
    if not scan.records:
        return before
    last = scan.records[-1]
    return Cover(seq=last.seq, offset=last.end, last_start=last.start, last_crc=last.crc)


def _read_journal(path: Path) -> bytes | None:
    """The whole journal as found (None if there is none): every decision is made on it."""
    try:
        return journal.read_from(path, 0)
    except FileNotFoundError:
        return None


def _replay(data: bytes, state: DayState, start: Cover) -> Scan:
    """Apply the intact lines after `start` to `state`; read-only, so nothing is lost yet."""
    tail = data[start.offset :] if start.offset else data
    found = journal.scan(tail, start.offset, state.seq, state.codec.loads)
    for record in found.records:
        state.apply(record.seq, record.puts)
    return found


def _rewrite_intact(paths: DayPaths, found: Scan, data: bytes, start: Cover) -> Cover:
    """Rewrite the journal with its intact lines only; return where it now ends."""
    lines = [data[r.start : r.end] for r in found.records]
    atomic_write(paths.journal, [data[: found.base], *lines])
    if not lines:
        return start
    end = found.base + sum(len(line) for line in lines)
    last = found.records[-1]
    return Cover(seq=last.seq, offset=end, last_start=end - len(lines[-1]), last_crc=last.crc)


def _repair(
    paths: DayPaths, found: Scan, data: bytes, start: Cover, *, readonly: bool, notices: list[str]
) -> Cover:
    """Make the journal hold exactly its intact lines; say what was done.

    The journal is copied aside, exactly as found, before any byte is cut.
    """
    name = paths.journal
    cover = _cover_after(found, start)
    if not (found.bad_middle or found.bad_tail or found.torn):
        return cover
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
                f"which {_were(found.bad_tail)} ignored; {_READ_ONLY}."
            )
            return cover
        aside = copy_aside(name)
        truncate_durably(name, cover.offset)
        notices.append(
            f"The journal {name} ended in {_entries(found.bad_tail)} failing the checksum (what "
            f"a crash in the middle of a write leaves); {_they(found.bad_tail)} dropped and a "
            f"copy was kept as {aside.name}."
        )
    elif readonly:
        notices.append(
            f"The last entry of the journal {name} is incomplete (cut off, or still being "
            f"written by another console) and was ignored; {_READ_ONLY}."
        )
    else:
        aside = copy_aside(name)
        truncate_durably(name, cover.offset)
        notices.append(
            f"The last entry of the journal {name} was cut off by a crash before it was saved "
            f"(so it had never been confirmed); it was dropped and a copy was kept as {aside.name}."
        )
    return cover


def _covers(data: bytes, cover: Cover) -> bool:
    """Whether the journal `data` is the one the snapshot was taken from.

    The line the snapshot ends on must be there, intact and the same; or, if
    damage hit that very line, it must fail its checksum exactly where the
    snapshot says, with the saves around it numbered to fit: otherwise the
    journal's tail would win over the snapshot and lose the damaged save.
    """
    if cover.offset == 0:
        return cover.seq == 0 and not cover.last_crc
    line = data[cover.last_start : cover.offset]
    if len(line) != cover.offset - cover.last_start or not line.endswith(b"\n"):
        return False
    record = journal.decode_line(line[:-1], cover.last_start)
    if record is not None:
        return record.seq == cover.seq and record.crc == cover.last_crc
    if journal.failing_checksum(line, len(line)) != 1:
        return False
    if cover.last_start and data[cover.last_start - 1 : cover.last_start] != b"\n":
        return False
    before = journal.scan(data[: cover.last_start], 0, 0).records
    after = journal.scan(data[cover.offset :], cover.offset, 0).records
    fits_before = not before or before[-1].seq < cover.seq
    return fits_before and bool(after) and after[0].seq == cover.seq + 1


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
    crc = line[: journal.CRC_DIGITS].decode("ascii")
    return Cover(seq=state.seq, offset=len(line), last_start=0, last_crc=crc)


def _from_journal(
    paths: DayPaths, data: bytes, readonly: bool, notices: list[str], codec: Codec
) -> tuple[Opened, Scan]:
    state = DayState(codec)
    found = _replay(data, state, EMPTY)
    cover = _repair(paths, found, data, EMPTY, readonly=readonly, notices=notices)
    return Opened(state, cover, notices), found


def _damaged_snapshot(
    paths: DayPaths, data: bytes | None, reason: str, readonly: bool, codec: Codec
) -> Opened:
    day = paths.day
    kept = Said("err.kept_in_place")
    if not readonly:
        kept = Said("err.kept_as", {"name": move_aside(day).name})
    if data is None:
        raise StoreError("err.damaged_no_journal", path=day, why=reason, kept=kept)
    opened, found = _from_journal(paths, data, readonly, [], codec)
    if not found.records:
        raise StoreError("err.damaged_empty_journal", path=day, why=reason, kept=kept)
    opened.notices.insert(
        0,
        f"The day file {day} was damaged ({reason}); {kept} and the day was rebuilt from "
        f"its journal ({_entries(len(found.records))}).",
    )
    opened.snapshot_due = True
    return opened


def _damage_covered(
    paths: DayPaths, found: Scan, covered: int, start: Cover, state: DayState, *, readonly: bool
) -> Opened:
    """Lines the snapshot holds fail their checksum: the snapshot still has them all.

    Left alone, they would be lost with the snapshot; so the journal is kept
    aside as found and rebuilt from the snapshot (plus the intact tail after it).
    """
    after = found.bad_middle + found.bad_tail + int(found.torn)
    damage = (
        f"The journal {paths.journal} {'has' if readonly else 'had'} {_entries(covered)} "
        f"damaged in the part the day file {paths.day} also holds"
    )
    if after:
        damage += f" and {_entries(after)} damaged after that part"
    if readonly:
        cover = _cover_after(found, start)
        return Opened(state, cover, [f"{damage}; the day file was used and {_READ_ONLY}."])
    aside = copy_aside(paths.journal)
    end = _rebuild_journal(paths, state)
    source = "the day file"
    if found.records:
        source += f" and the {_entries(len(found.records))} after it"
    message = (
        f"{damage}; a copy was kept as {aside.name} and the journal was rebuilt from {source}."
    )
    return Opened(state, end, [message], snapshot_due=True)


def _snapshot_and_journal(
    paths: DayPaths, data: bytes, cover: Cover, state: DayState, readonly: bool
) -> Opened:
    if not _covers(data, cover):
        return _journal_differs(paths, data, cover, state, readonly)
    covered = journal.failing_checksum(data, cover.offset)
    found = _replay(data, state, cover)
    if covered:
        return _damage_covered(paths, found, covered, cover, state, readonly=readonly)
    notices: list[str] = []
    end = _repair(paths, found, data, cover, readonly=readonly, notices=notices)
    due = bool(notices) or len(found.records) > LONG_TAIL
    return Opened(state, end, notices, snapshot_due=due, snapshot_seq=cover.seq)


def _journal_differs(
    paths: DayPaths, data: bytes, cover: Cover, state: DayState, readonly: bool
) -> Opened:
    """The snapshot was not taken from this journal: the one holding more saves wins.

    Which one wins is decided on the journal as found, so a journal that loses
    is kept aside with every byte it had.
    """
    replayed = DayState(state.codec)
    found = _replay(data, replayed, EMPTY)
    if replayed.seq >= state.seq:
        notices = [
            f"The day file {paths.day} did not match its journal {paths.journal}; "
            "the day was rebuilt from the journal."
        ]
        end = _repair(paths, found, data, EMPTY, readonly=readonly, notices=notices)
        return Opened(replayed, end, notices, snapshot_due=True)
    intact = " intact" if found.bad_middle or found.bad_tail or found.torn else ""
    behind = (
        f"The journal {paths.journal} holds{intact} saves up to #{replayed.seq} only, but the "
        f"day file {paths.day} holds up to #{state.seq}"
    )
    if readonly:
        return Opened(state, cover, [f"{behind}; the day file was used and {_READ_ONLY}."])
    aside = copy_aside(paths.journal)
    end = _rebuild_journal(paths, state)
    message = f"{behind}; the journal was kept as {aside.name} and rebuilt from the day file."
    return Opened(state, end, [message], snapshot_due=True)


def load(paths: DayPaths, readonly: bool, codec: Codec) -> Opened:
    """Load the day at `paths`, recovering from whatever a crash or a bad copy left.

    Raises StoreError only when no intact copy of the day exists at all; a
    damaged snapshot never opens as an empty day.
    """
    sizes = (p.stat().st_size for p in (paths.day, paths.journal) if p.exists())
    with loading(sum(sizes) >= LARGE_DAY_BYTES):
        return _load(paths, readonly, codec)


def _load(paths: DayPaths, readonly: bool, codec: Codec) -> Opened:
    try:
        loaded = snapshot.read(paths.day, codec)
    except SnapshotDamaged as damaged:
        data = _read_journal(paths.journal)
        return _damaged_snapshot(paths, data, str(damaged), readonly, codec)
    data = _read_journal(paths.journal)
    if loaded is None:
        if data is None:
            return Opened(DayState(codec), EMPTY, snapshot_seq=0)
        opened, found = _from_journal(paths, data, readonly, [], codec)
        opened.snapshot_due = bool(opened.notices) or len(found.records) > LONG_TAIL
        return opened
    cover, state = loaded
    if data is not None:
        return _snapshot_and_journal(paths, data, cover, state, readonly)
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
