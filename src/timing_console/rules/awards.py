"""Who takes what home: the prize list, the participation list and the team table.

Built from event standings, so a place counts for prizes exactly as the
results show it.

Choices the rulings leave open:

- Team points go to prize places only (within the event's places awarded): a
  fourth of four entrants scores nothing even though the points table has a
  value for fourth, so the team table never rewards a place the results do not.
- A shared place gives every athlete on it that place's full points.
- The team table lists every unit of the day, also those without points; a
  bib not on the entry list (unit '') scores for no unit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from timing_console.model import CATALOGUE, Attempt, Day, Status, bib_key
from timing_console.rules.ranking import UNKNOWN_NAME, EventStandings


@dataclass(frozen=True)
class PrizeRow:
    """An athlete's one prize: their best place of the day."""

    bib: str
    name: str
    unit: str
    event: str
    """Event id of the prize place."""
    place: int
    event_order: int
    other_places: tuple[tuple[str, int], ...]
    """Their other prize places (event id, place), in programme order; kept in the results."""


@dataclass(frozen=True)
class ParticipationRow:
    """An athlete who started at least once, owed a participation prize."""

    bib: str
    name: str
    unit: str
    events: tuple[str, ...]
    """Event ids they started, in programme order."""


@dataclass(frozen=True)
class TeamRow:
    """A unit's line in the team table."""

    place: int
    unit: str
    points: int
    golds: int
    places: tuple[int, ...]
    """How many prize places the unit won at place 1, 2, ... n."""


def prize_list(
    standings: Sequence[EventStandings], withheld: Collection[tuple[str, str]] = ()
) -> list[PrizeRow]:
    """Each prize-winner once, for their best place, as the notice awards them.

    Equal best places go to the event earlier in the programme. The list is
    sorted by event order, then place, then bib, as prizes are handed out.
    An athlete with a result in `withheld` ((event, bib) of an open conflict
    between stations) is left off until it is decided: their best place may
    change with it.
    """
    held = {bib for _, bib in withheld}
    won: dict[str, list[tuple[int, int, str, str, str]]] = defaultdict(list)
    for event in standings:
        for row in event.rows:
            if row.prize and row.place is not None and row.bib not in held:
                won[row.bib].append((row.place, event.event.order, row.event, row.name, row.unit))
    prizes: list[PrizeRow] = []
    for bib, places in won.items():
        places.sort(key=lambda p: (p[0], p[1]))
        place, order, event_id, name, unit = places[0]
        others = sorted(places[1:], key=lambda p: p[1])
        prizes.append(
            PrizeRow(
                bib=bib,
                name=name,
                unit=unit,
                event=event_id,
                place=place,
                event_order=order,
                other_places=tuple((p[2], p[0]) for p in others),
            )
        )
    prizes.sort(key=lambda p: (p.event_order, p.place, bib_key(p.bib)))
    return prizes


def participation_list(day: Day, attempts: Iterable[Attempt]) -> list[ParticipationRow]:
    """Everyone who started at least one counting attempt, sorted by unit then bib.

    An attempt still in progress has been started; a DNS has not; a voided
    attempt (re-run, undo) is not counted.
    """
    started: dict[str, set[str]] = defaultdict(set)
    for attempt in attempts:
        if attempt.void is None and attempt.status is not Status.DNS:
            started[attempt.bib].add(attempt.event)
    athletes = {a.bib: a for a in day.athletes}
    rows: list[ParticipationRow] = []
    for bib, events in started.items():
        athlete = athletes.get(bib)
        ordered = sorted(events, key=lambda e: (_order(e), e))
        rows.append(
            ParticipationRow(
                bib=bib,
                name=athlete.name if athlete else UNKNOWN_NAME,
                unit=athlete.unit if athlete else "",
                events=tuple(ordered),
            )
        )
    rows.sort(key=lambda r: (r.unit, bib_key(r.bib)))
    return rows


def _order(event_id: str) -> int:
    spec = CATALOGUE.get(event_id)
    return spec.order if spec is not None else len(CATALOGUE) + 1


def team_table(day: Day, standings: Sequence[EventStandings]) -> list[TeamRow]:
    """Units ranked by team points from prize places, as a secondary table.

    Ranked by points, then more first places, then more seconds, and so on;
    units still equal share the place and the next is skipped (1, 2, 2, 4).
    """
    points_table = day.rules.team_points
    depth = max(
        [day.rules.places.top]
        + [row.place for e in standings for row in e.rows if row.prize and row.place]
    )
    points: dict[str, int] = {a.unit: 0 for a in day.athletes if a.unit}
    counts: dict[str, list[int]] = {unit: [0] * depth for unit in points}
    for event in standings:
        for row in event.rows:
            if not (row.prize and row.place and row.unit):
                continue
            if row.unit not in points:
                points[row.unit] = 0
                counts[row.unit] = [0] * depth
            if row.place <= len(points_table):
                points[row.unit] += points_table[row.place - 1]
            counts[row.unit][row.place - 1] += 1

    def strength(unit: str) -> tuple[int, tuple[int, ...]]:
        return (-points[unit], tuple(-c for c in counts[unit]))

    table: list[TeamRow] = []
    previous: tuple[int, tuple[int, ...]] | None = None
    place = 0
    for position, unit in enumerate(sorted(points, key=lambda u: (strength(u), u)), start=1):
        if strength(unit) != previous:
            place, previous = position, strength(unit)
        table.append(
            TeamRow(
                place=place,
                unit=unit,
                points=points[unit],
                golds=counts[unit][0],
                places=tuple(counts[unit]),
            )
        )
    return table
