"""Issue 9's proof: a referee's slips on each heat screen, driven as a Hypothesis state machine.

One `RuleBasedStateMachine` per heat screen (race, countdown, free throws).
Each example loads a fresh day, runs the real console under Textual's Pilot and
opens one heat; its rules are what a referee does there: a key (prefixes that
apply and ones that do not, digits, the gun, backspace, `y` and other answers,
`v`, escape, typing at 0), a run of keys typing a count, closing with `ctrl+s`
and answering its question, re-opening the closed heat from the programme with a
reason (or a blank one), typing a corrected count there, time passing. Pilot
is async and the rules are not, so the machine owns an event loop and runs each
rule's coroutine on it in one shared context (the app's context variables live there between rules).

After every step, against `refereekit.Referee` (what the referee meant):

- the heat's board equals the board the meant `HeatMachine` call gives (no key the
  referee did not mean recorded anything, none they meant was lost);
- a digit right after a prefix letter made no finish, tally, count or shot,
  and at most that prefix's own mark, DNF or DNS on that lane;
- a started heat went back to "to run" only after `backspace` `y` (free
  throws: an undone or re-run first shot), re-ran or closed only when asked to;
- the screen equals the store (`consolekit.screen_equals_store`, a second
  read-only open of the day's files), and the board replayed from those files
  equals the console's and the screen's;
- the screen waits for what the model waits for (a prefix, a question) and,
  at 0, types into the lane the model types into, holding the same text.

`HYPOTHESIS_PROFILE=long` runs at least 10,000 steps per screen. With
`HUMAN_FAULTS_REPORT=FILE` set, each screen's test appends one JSON line
(sequences, steps, falsified) to FILE; `refereekit.human_faults(FILE)` sums them
for bench/run_all.py's "human faults" row.
"""

from __future__ import annotations

import asyncio
import contextvars
import json
import os
import tempfile
import time
from collections import Counter
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, ClassVar

from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.control import current_build_context
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    precondition,
    rule,
    run_state_machine_as_test,
)
from textual.pilot import Pilot

from tests.support.clock import FakeClock
from tests.support.consolekit import screen_equals_store, settle_gc
from tests.support.daykit import DAY, budget
from tests.support.keys import character, post_key
from tests.support.programmekit import reopen_from_programme
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
    describe,
    expected,
)
from tests.support.screenkit import saving, through_every_pump
from timing_console.app import TimingConsoleApp
from timing_console.model import EventKind, HeatPhase
from timing_console.rules.heat.machine import HeatMachine, Step
from timing_console.stations.view import DayView, open_view
from timing_console.ui.heat.base import HeatScreen
from timing_console.ui.screens.programme import ProgrammeScreen

LONG = (20, 80, 10_000)
"""The long profile: examples a round, rules an example, and the steps (keys and waits,
each checked) every screen must reach: rounds repeat until it does."""
SHM = "/dev/shm" if os.path.isdir("/dev/shm") else None
"""The day's files in memory: the journal's fsync is what the crash harness tests, not this."""
TALLY: dict[str, dict[str, int]] = {}
"""Per screen: sequences run, steps checked, sequences falsified."""
SEEN: dict[str, Counter[str]] = {}
"""Per screen: what the keys did (recorded what, waited for what), for the report."""

IDLE_WITHIN_S = 60.0
"""How long a key may take to be handled and saved. A key's fsync waits in a worker thread;
a count of loop turns (1,000 of at least 1 ms) once ran out in CI while it waited."""


