"""Programme, command palette, help and quit: the keys that move the referee around."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from timing_console.model import HeatPhase
from timing_console.ui.dialogs.confirm import ConfirmScreen
from timing_console.ui.heat.countdown import CountdownScreen
from timing_console.ui.heat.freethrow import FreeThrowScreen
from timing_console.ui.heat.race import RaceScreen
from timing_console.ui.screens.help import HelpScreen
from timing_console.ui.screens.programme import ProgrammeScreen, short_path
from timing_console.words.keys import BINDING_TEXT, HELP_TEXT


def state_of(app, key):
    table = app.screen.query_one("#heats", DataTable)
    return str(table.get_cell(key, "state"))


async def test_arrows_and_enter_open_the_heat_under_the_cursor(make_app, repo):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ProgrammeScreen)
        assert "next" in state_of(app, "paddle-ball-run#1")
        await pilot.press("down", "enter")
        assert isinstance(app.screen, RaceScreen)
        assert (app.screen.event_id, app.screen.heat) == ("paddle-ball-run", 2)
        await pilot.press("escape")
        assert isinstance(app.screen, ProgrammeScreen)


async def test_programme_shows_heat_states_and_moves_next(make_app, repo, clock, press_at):
    day = repo.require_day()
    board = repo.board("paddle-ball-run", 1)
    board = repo.apply(board.start(clock.stamp(), "boot-test"))
    for entry in day.lineup("paddle-ball-run", 1):
        board = repo.apply(board.finish(entry.lane, clock.stamp(10 + entry.lane)))
    repo.apply(board.close(clock.stamp(30)))
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.open_heat("knee-ball-walk", 1)
        await pilot.pause()
        await press_at(pilot, "space", "escape")
        assert state_of(app, "paddle-ball-run#1") == "done"
        assert "next" in state_of(app, "paddle-ball-run#2")
        assert state_of(app, "knee-ball-walk#1") == "running"
        progress = str(app.screen.query_one("#progress", Static).content)
        assert "托球跑 1/2" in progress


async def test_a_heat_left_running_by_a_dead_console_shows_interrupted(repo, clock, make_app):
    repo.apply(repo.board("paddle-ball-run", 2).start(clock.stamp(), "old-boot"))
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert state_of(app, "paddle-ball-run#2") == "interrupted ◀ next"
        await pilot.press("enter")  # the cursor starts on the interrupted heat
        assert isinstance(app.screen, RaceScreen)
        await pilot.press("escape")
        assert state_of(app, "paddle-ball-run#2") == "running"


async def test_palette_finds_a_heat_by_chinese_name(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.press(*"摸石过河 第2组")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RaceScreen)
        assert (app.screen.event_id, app.screen.heat) == ("stepping-stones", 2)


async def test_help_lists_the_timing_keys_of_the_current_screen(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.open_heat("paddle-ball-run", 1)
        await pilot.pause()
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.render_keys()
        for key in ("space", "r 1-8", "backspace", "ctrl+s"):
            assert key in text
        await pilot.press("escape")
        assert isinstance(app.screen, RaceScreen)


@pytest.mark.parametrize(
    ("screen_type", "event"),
    [
        (RaceScreen, "paddle-ball-run"),
        (CountdownScreen, "rope-skipping"),
        (FreeThrowScreen, "free-throw"),
    ],
)
async def test_help_in_chinese_has_every_timing_key_in_chinese(make_app, screen_type, event):
    app = make_app(lang="zh")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.open_heat(event, 1)
        await pilot.pause()
        await pilot.press("question_mark")
        text = app.screen.render_keys()
        for key, help_id in screen_type.TIMING_KEYS:
            english, chinese = HELP_TEXT[help_id]
            assert english not in text, f"{key}: {english}"
            assert f"{key}" in text and chinese in text
        assert "结束本组" in text


TEXTUAL_DEFAULTS = ("Focus Next", "Focus Previous", "Copy selected text", "^q", "^c")
"""What Textual's own bindings would add to the help screen."""


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_help_lists_each_key_once_and_only_this_consoles_keys(make_app, lang):
    app = make_app(lang=lang)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        app.open_heat("paddle-ball-run", 1)
        await pilot.pause()
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = app.screen.rows()
        keys = [key for key, _ in rows]
        assert len(keys) == len(set(keys)), keys
        descriptions = [what for _, what in rows]
        assert len(descriptions) == len(set(descriptions)), descriptions
        text = app.screen.render_keys()
        for default in TEXTUAL_DEFAULTS:
            assert default not in text
        column = 0 if lang == "en" else 1
        for binding_id in ("back", "standings", "awards", "help", "quit", "palette"):
            assert BINDING_TEXT[binding_id][column] in descriptions, binding_id
        if lang == "zh":
            for english, _ in BINDING_TEXT.values():
                assert english not in descriptions


async def test_footer_keys_follow_the_language(make_app):
    app = make_app(lang="zh")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.open_heat("paddle-ball-run", 1)
        await pilot.pause()
        shown = {a.binding.id: a.binding.description for a in app.screen.active_bindings.values()}
        assert shown["back"] == "返回" and shown["quit"] == "退出"
        assert shown["close_heat"] == "确认成绩"


async def test_quit_asks_while_a_heat_runs(make_app, press_at, repo):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.open_heat("paddle-ball-run", 1)
        await pilot.pause()
        await press_at(pilot, "space")
        assert repo.heat_state("paddle-ball-run", 1).phase is HeatPhase.RUNNING
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert isinstance(app.screen, RaceScreen)
        await pilot.press("q", "y")
        await pilot.pause()
    assert app.return_code == 0


async def test_quit_without_a_running_heat_does_not_ask(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_standings_from_a_heat_open_on_that_event(make_app):
    from timing_console.ui.screens.standings import StandingsScreen

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.open_heat("stepping-stones", 1)
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, StandingsScreen)
        assert app.screen.event_id == "stepping-stones"


async def test_header_names_the_days_database_file(make_app, db_path):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        shown = str(app.screen.query_one("#db-path", Static).content)
        assert shown == f"Saved in: {short_path(db_path)}"
        assert shown.endswith("day.json") and len(shown) <= len("Saved in: ") + 40


def test_database_path_is_shortened_from_home_and_in_the_middle():
    home = Path("/home/referee")
    assert short_path(home / "day.json", home) == "~/day.json"
    assert short_path(Path("/home/refereex/day.json"), home) == "/home/refereex/day.json"
    deep = Path("/media/usb-stick/sports-day-2025/backup/copies/day.json")
    shown = short_path(deep, home)
    assert len(shown) == 40 and shown.startswith("/media/usb") and shown.endswith("…/day.json")
    long_name = Path("/srv") / ("results-" * 8 + "day.json")
    shown = short_path(long_name, home)
    assert len(shown) == 40 and "…" in shown and shown.endswith("day.json")
