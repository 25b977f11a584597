"""One truth: a heat's desk and a second writer on the same heat, without Textual.

Each test here is one of issue 19's findings, or the rule that fixes it: a
board read before the latest save is refused by the store, a screen's desk
reads the heat again before its next key, a correction is refused when the
lane it was asked about changed, and no change record is ever written twice.
"""

from __future__ import annotations

import json

import pytest

from tests.support.keys import character
from timing_console.model import HeatPhase, Status
from timing_console.rules.heat.keys import OVER_CEILING
from timing_console.rules.heat.results import BeyondCeiling, ResultError, parse_result
from timing_console.session import Session
from timing_console.store.codec import CHANGES
from timing_console.store.db import Put
from timing_console.store.errors import StaleWrite, StoreError
from timing_console.ui.heat.desk import HeatDesk, LaneChanged, correct

RACE = "paddle-ball-run"


@pytest.fixture
def session(repo, clock) -> Session:
    return Session.open(repo, "en", now=clock.now, wall=clock.wall, boot="boot-test")


def key(desk: HeatDesk, clock, name: str, after: float = 0.0):
    clock.advance(after)
    return desk.press(name, character(name), clock.t)


def history_of(repo, lane: int, event: str = RACE, heat: int = 1):
    return [c for c in repo.changes() if c.event == event and c.heat == heat and c.lane == lane]


def test_a_correction_made_elsewhere_is_not_undone_by_the_heat_screen_closing(session, clock):
    """Finding 1: correct a running lane from the standings, then close from the heat."""
    repo = session.view
    desk = HeatDesk(session, RACE, 1)
    key(desk, clock, "space")
    key(desk, clock, "1", after=11.0)
    seen = repo.board(RACE, 1).lanes[4]  # what the standings dialog shows: running
    stamp = clock.stamp()
    correct(repo, RACE, 1, 4, "9.50", stamp=stamp, reason="card", seen=seen)
    asked = key(desk, clock, "ctrl+s", after=1.0)
    assert asked.note is not None and asked.note.key == "close_ask"
    assert 4 not in asked.note.params["dnf"]  # the desk read the heat again first
    key(desk, clock, "y")
    board = repo.board(RACE, 1)
    assert board.state.phase is HeatPhase.DONE
    assert board.lanes[4].status is Status.OK and board.lanes[4].time_ms == 9500
    assert [c.new.get("time_ms") for c in history_of(repo, 4)] == [9500]  # keyed over "running"


def test_undo_after_a_correction_does_not_restore_what_the_screen_remembered(session, clock):
    """Finding 1, backspace: the undo wrote its change under the correction's key."""
    repo = session.view
    desk = HeatDesk(session, RACE, 1)
    key(desk, clock, "space")
    key(desk, clock, "2", after=12.0)
    seen = repo.board(RACE, 1).lanes[2]
    correct(repo, RACE, 1, 2, "12.50", stamp=clock.stamp(), reason="card", seen=seen)
    out = key(desk, clock, "backspace")
    assert out.note is not None and out.note.error  # nothing left that backspace may take
    assert repo.board(RACE, 1).lanes[2].time_ms == 12500
    assert [c.kind for c in history_of(repo, 2)] == ["correction"]


def test_a_step_from_a_board_older_than_the_store_is_refused_and_writes_nothing(session, clock):
    repo = session.view
    first = repo.board(RACE, 1)
    stale = repo.board(RACE, 1)
    repo.apply(first.start(clock.stamp(), "boot-test"))
    seq = repo.seq
    with pytest.raises(StaleWrite):
        repo.apply(stale.close(clock.stamp(1)))
    assert repo.seq == seq and repo.board(RACE, 1).state.phase is HeatPhase.RUNNING


