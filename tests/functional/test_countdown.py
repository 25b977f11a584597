"""Countdown screen keys, on a fake clock: what the screen shows is what the store holds."""

from __future__ import annotations

import pytest
from textual.widgets import Digits

from tests.support.keys import post_key
from tests.support.screenkit import (
    cell,
    clock_face,
    count_bells,
    lanes_in,
    open_screen,
    status_line,
    time_up,
)
from timing_console.model import HeatPhase, Status
from timing_console.ui.heat import countdown
from timing_console.ui.heat.countdown import CountdownScreen
from timing_console.ui.heat.counts import CountBox

EVENT = "rope-skipping"


async def open_countdown(app, pilot, event=EVENT, heat=1) -> CountdownScreen:
    return await open_screen(app, pilot, CountdownScreen, event, heat)


def field(screen: CountdownScreen, lane) -> CountBox:
    return screen.query_one(f"#count-{lane}", CountBox)


def typed(screen, lane) -> str:
    """What a lane's box shows, without the typing mark."""
    box = field(screen, lane)
    return "" if box.has_class("-empty") else str(box.content).removesuffix("▏")


def current(screen: CountdownScreen) -> int | None:
    """The lane count keys go to, as the boxes show it."""
    marked = [lane for lane, box in screen.fields().items() if box.has_class("-current")]
    entry = screen.desk.keys.entry
    assert len(marked) <= 1 and (marked[0] if marked else None) == entry.current
    return entry.current


async def test_start_uses_the_key_stamp_and_lane_digits_tally(make_app, press_at, clock, repo):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_countdown(app, pilot)
        first, second, third = lanes_in(repo, EVENT)[:3]
        assert clock_face(screen) == "1:00.0"
        pressed = clock.t - 0.25  # the handler runs a quarter second after the key
        await press_at(pilot, "space", at=pressed)
        board = repo.board(EVENT, 1)
        assert board.state.started_mono == pressed
        assert board.state.phase is HeatPhase.RUNNING
        assert sorted(board.lanes) == lanes_in(repo, EVENT)
        await press_at(pilot, str(first), str(first), str(third))
        board = repo.board(EVENT, 1)
        assert (board.lanes[first].count, board.lanes[second].count, board.lanes[third].count) == (
            2,
            None,
            1,
        )
        assert (cell(screen, first, "state"), cell(screen, first, "count")) == ("counting", "2")
        assert cell(screen, second, "count") == ""
        assert not screen.query_one("#counts").display
        assert typed(screen, first) == ""
        clock.advance(20.3)
        screen.tick()
        assert clock_face(screen) == "0:39.5"  # 60 - 20.55, shown rounded up to the tenth


@pytest.mark.parametrize(
    ("event", "duration"), [("rope-skipping", 60), ("shuttlecock", 60), ("bean-moving", 120)]
)
async def test_bell_and_flash_once_at_ten_seconds_left_and_once_at_zero(
    make_app, press_at, clock, repo, monkeypatch, event, duration
):
    monkeypatch.setattr(countdown, "FLASH_S", 0.05)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_countdown(app, pilot, event)
        face = screen.query_one("#clock", Digits)
        bells = count_bells(app)
        assert clock_face(screen) == f"{duration // 60}:00.0"
        await press_at(pilot, "space")
        clock.advance(duration - 10.1)
        screen.tick()
        assert bells == [] and not face.has_class("flash")
        clock.advance(0.2)
        screen.tick()
        assert len(bells) == 1
        assert face.has_class("flash")
        assert status_line(screen) == "10 seconds left"
        screen.tick()
        clock.advance(5)
        screen.tick()
        assert len(bells) == 1
        await pilot.pause(0.2)
        assert not face.has_class("flash")
        clock.advance(4.8)
        screen.tick()
        assert len(bells) == 1 and not screen.desk.keys.boxes_open
        clock.advance(0.1)
        screen.tick()
        assert len(bells) == 2
        assert face.has_class("flash")
        assert screen.desk.keys.boxes_open
        assert clock_face(screen) == "0:00.0"
        assert status_line(screen).startswith("Time!")
        clock.advance(3)
        screen.tick()
        screen.tick()
        assert len(bells) == 2


