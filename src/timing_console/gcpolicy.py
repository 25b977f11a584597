"""The console's garbage-collection policy, in one place.

A full cyclic collection walks every tracked object while holding the GIL: at
10,000 attempts that is ~80 ms in which the console cannot stamp a key. The
day's records never form cycles (reference counting frees a replaced one), so
the console keeps long-lived objects out of the collector's walks and pauses
it while a heat clock runs. Every caller goes through these functions, so the
policy can be read, measured and changed here alone.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

LARGE_DAY_BYTES = 1 << 20
"""Files from this size (about 2,000 attempts) hold a day worth keeping out of the GC's walks."""


@contextmanager
def loading(large: bool) -> Iterator[None]:
    """Pause the collector while a day loads; keep a large day out of later walks.

    Loading with the collector paused is about twice as fast; `gc.freeze()`
    then moves what was loaded into the permanent generation.
    """
    if not gc.isenabled():
        yield
        return
    if large:
        gc.collect()
    gc.disable()
    try:
        yield
        if large:
            gc.freeze()
    finally:
        gc.enable()


def settle() -> None:
    """Collect once, then keep what survives out of later walks (after start-up)."""
    gc.collect()
    gc.freeze()


def keep_long_lived() -> None:
    """Keep what the day holds now out of later walks (after a snapshot, between heats)."""
    gc.freeze()


def clock_running(running: bool) -> None:
    """No cyclic collection while a heat clock runs; back to normal once it stops.

    Measured: worst loop stall 107 ms with the collector on during a heat, 23 ms
    without. The cycles left over are collected once the heat stops.
    """
    if running and gc.isenabled():
        gc.disable()
    elif not running and not gc.isenabled():
        gc.enable()
