"""The board rebuilds once a burst of saves settles, and never holds a save back long."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from timing_console.web.board.server import POLL_S, Settle

MOST_S = 0.25


def test_a_lone_save_is_shown_at_the_next_quiet_poll():
    settle = Settle(MOST_S)
    assert not settle.due(False, 0.0)
    assert not settle.due(True, 0.05)  # seen: wait one poll for the saves after it
    assert settle.due(False, 0.10)
    assert not settle.due(False, 0.15)  # shown: nothing waits


def test_a_burst_is_shown_once_after_it_ends():
    settle = Settle(MOST_S)
    polls = [True, True, True, False, False]
    assert [settle.due(c, n * POLL_S) for n, c in enumerate(polls)] == [
        False,
        False,
        False,
        True,
        False,
    ]


def test_saves_that_never_stop_are_still_shown_every_most_s():
    settle = Settle(MOST_S)
    shown = [n * POLL_S for n in range(40) if settle.due(True, n * POLL_S)]
    assert shown and shown[0] <= MOST_S + 1e-9
    assert all(b - a <= MOST_S + POLL_S + 1e-9 for a, b in itertools.pairwise(shown))


def test_no_wait_at_all_when_most_s_is_zero():
    assert Settle(0).due(True, 1.0)


@given(st.lists(st.booleans(), max_size=60))
def test_every_save_is_shown_within_most_s_and_a_poll(polls):
    """Whatever the pattern of saves, none waits longer than `most_s` plus one poll,
    and a rebuild happens only when something is waiting."""
    settle = Settle(MOST_S)
    waiting_since: float | None = None
    for n, changed in enumerate([*polls, False]):
        now = n * POLL_S
        if changed and waiting_since is None:
            waiting_since = now
        due = settle.due(changed, now)
        if waiting_since is None:
            assert not due
        elif not changed:
            assert due  # a quiet poll shows what waits
        elif not due:
            assert now - waiting_since < MOST_S
        if due:
            waiting_since = None
    assert waiting_since is None  # the quiet poll at the end shows the last of them
