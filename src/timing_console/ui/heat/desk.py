"""One open heat as a screen works it: the store's board, the key grammar, durable steps.

A heat screen is a view of a `HeatDesk`: each key goes to `press`, which first
brings the board up to the store (a save from another screen, a dialog or a
merged station since the last key), then reads the key (`rules.heat.keys`) and
carries out what it meant, each step durable before `press` returns (the
screen's `press_soon` leaves the event loop free while an fsync waits: the
clock goes on drawing). The steps are made by generators (`carry_out`,
`steps_of`) that a driver saves one at a time, so both ways share one logic. A step
the store refuses as stale (`StaleWrite`: the heat changed between reading and
writing) is made again from the heat as it is now when it is a live key (a
finish is a finish at its own stamp), and refused with a word when it was a
decision taken on what the referee saw (closing, undoing, re-running, a count
typed over a value).

Nothing here loads Textual, so the two-writer tests drive it directly.
`correct` is the other writer: a result keyed in from a card or corrected, by
the console's dialog and the command line alike, refused when the lane it was
asked about changed meanwhile.
"""

from __future__ import annotations

import asyncio
from collections.abc import Generator
from dataclasses import dataclass, replace
from typing import Any, Generic, TypeVar

from timing_console.model import Attempt, EventKind, HeatPhase, Status
from timing_console.rules.heat.keys import (
    DECISIONS,
    OVER_CEILING,
    HeatKeys,
    Intent,
    Note,
    Outcome,
    perform,
)
from timing_console.rules.heat.machine import HeatError, HeatMachine, Stamp, Step
from timing_console.rules.heat.results import ParsedResult, parse_result, result_text
from timing_console.rules.refusal import Refusal
from timing_console.session import Session
from timing_console.stations.view import DayView
from timing_console.store.errors import StaleWrite, StoreError
from timing_console.words import Said

RETRIES = 3
"""Times a live key is made again from a heat that changed under it before giving up."""

T = TypeVar("T")
Steps = Generator[Step, HeatMachine, T]
"""A key or intent carried out: the steps to save, each sent back as the heat once saved
(or thrown back as the store's refusal), ending in what to say."""


@dataclass(frozen=True)
class Feedback:
    """What a screen shows after a key: a word, and what changed."""

    note: Note | None = None
    handled: bool = True
    """False: not the heat's key (the screen's bindings take it)."""
    leave: bool = False
    signal: bool = False
    """Begin the start signal (its beep will be the gun)."""
    closed: bool = False
    """The heat was closed: a good moment to snapshot the day."""
    quiet: bool = False
    """Nothing to say and nothing done (a digit typed into a count box): the status line
    keeps what it says."""


@dataclass(frozen=True)
class Done(Generic[T]):
    """What carrying out a key or intent came to, once its last step was saved."""

    value: T


def advance(steps: Steps[T], saved: HeatMachine | StoreError | None) -> Step | Done[T]:
    """The generator's next step, given how the last one went (the heat as saved, or the
    store's refusal thrown back in; None to begin), or what it came to."""
    try:
        if saved is None:
            return next(steps)
        if isinstance(saved, StoreError):
            return steps.throw(saved)
        return steps.send(saved)
    except StopIteration as done:
        return Done(done.value)