async def test_reopening_after_zero_opens_the_fields_without_ringing(
    make_app, press_at, clock, repo
):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_countdown(app, pilot)
        await press_at(pilot, "space")
        await press_at(pilot, "escape")
        clock.advance(75)
        app.check_countdowns()  # the away ring, now rather than whenever its interval fires
        bells = count_bells(app)
        screen = await open_countdown(app, pilot)
        screen.tick()
        assert bells == []
        assert screen.desk.keys.boxes_open
        assert current(screen) == lanes_in(repo, EVENT)[0]


async def test_counts_after_zero_enter_moves_on_and_impossible_counts_are_refused(
    make_app, press_at, clock, repo
):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_countdown(app, pilot)
        first, second, third = lanes_in(repo, EVENT)[:3]
        await press_at(pilot, "space")
        await press_at(pilot, str(first), str(first))
        await time_up(screen, pilot, clock)
        assert screen.query_one("#counts").display
        assert current(screen) == first
        assert typed(screen, first) == "2"  # pre-filled with the live tally
        # backspace edits the field (it is not undo there); digits go to the field, not the tally
        await press_at(pilot, "backspace", "4", "x", " ")
        assert typed(screen, first) == "4"
        assert status_line(screen) == "Time! Type each lane's count, Enter for the next."
        await press_at(pilot, "n", "2")  # no DNS after the start: the prefix takes its digit
        assert typed(screen, first) == "4"
        assert status_line(screen).startswith("2 not recorded: DNS only before the start")
        await press_at(pilot, "2")
        assert typed(screen, first) == "42"
        await press_at(pilot, "v")  # a letter goes on to the screen: the re-run question
        assert status_line(screen).startswith("Re-run")
        await press_at(pilot, "escape")  # cancelled
        assert app.screen is screen and current(screen) == first
        assert repo.board(EVENT, 1).state.run == 1
        assert repo.board(EVENT, 1).lanes[first].count == 2
        await press_at(pilot, "enter")
        saved = repo.board(EVENT, 1).lanes[first]
        assert (saved.status, saved.count) == (Status.OK, 42)
        assert (cell(screen, first, "state"), cell(screen, first, "count")) == ("saved", "42")
        assert field(screen, first).has_class("-closed")
        assert current(screen) == second

        bells = count_bells(app)
        await press_at(pilot, "9", "9", "9", "enter")  # no one skips 999 times in a minute
        lane2 = repo.board(EVENT, 1).lanes[second]
        assert (lane2.status, lane2.count) == (None, None)
        assert "not believable" in status_line(screen)
        assert screen.query_one("#status").has_class("error") and bells == [1]
        assert current(screen) == second
        assert cell(screen, second, "state") == "counting"

        await press_at(pilot, "backspace", "backspace", "backspace", "-", "5", "enter")
        assert repo.board(EVENT, 1).lanes[second].status is None
        assert "negative" in status_line(screen)
        assert current(screen) == second

        await press_at(pilot, "backspace", "backspace", "1", "2", "0", "enter")
        lane2 = repo.board(EVENT, 1).lanes[second]
        assert (lane2.status, lane2.count) == (Status.OK, 120)
        assert cell(screen, second, "count") == "120"
        assert status_line(screen) == ""
        assert current(screen) == third


async def test_dns_before_the_start_dnf_during_and_their_fields_are_skipped(
    make_app, press_at, clock, repo
):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_countdown(app, pilot)
        a, b, c, d = lanes_in(repo, EVENT)[:4]
        await press_at(pilot, "n", str(b))
        assert repo.board(EVENT, 1).lanes[b].status is Status.DNS
        assert cell(screen, b, "state") == "DNS"
        assert cell(screen, a, "state") == "waiting"
        await press_at(pilot, "space")
        clock.advance(20)
        await press_at(pilot, "d", str(c))
        board = repo.board(EVENT, 1)
        assert board.lanes[c].status is Status.DNF
        assert board.lanes[b].run == 1 and board.lanes[b].status is Status.DNS
        assert cell(screen, c, "state") == "DNF"
        await press_at(pilot, str(c))  # no tally for a lane that stopped
        assert repo.board(EVENT, 1).lanes[c].count is None
        await time_up(screen, pilot, clock)
        assert field(screen, b).has_class("-closed") and field(screen, c).has_class("-closed")
        await press_at(pilot, "3", "0", "enter")
        assert repo.board(EVENT, 1).lanes[a].count == 30
        assert current(screen) == d  # b (DNS) and c (DNF) take no count: enter passes them


