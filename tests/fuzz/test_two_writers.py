"""Issue 19's proof, second part: two writers on one heat, and nothing acknowledged lost.

A Hypothesis state machine on a real day on disk. Three writers act on the same
heat in any order, as they do on the day:

- the heat screen: keys through its `HeatDesk` (the screen's own logic, no
  Textual), the referee deciding on what the screen shows;
- the standings' correction dialog: opened on a lane (it shows what the lane
  holds then), redrawn when the day announces a save (or not yet: the save may
  still be in its queue), and saved with a result and a reason;
- the command line's `record`: the same `heatdesk.correct` the command runs.

Every save the day announces is queued for the heat screen (as `DaySaved`
is) and handled when the screen gets to it, or read by its next key first.
After every step:

- the store holds exactly what the referee meant: the board the model's calls
  give (`refereekit.Referee`) from the heat as the store held it, a dialog's
  result only when the lane is still what the dialog showed, a decision asked
  before another writer's save refused;
- every change record ever acknowledged is still in `history`, unchanged, and
  the heat screen, once it handled the announcements queued for it, shows what
  the store holds;
- at the end the day's files replay to the same heat and the same history.

`HYPOTHESIS_PROFILE=long` runs at least 10,000 steps. With
`HUMAN_FAULTS_REPORT=FILE` set, the counters (sequences, steps, falsified,
lost) are appended to FILE for bench/run_all.py.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from tests.support.clock import FakeClock
from tests.support.daykit import DAY, budget
from tests.support.keys import character
from tests.support.refereekeys import COUNT_KEYS, RACE_KEYS, SHOT_KEYS, WAITS
from tests.support.refereekit import (
    QUESTIONS,
    Referee,
    assert_waits_alike,
    board_view,
    expected,
)
from timing_console.model import Attempt, Change, EventKind
from timing_console.rules.heat.machine import HeatMachine, Stamp
from timing_console.rules.heat.results import parse_result
from timing_console.rules.refusal import Refusal
from timing_console.session import Session
from timing_console.stations.view import DayView, open_view
from timing_console.store.codec import CHANGES
from timing_console.store.saved import Saved
from timing_console.ui.heat.desk import HeatDesk, LaneChanged, correct

SHM = "/dev/shm" if os.path.isdir("/dev/shm") else None
KEYS = {EventKind.RACE: RACE_KEYS, EventKind.COUNT: COUNT_KEYS, EventKind.SHOTS: SHOT_KEYS}
HEATS = sorted({(e.event, e.heat) for e in DAY.lanes})
DECIDED = ("undo_start", "close", "rerun")
"""Questions whose answer is a decision on what the screen showed when it asked."""
RESULTS = {
    EventKind.RACE: ["9.50", "12.34", "1210", "75.2", "DNF", "DQ", "DNS", "FOUL", "0"],
    EventKind.COUNT: ["0", "42", "87", "301", "DNF", "DQ", "DNS"],
    EventKind.SHOTS: ["1101100110", "0000000000", "111", "DNF", "DQ", "DNS"],
}
"""What a dialog or a card gives, good and bad, per kind of event."""
TALLY = {"sequences": 0, "steps": 0, "falsified": 0, "lost": 0}


def answers(question: str, key: str) -> bool:
    """Whether a key answers a question with its yes (not no, not another key)."""
    if question == "rerun":
        return key in ("y", "v", "enter") or (len(key) == 1 and key.isdigit())
    return key == "y"


def entered(
    board: HeatMachine, lane: int, text: str, reason: str, seen: Attempt | bool | None, stamp: Stamp
) -> HeatMachine:
    """What a dialog or `record` must leave: the entry made, or the heat as it was."""
    try:
        board.entry(lane)
        result = parse_result(board.spec, text)
        if seen is not False and shown(board.lanes.get(lane)) != shown(seen):
            return board
        return board.enter(lane, result, stamp, reason=reason, source="x").board
    except Refusal:
        return board


def shown(attempt: Attempt | bool | None) -> tuple[Any, ...] | None:
    """A lane's attempt as a dialog shows it."""
    if not isinstance(attempt, Attempt):
        return None
    return (attempt.id, attempt.status, attempt.time_ms, attempt.count, attempt.shots)


