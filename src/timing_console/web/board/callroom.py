"""The call room's section of the board: each station's heat on now, the next two, their clocks.

A station is where one event is run (its track, its court, its ring of
ropes): its heats go in programme order, one at a time. What is done, on now
and still to come is decided by `rules.progress` (a heat is done only once
the referee closed it), so the call room never calls a heat the book still
counts as open, or the reverse.

A running heat's clock is sent as its start on the wall clock, once: the
page counts from it (up for a race, down for a countdown), so a ticking
clock costs the server nothing. The page corrects for its own clock with the
server's time stamped on each message (see `server.stamped`).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from itertools import chain
from typing import Any

from timing_console.model import (
    Athlete,
    Attempt,
    Day,
    EventKind,
    EventSpec,
    HeatPhase,
    HeatState,
    LaneEntry,
    Status,
    heat_key,
)
from timing_console.rules.heat.clock import format_clock
from timing_console.rules.progress import open_heats
from timing_console.words import text

CALLED = 2
"""Heats called after the one on now: the next to the start, and the one after it."""


def clock(spec: EventSpec, state: HeatState, attempts: Iterable[Attempt]) -> dict[str, Any] | None:
    """How a page draws the heat's clock, or None while it has none to show.

    `start` is the gun on the console's wall clock (epoch ms); a countdown
    adds its length (`down`), and a race whose every lane is in stops at its
    last finish (`stop`, ms) instead of counting on until the referee closes
    it. Free throws have no gun and no clock.
    """
    if state.phase is not HeatPhase.RUNNING or state.started_wall is None:
        return None
    if spec.kind is EventKind.SHOTS:
        return None
    drawn: dict[str, Any] = {"start": round(state.started_wall * 1000)}
    if spec.kind is EventKind.COUNT and spec.duration_s is not None:
        drawn["down"] = spec.duration_s * 1000
    if spec.kind is EventKind.RACE:
        this_run = [a for a in attempts if a.run == state.run]
        if this_run and all(a.status is not None for a in this_run):
            drawn["stop"] = max((a.time_ms or 0 for a in this_run), default=0)
    return drawn


def _heat(
    spec: EventSpec,
    state: HeatState,
    lineup: list[LaneEntry],
    athletes: dict[str, Athlete],
    attempts: list[Attempt],
) -> dict[str, Any]:
    """One heat as the call room lists it: its lanes, who is in each, who will not start."""
    absent = {a.lane for a in attempts if a.status is Status.DNS}
    lanes = []
    for entry in lineup:
        athlete = athletes.get(entry.bib)
        lanes.append(
            {
                "lane": entry.lane,
                "bib": entry.bib,
                "name": athlete.name if athlete else "",
                "unit": athlete.unit if athlete else "",
                "dns": entry.lane in absent,
            }
        )
    return {
        "heat": state.heat,
        "phase": state.phase.value,
        "zh": text(state.phase.value, "zh"),
        "en": text(state.phase.value, "en"),
        "clock": clock(spec, state, attempts),
        "lanes": lanes,
    }


def stations(
    day: Day,
    heats: dict[str, HeatState],
    attempts: Callable[[str | None], list[Attempt]],
    previous: list[dict[str, Any]] | None = None,
    touched: Collection[str] | None = None,
) -> list[dict[str, Any]]:
    """Every station in programme order: its heats on now, the next `CALLED`, what is left.

    With the `previous` stations and the events `touched` since, a station
    whose event nothing touched keeps its section as it was: a save changes
    one event, and its station is the only one to rebuild. `attempts(event)`
    gives an event's attempts that count (None: every event's), as
    `DayView.attempts` does.
    """
    events = day.events()
    kept = {s["id"]: s for s in previous or ()}
    fresh = {s.id for s in events if touched is None or s.id in touched or s.id not in kept}
    waiting: dict[str, list[HeatState]] = defaultdict(list)
    for event, n in open_heats(day, heats):
        if event in fresh:
            waiting[event].append(heats.get(heat_key(event, n)) or HeatState(event=event, heat=n))
    on_now = {e: [s for s in ss if s.phase is HeatPhase.RUNNING] for e, ss in waiting.items()}
    up_next = {
        e: [s for s in ss if s.phase is not HeatPhase.RUNNING][:CALLED] for e, ss in waiting.items()
    }
    wanted = {(s.event, s.heat) for group in (*on_now.values(), *up_next.values()) for s in group}
    theirs: dict[tuple[str, int], list[Attempt]] = defaultdict(list)
    every = len(fresh) == len(events)
    for attempt in attempts(None) if every else chain.from_iterable(map(attempts, fresh)):
        if (attempt.event, attempt.heat) in wanted:
            theirs[(attempt.event, attempt.heat)].append(attempt)
    lineups: dict[tuple[str, int], list[LaneEntry]] = defaultdict(list)
    for entry in day.lanes:
        if (entry.event, entry.heat) in wanted:
            lineups[(entry.event, entry.heat)].append(entry)
    athletes = {a.bib: a for a in day.athletes}

    def drawn(spec: EventSpec, states: list[HeatState]) -> list[dict[str, Any]]:
        return [
            _heat(
                spec,
                s,
                sorted(lineups[(s.event, s.heat)], key=lambda e: e.lane),
                athletes,
                theirs[(s.event, s.heat)],
            )
            for s in states
        ]

    return [
        {
            "id": spec.id,
            "zh": spec.zh,
            "en": spec.en,
            "kind": spec.kind.value,
            "left": len(waiting.get(spec.id, ())),
            "now": drawn(spec, on_now.get(spec.id, [])),
            "next": drawn(spec, up_next.get(spec.id, [])),
        }
        if spec.id in fresh
        else kept[spec.id]
        for spec in events
    ]


ROLES = {"now": "board_on_now", "next": "board_to_the_start", "later": "board_get_ready"}
"""What the call room says of a heat by its place in the queue (the page's script says the same)."""


def running(data: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(station, heat) of every heat on now, in programme order: the strip of live clocks."""
    return [(s, h) for s in data.get("stations", ()) for h in s["now"]]


def calls(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Stations with a heat to call to the start; the one the announcer just read out first."""
    announced = (data.get("announcer") or {}).get("event")
    waiting = [s for s in data.get("stations", ()) if s["next"]]
    return sorted(waiting, key=lambda s: s["id"] != announced)


def face(drawn: dict[str, Any], now: int) -> str:
    """A clock as the page first shows it at `now` (epoch ms), before its script ticks it.

    Races count up in tenths and stop at their last finish; countdowns count
    down in whole seconds, rounded up, so 0:00 shows only when time is up.
    """
    elapsed = max(0, now - drawn["start"])
    if drawn.get("down") is not None:
        return format_clock(math.ceil(max(0, drawn["down"] - elapsed) / 1000), decimals=0)
    if drawn.get("stop") is not None:
        return format_clock(drawn["stop"] / 1000, decimals=1)
    return format_clock(elapsed / 1000, decimals=1)
