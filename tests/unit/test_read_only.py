"""`timing-console --read-only`: a console on a day another console holds, without a lock.

The command line part: the lock's refusal names the option, the option opens the
real console on a locked day and writes nothing, and it stands alone. The parts
below the screens: a follower announces what it read (so screens repaint and
heat boards read again), a day opened afresh counts on from the old one, and a
run started elsewhere is drawn from its stored start.
"""

from __future__ import annotations

import asyncio

import pytest

from tests.support.boardkit import record
from tests.support.clock import WALL0, FakeClock, stamp
from tests.support.commands import cli
from tests.support.files import fingerprint
from timing_console import app as app_module
from timing_console.dayio.archive import archive_day
from timing_console.model import HeatPhase, HeatState
from timing_console.rules.heat.clock import anchored
from timing_console.session import Session
from timing_console.stations.follow import Follower
from timing_console.stations.view import open_view
from timing_console.store.saved import Saved
from timing_console.words import Words

RACE = "paddle-ball-run"


@pytest.fixture
def held(day):
    """The day open for writing in this process, as the console on the pitch holds it."""
    view = open_view(day)
    yield view
    view.close()


# ----- the command line ---------------------------------------------------------------


def test_the_lock_refusal_names_the_option_that_opens_the_day_read_only(day, held, capsys):
    code, _, err = cli(capsys, "--db", str(day))
    assert code == 1 and "timing-console --read-only" in err
    zh = Words("zh")("err.day_in_use", path=day, holder="pid 1")
    assert "timing-console --read-only" in zh and "只读" in zh


def test_read_only_opens_the_real_console_on_a_locked_day_and_writes_nothing(
    day, held, capsys, monkeypatch
):
    before = fingerprint(day.parent, skip=())
    shown: list[tuple[bool, str, bool]] = []

    async def drive(app) -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            mark = app.screen.query_one("#watching")
            shown.append((app.session.read_only, str(mark.render()), mark.display))
            await pilot.press("o", "down", "enter", "space", "1", "ctrl+s", "escape")
            await pilot.pause()

    monkeypatch.setattr(app_module.TimingConsoleApp, "run", lambda self: asyncio.run(drive(self)))
    code, _, err = cli(capsys, "--read-only", "--db", str(day))
    assert code == 0, err
    [(read_only, mark, visible)] = shown
    assert read_only and visible and "READ-ONLY" in mark
    assert fingerprint(day.parent, skip=()) == before


@pytest.mark.parametrize(
    "args", [("--read-only", "standings"), ("--read-only", "--push", "http://x", "--code", "A")]
)
def test_read_only_stands_alone(day, capsys, args):
    code, _, err = cli(capsys, *args, "--db", str(day))
    assert code == 1 and "--read-only" in err and "--push" in err


def test_read_only_on_no_day_says_so_and_makes_no_file(tmp_path, capsys):
    code, _, err = cli(capsys, "--read-only", "--db", str(tmp_path / "day.json"))
    assert code == 1 and "no day at" in err
    assert list(tmp_path.iterdir()) == []


# ----- following ------------------------------------------------------------------------


def test_a_poll_that_read_saves_announces_them_and_moves_every_heat_on(day, sample_day):
    follower = Follower(day)
    heard: list[Saved] = []
    follower.view.subscribe(heard.append)
    seen = follower.view.board(RACE, 2).seen  # a heat nobody touches
    assert not follower.poll() and heard == []
    seq = record(day, RACE, 1, 1, "12.00")
    assert follower.poll()
    assert heard[-1].seq == seq and heard[-1].touches("any heat")
    assert follower.view.version(RACE, 2) != seen


def test_a_day_opened_afresh_keeps_its_listeners_and_is_never_level_with_the_old(day, sample_day):
    follower = Follower(day)
    heard: list[Saved] = []
    follower.view.subscribe(heard.append)
    record(day, RACE, 1, 1, "12.00")
    assert follower.poll()  # one save announced: the old view's versions moved on once
    old = follower.view
    seen = old.board(RACE, 1).seen
    generation = old.generation
    archive_day(day, sample_day.title, sample_day.date)
    replacement = open_view(day)
    replacement.load_day(sample_day.model_copy(update={"title": "另一天 Another day"}))
    replacement.close()
    assert follower.poll() and follower.view is not old
    assert follower.view.require_day().title == "另一天 Another day"
    assert heard and heard[-1].everything
    assert follower.view.version(RACE, 1) != seen
    assert follower.view.generation > generation


# ----- the clock of a run started elsewhere ----------------------------------------------


def running(boot: str, at: float = 0.0) -> HeatState:
    start = stamp(at)
    return HeatState(
        event=RACE,
        heat=1,
        phase=HeatPhase.RUNNING,
        started_wall=start.wall,
        started_mono=start.mono,
        boot_id=boot,
    )


def test_a_run_of_this_boot_keeps_its_origin_and_another_boots_is_counted_from_its_wall():
    here = running("boot-a")
    assert anchored(here, stamp(5).mono, stamp(5).wall, "boot-a") is here
    elsewhere = running("boot-b")
    # This machine's monotonic clock reads 50 while the wall says 7 s after the start.
    drawn = anchored(elsewhere, 50.0, WALL0 + 7.0, "boot-a")
    assert drawn.started_mono == pytest.approx(43.0) and drawn.boot_id == "boot-a"
    closed = elsewhere.model_copy(update={"phase": HeatPhase.DONE})
    assert anchored(closed, 50.0, WALL0 + 7.0, "boot-a") is closed


def test_a_watching_session_draws_one_origin_at_every_read_and_interrupts_nothing(day, sample_day):
    writer = open_view(day)
    try:
        board = writer.board(RACE, 1)
        writer.apply(board.start(stamp(0), "the-pitch-laptop"))
    finally:
        writer.close()
    clock = FakeClock()
    session = Session.open(Follower(day).view, "en", now=clock.now, wall=clock.wall, boot="mine")
    assert session.read_only and session.interrupted == set()
    assert not session.heat_running()  # quitting a watcher stops no clock
    state = session.view.heat_state(RACE, 1)
    clock.advance(3.0)
    first = session.as_drawn(state)
    clock.advance(4.5)
    assert session.as_drawn(state).started_mono == first.started_mono
    assert clock.now() - (first.started_mono or 0.0) == pytest.approx(7.5)


def test_a_writing_session_draws_what_is_stored(repo, clock):
    board = repo.apply(repo.board(RACE, 1).start(stamp(0), "elsewhere"))
    session = Session.open(repo, "en", now=clock.now, wall=clock.wall, boot="mine")
    assert not session.read_only and board.state.key in session.interrupted
    assert session.as_drawn(board.state) is board.state
