"""The union of what several stations recorded: a change that saw what it replaces wins.

Each station appends only to its own journal, so what a station recorded is
its own view: table -> key -> value, folded from its records in its order.
The day is the union of those views, decided record by record by what each
version saw, never by a station's name or the order records arrived in:

- Every attempt (and heat) a station writes is a version named `STATION:N`
  (`rev`), and names the other stations' versions it was made from
  (`parents`): a correction at the desk of a result timed at the track names
  the track's version. A station's later versions supersede its earlier ones.
- A version superseded by another station's version is history, not a
  result: a chain of corrections is no conflict, and its last link stands,
  where it was made and everywhere.
- Versions that did not see each other (two children of one version, or two
  first values in one lane) are a conflict when their results differ: listed
  with each station's value, kept off the ranking and the prizes, until a
  referee chooses one, which is written as a new version that saw them all.
- The day's definition merges three ways (`daymerge`); what stations changed
  differently is a conflict a referee decides with a `resolutions` record.

Change records (the audit) are never merged away: every station's are kept.
Pure and independent of the order of stations: no file, no clock.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from timing_console.model import Attempt, Change, Day, HeatPhase, HeatState
from timing_console.stations.daymerge import DayDisagreement, MergedDay, merge_days
from timing_console.store.versions import rev_of

ATTEMPTS, HEATS, ACTIONS, CHANGES, META = "attempts", "heats", "actions", "changes", "meta"
DAY_KEY = "day"
RESOLUTIONS = "resolutions"
"""A referee's choice on the day's definition: key = conflict id, doc = its choice."""
LOCAL_TABLES = frozenset({"station"})
"""Tables that describe one station itself and never merge."""
CLASH_GAP_S = 600.0
"""A heat with no close yet counts as lasting this long after its start."""


@dataclass(frozen=True)
class StationView:
    """What one station recorded: its tables folded in its own order, and its first day."""

    station: str
    """The station's id."""
    tables: Mapping[str, Mapping[str, Any]]
    base_day: Day | None = None
    """The definition it loaded first (the common base of a three-way merge)."""


@dataclass(frozen=True)
class Conflict:
    """Something stations recorded without seeing each other: a referee decides it."""

    id: str
    kind: str
    """`lane` (a lane's results), `heat` (a heat two stations timed: all its lanes), or
    `athlete`, `slot`, `settings` (the day's definition)."""
    event: str | None
    heat: int | None
    lane: int | None
    values: dict[str, Any]
    """Station id -> what it holds (plain data)."""
    bib: str | None = None
    leaves: tuple[tuple[str, Attempt], ...] = ()
    """A lane's versions in conflict, with the station holding each: a decision is written
    as a version that saw them all."""

    @property
    def stations(self) -> list[str]:
        """The stations in the conflict, by id."""
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
    """(event, heat, station id) of each."""


@dataclass
class Union:
    """The merged day: the tables every reader uses, the conflicts, the clashes, the audit."""

    tables: dict[str, dict[str, Any]]
    conflicts: list[Conflict] = field(default_factory=list)
    clashes: list[Clash] = field(default_factory=list)
    resolved: list[str] = field(default_factory=list)
    """Ids of the day's conflicts a choice settles."""
    changes: list[tuple[str, Change]] = field(default_factory=list)
    """Every station's change records, (station id, change), in the order each was made."""

    def held_back(self) -> set[tuple[str, str]]:
        """(event, bib) pairs whose result is in an open conflict: unranked, no prize."""
        found: set[tuple[str, str]] = set()
        day = self.tables.get(META, {}).get(DAY_KEY)
        for c in self.conflicts:
            if c.event is None:
                continue
            if c.leaves:
                found.update((c.event, a.bib) for _, a in c.leaves)
            elif c.bib is not None:
                found.add((c.event, c.bib))
            elif isinstance(day, Day) and c.heat is not None:
                found.update(
                    (c.event, e.bib)
                    for e in day.lineup(c.event, c.heat)
                    if c.lane is None or e.lane == c.lane
                )
        return found


def supersedes(
    newer: Attempt | HeatState, newer_at: str, older: Attempt | HeatState, older_at: str
) -> bool:
    """Whether `newer` was made from `older` (or from a later version of its station)."""
    (s1, n1), (s2, n2) = rev_of(newer, newer_at), rev_of(older, older_at)
    if s1 == s2:
        return n1 > n2
    return any(
        (p.rpartition(":")[0] == s2 and int(p.rpartition(":")[2] or 0) >= n2) for p in newer.parents
    )


def leaves(versions: Mapping[str, Any]) -> dict[str, Any]:
    """The versions of one record no other station's version superseded, by station."""
    return {
        sid: v
        for sid, v in versions.items()
        if not any(supersedes(w, tid, v, sid) for tid, w in versions.items() if tid != sid)
    }


