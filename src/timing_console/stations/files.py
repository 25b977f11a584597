"""Other stations' records, each station's in a file of its own beside the day.

A station appends only to its own journal. What arrives from other stations
(by a bundle or a push) lands in `<day>.stations/`, one append-only file per
station, never in the day's journal: so a merge needs only the folder's own
lock, never the day's write lock the console holds, and timing at the desk
never waits for a merge. Each line is framed like the journal's (a CRC-32,
then compact JSON) and carries its station and sequence number:
`{"station": S, "seq": n, "puts": [[table, key, doc], ...]}`, after one header
line naming the station and the day. A line cut off by a crash is ignored on
reading and cut away by the next append; records are kept only in increasing
sequence, so appending the same records twice adds nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from filelock import lock_descriptor, unlock_descriptor

from timing_console.model import CATALOGUE, Attempt, Day
from timing_console.oscompat import O_BINARY, fsync_dir
from timing_console.rules.heat.results import check_result
from timing_console.rules.refusal import Refusal
from timing_console.stations.merge import StationView
from timing_console.store.codec import ATTEMPTS, META, RECORDS, Codec, dumps
from timing_console.store.errors import StoreError
from timing_console.store.files import truncate_durably, write_all
from timing_console.store.identity import Identity, legacy_sid
from timing_console.store.journal import CRC_DIGITS, PAYLOAD_AT, encode_line
from timing_console.store.saved import Saved, saved_of

IDENTITY_BYTES = 64 * 1024
"""A station file's first bytes, enough for its header and first record."""
MERGED_LOG = "merged-bundles"
"""The digests of bundles merged, so the same bundle again is known without reading it."""
DIGEST_CHARS = 64
FORMAT = "timing-console station records"
VERSION = 1


def day_identity(day: Day) -> str:
    """What makes two databases the same day: its title, date and venue, and whether it is a
    practice day (the real day is another day than its practice, even from the same file)."""
    text = "\n".join((day.title, day.date, day.venue, *(["practice"] if day.practice else [])))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def frame(doc: dict[str, Any]) -> bytes:
    """One line: CRC-32 of the compact JSON, a space, the JSON, a newline."""
    return encode_line(dumps(doc).encode("utf-8"))


def unframe(line: bytes) -> dict[str, Any] | None:
    """The JSON object of an intact line (without its newline), or None."""
    head, payload = line[:CRC_DIGITS], line[PAYLOAD_AT:]
    if line[CRC_DIGITS:PAYLOAD_AT] != b" " or head != b"%08x" % zlib.crc32(payload):
        return None
    try:
        doc = json.loads(payload)
    except (ValueError, RecursionError):
        return None
    return doc if isinstance(doc, dict) else None


def namesake(known: Iterable[Identity], incoming: Identity) -> Identity | None:
    """The station already known under `incoming`'s name that it is not: two laptops under
    one name, which no desk may take as one. A spare set up to replace a station
    (`--replaces`) stands beside it, whichever of the two a desk heard of first."""
    known = list(known)
    if any(i.sid == incoming.sid for i in known):
        return None
    for other in known:
        if other.name == incoming.name and incoming.name not in (incoming.replaces, other.replaces):
            return other
    return None


def namesake_refusal(held: Identity, incoming: Identity, last: int) -> str:
    """What a desk answers two laptops under one name: both named, and what to do."""
    return (
        f"this laptop (station {incoming.name}, id {incoming.sid[:8]}) is not the "
        f"{held.name} this desk holds (id {held.sid[:8]}, records up to {last}): two laptops "
        f"named {held.name}. On a spare that takes over for {held.name}: timing-console load "
        f"DAYFILE --station {held.name} --replaces {held.name}; otherwise give it its own name"
    )


ID_PREFIX = 4
"""How much of a station's id names it where two stations share a name (`yard#1a2b`)."""


def labels(identities: Iterable[Identity]) -> dict[str, str]:
    """What to call each station: its name, with the start of its id where two share one."""
    found = list({i.sid: i for i in identities}.values())
    named: dict[str, int] = {}
    for identity in found:
        named[identity.name] = named.get(identity.name, 0) + 1
    return {
        i.sid: i.name
        if named[i.name] == 1
        else f"{i.name}#{i.sid.removeprefix('legacy-')[:ID_PREFIX]}"
        for i in found
    }


