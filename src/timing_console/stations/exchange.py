"""Share and merge: a station's records out to a bundle, other stations' records in.

`share` reads the day's journal as it is on disk (its intact lines: every
save the console has acknowledged) and the other stations' files, without
taking the day's lock, so it runs while the console is open. `merge` checks
every bundle whole before it changes anything, then adds each station's new
records to that station's file under the folder's own lock (see `stations`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from timing_console.model import Day
from timing_console.stations import bundle
from timing_console.stations.files import (
    Held,
    StationFiles,
    StationRecord,
    day_identity,
    implausible,
    labels,
    namesake,
    namesake_refusal,
)
from timing_console.store.codec import ATTEMPTS, META
from timing_console.store.errors import StoreError
from timing_console.store.identity import Identity
from timing_console.store.journal import scan
from timing_console.store.recovery import DayPaths
from timing_console.words import Said


def own_records(day: Path, station: Identity) -> list[StationRecord]:
    """Every intact record of the day's own journal, as this station's."""
    path = DayPaths.of(day).journal
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise StoreError("err.cannot_read_journal", path=path, why=exc) from exc
    return [
        StationRecord(station.name, r.seq, [[t, k, d] for t, k, d in r.puts], station.sid)
        for r in scan(data, 0, 0).records
    ]


def first_day(records: Sequence[StationRecord]) -> Day | None:
    """The first day definition among records: the one a station loaded."""
    for record in records:
        for table, key, doc in record.puts:
            if table == META and key == "day":
                try:
                    return Day.model_validate(doc)
                except ValueError:
                    return None
    return None


@dataclass(frozen=True)
class Shared:
    """What `share` wrote."""

    path: Path
    station: Identity
    records: dict[str, int]
    """Records per station in the bundle, by station name (as `labels` calls them)."""


def share(day: Path, station: Identity, current: Day, out: Path) -> Shared:
    """Write everything this database holds, its own and other stations', to a bundle."""
    own = own_records(day, station)
    base = first_day(own) or current
    held = {s: h for s, h in StationFiles(day).read().items() if s != station.sid and h.records}
    if own:
        held[station.sid] = Held(station, own)
    bundle.write(out, day=day_identity(base), title=day_label(base), writer=station, held=held)
    named = labels(h.station for h in held.values())
    return Shared(out, station, {named[s]: len(h.records) for s, h in sorted(held.items())})


@dataclass
class Merged:
    """What `merge` added, per station: records, and results among them."""

    added: dict[str, int] = field(default_factory=dict)
    results: dict[str, int] = field(default_factory=dict)


def _results(records: Sequence[StationRecord]) -> int:
    """Attempts the records hold (an attempt saved again, as a finish after the gun, once)."""
    return len({put[1] for r in records for put in r.puts if put[0] == ATTEMPTS})


def check_bundles(
    day: Path, station: Identity, current: Day, paths: Sequence[Path], known: Collection[str] = ()
) -> tuple[str, list[bundle.Bundle], dict[str, int]]:
    """The day's identity, every bundle read and checked before anything is merged, and the
    last record held of each station (by id) then.

    Raises StoreError for the first bad one: damaged or cut, another day's (a
    practice day's at a real day's desk, too), records under this station's own
    id that it did not make, records that differ from those already merged under
    the same station and number, a laptop under a name another station already
    has (unless it was set up to replace it), or a result its event cannot have.
    A bundle whose exact bytes were merged before (its digest in `known`) is
    left out unread: it was whole then, and the station files only ever grow.
    """
    own = own_records(day, station)
    base = first_day(own) or current
    identity = day_identity(base)
    held = StationFiles(day).read()
    held[station.sid] = Held(station, own)
    stations = {sid: h.station for sid, h in held.items()}
    lasts = {sid: h.records[-1].seq for sid, h in held.items() if h.records}
    found = []
    for path in paths:
        data = bundle.raw(path)
        if bundle.digest(data) in known:
            continue
        b = bundle.read(path, data)
        if b.day != identity:
            raise StoreError("err.not_merged", path=path, why=_other_day(b, base))
        for sid, theirs in b.stations.items():
            ours = held.get(sid)
            _check_same(path, theirs, ours.records if ours else (), own=sid == station.sid)
            clash = namesake(stations.values(), theirs.station)
            if clash is not None:
                why = namesake_refusal(clash, theirs.station, lasts.get(clash.sid, 0))
                raise StoreError("err.not_merged", path=path, why=why)
            stations.setdefault(sid, theirs.station)
            if theirs.records:
                lasts[sid] = max(lasts.get(sid, 0), theirs.records[-1].seq)
            last = ours.records[-1].seq if ours and ours.records else 0
            bad = implausible(current, [r for r in theirs.records if r.seq > last])
            if bad is not None:
                raise StoreError("err.not_merged", path=path, why=bad)
        found.append(b)
    return identity, found, {s: h.records[-1].seq for s, h in held.items() if h.records}


def _other_day(b: bundle.Bundle, day: Day) -> Said:
    """Why a bundle is another day's, in words an organiser acts on."""
    named: str | Said = f"{day.title} {day.date}"
    if day.practice:
        named = Said("err.day_label_practice", {"title": day.title, "date": day.date})
    return Said("err.other_day", {"title": b.title, "day": named})


def day_label(day: Day) -> str:
    """A day as a bundle's header and the desk's answers name it (English: machines read it)."""
    return f"{day.title} {day.date}" + (" (practice)" if day.practice else "")


def _check_same(path: Path, theirs: Held, ours: Sequence[StationRecord], *, own: bool) -> None:
    """A station's records numbered alike must be alike: else one id was copied to two
    laptops (a database copied whole), which no desk may take as one station."""
    by_seq = {r.seq: r.puts for r in ours}
    name = theirs.station.name
    for record in theirs.records:
        mine = by_seq.get(record.seq)
        if (mine is None and own) or (mine is not None and mine != record.puts):
            raise StoreError(
                "err.not_merged",
                path=path,
                why=Said("err.copied_station", {"seq": record.seq, "name": name}),
            )


def merge(day: Path, station: Identity, current: Day, paths: Sequence[Path]) -> Merged:
    """Merge bundles into the day's station files: all are checked first, then added."""
    files = StationFiles(day)
    known = files.merged_bundles()
    identity, bundles, held = check_bundles(day, station, current, paths, known)
    report = Merged()
    with files.locked():
        for b in bundles:
            named = labels(h.station for h in b.stations.values())
            for sid, theirs in sorted(b.stations.items()):
                records = theirs.records
                if sid == station.sid or not records or records[-1].seq <= held.get(sid, 0):
                    continue  # all held already (files only ever grow): nothing to read again
                added = files.append(theirs.station, identity, records)
                if added:
                    name = named[sid]
                    report.added[name] = report.added.get(name, 0) + added
                    report.results[name] = report.results.get(name, 0) + _results(records[-added:])
        files.remember_bundles(b.digest for b in bundles)
    return report
