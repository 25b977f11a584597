"""A heat screen's keys saved with the event loop free while each fsync waits.

`HeatDesk.press_soon` is what the screen uses: the same grammar and steps as
`press`, each step durable before the next and before it returns, but the
fsync waits in a worker thread so the clock keeps drawing. These tests hold
the fsync in the worker until the loop has shown it was free, and put a second
writer in that gap.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.clock import FakeClock
from tests.support.keys import character
from timing_console.model import Day, Status
from timing_console.session import Session
from timing_console.stations.view import DayView, open_view
from timing_console.store.db import DayStore
from timing_console.ui.heat.desk import HeatDesk, correct

RACE = "paddle-ball-run"


class HeldFsync:
    """Holds every fsync made in a worker thread until the test lets it go."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.waiting = threading.Event()
        self.go = threading.Event()
        real = DayStore.flush_journal

        def flush(store: DayStore) -> None:
            if threading.current_thread() is not threading.main_thread():
                self.waiting.set()
                assert self.go.wait(10), "the test never let the fsync go"
            real(store)

        monkeypatch.setattr(DayStore, "flush_journal", flush)

    async def reached(self) -> None:
        """Until a worker is inside the fsync (the loop runs meanwhile)."""
        while not self.waiting.is_set():
            await asyncio.sleep(0.001)


@pytest.fixture
def session(repo: DayView, clock: FakeClock) -> Session:
    return Session.open(repo, "en", now=clock.now, wall=clock.wall, boot="boot-test")


async def press(desk: HeatDesk, clock: FakeClock, name: str, after: float = 0.0):
    clock.advance(after)
    return await desk.press_soon(name, character(name), clock.t)


async def test_the_loop_runs_while_a_finish_waits_for_its_fsync(
    session: Session, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = HeatDesk(session, RACE, 1)
    await press(desk, clock, "space")
    held = HeldFsync(monkeypatch)
    finish = asyncio.create_task(press(desk, clock, "1", after=11.0))
    await asyncio.wait_for(held.reached(), 10)  # this coroutine ran: the loop is free
    assert desk.busy and not desk.tick()  # the repaint leaves the heat alone meanwhile
    assert session.view.board(RACE, 1).lanes[1].status is None  # not durable: not shown
    assert not finish.done()
    held.go.set()
    feedback = await asyncio.wait_for(finish, 10)
    assert feedback.note is None and not desk.busy
    saved = session.view.board(RACE, 1).lanes[1]
    assert saved.status is Status.OK and saved.time_ms == 11_000
    assert desk.board.lanes[1] == saved and desk.board.seen == session.view.version(RACE, 1)


async def test_a_correction_while_a_finish_waits_is_saved_after_it_and_neither_is_lost(
    session: Session, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = session.view
    desk = HeatDesk(session, RACE, 1)
    await press(desk, clock, "space")
    await press(desk, clock, "2", after=12.0)
    held = HeldFsync(monkeypatch)
    finish = asyncio.create_task(press(desk, clock, "1", after=1.0))
    await asyncio.wait_for(held.reached(), 10)
    shown = view.board(RACE, 1).lanes[2]  # what the standings dialog showed
    correct(view, RACE, 1, 2, "12.50", stamp=clock.stamp(), reason="card", seen=shown)
    assert view.board(RACE, 1).lanes[1].time_ms == 13_000  # the finish went first
    held.go.set()
    await asyncio.wait_for(finish, 10)
    assert desk.board.seen != view.version(RACE, 1)  # the desk has not seen the correction
    assert desk.tick() and desk.board.lanes[2].time_ms == 12_500  # and reads it at once
    out = await press(desk, clock, "backspace")  # an undo from the screen: not over it
    assert view.board(RACE, 1).lanes[2].time_ms == 12_500
    assert out.note is not None


def fresh(tmp_path: Path, name: str, day: Day, clock: FakeClock) -> Iterator[Session]:
    view = open_view(tmp_path / name / "day.json")
    view.load_day(day)
    yield Session.open(view, "en", now=clock.now, wall=clock.wall, boot="boot-test")
    view.close()


SCRIPT = [
    ("space", 0.0),
    ("3", 10.2),
    ("f", 0.3),
    ("4", 0.0),
    ("1", 0.8),
    ("backspace", 0.1),
    ("1", 0.4),
    ("5", 2.0),
    ("2", 0.1),
    ("ctrl+s", 0.5),
    ("y", 0.2),
]


async def test_press_soon_saves_what_press_saves(tmp_path: Path, sample_day: Day) -> None:
    results = []
    for name, soon in (("now", False), ("soon", True)):
        clock = FakeClock()
        for session in fresh(tmp_path, name, sample_day, clock):
            desk = HeatDesk(session, RACE, 1)
            notes = []
            for key, after in SCRIPT:
                clock.advance(after)
                if soon:
                    out = await desk.press_soon(key, character(key), clock.t)
                else:
                    out = desk.press(key, character(key), clock.t)
                notes.append(out.note.key if out.note else None)
            board = session.view.board(RACE, 1)
            lanes = {n: (a.status, a.time_ms, a.marks) for n, a in board.lanes.items()}
            results.append((notes, board.state.phase, lanes))
    assert results[0] == results[1]
    assert results[0][1].value == "done" and results[0][2][3][1] == 10_200
