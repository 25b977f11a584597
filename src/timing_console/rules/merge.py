"""The union of what several stations recorded, with every disagreement shown, never won.

Each station appends only to its own journal, so what a station recorded is
its own view: table -> key -> value, folded from its records in its order.
The day is the union of those views. A record held by one station, or held
alike by several, is simply the day's. Records that stations hold
differently are a conflict, grouped so a referee sees one thing to decide:

- `heat`: two stations hold the same heat differently (both timed it);
- `lane`: one lane of a heat holds results from two stations, or one station
  changed a result another recorded;
- `athlete`, `slot`, `settings`: the day's definition changed differently
  (see `daymerge`);
- `record`: any other record held differently.

Until a referee chooses, a conflict shows the value of the station whose name
sorts first (so every desk shows the same) and is marked; prizes leave it out.
A choice is an ordinary `resolutions` record, merged like any other: it names
the conflict, the station chosen and the values it was chosen among, so new
values arriving later open the conflict again. Pure and independent of the
order of stations: no file, no clock.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from timing_console.model import Attempt, Change, Day, HeatState
from timing_console.rules.daymerge import DayDisagreement, MergedDay, merge_days

ATTEMPTS, HEATS, ACTIONS, CHANGES, META = "attempts", "heats", "actions", "changes", "meta"
DAY_KEY = "day"
RESOLUTIONS = "resolutions"
"""A referee's choice: key = conflict id, doc = `Resolution` fields."""
LOCAL_TABLES = frozenset({"station"})
"""Tables that describe one station itself and never merge."""
CLASH_GAP_S = 600.0
"""A heat with no close yet counts as lasting this long after its start."""


@dataclass(frozen=True)
class StationView:
    """What one station recorded: its tables folded in its own order, and its first day."""

    station: str
    tables: Mapping[str, Mapping[str, Any]]
    base_day: Day | None = None
    """The definition it loaded first (the common base of a three-way merge)."""


