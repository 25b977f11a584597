"""When the field hears the clock: the start cadence, start beep, warning and end signal.

Pure: the schedule of an event is its tones, each at an offset in seconds
from the start beep (the cadence before it is negative). A countdown heat's
start stamp is the moment its start beep is heard, so the counted minute is
the one the athletes heard; its warning sounds `WARNING_LEFT_S` before the
end and the end signal at exactly the event's duration. A race's cadence
("各就位", "预备", then the beep) ends in the beep that is its gun.

Tones, not words: no spoken Chinese cadence ships with the console (we have
none under a licence that allows it), so each call is a tone the referee
explains once at the start line: three short pips count down to a long
high start beep (the rope-skipping tracks' rhythm), two pips warn, and the
end is a long low tone that cannot be taken for a start.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from timing_console.model.events import EventKind, EventSpec

WARNING_LEFT_S = 10.0
"""The warning sounds this long before a countdown ends (the console's own alert too)."""


class Call(StrEnum):
    """What a tone tells the field."""

    MARKS = "marks"
    """各就位 / on your marks (races)."""
    READY = "ready"
    """准备 / ready: a pip of the countdown cadence, or 预备 / set in a race."""
    START = "start"
    """开始 / the start beep: the gun of a race, the first instant of a countdown."""
    WARNING = "warning"
    """还剩10秒 / ten seconds left."""
    END = "end"
    """停 / time: the end of a countdown."""


@dataclass(frozen=True)
class Tone:
    """One tone of a timing track."""

    call: Call
    at_s: float
    """Offset of its first sample from the start beep (negative before it)."""
    length_s: float
    freq_hz: float

    @property
    def end_s(self) -> float:
        """Offset of the instant after its last sample."""
        return self.at_s + self.length_s


PIP_S = 0.15
"""A pip: short enough to count, long enough to hear over a field."""
PIP_HZ = 660.0
START_S = 0.6
START_HZ = 1320.0
"""The start beep: the highest and among the longest tones, as on the official tracks."""
END_S = 1.5
END_HZ = 440.0
"""The end signal: long and low, unlike any pip or the start."""

COUNTDOWN_CADENCE: tuple[Tone, ...] = (
    Tone(Call.READY, -3.0, PIP_S, PIP_HZ),
    Tone(Call.READY, -2.0, PIP_S, PIP_HZ),
    Tone(Call.READY, -1.0, PIP_S, PIP_HZ),
)
"""Three pips a second apart, then the start beep on the fourth second."""

RACE_CADENCE: tuple[Tone, ...] = (
    Tone(Call.MARKS, -4.0, 0.4, 880.0),
    Tone(Call.READY, -2.0, 0.4, 880.0),
)
"""各就位 four seconds before the gun, 预备 two seconds before it."""


def schedule(spec: EventSpec, *, cadence: bool = True) -> tuple[Tone, ...]:
    """Every tone of the event's timing track in time order; () for an untimed event.

    A countdown: cadence, start, a warning `WARNING_LEFT_S` before the end
    (none if that would not come after the start beep has ended) and the end at its
    duration. A race: cadence and the start beep (a race ends at the line,
    not on a signal). Free throws have no clock and no track.
    """
    start = Tone(Call.START, 0.0, START_S, START_HZ)
    if spec.kind is EventKind.RACE:
        return (*(RACE_CADENCE if cadence else ()), start)
    if spec.kind is not EventKind.COUNT or not spec.duration_s:
        return ()
    duration = float(spec.duration_s)
    tones = [*(COUNTDOWN_CADENCE if cadence else ()), start]
    if duration > WARNING_LEFT_S + START_S:
        at = duration - WARNING_LEFT_S
        tones += [
            Tone(Call.WARNING, at, PIP_S, PIP_HZ),
            Tone(Call.WARNING, at + 2 * PIP_S, PIP_S, PIP_HZ),
        ]
    tones.append(Tone(Call.END, duration, END_S, END_HZ))
    return tuple(tones)


def lead_s(tones: tuple[Tone, ...]) -> float:
    """How long before the start beep the track begins (0 without a cadence)."""
    return max((-t.at_s for t in tones), default=0.0)


def track_length_s(tones: tuple[Tone, ...]) -> float:
    """From the track's first sample to its last tone's end."""
    return lead_s(tones) + max((t.end_s for t in tones), default=0.0)