@dataclass(frozen=True)
class StationRecord:
    """One commit of one station, as every file that carries it holds it."""

    station: str
    """The station's name when it made the record."""
    seq: int
    puts: list[Any]
    """[[table, key, doc], ...] exactly as the station's journal held them."""
    sid: str = ""
    """The station's id (a record of a release before ids: made from its name)."""

    def __post_init__(self) -> None:
        """A record with no id is an old release's: its id comes from its name."""
        if not self.sid:
            object.__setattr__(self, "sid", legacy_sid(self.station))

    def line(self) -> bytes:
        """The framed line that carries this record."""
        doc = {"station": self.station, "sid": self.sid, "seq": self.seq, "puts": self.puts}
        return frame(doc)

    @classmethod
    def of(cls, doc: dict[str, Any]) -> StationRecord | None:
        """The record a decoded line holds, or None if it is not one."""
        station, seq, puts = doc.get("station"), doc.get("seq"), doc.get("puts")
        sid = doc.get("sid", "")
        if not (isinstance(station, str) and station and type(seq) is int and seq >= 1):
            return None
        if not isinstance(sid, str):
            return None
        if not isinstance(puts, list):
            return None
        for put in puts:
            if type(put) is not list or len(put) != 3:
                return None
            table, key, doc = put
            if type(table) is not str or not table or table[0] == "_":
                return None
            if type(key) is not str or type(doc) is not dict:
                return None
        return cls(station, seq, puts, sid)


def fold(station: str, records: Sequence[StationRecord], codec: Codec = RECORDS) -> StationView:
    """A station's tables after its records in order, and the first day it loaded.

    Raises StoreError naming the record if a document is not valid.
    """
    tables: dict[str, dict[str, Any]] = {}
    base: Day | None = None
    for record in records:
        for table, key, doc in record.puts:
            try:
                entries = list(codec.decode(table, key, doc))
            except StoreError as exc:
                raise StoreError(
                    "err.station_record", station=station, seq=record.seq, why=exc.message
                ) from exc
            for t, k, value in entries:
                tables.setdefault(t, {})[k] = value
                if base is None and t == META and isinstance(value, Day):
                    base = value
    return StationView(station, tables, base)


def implausible(day: Day, records: Sequence[StationRecord], codec: Codec = RECORDS) -> str | None:
    """The first result among `records` its event cannot have, named; None when all can be.

    The heat machine's own rule (`check_result`), so a station's record is held
    to what the console, `record` and a correction are held to: a code that does
    not apply to the event (FOUL where it has no foul), or a time over the
    plausible ceiling without the override the referee gave it. Only each
    attempt's last value among the records is held to it (a value the station
    corrected since, or voided, blocks nothing): give the records a desk does
    not hold yet, and a correction at the station clears the way.
    """
    latest: dict[str, tuple[StationRecord, Attempt]] = {}
    for record in records:
        for table, key, doc in record.puts:
            if table != ATTEMPTS:
                continue
            try:
                entries = list(codec.decode(table, key, doc))
            except StoreError as exc:
                return f"record {record.seq} of station {record.station}: {exc}"
            for _, _, attempt in entries:
                if isinstance(attempt, Attempt):
                    latest[attempt.id] = (record, attempt)
    for record, attempt in latest.values():
        if attempt.void is not None:
            continue
        where = f"{attempt.event} heat {attempt.heat} lane {attempt.lane}"
        if attempt.event not in CATALOGUE:
            return f"record {record.seq} of station {record.station}: no event {where}"
        try:
            check_result(day.event(attempt.event), attempt, override=attempt.override is not None)
        except Refusal as exc:
            return f"record {record.seq} of station {record.station} ({where}): {exc}"
    return None


