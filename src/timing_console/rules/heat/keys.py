"""The key grammar of every heat screen: a key and its stamp in, what the referee meant out.

Pure, so it is tested (and fuzzed) without Textual: `HeatKeys.press` reads one
key against the heat as it stands and returns an `Outcome`: the `Intent`s to
carry out on the heat machine (in order), a `Note` to show, whether the
referee leaves the heat, or that the key is not the heat's (the screen's
bindings take it: standings, prizes, help, quit).

The rules a tired referee relies on:

- A prefix letter (`r` restart, `p` drop, `f` foul, `d` DNF, `n` DNS) waits
  for its lane digit. The digit after a prefix belongs to it: a prefix that
  does not apply now is said at once, and its digit is then recorded as
  nothing, never as a finish, a tally or a shot. `v` (re-run) is such a
  letter too: a lane digit re-runs that lane, `y` (or `v`, `enter`) the heat.
- A question (undo the gun, close with lanes unfinished, leave with a count
  typed) takes only its answers: `y` is yes, `n` and `escape` are no. Every
  other key closes the question and does exactly what it does without one:
  a lane digit in a running race is a finish, stamped at its own key.
- A live finish over the event's plausible ceiling is kept as timed (the
  clock measured it: no decimal point can be missing) with that reason, and
  the referee is told; `backspace` takes it back.
- A question remembers the heat's version it was asked on. Its `y` is a
  decision made on what the referee saw then: `Intent.seen` carries that
  version, and a heat changed since refuses it (see `heatdesk`).
- Once a countdown is at 0, digits type the count of the lane marked current;
  `enter` saves it and moves to the next lane in lane order; every lane may be
  chosen again until the heat is closed. A count visible in a box is never
  dropped: closing saves the counts the boxes show (the question names each
  lane and value), and leaving with a typed count asks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from timing_console.model import EventKind, HeatPhase, Incident, Status
from timing_console.rules.heat.machine import HeatError, HeatMachine, Stamp, Step
from timing_console.rules.heat.results import BeyondCeiling, ParsedResult, check_count
from timing_console.rules.refusal import Refusal
from timing_console.words import Said

PREFIXES: dict[str, str] = {"r": "restart", "p": "drop", "f": "foul", "d": "DNF", "n": "DNS"}
"""Every prefix letter, and what it marks. Each heat screen reads all five: a letter that
does not apply there still takes the digit after it."""
LANE_KEYS = "12345678"
DIGITS = "0123456789"
YES = ("y",)
NO = ("n", "escape")
NEXT_KEYS = ("tab", "down", "right")
PREVIOUS_KEYS = ("shift+tab", "up", "left")
MAX_COUNT_CHARS = 5
"""A count never needs more (and the heat refuses far less)."""
MADE_KEYS = ("1", "h")
MISSED_KEYS = ("0", "m")
OVER_CEILING = "现场计时，超过合理上限 · timed live past the plausible ceiling"
"""Why a live finish over the ceiling stands: the console's clock measured it (no keying slip
can be in it), so it is kept as timed and the referee is told (`backspace` takes it back)."""

IntentKind = Literal[
    "start", "signal", "finish", "mark", "dnf", "dns", "tally", "shot",
    "undo", "rerun", "close", "count",
]  # fmt: skip
DECISIONS = frozenset({"undo", "rerun", "close", "count"})
"""Intents that decide on what the referee saw: refused, never re-derived, if the heat
changed since (a live key's meaning does not depend on the rest of the heat)."""


@dataclass(frozen=True)
class Note:
    """Something to tell the referee: a catalogue key and its parameters."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)
    error: bool = False


@dataclass(frozen=True)
class Intent:
    """One call the referee meant on the heat machine."""

    kind: IntentKind
    stamp: Stamp
    lane: int | None = None
    incident: Incident | None = None
    made: bool | None = None
    count: int | None = None
    was: str | None = None
    """A count's box value when typing began: the lane must still hold it."""
    override: str | None = None
    """Why a time over the plausible ceiling stands."""
    seen: tuple[int, int] | None = None
    """The heat's version this decision was made on; None for a live key."""
    advance: bool = False
    """A count saved with `enter`: the boxes move on to the next lane once it is saved."""


QuestionKind = Literal["undo_start", "rerun", "close", "leave"]


@dataclass(frozen=True)
class Question:
    """A question on the status line, and what `y` does."""

    kind: QuestionKind
    note: Note
    seen: tuple[int, int]
    """The heat's version when it was asked."""
    yes: tuple[Intent, ...] = ()
    leave: bool = False
    """`y` leaves the heat (a typed count is given up)."""


@dataclass(frozen=True)
class Prefix:
    """A prefix letter waiting for its lane digit."""

    what: str
    stamp: Stamp
    refused: Note | None = None
    """Why it does not apply now (its digit then records nothing), or None."""


@dataclass(frozen=True)
class Outcome:
    """What one key meant."""

    intents: tuple[Intent, ...] = ()
    note: Note | None = None
    leave: bool = False
    handled: bool = True
    """False: not a key of the heat's; the screen's bindings take it."""


# ----- what a board allows ---------------------------------------------------------------


def prefix_refusal(board: HeatMachine, what: str) -> Note | None:
    """Why a prefix does not apply to this heat now, or None if it does."""
    if board.state.phase is HeatPhase.DONE:
        return Note("heat_closed")
    kind = board.spec.kind
    if kind is EventKind.SHOTS:
        return None if what == "DNS" else Note("no_mark", {"what": what})
    if what == "DNS":
        return Note("only_before_start", {"what": what}) if board.running else None
    if what != "DNF":
        marks = board.spec.incidents if kind is EventKind.RACE else ()
        if Incident(what) not in marks:
            return Note("no_mark", {"what": what})
    return None if board.running else Note("only_running", {"what": what})


def correcting(board: HeatMachine) -> bool:
    """A countdown re-opened to correct its counts: its boxes open though no clock runs."""
    state = board.state
    return (
        board.spec.kind is EventKind.COUNT
        and state.phase is HeatPhase.READY
        and state.reopened > 0
        and any(a.status is not None for a in board.lanes.values())
    )


def count_value(board: HeatMachine, lane: int) -> str:
    """What a count box holds before anything is typed over it: the count, or the tally."""
    attempt = board.lanes.get(lane)
    if attempt is None or attempt.count is None or attempt.status not in (None, Status.OK):
        return ""
    return str(attempt.count)


def countable(board: HeatMachine, lane: int) -> bool:
    """Whether a lane takes a count: still counting, or holding a count (DNS, DNF and DQ
    do not: `enter` passes over them, so a count meant for the next lane never lands on
    one)."""
    attempt = board.lanes.get(lane)
    return attempt is not None and attempt.status in (None, Status.OK)


def lane_open(board: HeatMachine, lane: int) -> bool:
    """Whether a lane still counts in the current run (it needs its final count)."""
    attempt = board.lanes.get(lane)
    return attempt is not None and attempt.status is None and attempt.run == board.state.run


def last_action_is_running_gun(board: HeatMachine) -> bool:
    """Whether `backspace` would take back the gun of a running heat (it asks first)."""
    last = next((a for a in reversed(board.actions) if not a.undone), None)
    return last is not None and last.kind == "start" and board.running


# ----- count boxes -----------------------------------------------------------------------


@dataclass
class CountEntry:
    """What each lane's box holds once a countdown is at 0, and which lane takes the next key.

    A box holds its lane's value (the live tally, or the count saved) until a
    key types over it. Just after a lane is chosen its box is `fresh`: the first
    digit replaces the value (like a selected field), backspace edits it.
    """

    typed: dict[int, str] = field(default_factory=dict)
    was: dict[int, str] = field(default_factory=dict)
    """Each edited lane's value when typing over it began."""
    current: int | None = None
    fresh: bool = False

    @property
    def edited(self) -> set[int]:
        """Lanes typed over since their value was last saved."""
        return set(self.was)

    def reset(self, values: dict[int, str], first: int | None) -> None:
        """Boxes open: each starts from its lane's value; keys go to `first`."""
        self.typed, self.was = dict(values), {}
        self.current, self.fresh = first, True

    def refresh(self, values: dict[int, str]) -> None:
        """The heat changed: a box not typed over shows its lane's value again."""
        for lane, value in values.items():
            if lane not in self.was:
                self.typed[lane] = value

    def clear(self) -> None:
        """Boxes closed."""
        self.typed, self.was, self.current, self.fresh = {}, {}, None, False

    def move(self, lanes: list[int], step: int) -> None:
        """Tab and the arrows: the next or previous lane, wrapping round."""
        if not lanes:
            return
        at = lanes.index(self.current) if self.current in lanes else -step
        self.current = lanes[(at + step) % len(lanes)]
        self.fresh = True

    def edit(self, key: str, character: str | None, value: str) -> bool:
        """Apply a typing key to the current lane (whose value is `value`); False if not one."""
        lane = self.current
        if lane is None:
            return False
        text = self.typed.get(lane, "")
        if key == "backspace":
            text = text[:-1]
        elif character is not None and (character in DIGITS or character == "-"):
            if self.fresh:
                text = ""
            if character == "-" and text:
                return True  # a minus sign only leads
            text = (text + character)[:MAX_COUNT_CHARS]
        else:
            return False
        self.was.setdefault(lane, value)
        self.typed[lane] = text
        self.fresh = False
        return True

    def saved(self, lane: int, lanes: list[int]) -> None:
        """`lane` was saved (or needed no save): on to the next of `lanes` in lane order
        (the last one stays)."""
        self.was.pop(lane, None)
        later = [n for n in lanes if n > lane]
        self.current = later[0] if later else lane
        self.fresh = True

    def text(self, lane: int) -> str:
        """What a lane's box holds now."""
        return self.typed.get(lane, "")


# ----- the grammar -----------------------------------------------------------------------


@dataclass
class HeatKeys:
    """One heat screen's reading of keys: what waits (a prefix or a question) and the boxes."""

    kind: EventKind
    pending: Prefix | Question | None = None
    boxes_open: bool = False
    entry: CountEntry = field(default_factory=CountEntry)

    # ----- the clock's side ------------------------------------------------------------

    def tick(self, board: HeatMachine, time_up: bool) -> bool:
        """The repaint: a countdown's boxes open at 0 (or re-opened to correct) and close
        with its run; whether they opened or closed now."""
        if self.kind is not EventKind.COUNT:
            return False
        if self.boxes_open and not board.running and not correcting(board):
            self.boxes_open = False
            self.entry.clear()
            return True
        if not self.boxes_open and ((board.running and time_up) or correcting(board)):
            lanes = lanes_of(board)
            open_lanes = [n for n in lanes if lane_open(board, n)] or lanes
            self.boxes_open = True
            self.entry.reset({n: count_value(board, n) for n in lanes}, open_lanes[0])
            return True
        return False

    def follow(self, board: HeatMachine) -> None:
        """The heat changed (a save here or elsewhere): boxes not typed over show it."""
        if self.boxes_open:
            self.entry.refresh({n: count_value(board, n) for n in lanes_of(board)})

    @property
    def entering(self) -> bool:
        """Whether typing keys go to a count box now."""
        return self.boxes_open and self.entry.current is not None

    def typed_counts(self, board: HeatMachine) -> dict[int, str]:
        """Counts typed over a box and not saved: lane -> text (what leaving would lose)."""
        if not self.boxes_open:
            return {}
        return {
            lane: self.entry.text(lane)
            for lane in lanes_of(board)
            if lane in self.entry.was and self.entry.text(lane) != count_value(board, lane)
        }

    def count_saved(self, lane: int, board: HeatMachine) -> None:
        """A count was saved: refresh the boxes and move on to the next lane in lane order
        that takes a count."""
        self.entry.saved(lane, [n for n in lanes_of(board) if countable(board, n)])
        self.follow(board)

    # ----- keys ------------------------------------------------------------------------

    def press(self, key: str, character: str | None, stamp: Stamp, board: HeatMachine) -> Outcome:
        """What one key means on this heat as it stands (its board read just before)."""
        pending, self.pending = self.pending, None
        if isinstance(pending, Question):
            return self.answer(pending, key, character, stamp, board)
        if isinstance(pending, Prefix):
            return self.after_prefix(pending, key, character, stamp, board)
        return self.plain(key, character, stamp, board)

    def answer(
        self, question: Question, key: str, character: str | None, stamp: Stamp, board: HeatMachine
    ) -> Outcome:
        """`y` is yes, `n`/`escape` no (and a re-run's lane digit, `v` or enter its answers);
        any other key closes the question and does what it does without one."""
        if question.kind == "rerun":
            if key in DIGITS and len(key) == 1:
                return Outcome((Intent("rerun", stamp, lane=int(key), seen=question.seen),))
            if key in ("y", "v", "enter"):
                return Outcome((Intent("rerun", stamp, seen=question.seen),))
        elif key in YES:
            return Outcome(question.yes, leave=question.leave)
        if key in NO:
            return Outcome(note=Note(f"no_{question.kind}"))
        outcome = self.plain(key, character, stamp, board)
        if outcome.note is None and not outcome.intents:
            return replace(outcome, note=Note(f"no_{question.kind}"))
        return outcome

    def after_prefix(
        self, prefix: Prefix, key: str, character: str | None, stamp: Stamp, board: HeatMachine
    ) -> Outcome:
        """A digit is the prefix's lane (or nothing, when it was refused); another prefix
        letter replaces it; `escape` cancels it; any other key cancels it and acts."""
        if len(key) == 1 and key in DIGITS:
            lane = int(key)
            if prefix.refused is not None:
                return Outcome(note=Note("digit_ignored", {"digit": key, "why": prefix.refused}))
            return Outcome((prefixed(prefix, lane),))
        if key == "escape":
            return Outcome(note=Note("cancelled", {"what": prefix.what}))
        return self.plain(key, character, stamp, board)

    def plain(self, key: str, character: str | None, stamp: Stamp, board: HeatMachine) -> Outcome:
        """A key with nothing waiting."""
        if self.entering:
            typed = self.count_key(key, character, stamp, board)
            if typed is not None:
                return typed
        if key in PREFIXES:
            what = PREFIXES[key]
            refused = prefix_refusal(board, what)
            self.pending = Prefix(what, stamp, refused)
            if refused is None:
                return Outcome(note=Note("which_lane", {"what": what}))
            return Outcome(note=Note("prefix_refused", {"why": refused}, error=True))
        if key == "v":
            return self.ask("rerun", Note("rerun_ask"), board)
        if key == "backspace":
            undo = Intent("undo", stamp, seen=board.seen)
            if last_action_is_running_gun(board):
                return self.ask("undo_start", Note("undo_start_ask"), board, undo)
            return Outcome((undo,))
        if key == "ctrl+s":
            return self.close(stamp, board)
        if key == "escape":
            unsaved = self.typed_counts(board)
            if unsaved:
                self.pending = Question(
                    "leave", Note("leave_ask", {"counts": unsaved}), board.seen, leave=True
                )
                return Outcome(note=self.pending.note)
            return Outcome(leave=True)
        return self.timing_key(key, stamp, board)

    def ask(self, kind: QuestionKind, note: Note, board: HeatMachine, *yes: Intent) -> Outcome:
        """Put a question on the status line."""
        self.pending = Question(kind, note, board.seen, yes)
        return Outcome(note=note)

    def close(self, stamp: Stamp, board: HeatMachine) -> Outcome:
        """`ctrl+s`: close at once when every lane has its result; else ask, naming each lane
        that becomes DNF and each count a box shows that closing will save."""
        seen = board.seen
        saves = self.counts_to_save(board)
        intents = [
            Intent("count", stamp, lane=lane, count=int(text), was=was, seen=seen)
            for lane, (text, was) in saves.items()
        ]
        dnf = [lane for lane in board.unfinished() if lane not in saves]
        close = Intent("close", stamp, seen=seen)
        if board.state.phase is HeatPhase.DONE or not (intents or dnf):
            return Outcome((close,))
        counts = {lane: text for lane, (text, _) in saves.items()}
        note = Note("close_ask", {"counts": counts, "dnf": dnf})
        return self.ask("close", note, board, *intents, close)

    def counts_to_save(self, board: HeatMachine) -> dict[int, tuple[str, str]]:
        """Counts the boxes show and the heat does not hold yet: lane -> (text, value it had).

        A box left empty, or holding what is no number, saves nothing (its lane, if still
        open, becomes DNF and the question says so).
        """
        if not self.boxes_open:
            return {}
        found: dict[int, tuple[str, str]] = {}
        for lane in lanes_of(board):
            text = self.entry.text(lane)
            value = count_value(board, lane)
            changed = lane in self.entry.was and text != value
            if (lane_open(board, lane) or changed) and _is_count(text):
                found[lane] = (text, self.entry.was.get(lane, value))
        return found

    def timing_key(self, key: str, stamp: Stamp, board: HeatMachine) -> Outcome:
        """The gun, a finish, a tally or a shot; anything else is not the heat's key."""
        if self.kind is EventKind.SHOTS:
            if key in MADE_KEYS or key in MISSED_KEYS:
                return Outcome((Intent("shot", stamp, made=key in MADE_KEYS),))
            return Outcome(handled=False)
        if key == "space":
            return Outcome((Intent("start", stamp),))
        if key == "g" and self.kind is EventKind.RACE:
            return Outcome((Intent("signal", stamp),))
        if len(key) == 1 and key in LANE_KEYS:
            kind: IntentKind = "finish" if self.kind is EventKind.RACE else "tally"
            return Outcome((Intent(kind, stamp, lane=int(key)),))
        return Outcome(handled=False)

    def count_key(
        self, key: str, character: str | None, stamp: Stamp, board: HeatMachine
    ) -> Outcome | None:
        """Typing, `enter` and moving between count boxes; None when the key is none of them."""
        lanes = lanes_of(board)
        entry = self.entry
        if key == "enter":
            return self.save_count(stamp, board)
        if key in NEXT_KEYS or key in PREVIOUS_KEYS:
            entry.move(lanes, 1 if key in NEXT_KEYS else -1)
            return Outcome()
        if key == "space":
            return Outcome()  # the countdown is over: a stray gun key does nothing here
        lane = entry.current
        if lane is not None and entry.edit(key, character, count_value(board, lane)):
            return Outcome()
        return None

    def save_count(self, stamp: Stamp, board: HeatMachine) -> Outcome:
        """`enter`: save the current lane's count (or its new count) and move on in lane
        order; a lane already holding what its box shows saves nothing."""
        entry = self.entry
        lane = entry.current
        if lane is None:
            return Outcome()
        text = entry.text(lane)
        value = count_value(board, lane)
        if not lane_open(board, lane) and text == value and text:
            self.count_saved(lane, board)
            return Outcome()
        if not _is_count(text):
            return Outcome(note=Note("count_needed", {"lane": lane}, error=True))
        was = entry.was.get(lane, value)
        intent = Intent("count", stamp, lane=lane, count=int(text), was=was, advance=True)
        return Outcome((intent,))

    def done(self, intent: Intent, board: HeatMachine) -> None:
        """An intent was saved: the box of the lane it changed shows what the lane holds now
        (a count saved, a DNF at 0), and a count saved with `enter` moves on."""
        if intent.lane is not None:
            self.entry.was.pop(intent.lane, None)
        self.follow(board)
        if intent.advance and intent.lane is not None:
            self.count_saved(intent.lane, board)

    def refused(self, intent: Intent, exc: Refusal, board: HeatMachine) -> Note:
        """The heat refused an intent: what to say. A count refused because its lane changed
        under the box (`CountChanged`) takes the lane's value as what it is typed over, so
        the next `enter` saves over what the referee has now been told of."""
        if isinstance(exc, CountChanged) and intent.lane is not None:
            self.entry.was[intent.lane] = count_value(board, intent.lane)
        return Note("refusal", {"refusal": exc}, error=True)


def prefixed(prefix: Prefix, lane: int) -> Intent:
    """A mark, a DNF or a DNS on a lane, stamped when its letter was pressed."""
    if prefix.what == "DNF":
        return Intent("dnf", prefix.stamp, lane=lane)
    if prefix.what == "DNS":
        return Intent("dns", prefix.stamp, lane=lane)
    return Intent("mark", prefix.stamp, lane=lane, incident=Incident(prefix.what))


def lanes_of(board: HeatMachine) -> list[int]:
    """The heat's lanes, in lane order."""
    return [e.lane for e in board.lineup]


def _is_count(text: str) -> bool:
    """Whether a box holds a whole number (a leading minus is read, then refused as negative)."""
    body = text[1:] if text.startswith("-") else text
    return bool(body) and body.isdigit()


# ----- carrying an intent out ------------------------------------------------------------

COUNT_CORRECTED = "count corrected"
"""The reason kept with a saved count the referee typed again."""


class CountChanged(HeatError):
    """A count typed over a value the lane no longer holds: saved over nothing unseen."""


def perform(board: HeatMachine, intent: Intent, boot: str | None) -> Step:
    """The heat machine's step for what the referee meant (it refuses what cannot be)."""
    stamp, lane = intent.stamp, intent.lane
    kind = intent.kind
    if kind == "start":
        return board.start(stamp, boot)
    if kind in ("undo", "close"):
        return board.undo(stamp) if kind == "undo" else board.close(stamp)
    if kind == "shot":
        return board.shot(bool(intent.made), stamp)
    if kind == "rerun":
        return board.rerun(stamp, lane)
    if lane is None:
        raise HeatError("action_needs_lane", action=kind)
    if kind == "finish":
        try:
            return board.finish(lane, stamp, override=intent.override)
        except BeyondCeiling:  # measured, not typed: kept as timed, and the referee told
            return board.finish(lane, stamp, override=OVER_CEILING)
    if kind == "mark" and intent.incident is not None:
        return board.mark(lane, intent.incident, stamp)
    if kind == "dnf":
        return board.dnf(lane, stamp)
    if kind == "dns":
        return board.dns(lane, stamp)
    if kind == "tally":
        return board.tally(lane, stamp)
    if kind == "count" and intent.count is not None:
        return count_step(board, lane, intent.count, stamp, was=intent.was)
    raise HeatError("no_such_action", action=kind)


def count_step(
    board: HeatMachine, lane: int, count: int, stamp: Stamp, *, was: str | None = None
) -> Step:
    """A lane's final count; over a count it already holds, a correction kept in history.

    `was` is what the lane's box showed when typing began: if the lane holds
    something else now (another screen or station saved it meanwhile), the
    count is refused rather than written over what the referee never saw.
    """
    now = count_value(board, lane)
    if was is not None and now != was:
        raise CountChanged("count_changed", lane=lane, held=now or Said("no_count"))
    attempt = board.lanes.get(lane)
    if attempt is None or attempt.status is None:
        return board.set_count(lane, count, stamp)
    check_count(board.spec, count)
    result = ParsedResult(Status.OK, count=count)
    return board.enter(lane, result, stamp, reason=COUNT_CORRECTED, source="console")