def test_a_finish_pressed_on_a_stale_board_is_made_again_from_the_store(session, clock):
    repo = session.view
    desk = HeatDesk(session, RACE, 1)
    key(desk, clock, "space")
    other = HeatDesk(session, RACE, 1)  # another screen on the same heat
    key(other, clock, "3", after=10.0)
    out = key(desk, clock, "5", after=1.0)  # this desk has not seen lane 3's finish
    assert out.note is None
    board = repo.board(RACE, 1)
    assert board.lanes[3].time_ms == 10000 and board.lanes[5].time_ms == 11000
    assert desk.board.seen == repo.version(RACE, 1)


def test_a_decision_asked_before_another_save_is_refused_when_answered(session, clock):
    repo = session.view
    desk = HeatDesk(session, RACE, 1)
    key(desk, clock, "space")
    key(desk, clock, "ctrl+s", after=5.0)  # asks: lanes become DNF
    correct(repo, RACE, 1, 5, "DNF", stamp=clock.stamp(), reason="fell")
    out = key(desk, clock, "y")
    assert out.note is not None and out.note.key == "changed_meanwhile"
    assert repo.board(RACE, 1).state.phase is HeatPhase.RUNNING


def test_a_correction_is_refused_when_the_lane_changed_since_it_was_shown(session, clock):
    repo = session.view
    desk = HeatDesk(session, RACE, 1)
    key(desk, clock, "space")
    seen = repo.board(RACE, 1).lanes[1]  # running, as the dialog shows it
    key(desk, clock, "1", after=10.0)  # lane 1 finishes while the dialog is open
    stamp = clock.stamp()
    with pytest.raises(LaneChanged):
        correct(repo, RACE, 1, 1, "9.80", stamp=stamp, reason="card", seen=seen)
    assert repo.board(RACE, 1).lanes[1].time_ms == 10000


def test_dns_pressed_twice_says_it_was_taken_back(session, clock):
    """Finding 7: `n 4` twice took the DNS back without a word."""
    desk = HeatDesk(session, RACE, 1)
    key(desk, clock, "n")
    first = key(desk, clock, "4")
    assert first.note is None and desk.board.lanes[4].status is Status.DNS
    key(desk, clock, "n")
    second = key(desk, clock, "4")
    assert second.note is not None and second.note.key == "dns_taken_back"
    assert 4 not in desk.board.lanes


def test_a_live_finish_over_the_ceiling_is_kept_as_timed_and_said(session, clock):
    """A measured time has no missing decimal point: never lost, never silent."""
    desk = HeatDesk(session, RACE, 1)
    key(desk, clock, "space")
    out = key(desk, clock, "2", after=75.0)
    assert out.note is not None and out.note.key == "ceiling_kept" and out.note.error
    saved = desk.board.lanes[2]
    assert saved.time_ms == 75000 and saved.override == OVER_CEILING
    key(desk, clock, "3", after=0.4)  # the next finish is a finish, never a question's answer
    assert desk.board.lanes[3].time_ms == 75400
    key(desk, clock, "backspace")  # and backspace takes the last one back
    assert desk.board.lanes[3].status is None and desk.board.lanes[2].time_ms == 75000


def test_a_time_typed_without_its_point_is_refused_with_a_hint_and_stands_on_override(repo, clock):
    """Finding 5: `1210` saved 1210.00 s for a 20 m race."""
    spec = repo.require_day().event(RACE)
    with pytest.raises(BeyondCeiling) as refused:
        parse_result(spec, "1210")
    assert "12.10" in str(refused.value) and "12.10" in refused.value.said("zh")
    stamp = clock.stamp()
    with pytest.raises(BeyondCeiling):
        correct(repo, RACE, 1, 2, "1210", stamp=stamp, reason="")
    saved = correct(
        repo, RACE, 1, 2, "75.20", stamp=stamp, reason="paddle fell 4 times", override=True
    )
    assert saved.after.time_ms == 75200 and saved.after.override == "paddle fell 4 times"