class StationFiles:
    """The folder of other stations' records beside one day."""

    def __init__(self, day: Path) -> None:
        """The folder for the day stored at `day`."""
        self.folder = day.with_name(day.name + ".stations")

    def path(self, station: Identity) -> Path:
        """The file of one station, named by a hash of its id (of its name, for a station of
        a release before ids, as that release named it): any station is a safe file name."""
        key = station.name if station.sid == legacy_sid(station.name) else station.sid
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
        return self.folder / f"{digest}.records"

    def files(self) -> list[Path]:
        """Every station file there is."""
        if not self.folder.is_dir():
            return []
        return sorted(self.folder.glob("*.records"))

    def read_new(self, followed: dict[Path, Followed]) -> Saved | None:
        """Read what every station file gained since `followed` last read it: what the new
        records touched, or None when no file had anything new.

        Only new bytes are read and only new records decoded; a file cut
        shorter than what was read is read again from its start.
        """
        heats: set[str] = set()
        everything = changed = False
        for path in self.files():
            size = path.stat().st_size
            seen = followed.get(path)
            if seen is not None and seen.end == size:
                continue
            if seen is None or size < seen.end:
                seen = followed[path] = Followed()
                everything = True  # read again from its start: anything may differ
            station, records, end = self.read_file(path, seen.end, seen.station, seen.last)
            seen.end = end
            if station is None or not records:
                continue
            seen.station, seen.last = station, records[-1].seq
            view = fold(station.sid, records)
            seen.absorb(view)
            touched = saved_of(
                0, ((t, k, v) for t, rows in view.tables.items() for k, v in rows.items())
            )
            heats |= touched.heats
            everything = everything or touched.everything
            changed = True
        return Saved(0, frozenset(heats), everything) if changed else None

    def unchanged(self, followed: Mapping[Path, Followed]) -> bool:
        """Whether every station file is still as long as `followed` read it, and no other came.

        A listing and a `stat` a file: cheap enough to ask many times a second.
        A file with torn bytes at its end never counts as unchanged (its
        intact part ends before its size), so it is simply read again.
        """
        files = self.files()
        if len(files) != len(followed):
            return False
        try:
            return all(
                (seen := followed.get(path)) is not None and path.stat().st_size == seen.end
                for path in files
            )
        except FileNotFoundError:
            return False

    def read_file(
        self, path: Path, start: int = 0, station: Identity | None = None, after: int = 0
    ) -> tuple[Identity | None, list[StationRecord], int]:
        """A file's station, its intact records in order, and where its intact part ends.

        From `start` (where an earlier read ended, with the `station` it found and
        the last record `after` it had) only the lines added since are read.
        """
        try:
            with path.open("rb") as handle:
                handle.seek(start)
                data = handle.read()
        except FileNotFoundError:
            return station, [], start
        except OSError as exc:
            raise StoreError("err.cannot_read_station", path=path, why=exc) from exc
        return _lines(data, start, station, after)

    def merged_bundles(self) -> set[str]:
        """Digests of the bundles merged here whose records are all still here.

        Each line of the log names a bundle's digest and the size every station
        file had once it was merged; a file cut shorter since (damage) makes the
        bundle count as not merged, so merging it again puts back what it held.
        """
        try:
            text = (self.folder / MERGED_LOG).read_text("utf-8", errors="replace")
        except FileNotFoundError:
            return set()
        except OSError as exc:
            raise StoreError(
                "err.cannot_read_file", path=self.folder / MERGED_LOG, why=exc
            ) from exc
        sizes = {p.name: p.stat().st_size for p in self.files()}
        found = set()
        for line in text.split("\n")[:-1]:
            digest, *files = line.split(" ")
            try:
                whole = all(
                    sizes.get(n, -1) >= int(z) for n, _, z in (f.partition(":") for f in files)
                )
            except ValueError:
                continue
            if len(digest) == DIGEST_CHARS and whole:
                found.add(digest)
        return found

    def remember_bundles(self, digests: Iterable[str]) -> None:
        """Note bundles as merged, with the station files' sizes now (hold `locked`; after
        their records are fsynced)."""
        sizes = " ".join(f"{p.name}:{p.stat().st_size}" for p in self.files())
        new = "".join(f"{d} {sizes}\n" for d in digests)
        if not new:
            return
        path = self.folder / MERGED_LOG
        try:
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | O_BINARY, 0o644)
            try:
                write_all(fd, new.encode("utf-8"))
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            raise StoreError("err.cannot_note_bundles", path=path, why=exc) from exc

    def surplus(self) -> int:
        """Intact record lines beyond one per record, over every file: records kept twice
        (a merge or push must never leave any; the harness and tests count them)."""
        extra = 0
        for path in self.files():
            lines = path.read_bytes().split(b"\n")
            docs = (unframe(line) for line in lines)
            intact = sum(1 for doc in docs if doc is not None and StationRecord.of(doc))
            extra += intact - len(self.read_file(path)[1])
        return extra

    def read(self) -> dict[str, Held]:
        """Every other station's identity and intact records, by station id."""
        found: dict[str, Held] = {}
        for path in self.files():
            station, records, _ = self.read_file(path)
            if station is not None:
                found[station.sid] = Held(station, records)
        return found

    def identities(self) -> list[Identity]:
        """Who every station file belongs to (its header, or its first record if the header
        was damaged)."""
        found = []
        for path in self.files():
            try:
                with path.open("rb") as handle:
                    head = handle.read(IDENTITY_BYTES)
            except OSError:
                continue
            station, _, _ = _lines(head[: head.rfind(b"\n") + 1], 0, None, 0)
            if station is not None:
                found.append(station)
        return found

    def last_seqs(self) -> dict[str, int]:
        """The last record held of each station, by id (what a push resumes after)."""
        return {sid: (h.records[-1].seq if h.records else 0) for sid, h in self.read().items()}

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the folder's own lock (waiting for it): one merge or push at a time."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.folder / ".lock", os.O_RDWR | os.O_CREAT | O_BINARY, 0o644)
        except OSError as exc:
            raise StoreError("err.cannot_lock_folder", path=self.folder, why=exc) from exc
        try:
            lock_descriptor(fd, blocking=True)
            yield
        finally:
            with contextlib.suppress(OSError):
                unlock_descriptor(fd)
            os.close(fd)

    def append(
        self,
        station: Identity,
        day_id: str,
        records: Sequence[StationRecord],
        after: int | None = None,
    ) -> int:
        """Add a station's records after those held (hold `locked`); how many were new.

        Records at or before the last one held are skipped, so appending the same
        records again adds nothing. Everything is fsynced before this returns.
        `after`, when the caller knows the last record held and that the file
        ends whole (a push just checked it), saves reading the file again.
        """
        path = self.path(station)
        held: Identity | None
        if after is not None and path.exists():
            held, last, end = station, after, path.stat().st_size
        else:
            held, old, end = self.read_file(path)
            last = old[-1].seq if old else 0
        if held is not None and held.sid != station.sid:
            raise StoreError(
                "err.holds_other_station", path=path, held=held.name, name=station.name
            )
        if any(r.sid != station.sid for r in records):
            raise StoreError("err.not_this_station", name=station.name)
        new = [r for r in records if r.seq > last]
        for earlier, later in itertools.pairwise(new):
            if later.seq <= earlier.seq:
                raise StoreError("err.station_out_of_order", name=station.name, seq=later.seq)
        if not new:
            return 0
        created = held is None
        if path.exists() and path.stat().st_size != end:
            truncate_durably(path, end)  # a line a crash cut off: never acknowledged
        head = (
            b""
            if not created
            else frame({"format": FORMAT, "version": VERSION, **station.doc(), "day": day_id})
        )
        try:
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | O_BINARY, 0o644)
            try:
                write_all(fd, head + b"".join(r.line() for r in new))
                os.fsync(fd)
            finally:
                os.close(fd)
            if created:
                fsync_dir(self.folder)
        except OSError as exc:
            raise StoreError(
                "err.cannot_save_station", name=station.name, path=path, why=exc
            ) from exc
        return len(new)