class RefereeAtHeat(RuleBasedStateMachine):
    """A referee at one heat screen; subclasses choose the events and the keys."""

    NAME: ClassVar[str] = ""
    EVENTS: ClassVar[list[str]] = []
    KEYS: ClassVar[list[str]] = []
    CHUNKS: ClassVar[st.SearchStrategy[Chunk]] = st.just([])
    CI: ClassVar[tuple[int, int, int]] = (4, 30, 0)
    """The short run in the suite, as `LONG`: about ten seconds a screen."""

    def __init__(self) -> None:
        """No console yet: `start` opens it on the heat it draws."""
        super().__init__()
        self.tally = TALLY.setdefault(self.NAME, {"sequences": 0, "steps": 0, "falsified": 0})
        self.loop = asyncio.new_event_loop()
        self.context = contextvars.copy_context()
        self.folder = tempfile.TemporaryDirectory(dir=SHM)
        self.db = Path(self.folder.name) / "day.json"
        self.clock = FakeClock()
        self.view: DayView | None = None
        self.harness: Any = None
        self.keys: list[str] = []

    def run(self, coroutine: Coroutine[Any, Any, Any]) -> Any:
        """Run one coroutine on the machine's loop, in the app's context."""
        task = self.loop.create_task(coroutine, context=self.context)
        return self.loop.run_until_complete(task)

    @initialize(pick=st.integers(0, 5), heat=st.integers(1, 2))
    def start(self, pick: int, heat: int) -> None:
        """A fresh day, the console on it, and one heat of this screen's events open."""
        self.tally["sequences"] += 1
        self.event_id, self.heat = self.EVENTS[pick % len(self.EVENTS)], heat
        self.view = open_view(self.db)
        self.view.load_day(DAY)
        self.app = TimingConsoleApp(
            view=self.view, lang="en", now=self.clock.now, wall=self.clock.wall, boot="b"
        )
        self.harness = self.app.run_test(size=(100, 30))
        self.pilot: Pilot[None] = self.run(self.harness.__aenter__())
        self.referee = Referee(DAY.event(self.event_id).kind)
        self.reopen()

    def teardown(self) -> None:
        """Close the console and the day; undo the console's GC settings for the next one."""
        try:
            if self.harness is not None:
                self.run(screen_equals_store(self.app, self.pilot, self.db, final=True))
                self.run(self.harness.__aexit__(None, None, None))
        finally:
            self.loop.close()
            if self.view is not None:
                self.view.close()
            self.folder.cleanup()
            settle_gc()

    # ----- the console -------------------------------------------------------------

    async def settle(self) -> None:
        """Wait until every message pump has handled every message (no idle-time guess).

        Textual's queues do not count a message being handled, so the pumps must
        be found empty on a few turns of the loop running, then again after a
        barrier (a callback through every pump of the screen, as Pilot's own).
        """
        deadline = time.monotonic() + IDLE_WITHIN_S
        while time.monotonic() < deadline:
            if await self.quiet(4):
                await through_every_pump(self.app)
                if await self.quiet(2):
                    return
        raise AssertionError("the console never went idle")

    async def quiet(self, turns: int) -> bool:
        """Whether every pump stays empty for `turns` turns of the loop."""
        for _ in range(turns):
            await asyncio.sleep(0)
            pumps = [self.app, *self.app.screen_stack]
            pumps += [w for screen in self.app.screen_stack for w in screen.walk_children()]
            if any(p.message_queue_size for p in pumps):
                return False
            if saving(self.app):  # a key's fsync in a worker thread: give it time
                await asyncio.sleep(0.001)
                return False
        return True

    async def key(self, key: str) -> None:
        """One key, stamped with the fake clock, as the input thread would post it."""
        post_key(self.app, key, self.clock.t)
        await self.settle()

    async def reopen_heat(self) -> None:
        """Open the heat from the app (as Enter on the programme does)."""
        self.app.open_heat(self.event_id, self.heat)
        await self.settle()

    def reopen(self) -> None:
        """Open the heat again, as the referee would after going back to the programme."""
        self.run(self.reopen_heat())
        assert isinstance(self.screen, HeatScreen)
        self.referee.left()
        self.tick()

    @property
    def screen(self) -> Any:
        """The screen in front."""
        return self.app.screen_stack[-1]

    def board(self) -> HeatMachine:
        """The heat as the console's day holds it."""
        assert self.view is not None
        return self.view.board(self.event_id, self.heat)

    async def repaint(self) -> None:
        """The repaint the screen's interval would do, and the app's look for countdowns at 0."""
        for screen in self.app.screen_stack:
            if isinstance(screen, HeatScreen) and hasattr(screen, "board"):
                screen.tick()
        self.app.check_countdowns()
        await self.settle()

    def tick(self) -> None:
        """Repaint now, as the interval would before the next key, and tell the model.

        Only a countdown's repaint changes what keys mean (its count boxes open at
        0 and close with the run); the others only redraw a clock, left to their
        interval.
        """
        if self.referee.kind is EventKind.COUNT:
            self.run(self.repaint())
            self.referee.tick(self.board(), self.clock.t)

    # ----- rules ---------------------------------------------------------------------

    @precondition(lambda self: self.harness is not None)
    @rule(data=st.data())
    def press(self, data: st.DataObject) -> None:
        """One key a referee might press on this screen, right or wrong.

        `ctrl+s` is one key among many (closing is rare and ends the heat's keys),
        answered y, n or escape if it asks.
        """
        key = data.draw(st.sampled_from(self.KEYS), label="key")
        answer = data.draw(st.sampled_from(["y", "n", "escape"]), label="answer")
        self.step(key)
        if key == "ctrl+s" and self.referee.pending is not None:
            self.step(answer)

    @precondition(lambda self: self.harness is not None)
    @rule(data=st.data())
    def keys_in_a_row(self, data: st.DataObject) -> None:
        """What a referee does in one go: a heat run, a count typed, a prefix and its lane.

        A number in the run is time passing between two keys.
        """
        for key in data.draw(self.CHUNKS, label="keys"):
            if isinstance(key, str):
                self.step(key)
            else:
                self.wait(key)

    @precondition(lambda self: self.harness is not None and self.on_programme())
    @rule(reason=st.sampled_from(["", "  ", "lane 2 recount", "看错时间"]), close=st.booleans())
    def reopen_closed_heat(self, reason: str, close: bool) -> None:
        """The programme's `o` on this heat (closed first, or as it is): only a closed heat
        re-opens, and only with a reason."""
        if close:
            self.step("ctrl+s")
            if self.referee.pending is not None:
                self.step("y")
        self.checked(lambda: self.reopen_with(reason))

    def on_programme(self) -> bool:
        """Whether the programme lists this heat (a one-heat event's heat 2 it does not)."""
        return self.heat in DAY.heat_numbers(self.event_id)

    def reopen_with(self, reason: str) -> None:
        before, stamp = self.board(), self.clock.stamp()
        self.keys.append("reopen")
        heat_key = f"{self.event_id}#{self.heat}"
        took = self.run(reopen_from_programme(self.app, self.key, self.settle, heat_key, reason))
        closed = before.state.phase is HeatPhase.DONE
        assert took is (closed and bool(reason.strip())), "re-opened what the referee meant"
        given = "with" if reason.strip() else "without"
        what = f"re-open {given} a reason when {'closed' if closed else 'open'}"
        event(f"{self.NAME}: {what}")
        SEEN[self.NAME][what] += 1
        want = before.reopen(stamp, reason) if took else Step(before, ())
        assert board_view(self.board()) == board_view(want.board), "the re-opened heat"
        self.reopen()

    @precondition(lambda self: self.harness is not None)
    @rule(seconds=WAITS)
    def wait(self, seconds: float) -> None:
        """Time passes: finishes become believable, a countdown reaches 0."""
        self.checked(lambda: self.after_wait(seconds))

    def after_wait(self, seconds: float) -> None:
        before = self.board()
        self.clock.t += seconds
        self.tick()
        assert board_view(self.board()) == board_view(before), "time alone recorded something"

    # ----- one checked step ------------------------------------------------------------

    def checked(self, step: Any) -> None:
        """Run a step and every check after it; count it, and count a falsified sequence."""
        try:
            step()
            self.check_console()
        except AssertionError:
            if not current_build_context().is_final:  # Hypothesis shows a failure again
                self.tally["falsified"] += 1
            raise
        self.tally["steps"] += 1

    def step(self, key: str) -> None:
        """Press a key, and hold the console to the model."""
        self.checked(lambda: self.press_key(key))

    def press_key(self, key: str) -> None:
        before = self.board()
        char = character(key)
        waiting = self.referee.pending
        prefix = waiting is not None and waiting[0] not in QUESTIONS
        meaning = self.referee.meant(key, char, before, self.clock.stamp())
        self.keys.append(key)
        self.run(self.key(key))
        want, took = expected(before, meaning.calls)
        after = self.board()
        self.note(key, before, after)
        if prefix and key.isdigit():  # (an `n` that answered a question is no prefix)
            check_digit_after_prefix(self.keys[-2], key, before, after)
        check_phase_change(self.keys, before, after)
        assert board_view(after) == board_view(want), f"after {self.keys[-6:]}"
        if meaning.leaves:
            assert isinstance(self.screen, ProgrammeScreen), "escape went back to the programme"
            self.run(screen_equals_store(self.app, self.pilot, self.db, settled=True))
            self.reopen()
            return
        self.referee.settle(after, took)
        self.tick()

    def note(self, key: str, before: HeatMachine, after: HeatMachine) -> None:
        """Tell the statistics what the key did, so a run that never reached a path shows it."""
        what = describe(key, before, after, self.referee.pending)
        event(f"{self.NAME}: {what}")
        SEEN[self.NAME][what] += 1

    def check_console(self) -> None:
        """Screen and store agree, the files replay to the same board, the screen waits as meant."""
        self.run(screen_equals_store(self.app, self.pilot, self.db, settled=True, also=self.replay))
        screen = self.screen
        assert isinstance(screen, HeatScreen)
        assert screen.board == self.board(), "the screen shows another board"
        assert_waits_alike(screen.desk.keys, self.referee)

    def replay(self, disk: DayView) -> None:
        """The heat replayed from the day's files is the heat the console holds."""
        assert disk.board(self.event_id, self.heat) == self.board(), "the files replay otherwise"


