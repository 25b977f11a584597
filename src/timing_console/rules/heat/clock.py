"""The heat clock as plain arithmetic over an injectable time source.

The screen's interval only repaints what this class computes; recorded times
never come from here (they come from each key event's own stamp), so a slow
repaint can make the display late but never a result wrong.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from timing_console.model import HeatState


class HeatClock:
    """Elapsed and remaining time of a heat's current run."""

    def __init__(self, now: Callable[[], float] = time.monotonic) -> None:
        """Create a clock.

        Args:
            now: Monotonic time source in seconds; tests pass a fake one.
        """
        self.now = now

    def elapsed(self, state: HeatState) -> float:
        """Seconds since the gun, or 0 before it."""
        if state.started_mono is None:
            return 0.0
        return max(0.0, self.now() - state.started_mono)

    def remaining(self, state: HeatState, duration_s: int) -> float:
        """Seconds left of a countdown (never negative)."""
        return max(0.0, duration_s - self.elapsed(state))


def format_clock(seconds: float, *, decimals: int = 2) -> str:
    """A clock face: `M:SS.hh`, truncated (a running clock never shows time not yet elapsed)."""
    scale = 10**decimals
    ticks = int(seconds * scale + 1e-9)
    whole, frac = divmod(ticks, scale)
    minutes, secs = divmod(whole, 60)
    if decimals == 0:
        return f"{minutes}:{secs:02d}"
    return f"{minutes}:{secs:02d}.{frac:0{decimals}d}"