def _lines(
    data: bytes, start: int, station: Identity | None, after: int
) -> tuple[Identity | None, list[StationRecord], int]:
    """The station, intact records and end of a station file's bytes read from `start`."""
    records: list[StationRecord] = []
    pos, end = 0, start
    while (newline := data.find(b"\n", pos)) >= 0:
        doc = unframe(data[pos:newline])
        pos = newline + 1
        if doc is None:
            continue
        if station is None and doc.get("format") == FORMAT:
            if isinstance(doc.get("station"), str):
                station, end = Identity.of(doc, ""), start + pos
            continue
        record = StationRecord.of(doc)
        if station is None and record is not None:  # the header was damaged: each record
            station = Identity(record.sid, record.station)  # names its station too
        if record is None or station is None or record.sid != station.sid:
            continue
        if record.seq <= (records[-1].seq if records else after):
            continue
        records.append(record)
        end = start + pos
    return station, records, end


@dataclass(frozen=True)
class Held:
    """One other station's file: who it is, and its records in order."""

    station: Identity
    records: list[StationRecord]


@dataclass
class Followed:
    """How far one station's file was read, and that station's tables so far."""

    station: Identity | None = None
    end: int = 0
    last: int = 0
    tables: dict[str, dict[str, Any]] = field(default_factory=dict)
    base: Day | None = None

    def absorb(self, view: StationView) -> None:
        """Add the tables folded from newly read records."""
        for table, rows in view.tables.items():
            self.tables.setdefault(table, {}).update(rows)
        self.base = self.base or view.base_day