class RaceMachine(RefereeAtHeat):
    """The three 20 m races."""

    NAME = "race"
    EVENTS: ClassVar[list[str]] = [s.id for s in DAY.events() if s.kind is EventKind.RACE]
    KEYS: ClassVar[list[str]] = RACE_KEYS
    CHUNKS: ClassVar[st.SearchStrategy[Chunk]] = RACE_CHUNKS


class CountdownMachine(RefereeAtHeat):
    """The three counted events, typing counts at 0 and typing them again."""

    NAME = "countdown"
    EVENTS: ClassVar[list[str]] = [s.id for s in DAY.events() if s.kind is EventKind.COUNT]
    KEYS: ClassVar[list[str]] = COUNT_KEYS
    CHUNKS: ClassVar[st.SearchStrategy[Chunk]] = COUNT_CHUNKS
    CI = (7, 30, 0)


class FreeThrowMachine(RefereeAtHeat):
    """Free throws, shot by shot."""

    NAME = "free-throw"
    EVENTS: ClassVar[list[str]] = [s.id for s in DAY.events() if s.kind is EventKind.SHOTS]
    KEYS: ClassVar[list[str]] = SHOT_KEYS
    CHUNKS: ClassVar[st.SearchStrategy[Chunk]] = SHOT_CHUNKS
    CI = (3, 25, 0)


