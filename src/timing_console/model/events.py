"""The seven events of the sports day, as the organisers' notice defines them.

The catalogue is data, not code: screens, rules and the store look an event up
here instead of branching on its id, so a day file can override lanes or
duration without touching anything else.
"""

from __future__ import annotations

import math
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class EventKind(StrEnum):
    """How an event is timed and scored."""

    RACE = "race"
    """A 20 m race on a stopwatch: least time wins."""
    SHOTS = "shots"
    """Free throws shot by shot: most baskets, then earliest first basket."""
    COUNT = "count"
    """A count under a countdown: most wins."""


class Incident(StrEnum):
    """A mark the referee can put on a running lane."""

    RESTART = "restart"
    """Ball fell: the athlete goes back to the start, the clock runs on."""
    DROP = "drop"
    """Ball dropped: picked up on the spot, no penalty."""
    FOUL = "foul"
    """Foot on the ground or hand on the ball: the result is void."""


class EventSpec(BaseModel):
    """One event of the programme, with the rules the console needs to run it."""

    model_config = ConfigDict(frozen=True)

    id: str
    """Stable id used in files, the store and the CLI."""
    order: int
    """Position in the programme (1-7); breaks best-placing ties on the prize list."""
    zh: str
    """Chinese name, as the notice writes it."""
    en: str
    """English name."""
    kind: EventKind
    distance_m: int | None = None
    """Race distance; None for non-races."""
    duration_s: int | None = None
    """Countdown length; None for events that are not counted against a clock."""
    shots: int | None = None
    """Shots per athlete; only for free throws."""
    lanes: int = Field(default=6, ge=1, le=8)
    """Lanes (or stations) per heat; at most 8 because lanes are keyed 1-8."""
    incidents: tuple[Incident, ...] = ()
    """Marks the referee may put on a running lane in this event."""
    min_time_ms: int | None = None
    """Fastest believable time; anything faster is a keying error."""
    max_time_ms: int | None = None
    """Slowest plausible time: a slower one stands only with an override and a reason
    (a time typed without its decimal point, `1210` for 12.10, lands far above it)."""
    max_rate_per_s: float | None = None
    """Most counts a human makes per second in this event; bounds a count."""

    @property
    def max_count(self) -> int | None:
        """Largest believable count for the event's duration."""
        if self.max_rate_per_s is None or self.duration_s is None:
            return None
        return math.ceil(self.max_rate_per_s * self.duration_s)

    def beyond_ceiling(self, ms: int) -> bool:
        """Whether a time is over the event's plausible ceiling (see `max_time_ms`)."""
        return self.max_time_ms is not None and ms > self.max_time_ms

    @property
    def label(self) -> str:
        """Both names, for headings that every official must read."""
        return f"{self.zh} {self.en}"

    @property
    def timed(self) -> bool:
        """Whether results are times (least wins)."""
        return self.kind is EventKind.RACE


MAX_TIME_MS = 30 * 60 * 1000
"""No 20 m race takes half an hour: a longer time is a keying error."""

CATALOGUE: dict[str, EventSpec] = {
    spec.id: spec
    for spec in (
        EventSpec(
            id="paddle-ball-run",
            order=1,
            zh="托球跑",
            en="Paddle-ball run",
            kind=EventKind.RACE,
            distance_m=20,
            lanes=6,
            incidents=(Incident.RESTART,),
            min_time_ms=3_000,
            max_time_ms=60_000,
        ),
        EventSpec(
            id="knee-ball-walk",
            order=2,
            zh="双腿夹球走",
            en="Knee-ball walk",
            kind=EventKind.RACE,
            distance_m=20,
            lanes=6,
            incidents=(Incident.DROP, Incident.FOUL),
            min_time_ms=4_000,
            max_time_ms=60_000,
        ),
        EventSpec(
            id="stepping-stones",
            order=3,
            zh="摸石过河",
            en="Stepping stones",
            kind=EventKind.RACE,
            distance_m=20,
            lanes=6,
            incidents=(Incident.FOUL,),
            min_time_ms=6_000,
            max_time_ms=60_000,
        ),
        EventSpec(
            id="free-throw",
            order=4,
            zh="定点投篮",
            en="Free throws",
            kind=EventKind.SHOTS,
            shots=10,
            lanes=4,
        ),
        EventSpec(
            id="rope-skipping",
            order=5,
            zh="一分钟跳绳",
            en="One-minute rope skipping",
            kind=EventKind.COUNT,
            duration_s=60,
            lanes=8,
            max_rate_per_s=5.0,
        ),
        EventSpec(
            id="shuttlecock",
            order=6,
            zh="踢毽子",
            en="Shuttlecock kicking",
            kind=EventKind.COUNT,
            duration_s=60,
            lanes=8,
            max_rate_per_s=4.5,
        ),
        EventSpec(
            id="bean-moving",
            order=7,
            zh="金豆搬家",
            en="Bean moving",
            kind=EventKind.COUNT,
            duration_s=120,
            lanes=8,
            max_rate_per_s=1.5,
        ),
    )
}
"""The built-in programme, in programme order."""


def find_event(key: str) -> EventSpec | None:
    """Find a catalogue event by id or Chinese name (as organisers type it)."""
    key = key.strip()
    if key in CATALOGUE:
        return CATALOGUE[key]
    lowered = key.lower()
    for spec in CATALOGUE.values():
        if key == spec.zh or lowered == spec.en.lower() or lowered == spec.id:
            return spec
    return None


def zh_name(event_id: str) -> str:
    """An event as organisers call it: its Chinese name, or the raw id if unknown."""
    spec = CATALOGUE.get(event_id)
    return spec.zh if spec is not None else event_id
