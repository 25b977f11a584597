"""Seeded heat drawing for a day without a heats file.

The draw must be reproducible (the same seed gives the same heats on any
machine, so a redraw at the desk matches the printed sheets), fair (athletes of
one unit meet in a heat only when there is no other way) and humane (nobody
finishes the last heat of one event and is called straight to the first heat of
the next, when the programme leaves room to avoid it).

Only the draw's own `random.Random(seed)` is used, and nothing depends on set
or hash order, so the result is independent of PYTHONHASHSEED.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from timing_console.model.day import Athlete, LaneEntry, bib_key
from timing_console.model.events import EventSpec

BACK_TO_BACK = 1000
"""Cost of one athlete in two consecutive heats; outweighs any unit clash."""
MAX_STEPS = 3000
"""Bound on repair steps, so an impossible programme still returns promptly."""
STALL = 300
"""Repair steps without a new best after which the draw settles for the best."""
NOISE = 0.15
"""Chance of a random swap when no swap helps, to leave a local minimum."""


@dataclass
class _Event:
    """One event's entrants split into heats, as the draw moves them about."""

    spec: EventSpec
    unit: dict[str, str]
    heats: list[list[str]] = field(default_factory=list)

    def heat_of(self, bib: str) -> int:
        for index, heat in enumerate(self.heats):
            if bib in heat:
                return index
        raise KeyError(bib)

    def clashes(self) -> int:
        """Pairs of same-unit athletes sharing a heat."""
        total = 0
        for heat in self.heats:
            counts: dict[str, int] = {}
            for bib in heat:
                counts[self.unit[bib]] = counts.get(self.unit[bib], 0) + 1
            total += sum(c * (c - 1) // 2 for c in counts.values())
        return total

    def fewest_clashes(self) -> int:
        """Clashes left when every unit is spread as evenly as the heats allow."""
        counts: dict[str, int] = {}
        for unit in self.unit.values():
            counts[unit] = counts.get(unit, 0) + 1
        k = len(self.heats)
        total = 0
        for c in counts.values():
            base, extra = divmod(c, k)
            total += extra * (base + 1) * base // 2 + (k - extra) * base * (base - 1) // 2
        return total


def _initial(spec: EventSpec, entrants: list[Athlete], rng: random.Random) -> _Event:
    """Fewest heats of balanced size, each unit dealt across them round-robin."""
    by_unit: dict[str, list[str]] = {}
    for athlete in entrants:
        by_unit.setdefault(athlete.unit, []).append(athlete.bib)
    units = sorted(by_unit)
    rng.shuffle(units)
    order: list[str] = []
    for unit in units:
        members = by_unit[unit]
        rng.shuffle(members)
        order.extend(members)
    count = math.ceil(len(order) / spec.lanes)
    event = _Event(spec, {a.bib: a.unit for a in entrants})
    event.heats = [order[i::count] for i in range(count)]
    return event


class _Programme:
    """The events in running order, with the cost of the current split."""

    def __init__(self, events: list[_Event]) -> None:
        self.events = events

    def overlap(self, i: int) -> list[str]:
        """Athletes in the last heat of event i and the first heat of event i+1."""
        last = self.events[i].heats[-1]
        first = set(self.events[i + 1].heats[0])
        return [bib for bib in last if bib in first]

    def local(self, i: int) -> int:
        """Cost terms that change when event i's heats change."""
        cost = self.events[i].clashes()
        if i > 0:
            cost += BACK_TO_BACK * len(self.overlap(i - 1))
        if i + 1 < len(self.events):
            cost += BACK_TO_BACK * len(self.overlap(i))
        return cost

    def cost(self) -> int:
        joins = sum(len(self.overlap(i)) for i in range(len(self.events) - 1))
        return BACK_TO_BACK * joins + sum(e.clashes() for e in self.events)

    def floor(self) -> int:
        """A cost no split can beat: single-heat neighbours and even unit spreads."""
        fixed = 0
        for i in range(len(self.events) - 1):
            if len(self.events[i].heats) == 1 and len(self.events[i + 1].heats) == 1:
                fixed += len(self.overlap(i))
        return BACK_TO_BACK * fixed + sum(e.fewest_clashes() for e in self.events)

    def culprits(self) -> list[tuple[int, str]]:
        """(event, bib) pairs a swap might fix, in a hash-independent order."""
        found: list[tuple[int, str]] = []
        for i in range(len(self.events) - 1):
            for bib in sorted(self.overlap(i), key=bib_key):
                found.extend((j, bib) for j in (i, i + 1) if len(self.events[j].heats) > 1)
        for i, event in enumerate(self.events):
            if len(event.heats) < 2 or event.clashes() == event.fewest_clashes():
                continue
            for heat in event.heats:
                units = [event.unit[b] for b in heat]
                found.extend((i, b) for b in heat if units.count(event.unit[b]) > 1)
        return found

    def swap(self, i: int, a: tuple[int, int], b: tuple[int, int]) -> None:
        heats = self.events[i].heats
        heats[a[0]][a[1]], heats[b[0]][b[1]] = heats[b[0]][b[1]], heats[a[0]][a[1]]


def _repair(programme: _Programme, rng: random.Random) -> None:
    """Swap athletes between heats of one event until the cost reaches its floor."""
    floor = programme.floor()
    cost = programme.cost()
    best = (cost, [[list(h) for h in e.heats] for e in programme.events])
    stalled = 0
    for _ in range(MAX_STEPS):
        if cost <= floor or stalled > STALL:
            break
        stalled += 1
        culprits = programme.culprits()
        if not culprits:
            break
        i, bib = rng.choice(culprits)
        event = programme.events[i]
        here = (event.heat_of(bib), event.heats[event.heat_of(bib)].index(bib))
        before = programme.local(i)
        options: list[tuple[int, tuple[int, int]]] = []
        for h, heat in enumerate(event.heats):
            if h == here[0]:
                continue
            for p in range(len(heat)):
                programme.swap(i, here, (h, p))
                options.append((programme.local(i) - before, (h, p)))
                programme.swap(i, here, (h, p))
        low = min(delta for delta, _ in options)
        if low <= 0:
            delta, there = rng.choice([o for o in options if o[0] == low])
        elif rng.random() < NOISE:
            delta, there = rng.choice(options)
        else:
            continue
        programme.swap(i, here, there)
        cost += delta
        if cost < best[0]:
            best = (cost, [[list(h) for h in e.heats] for e in programme.events])
            stalled = 0
    for event, heats in zip(programme.events, best[1], strict=True):
        event.heats = heats


def draw_heats(
    athletes: Sequence[Athlete], events: Sequence[EventSpec], seed: int
) -> list[LaneEntry]:
    """Draw every event's heats and lanes.

    Each event's entrants go into the fewest heats of at most `spec.lanes`,
    balanced in size (larger heats first). Athletes of one unit are spread
    across heats, and the last heat of an event shares nobody with the first
    heat of the next event in programme order, whenever the entries allow it.
    Lanes (or stations) are numbered 1..n in each heat in random order.

    Args:
        athletes: the day's athletes; events they list that are not in
            `events` are ignored.
        events: the day's events with overrides applied; run in `order`.
        seed: the draw's seed; the same inputs and seed give the same draw.

    Returns:
        Lane entries in programme order, heat by heat, lane by lane.
    """
    rng = random.Random(seed)
    drawn: list[_Event] = []
    for spec in sorted(events, key=lambda s: s.order):
        entrants = {a.bib: a for a in athletes if spec.id in a.events}
        if entrants:
            ordered = [entrants[b] for b in sorted(entrants, key=bib_key)]
            drawn.append(_initial(spec, ordered, rng))
    _repair(_Programme(drawn), rng)
    lanes: list[LaneEntry] = []
    for event in drawn:
        for number, heat in enumerate(event.heats, start=1):
            order = sorted(heat, key=bib_key)
            rng.shuffle(order)
            lanes.extend(
                LaneEntry(event=event.spec.id, heat=number, lane=lane, bib=bib)
                for lane, bib in enumerate(order, start=1)
            )
    return lanes
