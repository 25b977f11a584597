"""Kill a console mid-heat (SIGKILL, no clean-up) and reopen it: nothing lost, clock continues."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap

from tests.support.paths import ROOT
from timing_console.model import HeatPhase, Status
from timing_console.stations.view import open_view

EVENT = "paddle-ball-run"

CHILD = textwrap.dedent(
    """
    import asyncio, os, signal, sys
    from tests.support.keys import post_key
    from timing_console.app import TimingConsoleApp

    async def main() -> None:
        app = TimingConsoleApp(db_path=sys.argv[1], lang="en")
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            app.open_heat("paddle-ball-run", 1)
            await pilot.pause()
            await pilot.press("space")
            started = app.view.board("paddle-ball-run", 1).state.started_mono
            post_key(app, sys.argv[2], started + 12.3)
            await pilot.pause()
            print("acknowledged", flush=True)
            os.kill(os.getpid(), signal.SIGKILL)

    asyncio.run(main())
    """
)


async def test_kill_mid_heat_then_reopen_resumes_from_the_stored_start(
    db_path, sample_day, press_at, clock
):
    loading = open_view(db_path)
    try:
        loading.load_day(sample_day)
    finally:
        loading.close()
    lanes = [e.lane for e in sample_day.lineup(EVENT, 1)]
    first, second = lanes[0], lanes[1]

    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(db_path), str(first)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert "acknowledged" in child.stdout

    repo = open_view(db_path)
    try:
        board = repo.board(EVENT, 1)
        assert board.state.phase is HeatPhase.RUNNING
        assert board.lanes[first].status is Status.OK and board.lanes[first].time_ms == 12300
        assert board.lanes[second].status is None
        started = board.state.started_mono
        assert started is not None

        from timing_console.app import TimingConsoleApp

        app = TimingConsoleApp(view=repo, lang="en")
        assert board.state.key in app.session.interrupted
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            app.open_heat(EVENT, 1)
            await pilot.pause()
            assert board.state.key not in app.session.interrupted
            assert repo.board(EVENT, 1).state.started_mono == started  # same boot: same origin
            await press_at(pilot, str(second), at=started + 21.5)
            resumed = repo.board(EVENT, 1)
            assert resumed.lanes[second].time_ms == 21500
            assert resumed.lanes[first] == board.lanes[first]
    finally:
        repo.close()
