"""What the heat screens' Pilot tests share: a heat's lanes, opening it, reading a cell."""

from __future__ import annotations

from typing import TypeVar

from textual.widgets import Digits, Static

from timing_console.ui.heat.base import HeatScreen
from timing_console.ui.heat.lanes import LaneTable

S = TypeVar("S", bound=HeatScreen)


def lanes_in(repo, event: str, heat: int = 1) -> list[int]:
    """The lanes of a heat with an athlete in them, in lane order."""
    return [e.lane for e in repo.require_day().lineup(event, heat)]


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


def clock_face(screen) -> str:
    return str(screen.query_one("#clock", Digits).value)


def count_bells(app) -> list[int]:
    bells: list[int] = []
    app.bell = lambda: bells.append(1)
    return bells
