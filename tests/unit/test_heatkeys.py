"""The key grammar, without Textual: what each key means on each kind of heat."""

from __future__ import annotations

from tests.support.clock import stamp
from tests.support.days import new_heat
from timing_console.model import EventKind, Incident
from timing_console.rules.heat.keys import (
    MAX_COUNT_CHARS,
    CountEntry,
    HeatKeys,
    Intent,
    Outcome,
    Prefix,
    Question,
    perform,
)
from timing_console.rules.heat.machine import HeatMachine


def run(board: HeatMachine, *intents: Intent) -> HeatMachine:
    for intent in intents:
        board = perform(board, intent, "boot").board
    return board


def press(keys: HeatKeys, board: HeatMachine, key: str, t: float = 1.0) -> Outcome:
    return keys.press(key, key if len(key) == 1 else None, stamp(t), board)


def kinds(outcome: Outcome) -> list[tuple[str, int | None]]:
    return [(i.kind, i.lane) for i in outcome.intents]


# ----- questions take only their answers -------------------------------------------------


def test_n_answers_the_undo_start_question_and_the_next_digit_is_a_finish():
    """Issue 19, finding 2: `backspace`, `n`, `1` lost lane 1's finish."""
    board = run(new_heat("paddle-ball-run", lanes=4), Intent("start", stamp(0)))
    keys = HeatKeys(EventKind.RACE)
    asked = press(keys, board, "backspace")
    assert isinstance(keys.pending, Question) and asked.note is not None
    assert asked.note.key == "undo_start_ask" and not asked.intents
    no = press(keys, board, "n")
    assert not no.intents and no.note is not None and no.note.key == "no_undo_start"
    assert keys.pending is None
    finish = press(keys, board, "1", t=12.5)
    assert kinds(finish) == [("finish", 1)] and finish.intents[0].stamp == stamp(12.5)


def test_a_digit_while_a_question_is_shown_closes_it_and_is_a_finish_at_its_own_stamp():
    """Issue 19, finding 2: a lane digit under the close question was discarded."""
    board = run(new_heat("paddle-ball-run", lanes=4), Intent("start", stamp(0)))
    keys = HeatKeys(EventKind.RACE)
    asked = press(keys, board, "ctrl+s", t=5.0)
    assert asked.note is not None and asked.note.key == "close_ask"
    assert asked.note.params["dnf"] == [1, 2, 3, 4]
    digit = press(keys, board, "3", t=13.25)
    assert kinds(digit) == [("finish", 3)] and digit.intents[0].stamp == stamp(13.25)
    assert keys.pending is None


def test_escape_and_n_are_no_and_y_is_yes():
    board = run(new_heat("knee-ball-walk", lanes=4), Intent("start", stamp(0)))
    for no in ("n", "escape"):
        keys = HeatKeys(EventKind.RACE)
        press(keys, board, "ctrl+s")
        assert press(keys, board, no).intents == ()
    keys = HeatKeys(EventKind.RACE)
    press(keys, board, "ctrl+s")
    assert kinds(press(keys, board, "y")) == [("close", None)]


def test_a_question_remembers_the_version_it_was_asked_on():
    board = run(new_heat("paddle-ball-run", lanes=4), Intent("start", stamp(0)))
    board = HeatMachine(
        board.spec, board.lineup, board.state, board.lanes, board.actions, seen=(7, 2)
    )
    keys = HeatKeys(EventKind.RACE)
    press(keys, board, "backspace")
    later = HeatMachine(
        board.spec, board.lineup, board.state, board.lanes, board.actions, seen=(8, 2)
    )
    yes = press(keys, later, "y")
    assert kinds(yes) == [("undo", None)] and yes.intents[0].seen == (7, 2)


def test_a_key_that_is_not_the_heats_closes_the_question_and_goes_to_the_bindings():
    board = run(new_heat("paddle-ball-run", lanes=4), Intent("start", stamp(0)))
    keys = HeatKeys(EventKind.RACE)
    press(keys, board, "v")
    out = press(keys, board, "s")
    assert not out.handled and not out.intents and out.note is not None
    assert out.note.key == "no_rerun" and keys.pending is None


def test_rerun_question_takes_a_lane_digit_or_y():
    board = run(new_heat("paddle-ball-run", lanes=4), Intent("start", stamp(0)))
    keys = HeatKeys(EventKind.RACE)
    press(keys, board, "v")
    assert kinds(press(keys, board, "2")) == [("rerun", 2)]
    press(keys, board, "v")
    assert kinds(press(keys, board, "enter")) == [("rerun", None)]


# ----- prefixes --------------------------------------------------------------------------


def test_a_digit_after_a_refused_prefix_records_nothing_and_says_why():
    """`f` in the paddle-ball run (it has no foul): the 3 after it is not lane 3's finish."""
    board = run(new_heat("paddle-ball-run", lanes=4), Intent("start", stamp(0)))
    keys = HeatKeys(EventKind.RACE)
    refused = press(keys, board, "f")
    assert refused.note is not None and refused.note.error
    assert isinstance(keys.pending, Prefix) and keys.pending.refused is not None
    digit = press(keys, board, "3")
    assert digit.intents == () and digit.note is not None and digit.note.key == "digit_ignored"


