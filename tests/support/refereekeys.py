"""What a referee presses at each heat screen, for the referee machine (test_referee_machine).

Single keys are drawn from a screen's alphabet, weighted to what happens at a
heat: lane digits and prefix letters (the five of the console, whether they
apply or not), answers to questions, and the keys that start, undo, re-run,
leave and close. Runs of keys are what a referee does in one go: a whole race,
a countdown with its counts, ten shots, a prefix or a question and the key
after it, and issue 9's own slip (the gun, a digit too soon, backspace). A
number in a run is seconds passing between two keys.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from tests.support.refereekit import PREFIXES

WAITS = st.sampled_from([0.0, 0.3, 1.0, 3.5, 6.0, 12.0, 30.0, 59.9, 61.0, 125.0])
"""Seconds the fake clock moves between keys: finishes become believable, countdowns end."""
LETTERS = [*PREFIXES, *PREFIXES]
ANSWERS = ["y", "y", "x", "backspace", "backspace", "v", "v", "escape", "enter", "ctrl+s"]
LANE = st.sampled_from("123456")
Chunk = list[str | float]
SLIP: st.SearchStrategy[Chunk] = st.tuples(
    st.sampled_from([*PREFIXES, "v", "backspace"]), st.sampled_from([*"12345670", "y", "x"])
).map(list)
"""A prefix or a question, and the key after it."""
GUN_SLIP: st.SearchStrategy[Chunk] = st.tuples(
    st.sampled_from([0.0, 0.8, 2.5]), LANE, st.sampled_from(["y", "x", "2", "escape", "r", "n"])
).map(lambda slip: ["space", slip[0], slip[1], "backspace", slip[2]])
"""Issue 9's first slip: the gun, a digit too soon (refused), backspace, and an answer."""


def flat(parts: list[Any]) -> Chunk:
    """Parts of a run (keys, waits, lists of them) as one run of keys and waits."""
    return [x for part in parts for x in (part if isinstance(part, list | tuple) else [part])]


RACE_RUN: st.SearchStrategy[Chunk] = st.tuples(
    st.just("space"),
    st.sampled_from([2.0, 5.0, 9.0, 14.0]),
    st.lists(st.tuples(st.sampled_from([*"123456", "r", "p", "f", "d"]), LANE, st.floats(0, 2))),
).map(lambda run: flat([run[0], run[1], *([k, lane, gap] for k, lane, gap in run[2])]))
"""The gun, the leaders' time, then finishes and marks close behind one another."""
COUNT_RUN: st.SearchStrategy[Chunk] = st.tuples(
    st.lists(LANE, max_size=6),
    st.sampled_from([30.0, 61.0, 125.0]),
    st.lists(st.text("0123456789", min_size=1, max_size=3), max_size=6),
).map(lambda run: flat(["space", run[0], run[1], *([*c, "enter"] for c in run[2])]))
"""The start, some tallies, time running out, then counts typed lane by lane."""
RETYPE: st.SearchStrategy[Chunk] = st.tuples(
    st.lists(st.sampled_from(["tab", "shift+tab", "up", "down"]), max_size=3),
    st.text("0123456789", min_size=1, max_size=3),
).map(lambda chunk: [*chunk[0], *chunk[1], "enter"])
"""A lane chosen at 0 and its count typed (again)."""


RACE_KEYS = [*["space"] * 2, *"123456" * 2, "0", "9", *LETTERS, *ANSWERS]
RACE_CHUNKS: st.SearchStrategy[Chunk] = st.one_of(RACE_RUN, SLIP, GUN_SLIP)
COUNT_KEYS = [
    *["space"] * 2,
    *"0123456789",
    *"12345",
    "-",
    *["enter"] * 2,
    *["tab", "shift+tab", "up", "down"],
    *LETTERS,
    *ANSWERS,
]
COUNT_CHUNKS: st.SearchStrategy[Chunk] = st.one_of(COUNT_RUN, RETYPE, RETYPE, SLIP, GUN_SLIP)
SHOT_KEYS = [*"hm10" * 4, "2", "3", "space", *LETTERS, *ANSWERS]
SHOT_CHUNKS: st.SearchStrategy[Chunk] = st.one_of(
    st.text("hm10", min_size=10, max_size=10).map(list), SLIP
)
