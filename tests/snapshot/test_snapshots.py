"""What the referee sees, screen by screen, at 80×24 and 120×40.

Built through the app factory on a fake clock, so a snapshot only changes when
the screen really does. Update with `pytest tests/snapshot --snapshot-update`
after checking the new picture in the report.
"""

from __future__ import annotations

import pytest

SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def db_path(tmp_path, monkeypatch):
    """The day in a home folder of its own, so the programme's header reads `~/day.json`."""
    monkeypatch.setenv("HOME", str(tmp_path))
    return tmp_path / "day.json"


def record_race(repo, clock, event="paddle-ball-run", heat=1):
    """A race heat with a finish, a restart mark and a DNF, through the store."""
    lanes = [e.lane for e in repo.require_day().lineup(event, heat)]
    b = repo.board(event, heat)
    b = repo.apply(b.start(clock.stamp(), "boot-test"))
    b = repo.apply(b.finish(lanes[0], clock.stamp(12.341)))
    b = repo.apply(b.finish(lanes[1], clock.stamp(12.52)))
    b = repo.apply(b.dnf(lanes[2], clock.stamp(14.0)))
    return lanes


@pytest.mark.parametrize("size", SIZES)
def test_programme(snap_compare, make_app, size):
    assert snap_compare(make_app(), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_programme_chinese(snap_compare, make_app, size):
    assert snap_compare(make_app(lang="zh"), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_race_running(snap_compare, make_app, repo, clock, press_at, size):
    lanes = [e.lane for e in repo.require_day().lineup("paddle-ball-run", 1)]

    async def run_before(pilot):
        await pilot.pause()
        pilot.app.open_heat("paddle-ball-run", 1)
        await pilot.pause()
        await press_at(pilot, "space")
        start = clock.t
        await press_at(pilot, "r", at=start + 3.2)
        await press_at(pilot, str(lanes[1]), at=start + 3.3)
        await press_at(pilot, str(lanes[0]), at=start + 12.341)
        await press_at(pilot, str(lanes[2]), at=start + 12.45)
        clock.advance(15.27)
        pilot.app.screen.tick()
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_countdown_time_up(snap_compare, make_app, repo, clock, press_at, size):
    async def run_before(pilot):
        await pilot.pause()
        pilot.app.open_heat("rope-skipping", 1)
        await pilot.pause()
        await press_at(pilot, "space")
        clock.advance(61)
        pilot.app.screen.tick()
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_free_throws(snap_compare, make_app, repo, clock, press_at, size):
    async def run_before(pilot):
        await pilot.pause()
        pilot.app.open_heat("free-throw", 1)
        await pilot.pause()
        await press_at(pilot, *"0110010111", "1", "0")

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_standings(snap_compare, make_app, repo, clock, size):
    record_race(repo, clock)

    async def run_before(pilot):
        await pilot.pause()
        await pilot.press("s")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_awards(snap_compare, make_app, repo, clock, size):
    record_race(repo, clock)

    async def run_before(pilot):
        await pilot.pause()
        await pilot.press("a")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_help_on_race(snap_compare, make_app, size):
    async def run_before(pilot):
        await pilot.pause()
        pilot.app.open_heat("paddle-ball-run", 1)
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)
