"""Race screen keys, on a fake clock: what the screen shows is what the store holds."""

from __future__ import annotations

import pytest

from tests.support.screenkit import cell, lanes_in, open_screen
from timing_console.model import HeatPhase, Status
from timing_console.ui.heat.base import HeatHead
from timing_console.ui.heat.lanes import LaneTable
from timing_console.ui.heat.race import RaceScreen

EVENT = "paddle-ball-run"


async def open_race(app, pilot, event=EVENT, heat=1) -> RaceScreen:
    return await open_screen(app, pilot, RaceScreen, event, heat)


async def test_gun_and_finish_use_the_key_stamp_not_the_handler_time(
    make_app, press_at, clock, repo
):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_race(app, pilot)
        first, second = lanes_in(repo, EVENT)[:2]
        await press_at(pilot, "space")
        start = clock.t
        clock.advance(30)  # the handler may run much later than the key ...
        await press_at(pilot, str(first), at=start + 12.341)  # ... the key's own stamp wins
        await press_at(pilot, str(second), at=start + 13.0)
        board = repo.board(EVENT, 1)
        assert board.lanes[first].time_ms == 12341
        assert board.lanes[second].time_ms == 13000
        assert cell(screen, first, "time") == "12.35"
        assert cell(screen, second, "time") == "13.00"
        assert cell(screen, first, "state") == "finished"


async def test_marks_need_a_lane_digit_and_follow_the_event_rules(make_app, press_at, clock, repo):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_race(app, pilot)
        lane = lanes_in(repo, EVENT)[0]
        await press_at(pilot, "space")
        start = clock.t
        await press_at(pilot, "r", at=start + 4.0)
        await press_at(pilot, str(lane), at=start + 4.3)
        attempt = repo.board(EVENT, 1).lanes[lane]
        assert [(m.kind, m.elapsed_ms) for m in attempt.marks] == [("restart", 4000)]
        assert "R@4.00" in cell(screen, lane, "marks")
        await press_at(pilot, "p", str(lane))  # no drop mark in the paddle-ball run
        assert len(repo.board(EVENT, 1).lanes[lane].marks) == 1
        assert repo.board(EVENT, 1).lanes[lane].status is None


async def test_foul_voids_the_lane_in_stepping_stones(make_app, press_at, clock, repo):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_race(app, pilot, "stepping-stones")
        lane = lanes_in(repo, "stepping-stones")[0]
        await press_at(pilot, "space")
        clock.advance(9)
        await press_at(pilot, "f", str(lane))
        attempt = repo.board("stepping-stones", 1).lanes[lane]
        assert attempt.status is Status.FOUL and attempt.time_ms is None
        assert cell(screen, lane, "state") == "FOUL"
        clock.advance(10)
        await press_at(pilot, str(lane))  # a finish after a foul is refused
        assert repo.board("stepping-stones", 1).lanes[lane].time_ms is None


async def test_dns_before_the_gun_then_dnf_and_undo(make_app, press_at, clock, repo):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_race(app, pilot)
        a, b, c = lanes_in(repo, EVENT)[:3]
        await press_at(pilot, "n", str(a))
        await press_at(pilot, "space")
        clock.advance(15)
        await press_at(pilot, "d", str(b))
        await press_at(pilot, str(c))
        board = repo.board(EVENT, 1)
        assert (board.lanes[a].status, board.lanes[b].status, board.lanes[c].status) == (
            Status.DNS,
            Status.DNF,
            Status.OK,
        )
        await pilot.press("backspace")
        board = repo.board(EVENT, 1)
        assert board.lanes[c].status is None
        assert cell(screen, c, "time") == ""
        undone = [
            x for x in repo.attempts(EVENT, include_void=False) if x.lane == c and x.heat == 1
        ]
        assert repo.history(undone[0].id)[-1].reason == "undo"


