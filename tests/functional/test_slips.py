"""Issue 9, findings 1-3: a referee's slip never becomes a result (on a fake clock).

Finding 7's smaller slips are in test_small_slips.py.

Each test presses the keys a referee mis-pressed in tmux and checks the store,
not only the screen: a slip that showed nothing but saved a finish would pass
a screen-only test.
"""

from __future__ import annotations

import pytest

from tests.support.screenkit import cell, open_screen, status_line, time_up
from timing_console.model import HeatPhase, Status
from timing_console.ui.heat.countdown import CountdownScreen
from timing_console.ui.heat.freethrow import FreeThrowScreen
from timing_console.ui.heat.race import RaceScreen


def recorded(repo) -> int:
    """Everything the day holds: a key that records nothing leaves this unchanged."""
    logged = sum(s.logged for s in repo.heat_states().values())
    return int(len(repo.attempts(include_void=True)) + logged)


# ----- 1. backspace after a refused key undoes the gun --------------------------------


async def test_backspace_after_a_refused_finish_asks_before_undoing_the_gun(
    make_app, press_at, clock, repo
):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot, RaceScreen, "knee-ball-walk")
        await press_at(pilot, "space")
        clock.advance(0.8)
        await press_at(pilot, "2")  # refused: no one walks 20 m in under 4 s
        assert "4.00" in status_line(screen)
        before = recorded(repo)
        await press_at(pilot, "backspace")
        assert repo.heat_state("knee-ball-walk", 1).phase is HeatPhase.RUNNING
        assert "[y]" in status_line(screen)  # asked, on the status line
        await press_at(pilot, "2")  # any other key keeps it running, and is not a finish
        board = repo.board("knee-ball-walk", 1)
        assert board.state.phase is HeatPhase.RUNNING and recorded(repo) == before
        assert board.lanes[2].status is None
        await press_at(pilot, "backspace", "y")  # asked again, confirmed
        assert repo.heat_state("knee-ball-walk", 1).phase is HeatPhase.READY
        assert cell(screen, 1, "state") == "waiting"


async def test_a_refused_key_is_not_an_action_so_undo_takes_back_the_one_before(
    make_app, press_at, clock, repo
):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot, RaceScreen, "knee-ball-walk")
        await press_at(pilot, "space")
        clock.advance(9)
        await press_at(pilot, "1")
        before, saved = repo.board("knee-ball-walk", 1), recorded(repo)
        clock.advance(1)
        await press_at(pilot, "1", "7", "n", "3")  # refused: done already, no lane 7, DNS now
        assert repo.board("knee-ball-walk", 1).actions == before.actions
        assert recorded(repo) == saved
        await press_at(pilot, "backspace")  # takes back lane 1's finish, not the gun
        board = repo.board("knee-ball-walk", 1)
        assert board.state.phase is HeatPhase.RUNNING
        assert board.lanes[1].status is None
        assert cell(screen, 1, "state") == "running"


@pytest.mark.parametrize("question", ["backspace", "v", "ctrl+s"])
async def test_a_prefix_letter_under_a_question_closes_it_and_takes_its_digit(
    make_app, press_at, clock, repo, question
):
    """A question takes only y, n and escape: `f` is the foul it always is, `3` its lane."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot, RaceScreen, "knee-ball-walk")
        await press_at(pilot, "space")
        clock.advance(9)
        await press_at(pilot, question, "f")
        assert status_line(screen) == "foul: which lane?"
        await press_at(pilot, "3")
        board = repo.board("knee-ball-walk", 1)
        assert board.state.phase is HeatPhase.RUNNING
        assert board.lanes[3].status is Status.FOUL and board.lanes[3].time_ms is None


@pytest.mark.parametrize("question", ["backspace", "v", "ctrl+s"])
async def test_n_answers_a_question_and_the_next_digit_is_a_finish(
    make_app, press_at, clock, repo, question
):
    """Issue 19, finding 2: `n` after "Undo the start?" made the next `1` a refused DNS."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot, RaceScreen, "paddle-ball-run")
        await press_at(pilot, "space")
        clock.advance(9)
        await press_at(pilot, question)
        assert "[n]" in status_line(screen) and "[y]" in status_line(screen)
        await press_at(pilot, "n")
        clock.advance(3.5)
        await press_at(pilot, "1")
        board = repo.board("paddle-ball-run", 1)
        assert board.state.phase is HeatPhase.RUNNING
        assert board.lanes[1].status is Status.OK and board.lanes[1].time_ms == 12_500
        assert cell(screen, 1, "time") == "12.50"


