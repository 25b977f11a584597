"""Issue 19's findings, done in the real console as the referee did them.

Each test is one finding: it failed on the console before the heat screens
read keys through their desk and the day announced its saves (`DaySaved`).
"""

from __future__ import annotations

from textual.widgets import DataTable, Label

from tests.support.clock import T0, stamp
from tests.support.screenkit import cell, open_screen, settle, status_line
from timing_console.model import HeatPhase, Status
from timing_console.rules.heat.machine import Stamp
from timing_console.stations.view import DayView
from timing_console.ui.dialogs.correct import CorrectScreen
from timing_console.ui.heat.countdown import CountdownScreen
from timing_console.ui.heat.race import RaceScreen
from timing_console.ui.screens.programme import ProgrammeScreen
from timing_console.ui.screens.standings import StandingsScreen

RACE = "paddle-ball-run"
COUNT = "rope-skipping"


def bib_in(repo: DayView, event: str, lane: int, heat: int = 1) -> str:
    return next(e.bib for e in repo.require_day().lineup(event, heat) if e.lane == lane)


async def correct_from_standings(pilot, bib: str, result: str, reason: str) -> None:
    """`s`, the athlete's row, `c`, the result and the reason, as the referee types them."""
    await pilot.press("s")
    await settle(pilot)
    standings = pilot.app.screen
    assert isinstance(standings, StandingsScreen)
    table = standings.query_one("#standings", DataTable)
    table.move_cursor(row=table.get_row_index(bib))
    await pilot.press("c")
    await settle(pilot)
    assert isinstance(pilot.app.screen, CorrectScreen)
    await pilot.press(*result, "enter", *reason, "enter")
    await settle(pilot)
    shown: object = pilot.app.screen
    assert shown is standings, "the dialog saved and closed"


async def test_a_correction_from_the_standings_survives_the_heat_screen_closing(
    make_app, press_at, clock, repo
):
    """Finding 1: lane 4 corrected to 9.50 from the standings became DNF at `ctrl+s`."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_screen(app, pilot, RaceScreen, RACE)
        await press_at(pilot, "space")
        clock.advance(11)
        await press_at(pilot, "1")
        await correct_from_standings(pilot, bib_in(repo, RACE, 4), "9.50", "card")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        assert cell(screen, 4, "time") == "9.50"  # the heat screen shows the store
        await press_at(pilot, "ctrl+s")
        assert "4" not in status_line(screen).split("become DNF")[0].split("lane(s)")[-1]
        await press_at(pilot, "y")
        board = repo.board(RACE, 1)
        assert board.state.phase is HeatPhase.DONE
        assert (board.lanes[4].status, board.lanes[4].time_ms) == (Status.OK, 9500)
        history = [c for c in repo.changes() if c.lane == 4 and c.event == RACE]
        assert [c.new.get("time_ms") for c in history] == [9500]


async def test_backspace_after_a_correction_does_not_restore_the_remembered_value(
    make_app, press_at, clock, repo
):
    """Finding 1, backspace: the undo put back what the heat screen remembered."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_screen(app, pilot, RaceScreen, RACE)
        await press_at(pilot, "space")
        clock.advance(12)
        await press_at(pilot, "2")
        await correct_from_standings(pilot, bib_in(repo, RACE, 2), "12.50", "stopwatch")
        await pilot.press("escape")
        await settle(pilot)
        await press_at(pilot, "backspace")
        assert "nothing to undo" in status_line(screen)
        attempt = repo.board(RACE, 1).lanes[2]
        assert attempt.time_ms == 12_500
        assert [c.kind for c in repo.history(attempt.id)] == ["correction"]


