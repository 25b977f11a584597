"""The desk's pairing code is the day's: the same at every restart, changed only on purpose,
and a pushing console takes the new one without quitting (and asks before quitting unsent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.boardkit import BoardProcess, LiveBoard
from tests.support.stationkit import identity_of, race, station
from timing_console.app import TimingConsoleApp
from timing_console.dayio.archive import archive_day
from timing_console.model import Day
from timing_console.stations import push_process as pushproc
from timing_console.stations.link import LinkState
from timing_console.stations.push_client import PushLink, Refused
from timing_console.stations.view import open_view
from timing_console.store.errors import StoreError
from timing_console.ui.dialogs.confirm import ConfirmScreen
from timing_console.ui.dialogs.line import LineScreen
from timing_console.web.push.accept import day_code, pairing_path

RACE = "paddle-ball-run"


def code_printed(board: BoardProcess) -> str:
    """The code the board printed (the line after the address)."""
    assert board.proc.stdout is not None
    line = board.proc.stdout.readline()
    assert line.startswith("配对码 pairing code: "), line
    return line.split(": ", 1)[1].strip()


def test_every_restart_of_the_board_prints_the_same_code_until_new_code(tmp_path, sample_day):
    desk = station(tmp_path, "desk", sample_day)
    codes = []
    for extra in ((), (), ("--new-code",), ()):
        board = BoardProcess(desk, 0, "--accept-push", *extra)
        try:
            codes.append(code_printed(board))
        finally:
            board.kill()  # a crash, not a goodbye: the code must already be kept
    assert codes[0] == codes[1] != codes[2] == codes[3]
    assert pairing_path(desk).read_text("ascii").strip() == codes[3]


def test_a_damaged_code_file_is_named_not_replaced(tmp_path, sample_day):
    desk = station(tmp_path, "desk", sample_day)
    pairing_path(desk).write_bytes(b"\x00garbage")
    with pytest.raises(StoreError, match=r"\.pairing.*--new-code"):
        day_code(desk)
    assert pairing_path(desk).read_bytes() == b"\x00garbage"
    fresh = day_code(desk, new=True)
    assert day_code(desk) == fresh


def test_archiving_the_day_takes_its_code_with_it(tmp_path, sample_day):
    desk = station(tmp_path, "desk", sample_day)
    old = day_code(desk)
    archive_day(desk, sample_day.title, sample_day.date)
    assert not pairing_path(desk).exists()
    assert day_code(desk) != old


def test_a_link_refused_for_an_old_code_pushes_once_given_the_new(tmp_path, sample_day: Day):
    desk = station(tmp_path, "desk", sample_day)
    track = station(tmp_path, "track", sample_day)
    race(track, RACE, 1, {e.lane: 11.0 + e.lane / 10 for e in sample_day.lineup(RACE, 1)}, at=50)
    old = day_code(desk)
    day_code(desk, new=True)  # the desk replaced its code; the station still has the old one
    with LiveBoard(desk, accept_push=True) as live:
        assert live.desk is not None
        link = PushLink(
            track, url=live.url, code=old, station=identity_of(track), identity=_identity(track)
        )
        with pytest.raises(Refused, match="pairing code"):
            link.push_once()
        link.take_code(live.desk.code)
        assert link.status().state == "connecting"
        assert link.push_once() == open_view(track, readonly=True).seq
        link.client.close()


def _identity(db: Path) -> str:
    repo = open_view(db, readonly=True)
    try:
        return repo.identity()
    finally:
        repo.close()


class CodeLink:
    """A push link whose state a test sets, and that keeps the codes it was given."""

    url = "http://192.168.1.9:8765/"

    def __init__(self, pending: int, acked: int = 0) -> None:
        self.pending = pending
        self.acked = acked
        self.codes: list[str] = []

    def status(self) -> LinkState:
        state = "refused" if not self.codes else "up"
        return LinkState(state, self.acked, None, self.pending)

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass

    def take_code(self, code: str) -> None:
        self.codes.append(code)


async def test_the_console_takes_a_new_code_from_the_palette(tmp_path, sample_day):
    db = station(tmp_path, "track", sample_day)
    link = CodeLink(pending=0)
    app = TimingConsoleApp(db, lang="en", link=link)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"pairing code")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LineScreen)
        await pilot.press(*"k7qx", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LineScreen) and link.codes == []  # too short: said so
        await pilot.press(*"-29md", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, LineScreen)
        assert link.codes == ["K7QX-29MD"]


@pytest.mark.parametrize("answer, quits", [("n", False), ("y", True)])
async def test_quitting_with_records_not_yet_at_the_desk_asks(tmp_path, sample_day, answer, quits):
    db = station(tmp_path, "track", sample_day)
    app = TimingConsoleApp(db, lang="en", link=CodeLink(pending=3))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "3 record(s)" in app.screen.question
        await pilot.press(answer)
        await pilot.pause()
        assert app.is_running is not quits


async def test_quitting_with_everything_sent_does_not_ask(tmp_path, sample_day):
    db = station(tmp_path, "track", sample_day)
    app = TimingConsoleApp(db, lang="en", link=CodeLink(pending=0, acked=_seq(db)))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


def _seq(db: Path) -> int:
    repo = open_view(db, readonly=True)
    try:
        return repo.repo.store.seq
    finally:
        repo.close()


async def test_saves_past_what_the_desk_acknowledged_count_as_unsent_whatever_the_link_says(
    tmp_path, sample_day
):
    db = station(tmp_path, "track", sample_day)
    acked = _seq(db)
    race(db, RACE, 1, {e.lane: 11.0 + e.lane / 10 for e in sample_day.lineup(RACE, 1)}, at=50)
    unsent = _seq(db) - acked
    app = TimingConsoleApp(db, lang="en", link=CodeLink(pending=0, acked=acked))
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.session.unsent() == unsent > 0
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert f"{unsent} record(s)" in app.screen.question


async def test_quitting_while_a_heat_runs_with_records_unsent_says_both(tmp_path, sample_day):
    db = station(tmp_path, "track", sample_day)
    app = TimingConsoleApp(db, lang="en", link=CodeLink(pending=2, acked=_seq(db)))
    async with app.run_test(size=(100, 30)) as pilot:
        repo = app.session.view
        repo.apply(repo.board(RACE, 1).start(app.session.now_stamp(), app.session.boot))
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "A heat is running" in app.screen.question
        assert "2 record(s)" in app.screen.question


def test_a_push_process_that_ended_is_started_again(tmp_path, sample_day, monkeypatch):
    db = station(tmp_path, "track", sample_day)
    monkeypatch.setattr(pushproc, "RESTART_AFTER_S", 0.0)
    process = pushproc.PushProcess(db, url="http://127.0.0.1:9/", code="K7QX-29MD")
    process.start()
    try:
        first = process.proc
        assert first is not None
        first.kill()
        first.wait(timeout=10)
        state = process.status()
        assert state.state == "down" and "starting it again" in state.why
        assert process.proc is not None and process.proc is not first
        assert process.proc.poll() is None
        assert "K7QX" not in " ".join(process.argv())  # the code is not on a command line
    finally:
        process.stop()
