"""The programme's keys for changes after the fact: re-open a closed heat with a reason,
open a heat's line-up, and the PRACTICE line of a practice day."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Static

from tests.support.clock import stamp
from tests.support.screenkit import notes_of
from timing_console.model import HeatPhase, Status
from timing_console.rules.heat.results import ParsedResult
from timing_console.ui.dialogs.reason import ReasonScreen
from timing_console.ui.heat.base import HeatScreen
from timing_console.ui.screens.lineup import LineupScreen
from timing_console.ui.screens.programme import ProgrammeScreen


def close_first_race(repo) -> None:
    board = repo.board("paddle-ball-run", 1)
    for entry in board.lineup:
        time = ParsedResult(Status.OK, time_ms=12_000 + entry.lane)
        board = repo.apply(board.enter(entry.lane, time, stamp(), reason=""))
    repo.apply(board.close(stamp()))


async def test_reopen_asks_a_reason_and_refuses_a_blank_one(make_app, repo):
    close_first_race(repo)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("up", "o")  # the cursor starts on the next heat to run
        await pilot.pause()
        assert isinstance(app.screen, ReasonScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReasonScreen)  # a blank reason is not accepted
        assert repo.heat_state("paddle-ball-run", 1).phase is HeatPhase.DONE
        app.screen.query_one(Input).value = "lane 3 time misread"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ProgrammeScreen)
        state_cell = app.screen.query_one("#heats", DataTable).get_cell(
            "paddle-ball-run#1", "state"
        )
        assert str(state_cell).startswith("re-opened")  # and next: it waits to be closed again
        await pilot.press("enter")  # the cursor stays on the heat just re-opened
        await pilot.pause()
        heat_screen = app.screen
        assert isinstance(heat_screen, HeatScreen)
        assert (heat_screen.event_id, heat_screen.heat) == ("paddle-ball-run", 1)
    state = repo.heat_state("paddle-ball-run", 1)
    assert state.phase is HeatPhase.READY and state.reopened == 1
    [note] = [c for c in repo.changes() if c.kind == "reopen"]
    assert note.reason == "lane 3 time misread" and note.source == "console"


async def test_reopen_of_a_heat_not_closed_is_refused_before_asking_a_reason(make_app, repo):
    """A reason typed for nothing is a slip waiting to happen: say no at once."""
    app = make_app()
    notes = notes_of(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, ProgrammeScreen)
        assert notes and "not closed" in notes[-1]
    assert [c for c in repo.changes() if c.kind == "reopen"] == []


async def test_l_opens_the_line_up_of_the_heat_under_the_cursor(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("down", "l")
        await pilot.pause()
        assert isinstance(app.screen, LineupScreen)
        assert (app.screen.event_id, app.screen.heat) == ("paddle-ball-run", 2)


async def test_a_practice_day_says_so_and_a_real_day_does_not(make_app, repo, sample_day):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        line = app.screen.query_one("#practice", Static)
        assert line.display and "PRACTICE" in str(line.content)
    repo.load_day(sample_day.model_copy(update={"practice": False}))
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert not app.screen.query_one("#practice", Static).display


async def test_a_heat_reopened_and_closed_again_is_marked_corrected(make_app, repo):
    """Finding 4: a corrected heat is marked on the programme once it is closed again."""
    close_first_race(repo)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#heats", DataTable)
        progress = app.screen.query_one("#progress", Static)
        assert "✎" not in str(table.get_cell("paddle-ball-run#1", "state"))
        board = repo.apply(repo.board("paddle-ball-run", 1).reopen(stamp(), "lane 3 misread"))
        board = repo.apply(
            board.enter(3, ParsedResult(Status.OK, time_ms=13_000), stamp(), reason="x")
        )
        repo.apply(board.close(stamp()))
        app.screen.refresh_rows()
        await pilot.pause()
        assert str(table.get_cell("paddle-ball-run#1", "state")) == "done ✎"
        assert "corrected" in str(progress.render())
        assert "✎" not in str(table.get_cell("paddle-ball-run#2", "state"))