async def test_false_start_rerun_voids_and_keeps_the_old_run(make_app, press_at, clock, repo):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_race(app, pilot)
        lane = lanes_in(repo, EVENT)[0]
        await press_at(pilot, "space")
        clock.advance(1)
        await pilot.press("v")
        await pilot.press("y")
        board = repo.board(EVENT, 1)
        assert board.state.phase is HeatPhase.RERUN and board.state.run == 2
        voided = [x for x in repo.attempts(EVENT, include_void=True) if x.void]
        assert voided and all(x.void == "re-run (false start)" for x in voided)
        clock.advance(20)
        await press_at(pilot, "space")
        start = clock.t
        await press_at(pilot, str(lane), at=start + 11.0)
        assert repo.board(EVENT, 1).lanes[lane].time_ms == 11000
        assert cell(screen, lane, "time") == "11.00"


async def test_close_with_lanes_running_asks_first(make_app, press_at, clock, repo):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_race(app, pilot)
        lane = lanes_in(repo, EVENT)[0]
        await press_at(pilot, "space")
        clock.advance(12)
        await press_at(pilot, str(lane))
        await pilot.press("ctrl+s")
        await pilot.press("n")
        assert repo.heat_state(EVENT, 1).phase is HeatPhase.RUNNING
        await pilot.press("ctrl+s")
        await pilot.press("y")
        board = repo.board(EVENT, 1)
        assert board.state.phase is HeatPhase.DONE
        assert all(x.status is not None for x in board.lanes.values())
        assert board.lanes[lane].status is Status.OK


async def test_close_finishes_are_flagged_too_close_to_call(make_app, press_at, clock, repo):
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_race(app, pilot)
        a, b, c = lanes_in(repo, EVENT)[:3]
        await press_at(pilot, "space")
        start = clock.t
        await press_at(pilot, str(a), at=start + 12.00)
        await press_at(pilot, str(b), at=start + 12.19)
        await press_at(pilot, str(c), at=start + 12.60)
        assert "too close" in cell(screen, a, "marks") and "⚠" in cell(screen, a, "time")
        assert "too close" in cell(screen, b, "marks")
        assert "too close" not in cell(screen, c, "marks") and "⚠" not in cell(screen, c, "time")


@pytest.mark.parametrize("lang,word", [("en", "finished"), ("zh", "完成")])
async def test_language_follows_the_flag(make_app, press_at, clock, repo, lang, word):
    app = make_app(lang=lang)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_race(app, pilot)
        lane = lanes_in(repo, EVENT)[0]
        await press_at(pilot, "space")
        clock.advance(10)
        await press_at(pilot, str(lane))
        assert cell(screen, lane, "state") == word


async def test_the_heading_keeps_the_phase_in_view_on_a_narrow_terminal(make_app, press_at):
    app = make_app()
    async with app.run_test(size=(36, 24)) as pilot:
        screen = await open_race(app, pilot)
        await press_at(pilot, "space")
        head = screen.query_one(HeatHead)
        line = str(head.render())
        assert line.startswith("托球跑 Paddle") and line.endswith(" running ")
        assert len(line) + 3 == head.content_size.width  # the three hanzi are two cells each


def row_state(screen, lane):
    return screen.query_one("#lanes", LaneTable).lines[str(lane)].state


async def test_each_row_shows_its_lanes_state(make_app, press_at, clock, repo):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_race(app, pilot, "stepping-stones")
        first, second, *_ = lanes_in(repo, "stepping-stones")
        assert row_state(screen, first) == ""
        await press_at(pilot, "space")
        assert row_state(screen, first) == "live" == row_state(screen, second)
        clock.advance(11)
        await press_at(pilot, str(first))
        await press_at(pilot, "f", str(second))
        assert row_state(screen, first) == "done"
        assert row_state(screen, second) == "void"
        await press_at(pilot, "backspace")
        assert row_state(screen, second) == "live"
        await press_at(pilot, "v", "y")
        await pilot.pause()
        assert row_state(screen, first) == "" == row_state(screen, second)
