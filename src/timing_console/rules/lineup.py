"""Changes on the day: an athlete moved, two lanes swapped, a late athlete or entry added.

Pure: each function takes the day, the heats' states and the attempts, and
returns the new day with the change records that explain it, or refuses with
a HeatError naming why. A heat's line-up changes only before it starts; a lane
with a result is never moved (the result belongs to it); a closed heat takes
no one. A late entry keeps the entry rules (at most `max_events`, at least one
marked event) unless an organiser overrides them, which the reason records.
Marking an athlete absent before their heat is the heat's own DNS key.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from timing_console.model import (
    Athlete,
    Attempt,
    Change,
    Day,
    HeatPhase,
    HeatState,
    LaneEntry,
    Status,
    heat_key,
)
from timing_console.rules.entries import event_problems
from timing_console.rules.heat.stamp import HeatError, ReasonNeeded, Stamp
from timing_console.rules.refusal import event_named
from timing_console.words import Said


@dataclass(frozen=True)
class LineupChange:
    """The day with its new line-up, the records saying what changed and why, and the heat
    they are noted on (its `notes` counter moved on)."""

    day: Day
    changes: tuple[Change, ...]
    heat: HeatState


@dataclass(frozen=True)
class Lineup:
    """What a line-up change is checked against: the day as it is now."""

    day: Day
    heats: Mapping[str, HeatState]
    attempts: Sequence[Attempt]
    """Attempts that count (not void)."""

    def open_heat(self, event: str, heat: int) -> HeatState:
        """The heat's state, if its line-up may still change."""
        if heat not in self.day.heat_numbers(event):
            raise HeatError("no_such_heat", event=event_named(self.day.event(event)), heat=heat)
        state = self.heats.get(heat_key(event, heat)) or HeatState(event=event, heat=heat)
        if state.phase is HeatPhase.DONE:
            raise HeatError("lineup_heat_closed", heat=heat)
        started = any(
            a.event == event and a.heat == heat and a.status is not Status.DNS
            for a in self.attempts
        )
        if state.phase is HeatPhase.RUNNING or started:
            raise HeatError("lineup_heat_started", heat=heat)
        return state

    def seat(self, event: str, bib: str) -> LaneEntry:
        """Where an athlete runs in an event."""
        for entry in self.day.lanes:
            if entry.event == event and entry.bib == bib:
                return entry
        raise HeatError("bib_has_no_lane", bib=bib, event=event_named(self.day.event(event)))

    def free_lane(self, event: str, heat: int, lane: int) -> None:
        """Refuse a lane that does not exist or is taken."""
        lanes = self.day.event(event).lanes
        if not 1 <= lane <= lanes:
            raise HeatError(
                "no_such_lane", lane=lane, event=event_named(self.day.event(event)), lanes=lanes
            )
        for entry in self.day.lineup(event, heat):
            if entry.lane == lane:
                raise HeatError("lane_taken", heat=heat, lane=lane, bib=entry.bib)

    def untouched(self, entry: LaneEntry) -> None:
        """Refuse a lane that already has something recorded (a DNS included)."""
        for a in self.attempts:
            if (a.event, a.heat, a.lane) == (entry.event, entry.heat, entry.lane):
                raise HeatError(
                    "lane_has_record",
                    heat=entry.heat,
                    lane=entry.lane,
                    what=a.status or Said("a_start"),
                )


def _reason(reason: str) -> str:
    if not reason.strip():
        raise ReasonNeeded("lineup_needs_reason")
    return reason.strip()


def _note(n: int, entry: LaneEntry, old: dict[str, int], why: str, stamp: Stamp) -> Change:
    return Change(
        n=n,
        event=entry.event,
        heat=entry.heat,
        lane=entry.lane,
        bib=entry.bib,
        kind="lineup",
        at=stamp.label,
        reason=why,
        old=old,
        new={"heat": entry.heat, "lane": entry.lane},
    )


def _result(
    state: HeatState, lanes: Sequence[LaneEntry], notes: list[Change], day: Day
) -> LineupChange:
    heat = state.model_copy(update={"notes": state.notes + len(notes)})
    return LineupChange(day.model_copy(update={"lanes": tuple(lanes)}), tuple(notes), heat)


def move(
    now: Lineup, event: str, bib: str, heat: int, lane: int, *, reason: str, stamp: Stamp
) -> LineupChange:
    """Move an athlete to another heat or lane of the same event, before either heat starts."""
    why = _reason(reason)
    seat = now.seat(event, bib)
    now.open_heat(event, seat.heat)
    now.untouched(seat)
    state = now.open_heat(event, heat)
    now.free_lane(event, heat, lane)
    moved = seat.model_copy(update={"heat": heat, "lane": lane})
    lanes = [moved if e == seat else e for e in now.day.lanes]
    old = {"heat": seat.heat, "lane": seat.lane}
    return _result(state, lanes, [_note(state.notes, moved, old, why, stamp)], now.day)


def swap(
    now: Lineup, event: str, heat: int, lane_a: int, lane_b: int, *, reason: str, stamp: Stamp
) -> LineupChange:
    """Swap the athletes of two lanes of one heat before the gun."""
    why = _reason(reason)
    state = now.open_heat(event, heat)
    by_lane = {e.lane: e for e in now.day.lineup(event, heat)}
    if lane_a == lane_b or lane_a not in by_lane or lane_b not in by_lane:
        raise HeatError("two_lanes", heat=heat)
    a, b = by_lane[lane_a], by_lane[lane_b]
    now.untouched(a)
    now.untouched(b)
    new_a, new_b = a.model_copy(update={"lane": lane_b}), b.model_copy(update={"lane": lane_a})
    lanes = [new_a if e == a else new_b if e == b else e for e in now.day.lanes]
    notes = [
        _note(state.notes, new_a, {"heat": heat, "lane": lane_a}, why, stamp),
        _note(state.notes + 1, new_b, {"heat": heat, "lane": lane_b}, why, stamp),
    ]
    return _result(state, lanes, notes, now.day)


def add_late(
    now: Lineup,
    athlete: Athlete,
    event: str,
    heat: int,
    lane: int,
    *,
    reason: str,
    stamp: Stamp,
    override: bool = False,
) -> LineupChange:
    """A late athlete, or a late entry of one already on the day, into a heat not yet run.

    The entry rules apply to the athlete's events with this one added; an
    organiser may override them (`override`), and the reason says so.
    """
    why = _reason(reason)
    known = now.day.athlete(athlete.bib)
    base = known or athlete
    if event in base.events:
        raise HeatError("already_entered", bib=base.bib, event=event_named(now.day.event(event)))
    entered = base.model_copy(update={"events": (*base.events, event)})
    problems = event_problems(entered, now.day.rules)
    if problems and not override:
        raise HeatError("entry_rule", problem=problems[0])
    state = now.open_heat(event, heat)
    now.free_lane(event, heat, lane)
    seat = LaneEntry(event=event, heat=heat, lane=lane, bib=base.bib)
    athletes = [entered if a.bib == base.bib else a for a in now.day.athletes]
    if known is None:
        athletes.append(entered)
    day = now.day.model_copy(update={"athletes": tuple(athletes)})
    if problems:
        why = f"{why} (entry rules overridden: {problems[0]})"
    notes = [_note(state.notes, seat, {}, why, stamp)]
    return _result(state, [*now.day.lanes, seat], notes, day)