def test_a_prefix_mark_is_stamped_when_its_letter_was_pressed():
    board = run(new_heat("paddle-ball-run", lanes=4), Intent("start", stamp(0)))
    keys = HeatKeys(EventKind.RACE)
    press(keys, board, "r", t=4.0)
    out = press(keys, board, "2", t=6.0)
    assert kinds(out) == [("mark", 2)]
    assert out.intents[0].stamp == stamp(4.0) and out.intents[0].incident is Incident.RESTART


def test_another_key_after_a_prefix_cancels_it_and_acts():
    board = new_heat("paddle-ball-run", lanes=4)
    keys = HeatKeys(EventKind.RACE)
    press(keys, board, "n")
    assert kinds(press(keys, board, "space")) == [("start", None)]
    press(keys, board, "d")
    out = press(keys, board, "p")  # another prefix letter replaces it
    assert out.intents == () and isinstance(keys.pending, Prefix) and keys.pending.what == "drop"


# ----- count boxes -----------------------------------------------------------------------


def counting_at_zero(lanes: int = 6) -> tuple[HeatKeys, HeatMachine]:
    board = new_heat("rope-skipping", lanes)
    board = run(board, Intent("start", stamp(0)), Intent("tally", stamp(5), lane=1))
    keys = HeatKeys(EventKind.COUNT)
    assert keys.tick(board, time_up=True) and keys.boxes_open and keys.entry.current == 1
    return keys, board


def type_in(keys: HeatKeys, board: HeatMachine, text: str) -> None:
    for ch in text:
        assert press(keys, board, ch, t=61).intents == ()


def save(keys: HeatKeys, board: HeatMachine) -> HeatMachine:
    out = press(keys, board, "enter", t=61)
    for intent in out.intents:
        board = perform(board, intent, "boot").board
        assert intent.lane is not None
        keys.count_saved(intent.lane, board)
    return board


def test_enter_after_retyping_a_saved_count_goes_to_the_next_lane_in_lane_order():
    """Issue 19, finding 4: it jumped to the next *unsaved* lane (lane 6, not 5)."""
    keys, board = counting_at_zero()
    for lane, count in ((1, "40"), (2, "41"), (3, "42"), (4, "43")):
        assert keys.entry.current == lane
        type_in(keys, board, count)
        board = save(keys, board)
    assert keys.entry.current == 5
    keys.entry.move([1, 2, 3, 4, 5, 6], -1)  # back to lane 4, saved, to correct it
    assert keys.entry.current == 4
    type_in(keys, board, "44")
    board = save(keys, board)
    assert board.lanes[4].count == 44
    assert keys.entry.current == 5


def test_closing_saves_what_the_boxes_show_and_names_each_lane_and_value():
    """Issue 19, finding 3: a typed count not confirmed with enter was dropped by ctrl+s."""
    keys, board = counting_at_zero(lanes=3)
    type_in(keys, board, "57")  # lane 1, not saved with enter
    out = press(keys, board, "ctrl+s", t=62)
    assert out.note is not None and out.note.key == "close_ask"
    assert out.note.params["counts"] == {1: "57"}
    assert out.note.params["dnf"] == [2, 3]
    yes = press(keys, board, "y", t=63)
    assert kinds(yes) == [("count", 1), ("close", None)]
    board = run(board, *yes.intents)
    assert board.lanes[1].count == 57 and board.lanes[2].status is not None


def test_escape_with_a_typed_count_asks_before_leaving():
    """Issue 19, finding 3: `esc` while typing left silently."""
    keys, board = counting_at_zero(lanes=3)
    type_in(keys, board, "9")
    asked = press(keys, board, "escape")
    assert not asked.leave and asked.note is not None and asked.note.key == "leave_ask"
    assert asked.note.params["counts"] == {1: "9"}
    stay = press(keys, board, "escape")
    assert not stay.leave and keys.entry.text(1) == "9"
    press(keys, board, "escape")
    assert press(keys, board, "y").leave
    keys, board = counting_at_zero(lanes=3)
    assert press(keys, board, "escape").leave  # nothing typed: no question


def test_a_count_typed_over_a_value_carries_what_it_was_typed_over():
    keys, board = counting_at_zero(lanes=2)
    type_in(keys, board, "30")
    out = press(keys, board, "enter")
    assert kinds(out) == [("count", 1)] and out.intents[0].was == "1"  # lane 1's tally


def test_typing_replaces_the_value_first_then_edits_and_counts_stay_short():
    entry = CountEntry()
    entry.reset({1: "12", 2: "30"}, 1)
    assert entry.edit("4", "4", "12") and entry.text(1) == "4"
    entry.move([1, 2], 1)
    assert entry.edit("backspace", None, "30") and entry.edit("5", "5", "30")
    assert entry.text(2) == "35"  # backspace first keeps the tally to correct it
    assert not entry.edit("x", "x", "") and not entry.edit("space", " ", "")
    entry.move([1, 2], 1)  # lane 1 again, fresh: the first digit replaces what it holds
    for ch in "1234567":
        entry.edit(ch, ch, "4")
    assert entry.text(1) == "1234567"[:MAX_COUNT_CHARS]


def test_moving_wraps_both_ways():
    entry = CountEntry()
    entry.reset({}, 2)
    entry.move([2, 3, 7], -1)
    assert entry.current == 7
    entry.move([2, 3, 7], 1)
    assert entry.current == 2
    entry.move([], 1)
    assert entry.current == 2
