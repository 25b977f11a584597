"""A read-only console beside the console that holds the day: it shows every save live and
refuses every key that would write, saying so.

The writer saves through the heat machine as the pitch console's keys do, while
holding the day's lock; the watcher is the real app on a follower of the same
files (`tests.support.watchkit`).
"""

from __future__ import annotations

import asyncio

import pytest
from textual.widgets import DataTable, Static

from tests.support.clock import stamp
from tests.support.files import fingerprint
from tests.support.screenkit import (
    cell,
    clock_face,
    notes_of,
    open_screen,
    settle,
    status_line,
)
from tests.support.watchkit import follow, watcher
from timing_console.dayio.archive import archive_day
from timing_console.model import HeatPhase
from timing_console.stations.view import open_view
from timing_console.ui.dialogs.reason import ReasonScreen
from timing_console.ui.heat.countdown import CountdownScreen
from timing_console.ui.heat.race import RaceScreen
from timing_console.ui.palette import DayCommands
from timing_console.ui.screens.athlete import AthleteScreen
from timing_console.ui.screens.lineup import LineupScreen
from timing_console.ui.screens.programme import ProgrammeScreen
from timing_console.ui.screens.standings import StandingsScreen
from timing_console.words import Words, both

RACE = "paddle-ball-run"
ROPE = "rope-skipping"
WATCHING = Words("en")("watch_only")


@pytest.fixture
def writer(day):
    """The console on the pitch: the day open for writing, its lock held."""
    view = open_view(day)
    yield view
    view.close()


def state_of(programme: ProgrammeScreen, event: str, heat: int) -> str:
    table = programme.query_one("#heats", DataTable)
    return str(table.get_cell(f"{event}#{heat}", "state"))


def offered(screen) -> set[str]:
    """The actions the footer offers on `screen`."""
    return {b.binding.action for b in screen.active_bindings.values() if b.enabled}


async def test_the_programme_says_it_watches_and_follows_every_save(day, writer, clock):
    app = watcher(day, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        programme = app.screen
        assert isinstance(programme, ProgrammeScreen)
        mark = programme.query_one("#watching", Static)
        assert mark.display and "READ-ONLY" in str(mark.render())
        assert "reopen_heat" not in offered(programme)
        board = writer.apply(writer.board(RACE, 1).start(stamp(0), "boot-test"))
        assert state_of(programme, RACE, 1).startswith("to run")
        for _ in range(40):  # unasked: the timer looks every quarter of a second
            await asyncio.sleep(0.05)
            await pilot.pause()
            if state_of(programme, RACE, 1).startswith("running"):
                break
        assert state_of(programme, RACE, 1).startswith("running")
        for entry in board.lineup:
            board = writer.apply(board.finish(entry.lane, stamp(10 + entry.lane)))
        writer.apply(board.close(stamp(20)))
        await follow(pilot)
        assert state_of(programme, RACE, 1).startswith("done")


async def test_a_heat_shows_the_writers_start_and_finishes_with_its_clock_running(
    day, writer, clock
):
    app = watcher(day, clock, boot="the-spare-laptop")  # another machine: counted by the wall
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot, RaceScreen, RACE)
        lanes = [e.lane for e in screen.board.lineup]
        board = writer.apply(writer.board(RACE, 1).start(clock.stamp(), "the-pitch-laptop"))
        await follow(pilot)
        assert screen.board.state.phase is HeatPhase.RUNNING
        clock.advance(12.34)
        writer.apply(board.finish(lanes[0], clock.stamp()))
        await follow(pilot)
        assert cell(screen, lanes[0], "time") == "12.34"
        clock.advance(3.0)
        screen.tick()
        assert clock_face(screen) == "0:15.3"
        assert status_line(screen) == Words("en")("watching_mark")