class HeatDesk:
    """One heat: the board as the store holds it, and the grammar reading its keys."""

    def __init__(self, session: Session, event: str, heat: int) -> None:
        """Read the heat from the store."""
        self.session = session
        self.event = event
        self.heat = heat
        self.board = self.stored()
        self.keys = HeatKeys(self.board.spec.kind)
        self.busy = False
        """A key is being saved (`press_soon`): the repaint leaves the heat alone."""

    @property
    def key(self) -> str:
        """The heat's store key."""
        return self.board.state.key

    def stored(self) -> HeatMachine:
        """The heat as the store holds it (its clock as this console draws it: see
        `Session.as_drawn`)."""
        board = self.session.view.board(self.event, self.heat)
        drawn = self.session.as_drawn(board.state)
        return board if drawn is board.state else replace(board, state=drawn)

    def resume(self) -> bool:
        """Re-anchor a heat a previous console left running; whether it was one."""
        session = self.session
        if self.key not in session.interrupted:
            return False
        self.board = session.view.apply(self.board.resume(session.now_stamp(), session.boot))
        session.interrupted.discard(self.key)
        self.keys.follow(self.board)
        return True

    def sync(self) -> bool:
        """Read the heat again if the store holds a newer version; whether it did."""
        view = self.session.view
        if view.version(self.event, self.heat) == self.board.seen:
            return False
        self.board = self.stored()
        self.keys.follow(self.board)
        return True

    def tick(self) -> bool:
        """The repaint: follow the store, open or close the count boxes; whether either did
        (neither while a key is being saved: that key reads the heat when it is done)."""
        if self.busy:
            return False
        synced = self.sync()
        board = self.board
        time_up = board.running and board.time_up(self.session.now_stamp())
        return self.keys.tick(board, time_up) or synced

    def press(self, key: str, character: str | None, mono: float) -> Feedback:
        """One key, stamped at its own monotonic time, read against the heat as it is now
        (the store's, with the count boxes open if the countdown reached 0 since the
        last repaint)."""
        return self.drive(self.read(key, character, mono))

    async def press_soon(self, key: str, character: str | None, mono: float) -> Feedback:
        """`press`, the event loop free while each step's fsync waits in a worker thread.

        Every step is still durable before the next is made and before this
        returns. Meanwhile `busy` keeps the repaint off the heat (`tick`), and
        any other writer first finishes the step written (`DayStore.begin`).
        """
        steps = self.read(key, character, mono)
        self.busy = True
        try:
            return await self.drive_soon(steps)
        finally:
            self.busy = False

    def read(self, key: str, character: str | None, mono: float) -> Steps[Feedback]:
        """The key read now (see `press`), its steps to be saved by a driver."""
        self.tick()
        stamp = self.session.stamp(mono)
        return self.carry_out(self.keys.press(key, character, stamp, self.board))

    def perform(self, intent: Intent) -> Note | None:
        """Make one intent durable; what to say (an error note if it was refused)."""
        return self.drive(self.steps_of(intent))

    def drive(self, steps: Steps[T]) -> T:
        """Save each step the generator makes, in order, each durable before the next."""
        saved: HeatMachine | StoreError | None = None
        while not isinstance(step := advance(steps, saved), Done):
            try:
                saved = self.session.view.apply(step)
            except StoreError as exc:  # StaleWrite too: the generator decides
                saved = exc
        return step.value

    async def drive_soon(self, steps: Steps[T]) -> T:
        """`drive`, each step's fsync awaited in a worker thread."""
        saved: HeatMachine | StoreError | None = None
        while not isinstance(step := advance(steps, saved), Done):
            try:
                applying = self.session.view.begin_apply(step)
                await asyncio.to_thread(applying.flush)
                saved = applying.finish()
            except StoreError as exc:
                saved = exc
        return step.value

    def carry_out(self, outcome: Outcome) -> Steps[Feedback]:
        """Each intent in order, durable before the next; the first refusal stops the rest."""
        if not outcome.handled:
            return Feedback(outcome.note, handled=False)
        if not outcome.intents and outcome.note is None and not outcome.leave:
            return Feedback(quiet=True)
        note, signal, closed = outcome.note, False, False
        for n, intent in enumerate(outcome.intents):
            if self.is_signal(intent):
                signal = True
                continue
            if n and intent.seen is not None:  # one decision: its first step saw the heat
                intent = replace(intent, seen=self.board.seen)  # noqa: PLW2901
            done = yield from self.steps_of(intent)
            if done is not None and done.error:
                return Feedback(done, signal=signal)
            note = done if done is not None else note
            closed = closed or intent.kind == "close"
        if closed:
            note = Note("closed")
        return Feedback(note, leave=outcome.leave, signal=signal, closed=closed)

    def is_signal(self, intent: Intent) -> bool:
        """`g` in a race, or the countdown's start with sound: the start signal's beep starts."""
        if intent.kind == "signal":
            return True
        speaker = self.session.speaker
        return (
            intent.kind == "start"
            and self.board.spec.kind is EventKind.COUNT
            and speaker.ready
            and not self.board.running
        )

    def steps_of(self, intent: Intent) -> Steps[Note | None]:
        """The step one intent makes (again from the heat as it is now if another save
        came first); what to say once it is saved (an error note if it was refused)."""
        for _ in range(RETRIES):
            if (
                intent.kind in DECISIONS
                and intent.seen is not None
                and intent.seen != self.board.seen
            ):
                return Note("changed_meanwhile", error=True)
            before = self.board
            try:
                self.board = yield perform(before, intent, self.session.boot)
            except StaleWrite:
                self.sync()
                if intent.kind in DECISIONS:
                    return Note("changed_meanwhile", error=True)
                continue
            except Refusal as exc:
                return self.keys.refused(intent, exc, before)
            except StoreError as exc:
                return Note("not_saved", {"why": str(exc)}, error=True)
            self.keys.done(intent, self.board)
            return self.after(intent, before)
        return Note("changed_meanwhile", error=True)

    def after(self, intent: Intent, before: HeatMachine) -> Note | None:
        """What to say once an intent is saved (a DNS taken back, a finish over the
        plausible ceiling kept as timed)."""
        lane = intent.lane
        if intent.kind == "finish" and lane is not None:
            attempt = self.board.lanes.get(lane)
            if attempt is not None and attempt.override == OVER_CEILING and attempt.time_ms:
                return Note("ceiling_kept", {"lane": lane, "ms": attempt.time_ms}, error=True)
        if intent.kind == "dns" and lane is not None:
            was = before.lanes.get(lane)
            if was is not None and was.status is Status.DNS:
                return Note("dns_taken_back", {"lane": lane})
        if intent.kind == "shot":
            return self.shot_note(before)
        return None

    def shot_note(self, before: HeatMachine) -> Note | None:
        """After an athlete's last shot: their total, and who shoots next."""
        lane = before.shooter()
        attempt = self.board.lanes.get(lane) if lane is not None else None
        if attempt is None or attempt.status is not Status.OK or attempt.shots is None:
            return None
        return Note(
            "shooter_done",
            {
                "lane": lane,
                "made": attempt.count,
                "of": len(attempt.shots),
                "next": self.board.shooter(),
            },
        )


