"""Issue 9, finding 7: the smaller slips, each as a test on a fake clock.

A closed heat's clock, the programme after a crash, key names in prompts and
buttons, the Chinese prompts, a countdown reaching 0 off screen, and ctrl+q.
"""

from __future__ import annotations

import pytest
from textual.widgets import Button, DataTable

from tests.support.screenkit import clock_face, count_bells, notes_of, open_screen, status_line
from timing_console.model import HeatPhase
from timing_console.ui.dialogs.confirm import ConfirmScreen
from timing_console.ui.heat.base import HeatHead
from timing_console.ui.heat.countdown import CountdownScreen
from timing_console.ui.heat.race import RaceScreen
from timing_console.ui.screens.programme import ProgrammeScreen


async def test_a_closed_race_clock_stops_at_its_last_finish(make_app, press_at, clock, repo):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot, RaceScreen, "paddle-ball-run")
        await press_at(pilot, "space")
        clock.advance(11.2)
        await press_at(pilot, "1")
        clock.advance(2)
        await press_at(pilot, "ctrl+s", "y")
        assert repo.heat_state("paddle-ball-run", 1).phase is HeatPhase.DONE
        clock.advance(40)
        screen.tick()
        assert clock_face(screen) == "11.20"


async def test_a_heat_closed_without_a_finish_shows_zero(make_app, press_at, clock, repo):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot, CountdownScreen, "rope-skipping")
        await press_at(pilot, "space")
        clock.advance(20)
        await press_at(pilot, "ctrl+s", "y")
        clock.advance(7)
        screen.tick()
        assert clock_face(screen) == "0:00.0"
        race = await open_screen(app, pilot, RaceScreen, "stepping-stones")
        await press_at(pilot, "space")
        clock.advance(3)
        await press_at(pilot, "ctrl+s", "y")
        clock.advance(7)
        race.tick()
        assert clock_face(race) == "0:00.0"


async def test_after_a_crash_next_and_enter_go_to_the_interrupted_heat(repo, clock, make_app):
    repo.apply(repo.board("knee-ball-walk", 2).start(clock.stamp(), "boot-test"))
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#heats", DataTable)
        row = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        assert row == "knee-ball-walk#2"
        assert "next" in str(table.get_cell("knee-ball-walk#2", "state"))
        assert "next" not in str(table.get_cell("paddle-ball-run#1", "state"))
        await pilot.press("enter")
        assert isinstance(app.screen, RaceScreen)
        assert (app.screen.event_id, app.screen.heat) == ("knee-ball-walk", 2)


async def test_prompts_and_buttons_keep_their_key_names(make_app, press_at, clock, repo):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot, RaceScreen, "paddle-ball-run")
        await press_at(pilot, "space", "v")
        assert "[y]" in status_line(screen) and "[n]/esc" in status_line(screen)
        await press_at(pilot, "escape", "ctrl+s")
        assert "[y]" in status_line(screen) and "[n]/esc" in status_line(screen)
        await press_at(pilot, "q")  # quitting while a heat runs asks in a dialog
        assert isinstance(app.screen, ConfirmScreen)
        labels = [str(b.label) for b in app.screen.query(Button)]
        assert labels == ["Yes [y]", "No [n]"]


@pytest.mark.parametrize(
    ("event", "key", "prompt"),
    [
        ("knee-ball-walk", "f", "犯规：哪一道？"),
        ("paddle-ball-run", "r", "重新出发：哪一道？"),
        ("knee-ball-walk", "p", "掉球：哪一道？"),
        ("knee-ball-walk", "d", "未完成：哪一道？"),
    ],
)
async def test_the_chinese_prompt_names_the_mark_in_chinese(
    make_app, press_at, clock, repo, event, key, prompt
):
    app = make_app(lang="zh")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot, RaceScreen, event)
        await press_at(pilot, "space")
        await press_at(pilot, key)
        assert status_line(screen) == prompt


