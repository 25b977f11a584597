"""The board follows a day that another process writes, without a lock and without writing.

Each test drives `Follower.poll` by hand: a poll is exactly one look at the
journal, so what it picks up is decided by what was saved before it, never
by timing.
"""

from __future__ import annotations

import os
import shutil

import pytest

from tests.support.boardkit import close_heat, lane_of, load, record
from tests.support.clock import stamp
from timing_console.dayio.archive import archive_day
from timing_console.rules.heat.results import parse_result
from timing_console.stations.follow import Follower
from timing_console.stations.view import open_view
from timing_console.store import journal
from timing_console.store.errors import StoreError

RACE = "paddle-ball-run"


def results(follower, event=RACE):
    return {(a.lane, a.time_ms, a.status) for a in follower.view.attempts(event)}


def files_as_they_are(folder):
    return {
        p.name: (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def test_picks_up_records_committed_by_another_repo(day, sample_day):
    follower = Follower(day)
    assert not follower.poll() and results(follower) == set()
    lane = lane_of(sample_day, RACE, 1, "901")
    seq = record(day, RACE, 1, lane, "12.34")
    assert follower.poll()
    assert follower.seq == seq
    assert results(follower) == {(lane, 12340, "OK")}
    assert not follower.poll()
    record(day, RACE, 1, lane, "12.50", reason="re-read")
    record(day, RACE, 1, lane_of(sample_day, RACE, 1, "602"), "DQ")
    assert follower.poll() and follower.reloads == 0
    assert (lane, 12500, "OK") in results(follower) and len(results(follower)) == 2


def test_the_console_writes_while_the_board_follows_and_nothing_is_locked(day, sample_day):
    console = open_view(day)  # holds the day's write lock, as the running console does
    try:
        follower = Follower(day)
        board = console.board(RACE, 1)
        spec = console.require_day().event(RACE)
        console.apply(board.enter(1, parse_result(spec, "13.00"), stamp(), reason=""))
        assert follower.poll() and follower.seq == console.seq
    finally:
        console.close()
    # And the board never held the lock: another writer opens the day at once.
    again = open_view(day)
    again.close()


def test_follows_across_snapshots(day, sample_day):
    follower = Follower(day)
    writer = open_view(day)
    try:
        for n, bib in enumerate(("901", "602", "802")):
            spec = writer.require_day().event(RACE)
            board = writer.board(RACE, 1)
            lane = lane_of(sample_day, RACE, 1, bib)
            writer.apply(board.enter(lane, parse_result(spec, f"1{n}.00"), stamp(), reason=""))
            writer.snapshot()
            assert follower.poll() and follower.seq == writer.seq
    finally:
        writer.close()
    assert follower.reloads == 0 and len(results(follower)) == 3


def test_a_line_being_written_is_applied_only_once_complete(day, sample_day):
    record(day, RACE, 1, 1, "12.00")
    whole = journal.read_from(day.with_name("day.json.journal"), 0)
    # Cut the journal back by the last line, then write it in two halves.
    last = whole.rstrip(b"\n").rsplit(b"\n", 1)[-1] + b"\n"
    path = day.with_name("day.json.journal")
    path.write_bytes(whole[: -len(last)])
    day.unlink()  # the snapshot holds that line too: read the day from the journal alone
    follower = Follower(day)
    before = follower.seq
    with path.open("ab") as handle:
        handle.write(last[:40])
    assert not follower.poll() and follower.seq == before
    with path.open("ab") as handle:
        handle.write(last[40:])
    assert follower.poll() and follower.seq == before + 1
    assert results(follower) == {(1, 12000, "OK")}


def test_never_writes_a_byte_of_the_day(day, sample_day):
    record(day, RACE, 1, 1, "12.00")
    path = day.with_name("day.json.journal")
    with path.open("ab") as handle:
        handle.write(b'0badc0de {"seq": 99')  # a torn last line, as a crash leaves it
    before = files_as_they_are(day.parent)
    follower = Follower(day)
    follower.poll()
    follower.reload()
    assert files_as_they_are(day.parent) == before


def test_reloads_when_the_journal_is_rebuilt(day, sample_day):
    record(day, RACE, 1, 1, "12.00")
    follower = Follower(day)
    # A copy of the day taken now, then a console crash leaves the journal missing:
    # the next writer rebuilds it from the snapshot (a new file, one line).
    os.unlink(day.with_name("day.json.journal"))
    repo = open_view(day)
    assert any("missing" in n for n in repo.notices)
    repo.close()
    assert follower.poll() and follower.reloads == 1
    seq = record(day, RACE, 1, 2, "12.50")
    assert follower.poll() and follower.seq == seq
    assert results(follower) == {(1, 12000, "OK"), (2, 12500, "OK")}


def test_reloads_when_the_journal_is_cut_back_to_an_older_copy(day, sample_day, tmp_path):
    path = day.with_name("day.json.journal")
    record(day, RACE, 1, 1, "12.00")
    older = tmp_path / "older.journal"
    shutil.copyfile(path, older)
    record(day, RACE, 1, 2, "12.50")
    record(day, RACE, 1, 3, "12.70")
    follower = Follower(day)
    assert len(results(follower)) == 3
    # The organisers restore a backup over the day: fewer bytes, an older day.
    day.unlink()
    with path.open("r+b") as handle:
        handle.truncate(0)
        handle.write(older.read_bytes())
    assert follower.poll() and follower.reloads == 1
    assert results(follower) == {(1, 12000, "OK")}


def test_reloads_when_the_last_line_applied_is_no_longer_there(day, sample_day):
    path = day.with_name("day.json.journal")
    record(day, RACE, 1, 1, "12.00")
    follower = Follower(day)
    data = path.read_bytes()
    last = data.rstrip(b"\n").rsplit(b"\n", 1)[-1]
    # Same size, same file, different last line: only the checksum tells.
    swapped = data[: -len(last) - 1] + b"f" * len(last) + b"\n"
    with path.open("r+b") as handle:
        handle.write(swapped)
    os.utime(path, ns=(1, 1))
    assert follower.poll() and follower.reloads == 1


def test_a_day_moved_aside_and_replaced_shows_the_new_day(day, sample_day):
    record(day, RACE, 1, 1, "12.00")
    follower = Follower(day)
    archive_day(day, sample_day.title, sample_day.date)
    new_day = sample_day.model_copy(update={"title": "另一天 Another day"})
    load(day, new_day)
    assert follower.poll()
    assert follower.view.require_day().title == "另一天 Another day"
    assert results(follower) == set()


def test_heat_phases_arrive_too(day, sample_day):
    follower = Follower(day)
    record(day, RACE, 1, 1, "12.00")
    close_heat(day, RACE, 1)
    assert follower.poll()
    assert follower.view.heat_state(RACE, 1).phase.value == "done"


def test_no_day_at_all_is_an_error_not_an_empty_board(tmp_path):
    (tmp_path / "day.json").write_text("garbage", encoding="utf-8")
    with pytest.raises(StoreError):
        Follower(tmp_path / "day.json")


def test_unchanged_says_exactly_whether_a_poll_would_find_something(
    day, sample_day, tmp_path, capsys
):
    """The board asks `unchanged` in its event loop and polls in a thread only when it is
    False: a save in the day's journal or in another station's file must make it False."""
    from tests.support.commands import cli
    from tests.support.stationkit import record_heat, station

    follower = Follower(day)
    follower.poll()
    assert follower.unchanged() and not follower.poll()

    record(day, RACE, 1, lane_of(sample_day, RACE, 1, "901"), "12.34")
    assert not follower.unchanged()
    assert follower.poll() and follower.unchanged()

    yard = station(tmp_path, "yard", sample_day)
    record_heat(yard, "rope-skipping", 1, {1: "41"}, at=100)
    bundle = tmp_path / "yard.bundle"
    assert cli(capsys, "share", str(bundle), "--db", str(yard))[0] == 0
    assert cli(capsys, "merge", str(bundle), "--db", str(day))[0] == 0
    assert not follower.unchanged()
    assert follower.poll() and follower.unchanged()
    assert any(a.event == "rope-skipping" for a in follower.view.attempts())

    (path,) = follower.view._files.files()
    with path.open("ab") as handle:
        handle.write(b'{"half a line')  # a merge still writing: never taken as unchanged
    assert not follower.unchanged() and not follower.poll()