def outcome(attempt: Attempt) -> tuple[Any, ...]:
    """What a version holds as a result (what two stations must agree on)."""
    return (attempt.lane, attempt.bib, *attempt.result_fields().values(), attempt.void)


def result_of(attempt: Attempt) -> dict[str, Any]:
    """A version's result as plain data, for a conflict's values."""
    fields = {"lane": attempt.lane, "bib": attempt.bib}
    fields |= {k: v for k, v in attempt.result_fields().items() if v is not None}
    if attempt.void:
        fields["void"] = attempt.void
    return fields


def union(views: Iterable[StationView], own: str | None = None) -> Union:
    """Merge every station's view; the same for the same views in any order.

    `own` is the station whose actions (its `backspace` history) the union
    keeps: another station's keys are never undone here.
    """
    stations = {v.station: v for v in views}
    held: dict[tuple[str, str], dict[str, Any]] = defaultdict(dict)
    changes: list[tuple[str, Change]] = []
    for sid in sorted(stations):
        for table, rows in stations[sid].tables.items():
            if table in LOCAL_TABLES or table == META:
                continue
            if table == CHANGES:
                changes += [(sid, c) for c in rows.values() if isinstance(c, Change)]
                continue
            if table == ACTIONS and sid != own:
                continue
            for key, value in rows.items():
                held[(table, key)][sid] = value
    merged_day, conflicts, resolved = _day(stations, _choices(held))
    day = merged_day.day if merged_day else None
    tables: dict[str, dict[str, Any]] = defaultdict(dict)
    attempts: dict[str, dict[str, Attempt]] = {}
    for (table, key), by_station in held.items():
        if table == ATTEMPTS:
            attempts[key] = {s: a for s, a in by_station.items() if isinstance(a, Attempt)}
        elif table == HEATS:
            tables[HEATS][key] = _heat(by_station)
        elif table != RESOLUTIONS:
            tables[table][key] = by_station[min(by_station)]  # one station's own (actions)
    standing, lane_conflicts = _attempts(attempts, day)
    if day is not None:
        standing = _unseated(standing, day, resolved)
    tables[ATTEMPTS] = standing
    if merged_day is not None:
        tables[META] = {DAY_KEY: merged_day.day}
    changes.sort(key=lambda sc: (sc[1].at, sc[0], sc[1].key))
    found = sorted(lane_conflicts + conflicts, key=lambda c: c.id)
    return Union(dict(tables), found, _clashes(held, tables), sorted(resolved), changes)


def _attempts(
    attempts: Mapping[str, Mapping[str, Attempt]], day: Day | None
) -> tuple[dict[str, Attempt], list[Conflict]]:
    """The attempt that stands under each id, and the lanes whose results are in conflict.

    Under one id: its one leaf, or its leaves that agree. Leaves that disagree,
    and different attempts holding different results in one lane (two first
    values), are a lane's conflict; one of them is kept in the tables so the
    heat still shows its lane, and the conflict keeps it off the ranking.
    """
    standing: dict[str, Attempt] = {}
    contested: dict[tuple[str, int, int], list[tuple[str, Attempt]]] = defaultdict(list)
    for key, versions in attempts.items():
        tips = leaves(versions)
        chosen = min(tips.items(), key=lambda item: item[1].rev or item[0])[1]
        standing[key] = chosen
        if len({outcome(a) for a in tips.values()}) > 1:
            for sid, a in tips.items():
                contested[(a.event, a.heat, a.lane)].append((sid, a))
    by_lane: dict[tuple[str, int, int], list[tuple[str, Attempt]]] = defaultdict(list)
    for key, versions in attempts.items():
        a = standing[key]
        if a.void is None:
            holder = next(s for s, v in versions.items() if v is a)
            by_lane[(a.event, a.heat, a.lane)].append((holder, a))
    for slot, live in by_lane.items():
        if len({outcome(a) for _, a in live}) > 1 and len({a.id for _, a in live}) > 1:
            known = {(s, a.id) for s, a in contested[slot]}
            contested[slot] += [(s, a) for s, a in live if (s, a.id) not in known]
    by_heat: dict[tuple[str, int, frozenset[str]], list[int]] = defaultdict(list)
    for (event, heat, lane), found in contested.items():
        by_heat[(event, heat, frozenset(s for s, _ in found))].append(lane)
    conflicts = []
    for (event, heat, among), lanes in sorted(by_heat.items(), key=lambda i: (i[0][:2], i[1])):
        pairs = tuple(
            sorted(
                (p for lane in lanes for p in contested[(event, heat, lane)]),
                key=lambda t: (t[0], t[1].lane, t[1].id),
            )
        )
        values: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for sid, a in pairs:
            values[sid].append(result_of(a))
        if len(lanes) > 1:  # one heat timed twice: one decision for all its lanes
            where = f"heat:{event}#{heat}:{'+'.join(sorted(among))}"
            conflicts.append(Conflict(where, "heat", event, heat, None, dict(values), None, pairs))
            continue
        [lane] = lanes
        bib = _bib(day, event, heat, lane, [a for _, a in pairs])
        where = f"lane:{event}#{heat}#{lane}"
        conflicts.append(Conflict(where, "lane", event, heat, lane, dict(values), bib, pairs))
    return standing, conflicts