class TwoWriters(RuleBasedStateMachine):
    """The heat screen, a correction dialog and `record` on one heat of a day on disk."""

    def __init__(self) -> None:
        super().__init__()
        TALLY["sequences"] += 1
        self.folder = tempfile.TemporaryDirectory(dir=SHM)
        self.db = Path(self.folder.name) / "day.json"
        self.clock = FakeClock()
        self.view: DayView | None = None
        self.acknowledged: dict[str, Change] = {}
        self.dialog: tuple[int, Attempt | None] | None = None
        self.stale_question = False
        self.screen_behind = False
        """A save's announcement is still in the heat screen's queue."""

    @initialize(which=st.sampled_from(HEATS))
    def open_day(self, which: tuple[str, int]) -> None:
        self.event, self.heat = which
        self.view = open_view(self.db)
        self.view.load_day(DAY)
        self.session = Session.open(
            self.view, "en", now=self.clock.now, wall=self.clock.wall, boot="b"
        )
        self.kind = DAY.event(self.event).kind
        self.desk = HeatDesk(self.session, self.event, self.heat)
        self.model = Referee(self.kind)
        self.view.subscribe(self.announced)

    def announced(self, saved: Saved) -> None:
        """The day's announcement of a save (made durable just now): its change records are
        acknowledged, and the heat screen repaints from the store."""
        seq, entries = self.repo_().repo.store.recent[-1]
        assert seq == saved.seq
        self.acknowledged |= {key: value for table, key, value in entries if table == CHANGES}
        if saved.touches(self.desk.key):
            self.screen_behind = True  # the message waits in the screen's queue

    def repo_(self) -> DayView:
        assert self.view is not None
        return self.view

    def board(self) -> HeatMachine:
        return self.repo_().board(self.event, self.heat)

    def teardown(self) -> None:
        try:
            if self.view is not None:
                board, changes = self.board(), self.view.changes()
                self.view.close()
                again = open_view(self.db, readonly=True)
                assert board_view(again.board(self.event, self.heat)) == board_view(board)
                assert again.changes() == changes, "the files replay another history"
                again.close(snapshot=False)
        finally:
            self.folder.cleanup()

    # ----- the heat screen ---------------------------------------------------------------

    @precondition(lambda self: self.view is not None)
    @rule(data=st.data())
    def keys(self, data: st.DataObject) -> None:
        """A few keys on the heat screen, the referee deciding on what it shows (the store)."""
        pressed = st.lists(st.sampled_from(KEYS[self.kind]), min_size=1, max_size=4)
        for key in data.draw(pressed, label="keys"):
            self.press(key)

    @precondition(lambda self: self.view is not None)
    @rule(key=st.sampled_from(["ctrl+s", "backspace", "v"]))
    def ask(self, key: str) -> None:
        """A key that asks a question (close, undo the gun, re-run) when it has to."""
        self.press(key)

    def press(self, key: str) -> None:
        before = self.board()
        question = self.model.pending[0] if self.model.pending else None
        char = character(key)
        meaning = self.model.meant(key, char, before, self.clock.stamp())
        refused = self.stale_question and question in DECIDED and answers(question, key)
        want, took = expected(before, () if refused else meaning.calls)
        self.stale_question = False
        feedback = self.desk.press(key, char, self.clock.t)
        self.screen_behind = False  # a key reads the heat from the store first
        after = self.board()
        assert board_view(after) == board_view(want), f"{key} after {question}"
        if refused:
            assert feedback.note is not None and feedback.note.key == "changed_meanwhile"
        self.model.settle(after, took)
        if meaning.leaves:
            assert feedback.leave
            self.desk = HeatDesk(self.session, self.event, self.heat)
            self.model.left()
        self.tick()
        assert_waits_alike(self.desk.keys, self.model)

    @precondition(lambda self: self.screen_behind)
    @rule()
    def screen_catches_up(self) -> None:
        """The heat screen handles the day's announcement: it repaints from the store."""
        self.desk.sync()
        self.screen_behind = False

    @precondition(
        lambda self: self.model.pending is not None and self.model.pending[0] in QUESTIONS
    )
    @rule(key=st.sampled_from(["y", "y", "n", "escape", "3", "v"]))
    def answer(self, key: str) -> None:
        """The referee answers the question on the screen (or presses on regardless)."""
        self.press(key)

    @precondition(lambda self: self.view is not None)
    @rule(seconds=WAITS)
    def wait(self, seconds: float) -> None:
        """Time passes between keys."""
        self.clock.t += seconds
        self.tick()

    def tick(self) -> None:
        """The screen's repaint: count boxes open at 0 and close with the run."""
        self.desk.tick()
        self.model.tick(self.desk.board, self.clock.t)

    # ----- the second writers ------------------------------------------------------------

    def lanes(self) -> list[int]:
        return [e.lane for e in DAY.lineup(self.event, self.heat)]

    @precondition(lambda self: self.view is not None)
    @rule(data=st.data())
    def open_dialog(self, data: st.DataObject) -> None:
        """Standings: a lane's correction dialog opens, showing what the lane holds now."""
        lane = data.draw(st.sampled_from(self.lanes()), label="lane")
        self.dialog = (lane, self.board().lanes.get(lane))

    @precondition(lambda self: self.dialog is not None)
    @rule()
    def dialog_redraws(self) -> None:
        """The dialog handles the day's announcement of a save: it shows the lane as it is."""
        assert self.dialog is not None
        lane = self.dialog[0]
        self.dialog = (lane, self.board().lanes.get(lane))

    @precondition(lambda self: self.dialog is not None)
    @rule(data=st.data(), reason=st.sampled_from(["card", "", "video"]))
    def save_dialog(self, data: st.DataObject, reason: str) -> None:
        """The dialog saves a result with a reason (or is refused, saving nothing)."""
        assert self.dialog is not None
        lane, seen = self.dialog
        text = data.draw(st.sampled_from(RESULTS[self.kind]), label="result")
        self.second_writer(lane, text, reason, seen)

    @precondition(lambda self: self.view is not None)
    @rule(data=st.data(), reason=st.sampled_from(["card", ""]))
    def record(self, data: st.DataObject, reason: str) -> None:
        """`record EVENT HEAT LANE RESULT [--reason]`: a card keyed in."""
        lane = data.draw(st.sampled_from(self.lanes()), label="lane")
        text = data.draw(st.sampled_from(RESULTS[self.kind]), label="result")
        self.second_writer(lane, text, reason, False)

    def second_writer(self, lane: int, text: str, reason: str, seen: Attempt | bool | None) -> None:
        before, stamp = self.board(), self.clock.stamp()
        want = entered(before, lane, text, reason, seen, stamp)
        try:
            correct(
                self.repo_(), self.event, self.heat, lane, text,
                stamp=stamp, reason=reason, seen=seen, source="x",
            )  # fmt: skip
        except LaneChanged:
            assert shown(before.lanes.get(lane)) != shown(seen)
        except Refusal:
            pass
        after = self.board()
        assert board_view(after) == board_view(want), f"{text!r} into lane {lane}"
        if board_view(after) != board_view(before):
            self.stale_question = True
            self.model.settle(after, False)

    @precondition(lambda self: self.model.pending is not None and self.model.pending[0] in DECIDED)
    @rule(data=st.data(), answer=st.sampled_from(["y", "y", "2", "n"]))
    def card_while_a_question_waits(self, data: st.DataObject, answer: str) -> None:
        """A card keyed in while the screen asks (close? undo the gun? re-run?), then the
        answer: a yes given to what the screen showed before the card is refused."""
        self.record(data, "card")
        self.press(answer)

    @precondition(lambda self: self.view is not None)
    @rule(data=st.data())
    def dns_twice_then_undo(self, data: st.DataObject) -> None:
        """`n` and a lane, again, then `backspace`: a DNS set, taken back, and restored."""
        lane = str(data.draw(st.sampled_from(self.lanes()), label="lane"))
        for key in ("n", lane, "n", lane, "backspace"):
            self.press(key)

    @precondition(lambda self: self.desk.keys.entering and self.desk.keys.entry.current is not None)
    @rule(data=st.data(), count=st.sampled_from(["7", "42"]))
    def card_while_a_count_is_typed(self, data: st.DataObject, count: str) -> None:
        """At 0 a count is typed into a box while a card for that lane is keyed in elsewhere,
        then `enter` (refused once, naming what the lane holds now) and `enter` again."""
        lane = self.desk.keys.entry.current
        assert lane is not None
        for key in count:
            self.press(key)
        text = data.draw(st.sampled_from(RESULTS[self.kind]), label="card")
        self.second_writer(lane, text, "card", False)
        self.press("enter")
        self.press("enter")

    # ----- after every step ----------------------------------------------------------------

    @invariant()
    def one_truth(self) -> None:
        """Nothing acknowledged lost or changed; the screen shows what the store holds."""
        if self.view is None:
            return
        history = {c.key: c for c in self.view.changes()}
        lost = [k for k, c in self.acknowledged.items() if history.get(k) != c]
        TALLY["lost"] += len(lost)
        assert not lost, f"acknowledged changes gone or rewritten: {lost}"
        if not self.screen_behind:
            assert self.desk.board == self.board(), "the screen shows what the store does not hold"
        TALLY["steps"] += 1


@pytest.fixture(autouse=True, scope="module")
def report():
    """Append the counters to `HUMAN_FAULTS_REPORT` once the module has run."""
    yield
    path = os.environ.get("HUMAN_FAULTS_REPORT")
    if path:
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps({"proof": "two writers", "screen": "heat", **TALLY}) + "\n")


def test_two_writers_on_one_heat_lose_nothing_and_falsify_nothing():
    each = settings(budget("writers"), stateful_step_count=60)
    try:
        run_state_machine_as_test(TwoWriters, settings=each)
    except AssertionError:
        TALLY["falsified"] += 1
        raise
