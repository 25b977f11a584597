"""Wall-clock jumps never change a recorded time; a second writer never changes the day.

Elapsed times come from monotonic stamps; the wall clock only labels results
and rebuilds a heat's origin after a reboot. One process at a time may write a
day: any other console, CLI write or store open is refused, naming the file,
and leaves every byte of the day as it was.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.support.clock import T0, stamp
from tests.support.files import fingerprint, one_sentence
from tests.support.paths import SAMPLE
from timing_console.app import TimingConsoleApp
from timing_console.cli import main
from timing_console.model import Incident
from timing_console.rules.heat.clock import format_clock
from timing_console.stations.view import open_view
from timing_console.store.db import DayStore, StoreLocked

EVENT = "paddle-ball-run"
HOUR = 3600.0


def _race(repo, jump: float) -> list[tuple[int | None, tuple[int, ...], str]]:
    """Gun at T0; the wall jumps by `jump` right after it. (time, marks, label) per lane."""
    board = repo.board(EVENT, 1)
    lanes = [e.lane for e in board.lineup]
    board = repo.apply(board.start(stamp(), "boot"))
    board = repo.apply(board.mark(lanes[1], Incident.RESTART, stamp(4.2, jump=jump)))
    for n, lane in enumerate(lanes):
        board = repo.apply(board.finish(lane, stamp(12.34 + n * 0.71, jump=jump)))
    return [
        (a.time_ms, tuple(m.elapsed_ms for m in a.marks), a.recorded_at)
        for a in sorted(board.lanes.values(), key=lambda a: a.lane)
    ]


@pytest.mark.parametrize("jump", [HOUR, -HOUR])
def test_a_wall_clock_jump_during_a_heat_changes_no_recorded_time(tmp_path, sample_day, jump):
    runs = {}
    for name, offset in (("steady", 0.0), ("jumped", jump)):
        repo = open_view(tmp_path / f"{name}.json")
        try:
            repo.load_day(sample_day)
            _race(repo, offset)
        finally:
            repo.close()
        reopened = open_view(tmp_path / f"{name}.json", readonly=True)
        attempts = sorted(reopened.attempts(EVENT), key=lambda a: a.lane)
        runs[name] = [(a.time_ms, tuple(m.elapsed_ms for m in a.marks)) for a in attempts]
        reopened.close()
    assert runs["jumped"] == runs["steady"]
    assert runs["steady"][0] == (12340, ())
    assert any(marks for _, marks in runs["steady"])


def test_resuming_in_the_same_boot_after_a_jump_keeps_the_monotonic_origin(repo):
    board = repo.board(EVENT, 1)
    board = repo.apply(board.start(stamp(), "boot-a"))
    step = board.resume(stamp(30.0, jump=HOUR), "boot-a")
    assert step.writes == () and step.board.state.started_mono == T0
    lane = board.lineup[0].lane
    finished = repo.apply(step.board.finish(lane, stamp(12.5, jump=HOUR)))
    assert finished.lanes[lane].time_ms == 12500


class JumpyWall:
    """A wall clock that follows the fake monotonic clock until the test moves it."""

    def __init__(self, clock) -> None:
        self.clock = clock
        self.offset = 0.0

    def __call__(self) -> float:
        return float(self.clock.wall()) + self.offset


async def test_the_console_keeps_times_and_clock_face_through_wall_jumps(repo, clock, press_at):
    wall = JumpyWall(clock)
    app = TimingConsoleApp(view=repo, lang="en", now=clock.now, wall=wall, boot="boot-test")
    app.on_unmount = lambda: None  # type: ignore[method-assign]  # the fixture closes the day
    first, second = [e.lane for e in repo.require_day().lineup(EVENT, 1)][:2]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.open_heat(EVENT, 1)
        await pilot.pause()
        await press_at(pilot, "space")
        start = clock.t
        wall.offset = HOUR
        clock.advance(12.34)
        await press_at(pilot, str(first), at=start + 12.34)
        wall.offset = -HOUR
        clock.advance(1.16)
        await press_at(pilot, str(second), at=start + 13.5)
        clock.advance(2.0)
        assert app.screen.clock_text() == format_clock(15.5, decimals=1)  # type: ignore[attr-defined]
    board = repo.board(EVENT, 1)
    assert (board.lanes[first].time_ms, board.lanes[second].time_ms) == (12340, 13500)
    # The labels did follow the jumps, so the times above really were exposed to them.
    assert [a.at for a in board.actions if a.kind == "finish"] == [
        stamp(start - T0 + 12.34, jump=HOUR).label,
        stamp(start - T0 + 13.5, jump=-HOUR).label,
    ]


# ----- two writers ------------------------------------------------------------------

STORE_HOLDER = textwrap.dedent(
    """
    import sys
    from timing_console.store.db import DayStore
    store = DayStore.open(sys.argv[1])
    print("ready", flush=True)
    sys.stdin.readline()
    store.close()
    """
)

APP_HOLDER = textwrap.dedent(
    """
    import asyncio, sys
    from timing_console.app import TimingConsoleApp

    async def main():
        app = TimingConsoleApp(db_path=sys.argv[1], lang="en")
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            print("ready", flush=True)
            await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)

    asyncio.run(main())
    """
)


def hold(db: Path, script: str) -> subprocess.Popen[str]:
    """Another process with the day open for writing, until it reads a line."""
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return proc


@pytest.fixture
def held(day):
    proc = hold(day, STORE_HOLDER)
    yield proc
    proc.communicate("done\n", timeout=30)


def refused_once(text: str, db: Path) -> None:
    """One sentence that names the day and says another console has it."""
    one_sentence(text, db)
    assert "another timing-console" in text, text


WRITERS = {
    "record": lambda db: ["record", EVENT, "1", "1", "12.34", "--db", str(db)],
    "load": lambda db: ["load", str(SAMPLE), "--db", str(db)],
    "console": lambda db: ["--db", str(db)],
}


@pytest.mark.parametrize("writer", WRITERS)
def test_a_cli_write_on_a_held_day_is_refused_and_changes_nothing(day, held, capsys, writer):
    before = fingerprint(day.parent, skip=())
    assert main(WRITERS[writer](day)) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ")
    refused_once(err.removeprefix("error: "), day)
    assert f"(pid {held.pid} on " in err  # names the holder
    assert fingerprint(day.parent, skip=()) == before


def test_a_second_console_or_store_on_a_held_day_is_refused_and_changes_nothing(day, held):
    before = fingerprint(day.parent, skip=())
    with pytest.raises(StoreLocked) as console:
        TimingConsoleApp(db_path=day, lang="en")
    refused_once(str(console.value), day)
    assert f"(pid {held.pid} on " in str(console.value)
    with pytest.raises(StoreLocked):
        DayStore.open(day)
    assert fingerprint(day.parent, skip=()) == before


def test_reading_a_held_day_works_and_writes_nothing(day, held, capsys):
    before = fingerprint(day.parent, skip=())
    assert main(["standings", EVENT, "--format", "csv", "--db", str(day)]) == 0
    assert capsys.readouterr().out.startswith("place,bib,name,unit,event,result,status")
    assert fingerprint(day.parent, skip=()) == before


def test_a_running_console_holds_the_day_until_it_quits(day, capsys):
    console = hold(day, APP_HOLDER)
    try:
        assert main(WRITERS["record"](day)) == 1
        err = capsys.readouterr().err.strip().removeprefix("error: ")
        refused_once(err, day)
        assert f"(pid {console.pid} on " in err
    finally:
        console.communicate("quit\n", timeout=60)
    assert console.returncode == 0
    assert main(WRITERS["record"](day)) == 0
    assert "saved:" in capsys.readouterr().out


def test_a_killed_console_leaves_no_lock_behind(day, capsys):
    """The OS drops the lock with the process: no stale lock to clear by hand."""
    console = hold(day, APP_HOLDER)
    console.kill()
    console.communicate(timeout=30)
    assert main(WRITERS["record"](day)) == 0
    assert "saved:" in capsys.readouterr().out
