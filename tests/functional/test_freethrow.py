"""Free-throw screen keys: shot by shot, one athlete at a time, screen and store agreeing."""

from __future__ import annotations

from textual.widgets import Digits, Static

from tests.support.screenkit import cell, lanes_in, open_screen, status_line
from timing_console.model import HeatPhase, Status
from timing_console.ui.heat.freethrow import FreeThrowScreen

EVENT = "free-throw"


async def open_freethrow(app, pilot, heat=1) -> FreeThrowScreen:
    return await open_screen(app, pilot, FreeThrowScreen, EVENT, heat)


def boxes(screen) -> str:
    return "".join(str(screen.query_one(f"#shot-{n}", Static).render()) for n in range(1, 11))


def text(screen, selector) -> str:
    return str(screen.query_one(selector, Static).render())


def lane_attempt(repo, lane, heat=1):
    return repo.board(EVENT, heat).lanes.get(lane)


async def test_ten_shots_with_mixed_keys_then_the_next_athlete_comes_up(
    make_app, press_at, clock, repo
):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_freethrow(app, pilot)
        first, second = lanes_in(repo, EVENT)[:2]
        assert cell(screen, first, "state") == "shooting"
        assert f"Lane {first}" in text(screen, "#shooter")
        pressed = clock.t - 0.4
        await press_at(pilot, "m", at=pressed)  # the first shot carries its key's own stamp
        attempt = lane_attempt(repo, first)
        assert attempt.recorded_at == app.session.stamp(pressed).label
        assert repo.board(EVENT, 1).state.phase is HeatPhase.RUNNING
        await press_at(pilot, "0", "h", "1", "m", "h", "0", "0", "1")
        assert boxes(screen) == "○○●●○●○○●·"
        assert str(screen.query_one("#clock", Digits).value) == "4"
        assert "Count: 4 / 9" in text(screen, "#summary")
        assert lane_attempt(repo, first).status is None
        await press_at(pilot, "m")
        attempt = lane_attempt(repo, first)
        assert (attempt.shots, attempt.count, attempt.status) == ("0011010010", 4, Status.OK)
        assert cell(screen, first, "shots") == "○○●●○●○○●○"
        assert (cell(screen, first, "count"), cell(screen, first, "first_basket")) == ("4", "3")
        assert cell(screen, first, "state") == "finished"
        # the next athlete is up by themselves; the eleventh key is their first shot
        assert cell(screen, second, "state") == "shooting"
        assert f"Lane {second}" in text(screen, "#shooter")
        assert boxes(screen) == "·" * 10
        await press_at(pilot, "h")
        assert lane_attempt(repo, second).shots == "1"
        assert lane_attempt(repo, first).shots == "0011010010"
        assert boxes(screen) == "●" + "·" * 9
        assert cell(screen, second, "first_basket") == "1"


async def test_backspace_undoes_the_last_shot_even_across_athletes(make_app, press_at, clock, repo):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_freethrow(app, pilot)
        first, second = lanes_in(repo, EVENT)[:2]
        await press_at(pilot, *"1111111110")
        await press_at(pilot, "0")
        assert lane_attempt(repo, second).shots == "0"
        await press_at(pilot, "backspace")
        assert lane_attempt(repo, second) is None
        assert [a for a in repo.attempts(EVENT) if a.lane == second and a.heat == 1] == []
        voided = [a for a in repo.attempts(EVENT, include_void=True) if a.lane == second and a.void]
        assert voided and voided[0].shots == "0"
        assert cell(screen, second, "state") == "shooting"
        await press_at(pilot, "backspace")  # the tenth shot of the first athlete
        attempt = lane_attempt(repo, first)
        assert (attempt.shots, attempt.status) == ("111111111", None)
        assert cell(screen, first, "state") == "shooting"
        assert cell(screen, second, "state") == "waiting"
        assert boxes(screen) == "●" * 9 + "·"
        await press_at(pilot, "h")
        attempt = lane_attempt(repo, first)
        assert (attempt.shots, attempt.count, attempt.status) == ("1111111111", 10, Status.OK)