async def test_no_key_that_would_write_writes_and_each_says_it_only_watches(day, writer, clock):
    app = watcher(day, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        writer.apply(writer.board(RACE, 1).start(stamp(0), "boot-test"))
        await follow(pilot)
        before = fingerprint(day.parent, skip=())
        screen = await open_screen(app, pilot, RaceScreen, RACE)
        assert offered(screen) & {"undo", "rerun", "close_heat"} == set()
        for key in ("1", "f", "2", "d", "space", "ctrl+s", "v", "backspace", "g", "y"):
            await pilot.press(key)
            assert status_line(screen) == WATCHING, key
        screen.action_close_heat()  # as a click on the footer would
        assert status_line(screen) == WATCHING
        countdown = await open_screen(app, pilot, CountdownScreen, ROPE)
        await pilot.press("space", "3", "4", "enter")
        assert status_line(countdown) == WATCHING
        assert not countdown.board.running
        assert fingerprint(day.parent, skip=()) == before
        await pilot.press("escape", "escape")  # navigation still works
        await pilot.pause()
        assert isinstance(app.screen, ProgrammeScreen)


async def test_corrections_line_ups_reopening_and_bundles_are_refused(day, writer, clock):
    board = writer.apply(writer.board(RACE, 1).start(stamp(0), "boot-test"))
    for entry in board.lineup:
        board = writer.apply(board.finish(entry.lane, stamp(10 + entry.lane)))
    writer.apply(board.close(stamp(20)))
    before = fingerprint(day.parent, skip=())
    app = watcher(day, clock)
    notes = notes_of(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("up", "o")  # re-open the closed heat
        await pilot.pause()
        assert isinstance(app.screen, ProgrammeScreen) and notes[-1] == WATCHING
        await pilot.press("l")  # the line-up shows, and changes nothing
        await pilot.pause()
        lineup = app.screen
        assert isinstance(lineup, LineupScreen)
        assert offered(lineup) & {"move", "swap", "late"} == set()
        for key in ("m", "w", "n"):
            notes.clear()
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is lineup and notes == [WATCHING], key
        await pilot.press("escape", "s")
        await settle(pilot)
        standings = app.screen
        assert isinstance(standings, StandingsScreen)
        assert "correct_result" not in offered(standings)
        notes.clear()
        await pilot.press("c")
        await pilot.pause()
        assert app.screen is standings and notes == [WATCHING]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AthleteScreen)
        notes.clear()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, AthleteScreen) and notes == [WATCHING]
        assert not any(isinstance(s, ReasonScreen) for s in app.screen_stack)
        listed = [text for text, *_ in DayCommands(app.screen)._entries()]
        assert both("conflicts_palette", sep=" · ") in listed  # reading them is fine
        assert both("merge_palette", sep=" · ") not in listed
        assert both("share_palette", sep=" · ") not in listed
    assert fingerprint(day.parent, skip=()) == before


async def test_standings_follow_the_writer(day, writer, clock):
    app = watcher(day, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await settle(pilot)
        standings = app.screen
        board = writer.apply(writer.board(RACE, 1).start(stamp(0), "boot-test"))
        first = board.lineup[0]
        writer.apply(board.finish(first.lane, stamp(9.87)))
        await follow(pilot)
        table = standings.query_one("#standings", DataTable)
        rows = [list(map(str, table.get_row_at(i))) for i in range(table.row_count)]
        assert any(first.bib in " ".join(r) and "9.87" in " ".join(r) for r in rows), rows


async def test_a_day_the_writer_opened_afresh_is_followed(day, sample_day, clock):
    writer = open_view(day)
    writer.apply(writer.board(RACE, 1).start(stamp(0), "boot-test"))
    app = watcher(day, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot, RaceScreen, RACE)
        old = app.session.view
        assert screen.board.running
        writer.close()  # and the day moved aside, another loaded in its place
        archive_day(day, sample_day.title, sample_day.date)
        await follow(pilot)  # caught between the two: the screens keep the day they show
        assert app.session.view is old and screen.board.running
        again = open_view(day)
        again.load_day(sample_day.model_copy(update={"title": "另一天 Another day"}))
        again.close()
        await follow(pilot)
        assert app.session.view is not old
        assert app.session.view.require_day().title == "另一天 Another day"
        assert screen.board.state.phase is HeatPhase.READY and not screen.board.lanes
        await pilot.press("escape")
        await pilot.pause()
        title = app.screen.query_one("#day-title", Static)
        assert "另一天 Another day" in str(title.render())
