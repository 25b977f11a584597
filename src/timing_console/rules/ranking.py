"""Standings of an event: who placed where, who is void, who has yet to go.

The console, the CLI and the exports all show standings from here, so a rule
(rounding, ties, places awarded) is applied once and the same everywhere.

Choices the rulings leave open:

- Only attempts with `void is None` and a status count. When one athlete has
  several counting finished attempts in an event (which a re-run should not
  leave), the latest recorded wins: greatest `recorded_at`, then `run`, then
  `id`, so the choice never depends on input order.
- An OK attempt with no value to rank (no time, count or shots) is treated as
  not yet finished: the athlete stays pending rather than being placed on a
  guess.
- Void rows show only their code: a fouled time is no result.
- Free throws with only a count (no shot string) rank after everyone with the
  same baskets whose first basket is known.
- Bibs sort numerically when they are all digits ('9' before '10').
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from timing_console.model import (
    CATALOGUE,
    VOID_CODES,
    Athlete,
    Attempt,
    Day,
    EventKind,
    EventSpec,
    Status,
    bib_key,
    hundredths,
)
from timing_console.rules.heat.results import result_text

UNKNOWN_NAME = "?"
"""Name shown for a bib that is not on the day's entry list."""


@dataclass(frozen=True)
class StandingRow:
    """One athlete's line in an event's standings."""

    place: int | None
    """None when unranked (void or pending)."""
    bib: str
    name: str
    unit: str
    event: str
    """Event id."""
    status: Status | None
    """None while the athlete has no finished result (pending)."""
    result: str
    """'12.35' for races, an integer otherwise, the code for voids, '' when pending."""
    time_ms: int | None
    count: int | None
    """The count; for free throws, the baskets made."""
    shots: str | None
    first_basket: int | None
    """1-based shot number of the first basket (free throws only)."""
    prize: bool
    """Placed within the places the event awards."""
    heat: int | None
    lane: int | None
    corrected: bool = False
    """A referee changed this result after it was first saved (shown with a mark)."""
    conflict: str | None = None
    """Stations recorded this athlete's result without seeing each other: their values
    (`station: value | ...`), none ranked until a referee chooses one."""


@dataclass(frozen=True)
class EventStandings:
    """An event's rows (ranked, then voids, then pending) and its prize count."""

    event: EventSpec
    rows: tuple[StandingRow, ...]
    entrants: int
    """Distinct athletes entered: athlete entries together with heat line-ups."""
    places_awarded: int


@dataclass(frozen=True)
class _Index:
    """Day lookups built once, so ranking every event stays linear."""

    athletes: dict[str, Athlete]
    entered: dict[str, set[str]]
    seats: dict[str, dict[str, tuple[int, int]]]


def _index(day: Day) -> _Index:
    athletes = {a.bib: a for a in day.athletes}
    entered: dict[str, set[str]] = defaultdict(set)
    seats: dict[str, dict[str, tuple[int, int]]] = defaultdict(dict)
    for athlete in day.athletes:
        for event_id in athlete.events:
            entered[event_id].add(athlete.bib)
    for entry in sorted(day.lanes, key=lambda e: (e.heat, e.lane)):
        entered[entry.event].add(entry.bib)
        seats[entry.event].setdefault(entry.bib, (entry.heat, entry.lane))
    return _Index(athletes, dict(entered), dict(seats))


def _recency(attempt: Attempt) -> tuple[str, int, str]:
    return (attempt.recorded_at, attempt.run, attempt.id)


def first_basket(shots: str | None) -> int | None:
    """The shot number (1-based) of the first basket: the tie-break on equal totals."""
    if shots is None:
        return None
    position = shots.find("1")
    return position + 1 if position >= 0 else None


_NO_SHOT = 1_000
"""First-basket key for baskets known only as a count: after every known first basket."""


def _score(spec: EventSpec, attempt: Attempt) -> tuple[int, int] | None:
    """Sort key of an OK result, lower ranks ahead; None if there is nothing to rank."""
    if spec.kind is EventKind.RACE:
        return None if attempt.time_ms is None else (hundredths(attempt.time_ms), 0)
    if spec.kind is EventKind.COUNT:
        return None if attempt.count is None else (-attempt.count, 0)
    if attempt.shots is not None:
        first = first_basket(attempt.shots)
        return (-attempt.shots.count("1"), first or 0)
    if attempt.count is None:
        return None
    unknown_first = _NO_SHOT if attempt.count > 0 else 0
    return (-attempt.count, unknown_first)


