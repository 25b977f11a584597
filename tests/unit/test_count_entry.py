"""Typing counts at 0: which lane a key goes to, and what its box then holds."""

from __future__ import annotations

from timing_console.ui.counts import MAX_CHARS, CountEntry


def typed(entry: CountEntry, *keys: str) -> None:
    for key in keys:
        entry.edit(key, None if key == "backspace" else key)


def test_the_tally_is_replaced_by_the_first_digit_and_edited_by_backspace():
    entry = CountEntry()
    entry.reset({1: "12", 2: "30"}, [1, 2, 3])
    assert entry.current == 1 and entry.text(1) == "12"
    typed(entry, "4")
    assert entry.text(1) == "4"
    entry.move([1, 2, 3], 1)
    typed(entry, "backspace", "5")
    assert entry.text(2) == "35"  # backspace first keeps the tally to correct it


def test_letters_are_not_typing_and_a_count_has_at_most_five_characters():
    entry = CountEntry()
    entry.reset({}, [4])
    assert not entry.edit("x", "x") and not entry.edit("space", " ")
    typed(entry, *"1234567")
    assert entry.text(4) == "1234567"[:MAX_CHARS]
    typed(entry, *["backspace"] * 5, "-", "-", "3")
    assert entry.text(4) == "-3"


def test_after_a_save_keys_go_to_the_next_open_lane_then_round_to_the_first():
    entry = CountEntry()
    entry.reset({}, [1, 2, 5])
    entry.move([1, 2, 5], 1)
    assert entry.current == 2
    entry.follow([1, 5])  # lane 2 saved
    assert entry.current == 5
    entry.follow([1])  # lane 5 saved: back round to lane 1, still open
    assert entry.current == 1
    entry.follow([])
    assert entry.current is None
    entry.follow([5])  # an undo reopens lane 5
    assert entry.current == 5


def test_moving_wraps_both_ways_and_skips_closed_lanes():
    entry = CountEntry()
    entry.reset({}, [2, 3, 7])
    entry.move([2, 3, 7], -1)
    assert entry.current == 7
    entry.move([2, 7], 1)
    assert entry.current == 2
    entry.move([], 1)
    assert entry.current == 2
