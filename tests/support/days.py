"""Days, athletes, attempts and heats built in memory, and a heat's lanes read from a day."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from timing_console.model import (
    CATALOGUE,
    Athlete,
    Attempt,
    Day,
    HeatState,
    LaneEntry,
    Rules,
    Status,
)
from timing_console.rules.heat.machine import HeatMachine

RECORDED_AT = "2026-09-20T09:00:00"
_ids = itertools.count()


def make_day(
    athletes: Sequence[Athlete] = (),
    lanes: Sequence[LaneEntry] = (),
    rules: Rules | None = None,
) -> Day:
    """A day of these athletes and lanes under `rules` (title, date and venue made up)."""
    return Day(
        title="t",
        date="2026-09-20",
        venue="v",
        rules=rules or Rules(),
        athletes=tuple(athletes),
        lanes=tuple(lanes),
    )


def entrant(bib: str, *events: str, unit: str = "U1") -> Athlete:
    """An athlete named after the bib, entered in `events`."""
    return Athlete(bib=bib, name=f"n{bib}", unit=unit, events=events)


def att(
    bib: str,
    event: str,
    status: Status | None = Status.OK,
    *,
    time_ms: int | None = None,
    count: int | None = None,
    shots: str | None = None,
    lane: int = 1,
    heat: int = 1,
    recorded_at: str = RECORDED_AT,
    void: str | None = None,
) -> Attempt:
    """One attempt of `bib` at `event`, with an id of its own."""
    return Attempt(
        id=f"a{next(_ids)}",
        event=event,
        heat=heat,
        lane=lane,
        bib=bib,
        status=status,
        time_ms=time_ms,
        count=count,
        shots=shots,
        recorded_at=recorded_at,
        void=void,
    )


def new_heat(event: str, lanes: int = 3) -> HeatMachine:
    """Heat 1 of a catalogue event, bibs 101 and up in lanes 1 to `lanes`, nothing recorded."""
    lineup = tuple(
        LaneEntry(event=event, heat=1, lane=n, bib=f"{100 + n}") for n in range(1, lanes + 1)
    )
    return HeatMachine(CATALOGUE[event], lineup, HeatState(event=event, heat=1), {})


def lanes_of(day: Day, event: str, heat: int = 1) -> list[int]:
    """The lanes of a heat with an athlete in them, in lane order."""
    return [e.lane for e in day.lineup(event, heat)]
