"""The heat clock as plain arithmetic over an injectable time source.

The screen's interval only repaints what this class computes; recorded times
never come from here (they come from each key event's own stamp), so a slow
repaint can make the display late but never a result wrong.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from timing_console.model import HeatPhase, HeatState


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


def anchored(state: HeatState, mono: float, wall: float, boot_id: str | None) -> HeatState:
    """A running heat's state with a monotonic start this machine can count from (`state`
    itself when its stored one is good here).

    Same boot: the stored monotonic start is still right (the system-wide
    monotonic clock did not stop). After a reboot, or on another machine, only
    the wall-clock start is left, so the monotonic origin is rebuilt from it.
    Where the boot cannot be told (no boot id: Windows, macOS) or the monotonic
    clock is behind the stored start, it is treated as a reboot: the wall clock
    is then off by its drift, never by a stale origin.
    """
    if state.phase is not HeatPhase.RUNNING or state.started_mono is None:
        return state
    if state.started_wall is None:
        return state
    if boot_id is not None and state.boot_id == boot_id and state.started_mono <= mono:
        return state
    origin = mono - max(0.0, wall - state.started_wall)
    return state.model_copy(update={"started_mono": origin, "boot_id": boot_id})


def format_clock(seconds: float, *, decimals: int = 2) -> str:
    """A clock face: `M:SS.hh`, truncated (a running clock never shows time not yet elapsed)."""
    scale = 10**decimals
    ticks = int(seconds * scale + 1e-9)
    whole, frac = divmod(ticks, scale)
    minutes, secs = divmod(whole, 60)
    if decimals == 0:
        return f"{minutes}:{secs:02d}"
    return f"{minutes}:{secs:02d}.{frac:0{decimals}d}"