async def test_close_asks_while_counts_are_missing_then_marks_them_dnf(
    make_app, press_at, clock, repo
):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_countdown(app, pilot)
        first, *others = lanes_in(repo, EVENT)
        await press_at(pilot, "space")
        await time_up(screen, pilot, clock)
        await press_at(pilot, "5", "5", "enter")
        await press_at(pilot, "ctrl+s")
        asked = status_line(screen)  # every lane without a count is named
        assert "become DNF" in asked and ", ".join(str(n) for n in others) in asked
        await press_at(pilot, "n")
        assert repo.board(EVENT, 1).state.phase is HeatPhase.RUNNING
        await press_at(pilot, "ctrl+s", "y")
        board = repo.board(EVENT, 1)
        assert board.state.phase is HeatPhase.DONE
        assert (board.lanes[first].status, board.lanes[first].count) == (Status.OK, 55)
        assert all(board.lanes[lane].status is Status.DNF for lane in others)
        assert cell(screen, others[0], "state") == "DNF"
        assert not screen.query_one("#counts").display


async def test_close_with_every_count_in_does_not_ask(make_app, press_at, clock, repo):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_countdown(app, pilot)
        lanes = lanes_in(repo, EVENT)
        await press_at(pilot, "space")
        await time_up(screen, pilot, clock)
        for n, _ in enumerate(lanes):
            await press_at(pilot, str(n + 1), "0", "enter")
        assert [repo.board(EVENT, 1).lanes[lane].count for lane in lanes] == [
            (n + 1) * 10 for n in range(len(lanes))
        ]
        assert current(screen) == lanes[-1]  # Enter on the last lane leaves it selected
        await press_at(pilot, "ctrl+s")
        assert app.screen is screen
        assert repo.board(EVENT, 1).state.phase is HeatPhase.DONE


async def test_once_every_count_is_in_backspace_edits_the_last_count_never_undoes(
    make_app, press_at, clock, repo
):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_countdown(app, pilot, "bean-moving")
        lanes = lanes_in(repo, "bean-moving")
        await press_at(pilot, "space")
        await time_up(screen, pilot, clock, 120)
        for _ in lanes:
            await press_at(pilot, "7", "enter")
        assert current(screen) == lanes[-1]
        await press_at(pilot, "backspace")  # edits the saved 7: nothing is taken back
        last = repo.board("bean-moving", 1).lanes[lanes[-1]]
        assert (last.status, last.count) == (Status.OK, 7)
        assert typed(screen, lanes[-1]) == ""
        await press_at(pilot, "9", "enter")  # the count typed again is the one kept
        last = repo.board("bean-moving", 1).lanes[lanes[-1]]
        assert (last.status, last.count) == (Status.OK, 9)
        assert cell(screen, lanes[-1], "count") == "9"
        assert [c.reason for c in repo.history(last.id)][-1] == "count corrected"
        assert current(screen) == lanes[-1]


def type_ahead(app, clock, *keys: str) -> None:
    """Keys delivered in one read, queued before the screen handles the first."""
    for key in keys:
        post_key(app, key, clock.t)


async def test_counts_typed_ahead_of_the_screen_go_to_their_own_lanes(
    make_app, press_at, clock, repo
):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_countdown(app, pilot)
        first, second, third, *_ = lanes_in(repo, EVENT)
        await press_at(pilot, "space")
        await press_at(pilot, str(first), str(first), str(second))
        await time_up(screen, pilot, clock)
        type_ahead(app, clock, "1", "2", "0", "enter", "9", "8", "enter", "7", "enter")
        await pilot.pause()
        board = repo.board(EVENT, 1)
        assert [board.lanes[lane].count for lane in (first, second, third)] == [120, 98, 7]
        assert all(board.lanes[lane].status is Status.OK for lane in (first, second, third))
        assert [typed(screen, lane) for lane in (first, second, third)] == ["120", "98", "7"]