def _unseated(
    standing: dict[str, Attempt], day: Day, resolved: Iterable[str]
) -> dict[str, Attempt]:
    """An athlete two stations seated in different lanes, decided for one lane: the results
    recorded in the other lane count no more (voided here, kept in every station's files)."""
    decided: set[tuple[str, str]] = set()
    for item in resolved:
        bib, _, event = item.removeprefix("day:athlete:").partition("@")
        if item.startswith("day:athlete:") and event:
            decided.add((event, bib))
    if not decided:
        return standing
    seats: dict[tuple[str, str], set[tuple[int, int]]] = defaultdict(set)
    for entry in day.lanes:
        seats[(entry.event, entry.bib)].add((entry.heat, entry.lane))
    kept = dict(standing)
    for key, a in standing.items():
        held = seats.get((a.event, a.bib), set())
        if (a.event, a.bib) in decided and a.void is None and (a.heat, a.lane) not in held:
            where = ", ".join(f"heat {h} lane {n}" for h, n in sorted(held)) or "no lane"
            kept[key] = a.model_copy(update={"void": f"seat decided: {where}"})
    return kept


PHASE_RANK = {HeatPhase.RUNNING: 3, HeatPhase.RERUN: 2, HeatPhase.READY: 1, HeatPhase.DONE: 0}
"""Which of two heat states that did not see each other shows: a heat is final only when
every station that holds it closed it."""


def _heat(by_station: Mapping[str, Any]) -> Any:
    """The heat state that shows: its one leaf, or of leaves that did not see each other the
    least final (a heat is done only when every station that holds it closed it)."""
    states = {s: h for s, h in by_station.items() if isinstance(h, HeatState)}
    if not states:
        return by_station[min(by_station)]
    tips = leaves(states)
    return max(
        tips.items(), key=lambda item: (PHASE_RANK[item[1].phase], item[1].rev or "", item[0])
    )[1]


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
    stations: Mapping[str, StationView], choices: Mapping[str, tuple[str, str]]
) -> tuple[MergedDay | None, list[Conflict], list[str]]:
    """The merged definition, its open disagreements, and those a choice settles."""
    names = sorted(stations)
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
    slot = d.slot or (d.event, None, None)
    return Conflict(f"day:{d.item}", kind, slot[0], slot[1], slot[2], d.values, d.bib)


def _bib(
    day: Day | None, event: str, heat: int, lane: int, attempts: Iterable[Attempt]
) -> str | None:
    if day is not None:
        for entry in day.lineup(event, heat):
            if entry.lane == lane:
                return entry.bib
    return next((a.bib for a in attempts), None)


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


def decide(
    conflict: Conflict, chosen: str, reason: str, at: str, source: str
) -> list[tuple[Attempt, Change]]:
    """A referee's choice of `chosen`'s values for a lane (or a heat) in conflict: one new
    version of each attempt in the conflict, each made from every version in it (so it
    supersedes them all, at every desk it reaches); the chosen station's results stand, the
    others are voided. Each comes with the change record that keeps the choice and its
    reason in the history."""
    if conflict.kind not in ("lane", "heat") or chosen not in conflict.values:
        raise ValueError(f"{chosen} holds no value in {conflict.id}")
    seen: set[str] = set()
    for sid, leaf in conflict.leaves:
        seen |= {leaf.rev or f"{sid}:0", *leaf.parents}
    stands = {leaf.id: leaf for sid, leaf in conflict.leaves if sid == chosen}
    first: dict[str, Attempt] = {}
    counted: dict[str, int] = {}
    for _, leaf in conflict.leaves:
        first.setdefault(leaf.id, leaf)
        counted[leaf.id] = max(counted.get(leaf.id, 0), leaf.changes)
    edits: dict[str, tuple[Attempt, Change]] = {}
    for attempt_id, leaf in first.items():
        kept = stands.get(attempt_id)
        base = kept or leaf
        update: dict[str, Any] = {
            "parents": tuple(sorted(seen)),
            "changes": counted[attempt_id] + 1,
        }
        update["void"] = None if kept is not None else f"conflict decided for {chosen}"
        new = base.model_copy(update=update)
        change = Change(
            attempt_id=attempt_id,
            n=counted[attempt_id],
            event=leaf.event,
            heat=leaf.heat,
            lane=leaf.lane,
            bib=leaf.bib,
            kind="resolve",
            at=at,
            reason=reason,
            old={**leaf.result_fields(), "void": leaf.void},
            new={**new.result_fields(), "void": new.void},
            source=source,
        )
        edits[attempt_id] = (new, change)
    return list(edits.values())