@dataclass(frozen=True)
class Conflict:
    """Something stations recorded differently: the referee decides it."""

    id: str
    kind: str
    event: str | None
    heat: int | None
    lane: int | None
    values: dict[str, Any]
    """Station -> what it holds (plain data)."""
    shown: str
    """The station whose value stands until a referee chooses."""
    bib: str | None = None

    @property
    def stations(self) -> list[str]:
        """The stations in the conflict, by name."""
        return sorted(self.values)

    def digest(self) -> str:
        """Identifies these values: a choice made among them stops holding if they change."""
        text = json.dumps(self.values, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Clash:
    """One athlete in two heats at once at different stations: a warning, not a conflict."""

    bib: str
    heats: tuple[tuple[str, int, str], tuple[str, int, str]]
    """(event, heat, station) of each."""


@dataclass
class Union:
    """The merged day: the tables every reader uses, the conflicts and the clashes."""

    tables: dict[str, dict[str, Any]]
    conflicts: list[Conflict] = field(default_factory=list)
    clashes: list[Clash] = field(default_factory=list)
    resolved: list[str] = field(default_factory=list)
    """Ids of conflicts a choice settles."""

    def held_back(self) -> set[tuple[str, str]]:
        """(event, bib) pairs whose result is in an open conflict: kept off the prize list."""
        found: set[tuple[str, str]] = set()
        day = self.tables.get(META, {}).get(DAY_KEY)
        for c in self.conflicts:
            if c.event is None:
                continue
            if c.lane is not None and c.bib is not None:
                found.add((c.event, c.bib))
            elif isinstance(day, Day) and c.heat is not None:
                found.update(
                    (c.event, e.bib)
                    for e in day.lineup(c.event, c.heat)
                    if c.lane is None or e.lane == c.lane
                )
        return found


def group_of(table: str, key: str, value: Any) -> tuple[str, str, int, int | None] | None:
    """The heat and lane a record belongs to: (kind, event, heat, lane or None)."""
    if table == ATTEMPTS and isinstance(value, Attempt):
        return ("lane", value.event, value.heat, value.lane)
    if table == CHANGES and isinstance(value, Change):
        if value.attempt_id is None:
            return ("heat", value.event, value.heat, None)
        return ("lane", value.event, value.heat, value.lane)
    if table == HEATS and isinstance(value, HeatState):
        return ("heat", value.event, value.heat, None)
    if table == ACTIONS:
        event, heat = getattr(value, "event", None), getattr(value, "heat", None)
        if isinstance(event, str) and isinstance(heat, int):
            return ("heat", event, heat, None)
    return None


def _plain(value: Any) -> Any:
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json", exclude_defaults=True)
    return value


def _result(attempt: Attempt) -> dict[str, Any]:
    fields = {"lane": attempt.lane, "bib": attempt.bib}
    fields |= {k: v for k, v in attempt.result_fields().items() if v is not None}
    if attempt.void:
        fields["void"] = attempt.void
    return fields


def union(views: Iterable[StationView]) -> Union:
    """Merge every station's view; the same for the same views in any order."""
    stations = {v.station: v for v in views}
    names = sorted(stations)
    held: dict[tuple[str, str], dict[str, Any]] = defaultdict(dict)
    for name in names:
        for table, rows in stations[name].tables.items():
            if table in LOCAL_TABLES or table == META:
                continue
            for key, value in rows.items():
                held[(table, key)][name] = value
    choices = _choices(held)
    merged_day, day_conflicts, day_resolved = _day(stations, names, choices)
    conflicts: list[Conflict] = []
    resolved: list[str] = []
    winner: dict[str, str] = {}
    """Conflict group id -> the station whose records stand for it."""
    for found in _conflicts(held, names, merged_day.day if merged_day else None):
        choice = choices.get(found.id)
        if choice is not None and choice[0] in found.values and choice[1] == found.digest():
            winner[found.id] = choice[0]
            resolved.append(found.id)
        else:
            winner[found.id] = found.shown
            conflicts.append(found)
    tables = _tables(held, winner)
    if merged_day is not None:
        tables[META] = {DAY_KEY: merged_day.day}
        conflicts += day_conflicts
        resolved += day_resolved
    conflicts.sort(key=lambda c: c.id)
    return Union(tables, conflicts, _clashes(held, tables), sorted(resolved))


def _choices(held: Mapping[tuple[str, str], Mapping[str, Any]]) -> dict[str, tuple[str, str]]:
    """Conflict id -> (station chosen, digest of the values chosen among), where all agree."""
    found: dict[str, tuple[str, str]] = {}
    for (table, key), by_station in held.items():
        if table != RESOLUTIONS:
            continue
        picks = {(str(v.get("choice")), str(v.get("digest"))) for v in by_station.values()}
        if len(picks) == 1:  # two referees choosing differently decide nothing
            found[key] = next(iter(picks))
    return found


def _day(
    stations: Mapping[str, StationView], names: list[str], choices: Mapping[str, tuple[str, str]]
) -> tuple[MergedDay | None, list[Conflict], list[str]]:
    """The merged definition, its open disagreements, and those a choice settles."""
    finals = {
        n: day
        for n in names
        if isinstance(day := stations[n].tables.get(META, {}).get(DAY_KEY), Day)
    }
    if not finals:
        return None, [], []
    bases = {n: stations[n].base_day or finals[n] for n in finals}
    merged = merge_days(bases, finals)
    found = [_day_conflict(d) for d in merged.disagreements]
    valid = {
        c.id: choices[c.id][0]
        for c in found
        if c.id in choices and choices[c.id][0] in c.values and choices[c.id][1] == c.digest()
    }
    if valid:
        merged = merge_days(bases, finals, {k.removeprefix("day:"): v for k, v in valid.items()})
    return merged, [c for c in found if c.id not in valid], sorted(valid)


def _day_conflict(d: DayDisagreement) -> Conflict:
    kind = d.item.split(":", 1)[0]
    slot = d.slot or (None, None, None)
    return Conflict(f"day:{d.item}", kind, slot[0], slot[1], slot[2], d.values, "base", d.bib)


def _conflicts(
    held: Mapping[tuple[str, str], Mapping[str, Any]], names: list[str], day: Day | None
) -> list[Conflict]:
    """Every group of records the stations hold differently, and lanes timed twice."""
    disputed_heats: set[tuple[str, int]] = set()
    disputed_lanes: set[tuple[str, int, int]] = set()
    others: list[Conflict] = []
    lane_holders: dict[tuple[str, int, int], set[str]] = defaultdict(set)
    for (table, key), by_station in held.items():
        if table == RESOLUTIONS:
            continue
        values = list(by_station.values())
        group = group_of(table, key, values[0])
        if table == ATTEMPTS and isinstance(values[0], Attempt) and values[0].void is None:
            lane_holders[(values[0].event, values[0].heat, values[0].lane)].add(
                ",".join(sorted(by_station))
            )
        if all(v == values[0] for v in values[1:]):
            continue
        if group is None:
            others.append(
                Conflict(
                    f"record:{table}/{key}",
                    "record",
                    None,
                    None,
                    None,
                    {s: _plain(v) for s, v in sorted(by_station.items())},
                    min(by_station),
                )
            )
        elif group[0] == "heat":
            disputed_heats.add((group[1], group[2]))
        else:
            disputed_lanes.add((group[1], group[2], group[3]))  # type: ignore[arg-type]
    for slot, holders in lane_holders.items():
        if len(holders) > 1:
            disputed_lanes.add(slot)
    attempts = _by_heat(held)
    found = [_heat_conflict(e, h, attempts.get((e, h), {})) for e, h in sorted(disputed_heats)]
    for event, heat, lane in sorted(disputed_lanes):
        if (event, heat) in disputed_heats:
            continue  # the heat's conflict decides its lanes
        in_lane = {
            s: [a for a in rows if a.lane == lane]
            for s, rows in attempts.get((event, heat), {}).items()
        }
        in_lane = {s: rows for s, rows in in_lane.items() if rows}
        bib = _bib(day, event, heat, lane, in_lane)
        found.append(
            Conflict(
                f"lane:{event}#{heat}#{lane}",
                "lane",
                event,
                heat,
                lane,
                {s: [_result(a) for a in rows] for s, rows in sorted(in_lane.items())},
                min(in_lane) if in_lane else names[0],
                bib,
            )
        )
    return found + others


def _bib(
    day: Day | None, event: str, heat: int, lane: int, in_lane: Mapping[str, list[Attempt]]
) -> str | None:
    if day is not None:
        for entry in day.lineup(event, heat):
            if entry.lane == lane:
                return entry.bib
    return next((a.bib for rows in in_lane.values() for a in rows), None)


def _by_heat(
    held: Mapping[tuple[str, str], Mapping[str, Any]],
) -> dict[tuple[str, int], dict[str, list[Attempt]]]:
    """Each heat's attempts as each station holds them."""
    found: dict[tuple[str, int], dict[str, list[Attempt]]] = defaultdict(lambda: defaultdict(list))
    for (table, _key), by_station in held.items():
        if table != ATTEMPTS:
            continue
        for station, a in by_station.items():
            if isinstance(a, Attempt):
                found[(a.event, a.heat)][station].append(a)
    return found


def _heat_conflict(event: str, heat: int, by_station: Mapping[str, list[Attempt]]) -> Conflict:
    values = {
        s: [_result(a) for a in sorted(rows, key=lambda a: (a.lane, a.run)) if a.void is None]
        for s, rows in sorted(by_station.items())
    }
    shown = min(by_station) if by_station else ""
    return Conflict(f"heat:{event}#{heat}", "heat", event, heat, None, values, shown)


def _tables(
    held: Mapping[tuple[str, str], Mapping[str, Any]], winner: Mapping[str, str]
) -> dict[str, dict[str, Any]]:
    """The records every reader sees: where a conflict stands, only its winner's."""
    tables: dict[str, dict[str, Any]] = defaultdict(dict)
    for (table, key), by_station in held.items():
        group = group_of(table, key, next(iter(by_station.values())))
        decided: str | None = None
        if group is not None:
            decided = winner.get(f"heat:{group[1]}#{group[2]}")
            if decided is None and group[0] == "lane":
                decided = winner.get(f"lane:{group[1]}#{group[2]}#{group[3]}")
        elif f"record:{table}/{key}" in winner:
            decided = winner[f"record:{table}/{key}"]
        if decided is None:
            tables[table][key] = by_station[min(by_station)]
        elif decided in by_station:
            tables[table][key] = by_station[decided]
    return dict(tables)


def _wall(text: str | None) -> float | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).timestamp()
    except ValueError:
        return None