# ----- the other writer: a result keyed in or corrected ----------------------------------


class LaneChanged(HeatError):
    """The lane a writer asked about holds something else now: nothing was saved."""

    def __init__(self, key: str, *, now: Attempt | None, **params: Any) -> None:
        """The sentence by key, and what the lane holds now (the writer has now been shown it)."""
        super().__init__(key, **params)
        self.now = now


@dataclass(frozen=True)
class Entered:
    """A result saved by `correct`: the lane before and after, and whether the heat is full."""

    before: Attempt | None
    after: Attempt
    heat_full: bool
    """This result filled the heat's last empty lane, and the heat is not closed yet."""


def correct(
    view: DayView,
    event: str,
    heat: int,
    lane: int,
    text: str,
    *,
    stamp: Stamp,
    reason: str,
    override: bool = False,
    source: str = "console",
    seen: Attempt | bool | None = False,
) -> Entered:
    """Key a result into one lane (a card) or correct it, through the heat's own rules.

    `seen` is the lane's attempt as the writer showed it before asking (None:
    no result); if the lane holds something else now, the result is refused
    (`HeatError`) rather than written over a save the writer did not see.
    `False` (the command line) means the writer read the lane just now.
    """
    spec = view.require_day().event(event)
    view.board(event, heat).entry(lane)  # a lane with no athlete is the first thing wrong
    result: ParsedResult = parse_result(spec, text, override=override)
    for _ in range(RETRIES):
        board = view.board(event, heat)
        old = board.lanes.get(lane)
        if seen is not False and _result(old) != _result(seen):
            now = result_text(old) if old is not None else ""
            raise LaneChanged("lane_changed", now=old, lane=lane, held=now or Said("no_result"))
        try:
            step = board.enter(lane, result, stamp, reason=reason, source=source, override=override)
            saved = view.apply(step)
        except StaleWrite:
            continue
        after = saved.lanes[lane]
        filled = old is None or old.status is None
        full = filled and not saved.unfinished() and saved.state.phase is not HeatPhase.DONE
        return Entered(old, after, full)
    raise HeatError("kept_changing", event_id=event, heat=heat)


def _result(attempt: Attempt | bool | None) -> tuple[object, ...] | None:
    """Which attempt a lane holds, and its result (labels aside)."""
    if not isinstance(attempt, Attempt):
        return None
    return (attempt.id, *attempt.result_fields().values())