async def test_a_finish_while_the_close_question_is_shown_is_a_finish(
    make_app, press_at, clock, repo
):
    """Issue 19, finding 2: a digit under "close the heat and mark DNF?" was discarded."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot, RaceScreen, "paddle-ball-run")
        await press_at(pilot, "space")
        clock.advance(10)
        await press_at(pilot, "ctrl+s")
        assert "DNF" in status_line(screen)
        clock.advance(1.25)
        await press_at(pilot, "2")
        board = repo.board("paddle-ball-run", 1)
        assert board.state.phase is HeatPhase.RUNNING and board.lanes[2].time_ms == 11_250


async def test_undoing_a_countdown_start_asks_too(make_app, press_at, clock, repo):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot, CountdownScreen, "rope-skipping")
        await press_at(pilot, "space")
        clock.advance(5)
        await press_at(pilot, "backspace", "escape")
        assert repo.heat_state("rope-skipping", 1).phase is HeatPhase.RUNNING
        assert app.screen is screen  # escape answered the question: it did not leave
        await press_at(pilot, "backspace", "y")
        assert repo.heat_state("rope-skipping", 1).phase is HeatPhase.READY


# ----- 2. a mark key that does not apply, then a digit ----------------------------------


@pytest.mark.parametrize(
    ("event", "keys", "word"),
    [
        ("paddle-ball-run", ("p", "4"), "drop"),
        ("paddle-ball-run", ("f", "2"), "foul"),
        ("stepping-stones", ("r", "1"), "restart"),
        ("knee-ball-walk", ("n", "3"), "DNS"),
    ],
)
async def test_a_prefix_that_does_not_apply_swallows_its_lane_digit(
    make_app, press_at, clock, repo, event, keys, word
):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot, RaceScreen, event)
        await press_at(pilot, "space")
        clock.advance(15)
        before = recorded(repo)
        await press_at(pilot, keys[0])
        assert word in status_line(screen) and screen.query_one("#status").has_class("error")
        await press_at(pilot, keys[1])
        lane = int(keys[1])
        assert repo.board(event, 1).lanes[lane].status is None, "the digit became a result"
        assert recorded(repo) == before
        assert cell(screen, lane, "state") == "running"
        await press_at(pilot, keys[1])  # the next digit alone is a finish again
        assert repo.board(event, 1).lanes[lane].status is Status.OK


async def test_dnf_before_the_gun_swallows_its_digit_and_escape_cancels_a_refused_prefix(
    make_app, press_at, clock, repo
):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot, RaceScreen, "paddle-ball-run")
        await press_at(pilot, "d", "2")
        assert 2 not in repo.board("paddle-ball-run", 1).lanes
        await press_at(pilot, "space")
        clock.advance(12)
        await press_at(pilot, "p", "escape")
        assert status_line(screen) == "drop cancelled"
        await press_at(pilot, "4")  # after escape, a digit is a finish
        assert repo.board("paddle-ball-run", 1).lanes[4].time_ms == 12000


async def test_a_prefix_key_after_a_refused_one_takes_over(make_app, press_at, clock, repo):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_screen(app, pilot, RaceScreen, "knee-ball-walk")
        await press_at(pilot, "space")
        clock.advance(12)
        await press_at(pilot, "r", "f", "2")  # no restart here; the foul is what was meant
        attempt = repo.board("knee-ball-walk", 1).lanes[2]
        assert attempt.status is Status.FOUL and attempt.time_ms is None


async def test_a_countdown_digit_after_a_stray_prefix_is_no_tally(make_app, press_at, clock, repo):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot, CountdownScreen, "rope-skipping")
        await press_at(pilot, "space")
        clock.advance(5)
        for prefix in ("f", "n", "r"):
            await press_at(pilot, prefix, "3")
            assert repo.board("rope-skipping", 1).lanes[3].count is None, prefix
            assert cell(screen, 3, "count") == ""
        await press_at(pilot, "3")
        assert repo.board("rope-skipping", 1).lanes[3].count == 1


async def test_a_free_throw_digit_after_a_stray_prefix_is_no_shot(make_app, press_at, clock, repo):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_screen(app, pilot, FreeThrowScreen, "free-throw")
        await press_at(pilot, "h")
        for prefix in ("d", "f", "p", "r"):
            await press_at(pilot, prefix, "1")
            await press_at(pilot, prefix, "0")
        await press_at(pilot, "n", "1")  # lane 1 has shot: no DNS, and no basket either
        assert repo.board("free-throw", 1).lanes[1].shots == "1"


# ----- 3. a countdown count can be fixed after Enter -----------------------------------


async def test_every_count_can_be_reached_and_retyped_until_the_heat_closes(
    make_app, press_at, clock, repo
):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot, CountdownScreen, "rope-skipping")
        lanes = [e.lane for e in repo.require_day().lineup("rope-skipping", 1)]
        await press_at(pilot, "space")
        await time_up(screen, pilot, clock, after=61.0)
        for lane in lanes:
            await press_at(pilot, *str(lane * 10), "enter")
        entry = screen.desk.keys.entry
        assert entry.current == lanes[-1]  # Enter on the last lane leaves it selected
        await press_at(pilot, "up", "up")
        assert entry.current == lanes[-3]
        await press_at(pilot, "tab", "shift+tab", "shift+tab", "down")
        assert entry.current == lanes[-3]
        await press_at(pilot, "4", "5", "enter")  # a digit on a saved lane starts a new value
        attempt = repo.board("rope-skipping", 1).lanes[lanes[-3]]
        assert (attempt.status, attempt.count) == (Status.OK, 45)
        assert cell(screen, lanes[-3], "count") == "45"
        change = repo.history(attempt.id)[-1]
        assert (change.old["count"], change.new["count"]) == (lanes[-3] * 10, 45)
        assert change.source == "console" and change.reason
        # enter moved on to the next lane in lane order (saved or not): backspace edits it
        assert entry.current == lanes[-2]
        await press_at(pilot, "backspace", "9", "enter")  # backspace edits, never undoes
        assert repo.board("rope-skipping", 1).lanes[lanes[-2]].count == 49
        assert repo.board("rope-skipping", 1).state.phase is HeatPhase.RUNNING
        changes = len(repo.history(attempt.id))
        await press_at(pilot, "shift+tab", "enter")  # unchanged: nothing saved
        assert len(repo.history(attempt.id)) == changes
        await press_at(pilot, "ctrl+s")
        assert repo.board("rope-skipping", 1).state.phase is HeatPhase.DONE


async def test_a_corrected_count_is_still_checked(make_app, press_at, clock, repo):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot, CountdownScreen, "rope-skipping")
        await press_at(pilot, "space")
        await time_up(screen, pilot, clock, after=61.0)
        await press_at(pilot, "5", "0", "enter", "up", "9", "9", "9", "enter")
        assert repo.board("rope-skipping", 1).lanes[1].count == 50
        assert "not believable" in status_line(screen)
