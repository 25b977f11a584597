"""Issue 19's proof, first part: the key grammar fuzzed directly, without Textual.

For each kind of heat, random key sequences (the referee machine's alphabets
and runs, with time passing between keys) drive the product's grammar
(`rules.heatkeys.HeatKeys`, its intents carried out on the heat machine) and
`refereekit.Referee` (what the referee meant, written apart) in lockstep from
a fresh heat. After every key:

- the heat the grammar's intents made equals the heat the model's calls make;
- the grammar waits for what the model waits for (a prefix, which question)
  and, at 0, types into the lane the model types into, holding the same text;
- the grammar leaves the heat exactly when the model does;
- a digit right after a prefix letter made no result, and a started heat went
  back to "to run", re-ran or closed only when the referee said so.

`HYPOTHESIS_PROFILE=long` runs at least 100,000 sequences per kind of heat.
With `HUMAN_FAULTS_REPORT=FILE` set, each test appends one JSON line
(sequences, steps, falsified) to FILE for bench/run_all.py.
"""

from __future__ import annotations

import json
import os
from typing import ClassVar

import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.control import current_build_context

from tests.support.clock import FakeClock
from tests.support.daykit import DAY, budget
from tests.support.keys import character
from tests.support.refereekeys import (
    COUNT_CHUNKS,
    COUNT_KEYS,
    RACE_CHUNKS,
    RACE_KEYS,
    SHOT_CHUNKS,
    SHOT_KEYS,
    WAITS,
    Chunk,
)
from tests.support.refereekit import (
    QUESTIONS,
    Referee,
    assert_waits_alike,
    board_view,
    check_digit_after_prefix,
    check_phase_change,
    expected,
)
from timing_console.model import EventKind, HeatState
from timing_console.rules.heat.keys import HeatKeys, perform
from timing_console.rules.heat.machine import HeatMachine, Stamp
from timing_console.rules.refusal import Refusal


class Tally:
    """Sequences, steps and falsified sequences of one kind of heat, for the report."""

    counts: ClassVar[dict[str, dict[str, int]]] = {}

    @classmethod
    def of(cls, kind: str) -> dict[str, int]:
        return cls.counts.setdefault(kind, {"sequences": 0, "steps": 0, "falsified": 0})


def fresh(event: str, heat: int) -> HeatMachine:
    """A heat as the day defines it, nothing recorded."""
    return HeatMachine(
        DAY.event(event), tuple(DAY.lineup(event, heat)), HeatState(event=event, heat=heat), {}
    )


def carry_out(keys: HeatKeys, board: HeatMachine, key: str, char: str | None, stamp: Stamp):
    """The grammar's reading of one key, its intents carried out in order (as the desk does,
    without a store): the outcome, and the heat after it."""
    outcome = keys.press(key, char, stamp, board)
    for intent in outcome.intents:
        if intent.kind == "signal":
            continue
        try:
            board = perform(board, intent, "b").board
        except Refusal as exc:
            keys.refused(intent, exc, board)
            break
        keys.done(intent, board)
    return outcome, board


def run_sequence(event: str, heat: int, steps: Chunk) -> int:
    """Drive one heat through `steps` with the grammar and the model; the steps checked."""
    board = fresh(event, heat)
    kind = board.spec.kind
    keys, model = HeatKeys(kind), Referee(kind)
    clock, pressed, checked = FakeClock(), [], 0

    def tick() -> None:
        if kind is EventKind.COUNT:
            model.tick(board, clock.t)
            keys.tick(board, board.running and board.time_up(clock.stamp()))

    for step in steps:
        if not isinstance(step, str):
            clock.advance(step)
            tick()
            continue
        key, char = step, character(step)
        stamp = clock.stamp()
        prefix = model.pending is not None and model.pending[0] not in QUESTIONS
        meaning = model.meant(key, char, board, stamp)
        want, took = expected(board, meaning.calls)
        outcome, after = carry_out(keys, board, key, char, stamp)
        pressed.append(key)
        where = f"after {pressed[-8:]}"
        assert board_view(after) == board_view(want), where
        assert outcome.leave is meaning.leaves, f"leaving, {where}"
        if prefix and key.isdigit():  # (an `n` that answered a question is no prefix)
            check_digit_after_prefix(pressed[-2], key, board, after)
        check_phase_change(pressed, board, after)
        model.settle(after, took)
        board = after
        if outcome.leave:  # the screen is opened again: nothing waits, nothing is typed
            keys, model = HeatKeys(kind), Referee(kind)
            model.left()
        tick()
        assert_waits_alike(keys, model)
        checked += 1
    return checked


def sequences(keys: list[str], chunks: st.SearchStrategy[Chunk]) -> st.SearchStrategy[Chunk]:
    """A referee's keys: single keys, runs of them, and time passing, flattened."""
    part = st.one_of(st.sampled_from(keys).map(lambda k: [k]), chunks, WAITS.map(lambda w: [w]))
    return st.lists(part, max_size=30).map(lambda parts: [x for p in parts for x in p])


def fuzz(kind: str, event: str, heat: int, steps: Chunk) -> None:
    tally = Tally.of(kind)
    tally["sequences"] += 1
    try:
        tally["steps"] += run_sequence(event, heat, steps)
    except AssertionError:
        if not current_build_context().is_final:
            tally["falsified"] += 1
        raise


def events_of(kind: EventKind) -> list[str]:
    return [s.id for s in DAY.events() if s.kind is kind]


@budget("grammar")
@given(
    event=st.sampled_from(events_of(EventKind.RACE)),
    heat=st.sampled_from([1, 2]),
    steps=sequences(RACE_KEYS, RACE_CHUNKS),
)
def test_race_keys_read_as_the_referee_meant(event, heat, steps):
    fuzz("race", event, heat, steps)


@budget("grammar")
@given(
    event=st.sampled_from(events_of(EventKind.COUNT)),
    heat=st.sampled_from([1, 2]),
    steps=sequences(COUNT_KEYS, COUNT_CHUNKS),
)
def test_countdown_keys_read_as_the_referee_meant(event, heat, steps):
    fuzz("countdown", event, heat, steps)


@budget("grammar")
@given(
    event=st.sampled_from(events_of(EventKind.SHOTS)),
    heat=st.sampled_from([1, 2]),
    steps=sequences(SHOT_KEYS, SHOT_CHUNKS),
)
def test_free_throw_keys_read_as_the_referee_meant(event, heat, steps):
    fuzz("free-throw", event, heat, steps)


@pytest.fixture(autouse=True, scope="module")
def report():
    """Append each kind's counters to `HUMAN_FAULTS_REPORT` once the module has run."""
    yield
    path = os.environ.get("HUMAN_FAULTS_REPORT")
    if not path:
        return
    with open(path, "a", encoding="utf-8") as out:
        for kind, tally in Tally.counts.items():
            out.write(json.dumps({"proof": "key grammar", "screen": kind, **tally}) + "\n")