def test_foul_is_refused_where_the_event_has_no_foul(repo):
    """Finding 6: `record paddle-ball-run 1 5 FOUL` was accepted."""
    with pytest.raises(ResultError):
        parse_result(repo.require_day().event(RACE), "FOUL")
    assert parse_result(repo.require_day().event("stepping-stones"), "foul").status is Status.FOUL


def test_no_change_record_is_ever_written_twice(repo):
    doc = {"event": RACE, "heat": 1, "n": 0, "kind": "reopen", "at": "x", "reason": "r"}
    doc |= {"old": {}, "new": {}}
    repo.repo.store.commit(Put(CHANGES, "k#0", doc))
    with pytest.raises(StoreError):
        repo.repo.store.commit(Put(CHANGES, "k#0", doc | {"reason": "over it"}))
    assert repo.repo.store.get(CHANGES, "k#0").reason == "r"


def test_every_change_ever_acknowledged_is_still_in_history(session, clock):
    """Replay the journal: each change key written once, each change listed by `history`."""
    repo = session.view
    desk = HeatDesk(session, RACE, 1)
    for name, after in (("space", 0), ("1", 10), ("2", 1), ("backspace", 1), ("2", 1)):
        key(desk, clock, name, after=after)
    stamp = clock.stamp()
    correct(
        repo, RACE, 1, 1, "10.40", stamp=stamp, reason="card", seen=repo.board(RACE, 1).lanes[1]
    )
    key(desk, clock, "ctrl+s")
    key(desk, clock, "y")
    written: list[str] = []
    journal = repo.path.with_name(repo.path.name + ".journal")
    for line in journal.read_bytes().splitlines():
        record = json.loads(line[9:])
        written += [put[1] for put in record["puts"] if put[0] == CHANGES]
    assert len(written) == len(set(written)) >= 4
    listed = {c.key for c in repo.changes()}
    assert set(written) <= listed


COUNT = "rope-skipping"


def at_zero(session, clock) -> HeatDesk:
    desk = HeatDesk(session, COUNT, 1)
    key(desk, clock, "space")
    key(desk, clock, "1", after=5.0)
    clock.advance(56.0)
    return desk


def test_the_first_count_digit_after_zero_types_even_before_the_repaint(session, clock):
    """Review: a digit in the ~100 ms before the repaint opened the boxes became a tally."""
    desk = at_zero(session, clock)
    assert not desk.keys.boxes_open  # no repaint since the countdown reached 0
    out = key(desk, clock, "4")
    assert out.note is None and desk.keys.entry.text(1) == "4"


def test_a_count_typed_over_a_lane_that_changed_is_refused_once_then_saves(session, clock):
    """Review: after "saved meanwhile" the box could never be saved, nor the heat closed."""
    repo = session.view
    desk = at_zero(session, clock)
    key(desk, clock, "4")
    key(desk, clock, "0")
    stamp = clock.stamp()
    correct(repo, COUNT, 1, 1, "35", stamp=stamp, reason="card")  # a card for lane 1
    refused = key(desk, clock, "enter")
    assert refused.note is not None and refused.note.error
    assert repo.board(COUNT, 1).lanes[1].count == 35
    key(desk, clock, "enter")  # the referee has been told: enter again saves over it
    assert repo.board(COUNT, 1).lanes[1].count == 40
    key(desk, clock, "ctrl+s")
    key(desk, clock, "y")
    assert repo.board(COUNT, 1).state.phase is HeatPhase.DONE


def test_dns_taken_back_then_undone_writes_no_change_record_twice(session, clock):
    """Review: `n 2`, `n 2`, `backspace` reused the take-back's change key."""
    repo = session.view
    desk = HeatDesk(session, RACE, 1)
    for name in ("n", "2", "n", "2"):
        key(desk, clock, name)
    out = key(desk, clock, "backspace")
    assert out.note is None or not out.note.error, out.note
    assert desk.board.lanes[2].status is Status.DNS
    kinds = [c.kind for c in repo.changes() if c.lane == 2]
    assert kinds == ["dns", "undo"]