async def test_first_basket_breaks_ties_and_is_shown(make_app, press_at, clock, repo):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_freethrow(app, pilot)
        first, second, third = lanes_in(repo, EVENT)[:3]
        await press_at(pilot, *"0001100000")
        await press_at(pilot, *"0100000001")
        await press_at(pilot, "m", "m", "m", "m", "m", "m")
        assert text(screen, "#summary").endswith(": -")
        await press_at(pilot, "h")
        assert text(screen, "#summary").endswith(": 7")
        assert (cell(screen, first, "count"), cell(screen, first, "first_basket")) == ("2", "4")
        assert (cell(screen, second, "count"), cell(screen, second, "first_basket")) == ("2", "2")
        assert (cell(screen, third, "count"), cell(screen, third, "first_basket")) == ("1", "7")
        board = repo.board(EVENT, 1)
        assert (board.lanes[first].shots, board.lanes[second].shots) == ("0001100000", "0100000001")


async def test_dns_only_before_the_athletes_first_shot(make_app, press_at, clock, repo):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_freethrow(app, pilot)
        first, second, third = lanes_in(repo, EVENT)[:3]
        await press_at(pilot, "n", str(second))
        assert lane_attempt(repo, second).status is Status.DNS
        assert cell(screen, second, "state") == "DNS"
        await press_at(pilot, "h")
        bells: list[int] = []
        app.bell = lambda: bells.append(1)
        await press_at(pilot, "n", str(first))  # lane 1 has shot: refused
        assert lane_attempt(repo, first).status is None and lane_attempt(repo, first).shots == "1"
        assert bells == [1] and "already shot" in text(screen, "#status")
        await press_at(pilot, *"000000000")
        assert lane_attempt(repo, first).status is Status.OK
        assert cell(screen, third, "state") == "shooting"  # the DNS athlete is skipped
        await press_at(pilot, "1")
        assert lane_attempt(repo, third).shots == "1"
        assert lane_attempt(repo, second).shots is None


async def test_close_asks_while_athletes_still_have_shots(make_app, press_at, clock, repo):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_freethrow(app, pilot)
        lanes = lanes_in(repo, EVENT)
        await press_at(pilot, *"1010101010")
        await press_at(pilot, "1", "1")
        await press_at(pilot, "ctrl+s")
        assert "DNF" in status_line(screen) and "[y]" in status_line(screen)
        await press_at(pilot, "n")
        assert repo.board(EVENT, 1).state.phase is HeatPhase.RUNNING
        await press_at(pilot, *"00000000")  # the second athlete's last eight
        for _ in lanes[2:]:
            await press_at(pilot, *"0000000000")
        assert "done" in text(screen, "#shooter")
        await press_at(pilot, "ctrl+s")
        assert app.screen_stack[-1] is screen
        board = repo.board(EVENT, 1)
        assert board.state.phase is HeatPhase.DONE
        assert [board.lanes[lane].count for lane in lanes] == [5, 2] + [0] * (len(lanes) - 2)


async def test_rerun_of_one_athlete_voids_their_shots(make_app, press_at, clock, repo):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_freethrow(app, pilot)
        first, second = lanes_in(repo, EVENT)[:2]
        await press_at(pilot, *"1111100000")
        await press_at(pilot, "1")
        await press_at(pilot, "v", str(first))
        assert lane_attempt(repo, first) is None
        old = [a for a in repo.attempts(EVENT, include_void=True) if a.lane == first and a.void]
        assert old and old[0].shots == "1111100000"
        assert cell(screen, first, "state") == "shooting"  # lane order: they shoot again now
        await press_at(pilot, "m")
        assert lane_attempt(repo, first).shots == "0"
        assert lane_attempt(repo, second).shots == "1"