async def test_the_dialog_shows_a_lane_that_changed_under_it(make_app, press_at, clock, repo):
    """A save while the dialog is open reaches it too: it never saves over an unseen result."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_screen(app, pilot, RaceScreen, RACE)
        await press_at(pilot, "space")
        await pilot.press("s")
        await settle(pilot)
        table = app.screen.query_one("#standings", DataTable)
        table.move_cursor(row=table.get_row_index(bib_in(repo, RACE, 3)))
        await pilot.press("c")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, CorrectScreen)
        board = repo.board(RACE, 1)
        repo.apply(board.finish(3, at(board, 13.0)))  # the heat screen under the dialog
        await settle(pilot)
        assert "13.00" in str(dialog.query_one("#question", Label).content)


def at(board, seconds: float) -> Stamp:
    """A stamp `seconds` after the heat's gun."""
    return stamp((board.state.started_mono or T0) - T0 + seconds)


async def test_closing_a_countdown_saves_the_count_in_its_box_and_names_it(
    make_app, press_at, clock, repo
):
    """Finding 3: a count typed and not confirmed was thrown away by `ctrl+s`."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot, CountdownScreen, COUNT)
        await press_at(pilot, "space")
        clock.advance(60.5)
        screen.tick()
        await press_at(pilot, "5", "7")  # lane 1's count, no enter
        await press_at(pilot, "ctrl+s")
        asked = status_line(screen)
        assert "lane 1: 57" in asked and "DNF" in asked
        await press_at(pilot, "y")
        board = repo.board(COUNT, 1)
        assert board.state.phase is HeatPhase.DONE
        assert (board.lanes[1].status, board.lanes[1].count) == (Status.OK, 57)


async def test_escape_with_a_typed_count_asks_before_leaving(make_app, press_at, clock, repo):
    """Finding 3: `esc` while typing left the heat without a word."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot, CountdownScreen, COUNT)
        await press_at(pilot, "space")
        clock.advance(60.5)
        screen.tick()
        await press_at(pilot, "4", "2", "escape")
        assert app.screen is screen and "lane 1: 42" in status_line(screen)
        await press_at(pilot, "n")  # stay: the count is still in its box
        assert app.screen is screen and screen.desk.keys.entry.text(1) == "42"
        await press_at(pilot, "enter")
        assert repo.board(COUNT, 1).lanes[1].count == 42
        await press_at(pilot, "escape")  # nothing typed now: back to the programme
        assert isinstance(app.screen, ProgrammeScreen)


async def test_enter_after_retyping_a_saved_count_goes_to_the_next_lane(
    make_app, press_at, clock, repo
):
    """Finding 4: the count meant for lane 5 landed in lane 6."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot, CountdownScreen, COUNT)
        lanes = [e.lane for e in repo.require_day().lineup(COUNT, 1)]
        await press_at(pilot, "space")
        clock.advance(60.5)
        screen.tick()
        for lane in lanes[:3]:
            await press_at(pilot, *str(40 + lane), "enter")
        await press_at(pilot, "up", "4", "4", "enter")  # lane 3 typed again
        assert repo.board(COUNT, 1).lanes[lanes[2]].count == 44
        await press_at(pilot, "5", "0", "enter")
        assert repo.board(COUNT, 1).lanes[lanes[3]].count == 50


async def test_n_pressed_twice_says_the_dns_was_taken_back(make_app, press_at, clock, repo):
    """Finding 7: `n 4` twice took the DNS back without a word."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot, RaceScreen, RACE)
        await press_at(pilot, "n", "4")
        assert cell(screen, 4, "state") == "DNS"
        await press_at(pilot, "n", "4")
        assert "DNS taken back" in status_line(screen)
        assert 4 not in repo.board(RACE, 1).lanes


async def test_a_live_finish_over_the_ceiling_is_kept_and_said(make_app, press_at, clock, repo):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot, RaceScreen, RACE)
        await press_at(pilot, "space")
        clock.advance(75.2)
        await press_at(pilot, "2")
        assert "75.20 s is over the plausible ceiling; kept as timed" in status_line(screen)
        attempt = repo.board(RACE, 1).lanes[2]
        assert attempt.time_ms == 75_200 and attempt.override
        assert cell(screen, 2, "time") == "75.20"
