"""A read-only console under test (`timing-console --read-only`) and the console it watches.

The writer is a writable `DayView` on the day (it holds the day's lock, as the
console on the pitch does) and saves through the heat machine exactly as that
console's keys do; the watcher is the real app on a `Follower` of the same
files. `follow` is one look of the watcher's timer, so what it shows is decided
by what was saved before it, never by timing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.support.clock import FakeClock
from tests.support.screenkit import settle
from timing_console.app import TimingConsoleApp
from timing_console.stations.follow import Follower


def watcher(
    db: Path, clock: FakeClock, *, boot: str = "boot-test", lang: str = "en"
) -> TimingConsoleApp:
    """The console opened read-only on the day at `db`, on the test's clock."""
    return TimingConsoleApp(
        follower=Follower(db),
        lang=lang,
        now=clock.now,
        wall=clock.wall,
        boot=boot,
        saves_aside=False,
    )


async def follow(pilot: Any) -> None:
    """One look at the day (what the watcher's timer does), and the screens shown it."""
    pilot.app.follow_day()
    await settle(pilot)