async def test_chinese_dns_prompt(make_app, press_at, repo):
    app = make_app(lang="zh")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot, RaceScreen, "paddle-ball-run")
        await press_at(pilot, "n")
        assert status_line(screen) == "未出发：哪一道？"


@pytest.mark.parametrize(("lang", "word"), [("en", "time up"), ("zh", "时间到")])
async def test_a_countdown_reaching_zero_off_screen_tells_the_referee(
    make_app, press_at, clock, repo, lang, word
):
    app = make_app(lang=lang)
    notes = notes_of(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_screen(app, pilot, CountdownScreen, "rope-skipping", 2)
        await press_at(pilot, "space", "escape")
        assert isinstance(app.screen, ProgrammeScreen)
        bells = count_bells(app)
        clock.advance(59)
        app.check_countdowns()
        await pilot.pause()
        assert bells == [] and notes == []
        clock.advance(1.5)
        app.check_countdowns()
        await pilot.pause()
        assert bells == [1] and len(notes) == 1
        table = app.screen.query_one("#heats", DataTable)
        assert str(table.get_cell("rope-skipping#2", "state")).startswith(word)
        clock.advance(10)
        app.check_countdowns()
        await pilot.pause()
        assert bells == [1] and len(notes) == 1  # once per run
        assert str(table.get_cell("rope-skipping#2", "state")).startswith(word)


async def test_a_countdown_on_screen_at_zero_is_not_told_twice(make_app, press_at, clock, repo):
    app = make_app()
    notes = notes_of(app)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot, CountdownScreen, "rope-skipping")
        await press_at(pilot, "space")
        bells = count_bells(app)
        clock.advance(61)
        screen.tick()
        app.check_countdowns()
        await pilot.pause()
        assert bells == [1] and notes == []


async def test_ctrl_q_asks_while_a_heat_runs(make_app, press_at, clock, repo):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot, RaceScreen, "paddle-ball-run")
        await press_at(pilot, "space")
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert app.screen_stack[-1] is screen and app.is_running
        await pilot.press("ctrl+q", "y")
        await pilot.pause()
    assert app.return_code == 0


async def test_a_chinese_console_refuses_a_slip_in_chinese(make_app, press_at, clock, repo):
    """Finding 7's kin: a Chinese console answered a refused key in English."""
    app = make_app(lang="zh")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot, RaceScreen, "knee-ball-walk")
        await press_at(pilot, "2")  # before the gun
        assert status_line(screen) == "第2道不在比赛中"
        await press_at(pilot, "space")
        clock.advance(0.8)
        await press_at(pilot, "2")  # no one walks 20 m in under 4 s
        said = status_line(screen)
        assert "不可信" in said and "4.00" in said and not any("a" <= c <= "z" for c in said)
        await press_at(pilot, "v", "y")  # a false start: the heading names the run in Chinese
        assert screen.query_one(HeatHead).label == "需重赛 · 第2次"


@pytest.mark.parametrize("answer", ["n", "escape"])
async def test_a_finish_typed_right_after_answering_a_question_is_the_heats(
    make_app, press_at, clock, repo, answer
):
    """Answering the quit question, then a finish at once (both in one read of the
    terminal): the finish reached the question's screen as it closed and was lost."""
    from tests.support.keys import post_key
    from tests.support.screenkit import saved

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot, RaceScreen, "paddle-ball-run")
        await press_at(pilot, "space")
        clock.advance(12.5)
        await press_at(pilot, "q")
        assert isinstance(app.screen, ConfirmScreen)
        post_key(app, answer, clock.t)
        post_key(app, "2", clock.t + 0.004)  # before the app has handled the answer
        await saved(pilot)
        await saved(pilot)
        assert app.screen_stack[-1] is screen and app.is_running
        assert any(a.lane == 2 and a.time_ms == 12_504 for a in repo.attempts())