def _clashes(
    held: Mapping[tuple[str, str], Mapping[str, Any]], tables: Mapping[str, Mapping[str, Any]]
) -> list[Clash]:
    """Athletes in two heats whose times overlap, run at different stations."""
    day = tables.get(META, {}).get(DAY_KEY)
    if not isinstance(day, Day):
        return []
    spans: dict[tuple[str, int], tuple[float, float, str]] = {}
    for (table, _key), by_station in held.items():
        if table != HEATS:
            continue
        for station, state in sorted(by_station.items()):
            if isinstance(state, HeatState) and state.started_wall is not None:
                end = _wall(state.closed_at) or state.started_wall + CLASH_GAP_S
                spans.setdefault((state.event, state.heat), (state.started_wall, end, station))
    heats_of: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for entry in day.lanes:
        if (entry.event, entry.heat) in spans:
            heats_of[entry.bib].append((entry.event, entry.heat))
    found: list[Clash] = []
    for bib, heats in sorted(heats_of.items()):
        for i, first in enumerate(heats):
            for second in heats[i + 1 :]:
                a, b = spans[first], spans[second]
                if a[2] != b[2] and a[0] < b[1] and b[0] < a[1]:
                    found.append(Clash(bib, ((*first, a[2]), (*second, b[2]))))
    return found
