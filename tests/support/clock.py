"""The tests' clocks: a monotonic and a wall clock that move only when a test says so.

Tests never sleep: time is a number the test moves. The monotonic clock starts
at T0 and the wall clock reads WALL0 then, so `stamp(seconds)` is one instant
on both, `seconds` into the test's day.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from timing_console.rules.heat.machine import Stamp

T0 = 1000.0
"""Where the fake monotonic clock starts."""
WALL0 = 1_790_000_000.0
"""The fake wall clock at T0 (epoch seconds, September 2026)."""


def stamp(seconds: float = 0.0, *, jump: float = 0.0) -> Stamp:
    """The stamp `seconds` after T0, on both fake clocks (the wall clock set `jump` seconds
    off, as an NTP step or a hand at the settings does)."""
    return Stamp(mono=T0 + seconds, wall=WALL0 + seconds + jump)


def stamp_now() -> Stamp:
    """This moment on the machine's own clocks, as `timing-console record` stamps a result
    (for a process that really runs beside another, or for order between real writes)."""
    return Stamp(mono=time.monotonic(), wall=time.time())


@dataclass
class FakeClock:
    """A monotonic and a wall clock that only move when the test says so."""

    t: float = T0

    def now(self) -> float:
        """Monotonic seconds."""
        return self.t

    def wall(self) -> float:
        """Epoch seconds, moving with the monotonic clock."""
        return WALL0 + (self.t - T0)

    def advance(self, seconds: float) -> None:
        """Let time pass."""
        self.t += seconds

    def stamp(self, later: float = 0.0) -> Stamp:
        """The stamp of now, or of `later` seconds from now."""
        return stamp(self.t - T0 + later)