async def test_tab_and_arrows_move_over_every_lane_saved_or_not(make_app, press_at, clock, repo):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_countdown(app, pilot)
        first, second, third, *_, last = lanes_in(repo, EVENT)
        await press_at(pilot, "space")
        await time_up(screen, pilot, clock)
        await press_at(pilot, "tab", "3", "3", "enter")  # lane 2 first
        assert repo.board(EVENT, 1).lanes[second].count == 33
        assert current(screen) == third
        await press_at(pilot, "up")  # lane 2 is saved, and can still be chosen
        assert current(screen) == second and typed(screen, second) == "33"
        await press_at(pilot, "up")
        assert current(screen) == first
        await press_at(pilot, "shift+tab")  # wraps round to the last lane
        assert current(screen) == last
        await press_at(pilot, "-", "-", "4", "backspace", "5")
        assert typed(screen, last) == "-5"  # a minus sign only leads


def footer_keys(app) -> list[str]:
    return [str(key.description) for key in app.screen.query("FooterKey")]


async def test_the_footer_offers_undo_only_before_zero_where_backspace_means_undo(
    make_app, press_at, clock, repo
):
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_countdown(app, pilot, "bean-moving")
        lanes = lanes_in(repo, "bean-moving")
        await press_at(pilot, "space")
        assert "Undo" in footer_keys(app)
        await time_up(screen, pilot, clock, 120)
        await pilot.pause()
        assert "Undo" not in footer_keys(app)  # backspace deletes a digit here
        for _ in lanes:
            await press_at(pilot, "7", "enter")
        await pilot.pause()
        assert "Undo" not in footer_keys(app)  # a count can still be retyped: backspace edits


async def test_a_count_typed_again_after_saving_is_marked_corrected_on_the_screen(
    make_app, press_at, clock, repo
):
    """Finding 4: a corrected result is marked wherever it is shown, the heat screen too."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_countdown(app, pilot)
        first, second, *_ = lanes_in(repo, EVENT)
        await press_at(pilot, "space")
        await time_up(screen, pilot, clock)
        await press_at(pilot, "3", "3", "enter", "4", "0", "enter")
        assert "✎" not in cell(screen, first, "state") + cell(screen, second, "state")
        await press_at(pilot, "up", "up", "3", "4", "enter")
        assert repo.board(EVENT, 1).lanes[first].count == 34
        assert cell(screen, first, "state").endswith("✎")
        assert "✎" not in cell(screen, second, "state")


async def test_a_heat_reopened_for_a_correction_opens_its_counts_to_type_again(
    make_app, press_at, clock, repo
):
    """Finding 4: re-opening a closed countdown must let the referee retype a count there."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_countdown(app, pilot)
        _, second, *rest = lanes_in(repo, EVENT)
        await press_at(pilot, "space")
        await time_up(screen, pilot, clock)
        for count in ["30", "40"] + ["50"] * len(rest):
            await press_at(pilot, *count, "enter")
        await press_at(pilot, "ctrl+s")
        assert repo.heat_state(EVENT, 1).phase is HeatPhase.DONE
        assert not screen.desk.keys.boxes_open
        await press_at(pilot, "escape")
        board = repo.board(EVENT, 1)
        repo.apply(board.reopen(screen.session.now_stamp(), "lane 2 recount"))
        screen = await open_countdown(app, pilot)
        screen.tick()
        assert screen.desk.keys.boxes_open
        await press_at(pilot, "down")  # from the first lane to the second
        await press_at(pilot, "4", "4", "enter")
        attempt = repo.board(EVENT, 1).lanes[second]
        assert attempt.count == 44 and attempt.corrected
        assert cell(screen, second, "state").endswith("✎")
        await press_at(pilot, "ctrl+s")
        assert repo.heat_state(EVENT, 1).phase is HeatPhase.DONE and not screen.desk.keys.boxes_open