def run_machine(machine: type[RefereeAtHeat]) -> None:
    """Run one screen's machine under the current profile; report its counters."""
    profile = settings.get_current_profile_name()
    examples, rules, least = LONG if profile == "long" else machine.CI
    tally = TALLY[machine.NAME] = {"sequences": 0, "steps": 0, "falsified": 0}
    SEEN[machine.NAME] = Counter()
    each = settings(budget("console"), max_examples=examples, stateful_step_count=rules)
    try:
        run_state_machine_as_test(machine, settings=each)
        while tally["steps"] < least:
            run_state_machine_as_test(machine, settings=each)
    finally:
        report = os.environ.get("HUMAN_FAULTS_REPORT")
        if report:
            with open(report, "a", encoding="utf-8") as out:
                record = {"screen": machine.NAME, "profile": profile, **tally}
                record["seen"] = dict(SEEN[machine.NAME].most_common())
                out.write(json.dumps(record, ensure_ascii=False) + "\n")


def test_race_keys_mean_what_the_referee_meant() -> None:
    """Races: gun, finishes, marks that apply and ones that do not, undo, re-run, close."""
    run_machine(RaceMachine)


def test_countdown_keys_mean_what_the_referee_meant() -> None:
    """Countdowns: start, tallies, counts typed at 0 and typed again, undo, re-run, close."""
    run_machine(CountdownMachine)


def test_free_throw_keys_mean_what_the_referee_meant() -> None:
    """Free throws: shots, DNS, stray prefixes, undo across athletes, one-athlete re-runs."""
    run_machine(FreeThrowMachine)