class _Rows:
    """Builds rows for one event with the athlete and seat lookups at hand."""

    def __init__(self, spec: EventSpec, index: _Index) -> None:
        self.spec = spec
        self.athletes = index.athletes
        self.seats = index.seats.get(spec.id, {})

    def who(self, bib: str) -> tuple[str, str]:
        athlete = self.athletes.get(bib)
        return (athlete.name, athlete.unit) if athlete else (UNKNOWN_NAME, "")

    def ranked(self, attempt: Attempt, place: int, prize: bool) -> StandingRow:
        name, unit = self.who(attempt.bib)
        shots_event = self.spec.kind is EventKind.SHOTS
        count = attempt.count
        if shots_event and attempt.shots is not None:
            count = attempt.shots.count("1")
        return StandingRow(
            place=place,
            bib=attempt.bib,
            name=name,
            unit=unit,
            event=self.spec.id,
            status=Status.OK,
            result=str(count) if shots_event else result_text(attempt),
            time_ms=attempt.time_ms if self.spec.timed else None,
            count=None if self.spec.timed else count,
            shots=attempt.shots if shots_event else None,
            first_basket=first_basket(attempt.shots) if shots_event else None,
            prize=prize,
            corrected=attempt.corrected,
            heat=attempt.heat,
            lane=attempt.lane,
        )

    def unranked(self, bib: str, status: Status | None, attempt: Attempt | None) -> StandingRow:
        name, unit = self.who(bib)
        seat: tuple[int | None, int | None] = self.seats.get(bib, (None, None))
        if attempt is not None:
            seat = (attempt.heat, attempt.lane)
        return StandingRow(
            place=None,
            bib=bib,
            name=name,
            unit=unit,
            event=self.spec.id,
            status=status,
            result=status.value if status is not None else "",
            time_ms=None,
            count=None,
            shots=None,
            first_basket=None,
            prize=False,
            heat=seat[0],
            lane=seat[1],
            corrected=status is not None and attempt is not None and attempt.corrected,
        )


def _standings(
    day: Day,
    spec: EventSpec,
    attempts: Iterable[Attempt],
    index: _Index,
    conflicts: Mapping[str, str],
) -> EventStandings:
    finished: dict[str, Attempt] = {}
    started: dict[str, Attempt] = {}
    for attempt in attempts:
        if attempt.void is not None or attempt.bib in conflicts:
            continue
        table = finished if attempt.status is not None else started
        held = table.get(attempt.bib)
        if held is None or _recency(attempt) > _recency(held):
            table[attempt.bib] = attempt

    scored: list[tuple[tuple[int, int], tuple[int, int, str], Attempt]] = []
    voids: list[Attempt] = []
    for attempt in finished.values():
        if attempt.status is Status.OK:
            score = _score(spec, attempt)
            if score is not None:
                scored.append((score, bib_key(attempt.bib), attempt))
        else:
            voids.append(attempt)
    scored.sort(key=lambda item: (item[0], item[1]))

    entered = index.entered.get(spec.id, set())
    places_awarded = day.rules.places.places(len(entered), valid=len(scored))
    build = _Rows(spec, index)
    rows: list[StandingRow] = []
    place = 0
    previous: tuple[int, int] | None = None
    for position, (score, _, attempt) in enumerate(scored, start=1):
        if score != previous:
            place, previous = position, score
        rows.append(build.ranked(attempt, place, prize=place <= places_awarded))

    for bib in sorted(conflicts, key=bib_key):  # no value stands until a referee chooses
        rows.append(replace(build.unranked(bib, None, None), conflict=conflicts[bib]))

    void_order: dict[Status | None, int] = {code: i for i, code in enumerate(VOID_CODES)}
    voids.sort(key=lambda a: (void_order.get(a.status, len(VOID_CODES)), bib_key(a.bib)))
    rows.extend(build.unranked(a.bib, a.status, a) for a in voids)

    listed = {row.bib for row in rows}
    pending = (entered | started.keys() | finished.keys()) - listed
    for bib in sorted(pending, key=bib_key):
        rows.append(build.unranked(bib, None, started.get(bib) or finished.get(bib)))

    return EventStandings(
        event=spec, rows=tuple(rows), entrants=len(entered), places_awarded=places_awarded
    )


Conflicts = Mapping[tuple[str, str], str]
"""(event, bib) -> the values stations recorded without seeing each other (`station: value`)."""


def rank_event(
    day: Day, event_id: str, attempts: Iterable[Attempt], conflicts: Conflicts | None = None
) -> EventStandings:
    """Standings of one event from the attempts recorded so far.

    Args:
        day: The event day (settings, athletes, line-ups).
        event_id: A catalogue event id; attempts of other events are skipped.
        attempts: Any attempts of the day, in any order.
        conflicts: Results stations recorded differently: listed with their values,
            unranked (no rule, least of all a station's name, picks one).

    Raises:
        KeyError: The event id is not in the catalogue.
    """
    spec = day.event(event_id)
    mine = (a for a in attempts if a.event == event_id)
    return _standings(day, spec, mine, _index(day), _of(conflicts, event_id))


def rank_all(
    day: Day, attempts: Iterable[Attempt], conflicts: Conflicts | None = None
) -> list[EventStandings]:
    """Standings of every event, in programme order, reading the attempts once.

    Attempts of events outside the catalogue are ignored.
    """
    grouped: dict[str, list[Attempt]] = {event_id: [] for event_id in CATALOGUE}
    for attempt in attempts:
        bucket = grouped.get(attempt.event)
        if bucket is not None:
            bucket.append(attempt)
    index = _index(day)
    return [
        _standings(day, spec, grouped[spec.id], index, _of(conflicts, spec.id))
        for spec in day.events()
    ]


def _of(conflicts: Conflicts | None, event_id: str) -> dict[str, str]:
    """One event's conflicts, by bib."""
    return {bib: text for (event, bib), text in (conflicts or {}).items() if event == event_id}
