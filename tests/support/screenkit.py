"""What the screens' Pilot tests share: opening a heat, letting the console settle, reading
what a screen shows, and hearing its bell and its notifications."""

from __future__ import annotations

import asyncio
from typing import TypeVar

from textual.widgets import Digits, Static

from tests.support.days import lanes_of
from timing_console.ui.heat.base import HeatScreen
from timing_console.ui.heat.lanes import LaneTable

S = TypeVar("S", bound=HeatScreen)


def lanes_in(repo, event: str, heat: int = 1) -> list[int]:
    """The lanes of a heat of the open day with an athlete in them, in lane order."""
    return lanes_of(repo.require_day(), event, heat)


async def open_screen(app, pilot, screen_type: type[S], event: str, heat: int = 1) -> S:
    """Open a heat from the app and check the screen it got."""
    await pilot.pause()
    app.open_heat(event, heat)
    await pilot.pause()
    assert isinstance(app.screen, screen_type)
    return app.screen


def cell(screen: HeatScreen, lane: int, column: str) -> str:
    """One cell of the lanes table, as shown."""
    table = screen.query_one("#lanes", LaneTable)
    return str(table.get_cell(str(lane), column))


def status_line(screen) -> str:
    """What the heat screen's status line says."""
    return str(screen.query_one("#status", Static).render())


def saving(app) -> bool:
    """Whether a heat screen is waiting for a key's save (its fsync in a worker thread,
    `HeatDesk.press_soon`): no message is queued then, yet the key is not done."""
    return any(isinstance(s, HeatScreen) and s.desk.busy for s in app.screen_stack)


DRAIN_PASSES = 4
"""Passes through every message queue after a key: enough for what a key sets off (a
save announced, a screen pushed and mounted, a repaint), without Pilot's idle wait."""


async def drain(pilot) -> None:
    """Let what is queued, and what it queues in turn, be handled: a few passes through
    every message queue (Pilot's `pause(0)`), rather than `pause()`'s wait for the CPU
    to go idle, which sleeps 20 ms at least."""
    for _ in range(DRAIN_PASSES):
        await pilot.pause(0)


async def saved(pilot) -> None:
    """Pause until no heat screen is waiting for a save, and the screen has shown it."""
    await drain(pilot)
    for _ in range(10_000):
        if not saving(pilot.app):
            break
        await asyncio.sleep(0.001)
    else:
        raise AssertionError("a heat key's save never finished")
    await drain(pilot)


async def through_every_pump(app) -> None:
    """Return once the app and every widget of its screen have handled what was queued for
    them before this call: a callback through each one's queue (Pilot's own barrier, built
    from the public `call_later`)."""
    loop = asyncio.get_running_loop()
    passed: list[asyncio.Future[None]] = []
    for pump in [app, *app.screen.walk_children(with_self=True)]:
        reached = loop.create_future()

        def through(reached: asyncio.Future[None] = reached) -> None:
            if not reached.done():
                reached.set_result(None)

        if pump.call_later(through):
            passed.append(reached)
    await asyncio.wait_for(asyncio.gather(*passed), timeout=30)


async def settle(pilot) -> None:
    """Let the screens' workers (the ranking) finish and what they found land on screen."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def time_up(screen, pilot, clock, after: float = 60.0) -> None:
    """Let a countdown run `after` seconds (out, by default) and its repaint tick see it."""
    clock.advance(after)
    screen.tick()
    await pilot.pause()


def problem(screen) -> str:
    """What a dialog's or a screen's problem line says (a refusal, a hint)."""
    return str(screen.query_one("#problem", Static).content)


def clock_face(screen) -> str:
    """What the heat's clock shows."""
    return str(screen.query_one("#clock", Digits).value)


def notes_of(app) -> list[str]:
    """A list that gets every message the app notifies (a toast), which still shows."""
    notes: list[str] = []
    notify = app.notify

    def record(message, **kwargs) -> None:
        notes.append(str(message))
        notify(message, **kwargs)

    app.notify = record
    return notes


def count_bells(app) -> list[int]:
    """A list that gets an item each time the app rings the terminal's bell."""
    bells: list[int] = []
    app.bell = lambda: bells.append(1)
    return bells
