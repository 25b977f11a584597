"""What the referee meant by each key: the model the key grammar and the screens are held to.

`Referee` reads keys the way the README and issues 9 and 19 say a heat screen
must, and turns each into the `HeatMachine` calls the referee meant (or none),
written here apart from the product's grammar (`rules.heatkeys`) so the two
check each other:

- a prefix letter waits for its lane digit; one that does not apply takes that
  digit and records nothing; any other key cancels it and does what it does;
- `v` waits like a prefix: a lane digit re-runs that lane, `y`, `v` or `enter`
  the heat, `n` or `escape` nothing; any other key cancels it and acts;
- a question (`backspace` that would take back the gun, `ctrl+s` with lanes
  unfinished or counts in the boxes, `escape` with a count typed) takes `y` as
  yes and `n`/`escape` as no; any other key closes it and does what it does
  without one;
- a live finish over the plausible ceiling is kept as timed, with its reason;
- once a countdown is at 0, digits are typed into the lane chosen with tab and
  the arrows, every lane of it, saved or not; `enter` saves and moves to the
  next lane in lane order; closing saves what the boxes show.

The rules themselves (what the board refuses) are the board's: the model only
decides what was meant, so a key the board refuses is expected to record
nothing. The invariants (`check_digit_after_prefix`, `check_phase_change`)
are checked separately from the model, from the keys alone: a slip must be
caught even if the model and the screen agree on the wrong thing.

`human_faults` reads the counters the machine leaves, for bench/run_all.py's
"human faults" row.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from timing_console.model import Attempt, EventKind, HeatPhase, Incident, Status
from timing_console.rules.heat.machine import HeatError, HeatMachine, Stamp, Step
from timing_console.rules.heat.results import ParsedResult, ResultError, check_count

PREFIXES = {"r": "restart", "p": "drop", "f": "foul", "d": "DNF", "n": "DNS"}
QUESTIONS = ("rerun", "undo_start", "close", "leave")
NEXT, PREVIOUS = ("tab", "down", "right"), ("shift+tab", "up", "left")
RESULT_KINDS = ("finish", "tally", "count", "shot")
"""Actions that make a result out of a bare key: never from a digit after a prefix."""
CEILING_MS = 60_000
"""The races' plausible ceiling (docs/rules.md): a slower live finish is kept as timed."""

Call = Callable[[HeatMachine], Step]


@dataclass
class Meaning:
    """What one key meant: board calls in order (the first refusal stops the rest), or
    leaving the heat."""

    calls: tuple[Call, ...] = ()
    leaves: bool = False


def refusal(board: HeatMachine, what: str) -> bool:
    """Whether a prefix does not apply to this heat now (its digit records nothing)."""
    if board.state.phase is HeatPhase.DONE:
        return True
    kind = board.spec.kind
    if kind is EventKind.SHOTS:
        return what != "DNS"
    if what == "DNS":
        return board.running
    marks = board.spec.incidents if kind is EventKind.RACE else ()
    if what in ("restart", "drop", "foul") and Incident(what) not in marks:
        return True
    return not board.running


def time_is_up(board: HeatMachine, now: float) -> bool:
    """A running countdown at 0 (the board's own arithmetic)."""
    return board.running and board.time_up(Stamp(now, 0.0))


def correcting(board: HeatMachine) -> bool:
    """A countdown re-opened to correct its counts: its boxes are open though no clock runs."""
    state = board.state
    return (
        state.phase is HeatPhase.READY
        and state.reopened > 0
        and any(a.status is not None for a in board.lanes.values())
    )


def value(board: HeatMachine, lane: int) -> str:
    """What a count box holds before anything is typed over it."""
    attempt = board.lanes.get(lane)
    if attempt is None or attempt.count is None or attempt.status not in (None, Status.OK):
        return ""
    return str(attempt.count)


def lane_open(board: HeatMachine, lane: int) -> bool:
    """A lane still counting in the current run."""
    a = board.lanes.get(lane)
    return a is not None and a.status is None and a.run == board.state.run


def count_step(
    board: HeatMachine, lane: int, count: int, stamp: Stamp, was: str | None = None
) -> Step:
    """A count typed for a lane: its final count, or a correction of the one it holds; never
    over a value the lane did not hold when typing began (`was`)."""
    if was is not None and value(board, lane) != was:
        raise HeatError("count_changed", lane=lane, held=value(board, lane))
    attempt = board.lanes.get(lane)
    if attempt is None or attempt.status is None:
        return board.set_count(lane, count, stamp)
    check_count(board.spec, count)
    result = ParsedResult(Status.OK, count=count)
    return board.enter(lane, result, stamp, reason="count corrected", source="console")


def is_count(text: str) -> bool:
    """A box holding a whole number (a leading minus reads, and is then refused)."""
    body = text[1:] if text.startswith("-") else text
    return body.isdigit()


def unfinished(board: HeatMachine) -> list[int]:
    """Lanes closing makes DNF: no result yet, or none at all."""
    return [
        e.lane for e in board.lineup if (a := board.lanes.get(e.lane)) is None or a.status is None
    ]


def over_ceiling(board: HeatMachine, lane: int, stamp: Stamp) -> bool:
    """A finish over the plausible ceiling (kept as timed, with the reason why)."""
    attempt = board.lanes.get(lane)
    if attempt is None or attempt.status is not None or not board.running:
        return False
    if attempt.run != board.state.run or board.state.started_mono is None:
        return False
    return (stamp.mono - board.state.started_mono) * 1000 > CEILING_MS


@dataclass
class Referee:
    """The referee's view of one heat screen: what waits for a key, and what is typed."""

    kind: EventKind
    pending: tuple[str, Stamp, bool] | None = None
    """(a prefix name or a question; the stamp it began with; the prefix was refused)."""
    yes: tuple[Call, ...] = ()
    """What `y` does to the question waiting."""
    leave_on_yes: bool = False
    fields_open: bool = False
    typed: dict[int, str] = field(default_factory=dict)
    was: dict[int, str] = field(default_factory=dict)
    """Each lane typed over since its value was last saved, and the value it was typed over:
    `enter` saves the typing only while the lane still holds that value."""
    current: int | None = None
    fresh: bool = False
    saving: int | None = None
    """The lane a count step is saving (to move on once it is saved)."""
    closing: tuple[int, ...] = ()
    """Lanes whose counts this key's close saves (each box then shows its lane)."""
    asked_closing: tuple[int, ...] = ()
    """Lanes whose counts the close question's yes will save."""
    touched: int | None = None
    """The lane a prefix's or a one-lane re-run's step changes (its box then shows what the
    lane holds)."""

    def meant(self, key: str, char: str | None, board: HeatMachine, stamp: Stamp) -> Meaning:
        """The meaning of one key on this screen, given the board before it."""
        self.saving, self.touched, self.closing = None, None, ()
        pending, self.pending = self.pending, None
        if pending is not None and pending[0] in QUESTIONS:
            return self.answer(pending, key, char, board, stamp)
        if pending is not None:
            what, at, refused = pending
            if len(key) == 1 and key.isdigit():
                if refused:
                    return Meaning()
                self.touched = int(key)
                return Meaning((self.prefixed(what, int(key), at),))
            if key == "escape":
                return Meaning()
        return self.plain(key, char, board, stamp)

    def answer(
        self, pending, key: str, char: str | None, board: HeatMachine, stamp: Stamp
    ) -> Meaning:
        """`y` yes, `n`/`escape` no (a re-run also takes a lane, `v` or enter); any other
        key does what it does with no question."""
        what = pending[0]
        if what == "rerun":
            if len(key) == 1 and key.isdigit():
                lane = self.touched = int(key)
                return Meaning((lambda b: b.rerun(stamp, lane),))
            if key in ("y", "v", "enter"):
                return Meaning((lambda b: b.rerun(stamp, None),))
        elif key == "y":
            self.closing = self.asked_closing if what == "close" else ()
            return Meaning(self.yes, leaves=self.leave_on_yes)
        if key in ("n", "escape"):
            return Meaning()
        return self.plain(key, char, board, stamp)

    def ask(self, what: str, stamp: Stamp, *yes: Call, leave: bool = False) -> Meaning:
        self.pending, self.yes, self.leave_on_yes = (what, stamp, False), yes, leave
        return Meaning()

    def plain(self, key: str, char: str | None, board: HeatMachine, stamp: Stamp) -> Meaning:
        """A key with nothing waiting."""
        if self.fields_open and self.current is not None:
            handled, calls = self.count_key(key, char, board, stamp)
            if handled:
                return Meaning(calls)
        if key in PREFIXES:
            self.pending = (PREFIXES[key], stamp, refusal(board, PREFIXES[key]))
            return Meaning()
        if key == "v":
            return self.ask("rerun", stamp)
        if key == "backspace":
            last = next((a for a in reversed(board.actions) if not a.undone), None)
            if last is not None and last.kind == "start" and board.running:
                return self.ask("undo_start", stamp, lambda b: b.undo(stamp))
            return Meaning((lambda b: b.undo(stamp),))
        if key == "escape":
            if self.unsaved(board):
                return self.ask("leave", stamp, leave=True)
            return Meaning(leaves=True)
        if key == "ctrl+s":
            return self.close(board, stamp)
        return Meaning(self.timing_key(key, board, stamp))

    def close(self, board: HeatMachine, stamp: Stamp) -> Meaning:
        """Close at once with every lane holding a result; else ask, saving the boxes' counts."""
        saves: list[tuple[int, int, str]] = []
        if self.fields_open:
            for e in board.lineup:
                text = self.typed.get(e.lane, "")
                changed = e.lane in self.was and text != value(board, e.lane)
                if (lane_open(board, e.lane) or changed) and is_count(text):
                    saves.append((e.lane, int(text), self.was.get(e.lane, value(board, e.lane))))
        calls: list[Call] = [
            partial(count_step, lane=n, count=c, stamp=stamp, was=w) for n, c, w in saves
        ]
        calls.append(lambda b: b.close(stamp))
        done = board.state.phase is HeatPhase.DONE
        saved = {lane for lane, _, _ in saves}
        self.asked_closing = tuple(saved)
        if done or not (saves or any(n not in saved for n in unfinished(board))):
            return Meaning((calls[-1],))
        return self.ask("close", stamp, *calls)

    def unsaved(self, board: HeatMachine) -> bool:
        """A count typed over a box and not saved."""
        return self.fields_open and any(self.typed.get(n, "") != value(board, n) for n in self.was)

    def timing_key(self, key: str, board: HeatMachine, stamp: Stamp) -> tuple[Call, ...]:
        """The gun, a finish, a tally or a shot."""
        if self.kind is EventKind.SHOTS:
            if key in ("1", "h", "0", "m"):
                made = key in ("1", "h")
                return (lambda b: b.shot(made, stamp),)
            return ()
        if key == "space":
            return (lambda b: b.start(stamp, "b"),)
        if len(key) == 1 and key in "12345678":
            lane = int(key)
            if self.kind is EventKind.RACE:
                if over_ceiling(board, lane, stamp):
                    return (lambda b: b.finish(lane, stamp, override="live"),)
                return (lambda b: b.finish(lane, stamp),)
            if not self.fields_open:
                return (lambda b: b.tally(lane, stamp),)
        return ()

    def prefixed(self, what: str, lane: int, at: Stamp) -> Call:
        """A mark, a DNF or a DNS on the lane, stamped when its letter was pressed."""
        if what == "DNF":
            return lambda b: b.dnf(lane, at)
        if what == "DNS":
            return lambda b: b.dns(lane, at)
        return lambda b: b.mark(lane, Incident(what), at)

    # ----- counts at 0 -------------------------------------------------------------

    def count_key(self, key: str, char: str | None, board: HeatMachine, stamp: Stamp):
        """Typing, Enter and moving between lanes once time is up; (handled, calls)."""
        lanes = [e.lane for e in board.lineup]
        if key == "enter":
            return True, self.save(board, stamp)
        if key in NEXT or key in PREVIOUS:
            step = 1 if key in NEXT else -1
            at = lanes.index(self.current) if self.current in lanes else -step
            self.current, self.fresh = lanes[(at + step) % len(lanes)], True
            return True, ()
        if key == "space":
            return True, ()
        assert self.current is not None
        text = self.typed.get(self.current, "")
        if key == "backspace":
            text = text[:-1]
        elif char is not None and (char.isdigit() or char == "-"):
            text = "" if self.fresh else text
            if char == "-" and text:
                return True, ()
            text = (text + char)[:5]
        else:
            return False, ()
        self.typed[self.current] = text
        self.was.setdefault(self.current, value(board, self.current))
        self.fresh = False
        return True, ()

    def save(self, board: HeatMachine, stamp: Stamp) -> tuple[Call, ...]:
        """Enter: the typed count of the current lane; a lane holding it already moves on."""
        lane = self.current
        assert lane is not None
        text = self.typed.get(lane, "")
        if not lane_open(board, lane) and text == value(board, lane) and text:
            self.moved_on(lane, board)
            return ()
        if not is_count(text):
            return ()
        held = value(board, lane)
        if self.was.get(lane, held) != held:  # changed under the box: said, then typed over
            self.was[lane] = held
            return ()
        self.saving = lane
        count = int(text)
        return (lambda b: count_step(b, lane, count, stamp),)

    def moved_on(self, lane: int, board: HeatMachine) -> None:
        """A lane saved: on to the next lane in lane order that holds a count or still
        counts (a DNS, DNF or DQ lane is passed over; the last one stays)."""
        self.was.pop(lane, None)
        later = [
            e.lane
            for e in board.lineup
            if e.lane > lane
            and (a := board.lanes.get(e.lane)) is not None
            and a.status in (None, Status.OK)
        ]
        self.current, self.fresh = (later[0] if later else lane), True

    def settle(self, board: HeatMachine, saved: bool) -> None:
        """After the key: a saved count moves on; untyped boxes follow the board."""
        if self.saving is not None and saved:
            self.moved_on(self.saving, board)
        if self.touched is not None and saved:
            self.was.pop(self.touched, None)
        for lane in self.closing:  # saved before the close (or a refusal) stopped the rest
            if lane in self.was and self.typed.get(lane) == value(board, lane):
                self.was.pop(lane)
        if self.fields_open:
            for entry in board.lineup:
                if entry.lane not in self.was:
                    self.typed[entry.lane] = value(board, entry.lane)

    def tick(self, board: HeatMachine, now: float) -> None:
        """The repaint: count boxes open at 0 (first open lane current) and close with the run."""
        if self.kind is not EventKind.COUNT:
            return
        if self.fields_open and not board.running and not correcting(board):
            self.fields_open, self.typed, self.was, self.current = False, {}, {}, None
        elif not self.fields_open and (time_is_up(board, now) or correcting(board)):
            lanes = [e.lane for e in board.lineup]
            open_lanes = [n for n in lanes if lane_open(board, n)] or lanes
            self.fields_open, self.was = True, {}
            self.typed = {n: value(board, n) for n in lanes}
            self.current, self.fresh = open_lanes[0], True

    def left(self) -> None:
        """The screen was left and opened again: nothing waits, nothing is typed."""
        self.pending, self.fields_open, self.typed, self.was = None, False, {}, {}
        self.current, self.saving, self.yes = None, None, ()


def describe(key: str, before: HeatMachine, after: HeatMachine, pending: Any) -> str:
    """What a key did, in a few words: what it recorded, the phase it changed, what waits."""
    logged = [a.kind for a in after.actions if a.n >= before.state.logged]
    changed = any(
        before.lanes.get(lane) is None or before.lanes[lane].changes != a.changes
        for lane, a in after.lanes.items()
    )
    what = f"{key} when {before.state.phase.value}: "
    what += ",".join(logged) or ("changed" if changed else "nothing")
    if before.state.phase is not after.state.phase:
        what += f" {before.state.phase.value}->{after.state.phase.value}"
    if pending is not None:
        what += f" (waits: {pending[0]}{' refused' if pending[2] else ''})"
    return what


def expected(board: HeatMachine, calls: tuple[Call, ...]) -> tuple[HeatMachine, bool]:
    """The board after the calls the referee meant (the first refusal stops the rest), and
    whether the board took them all."""
    for call in calls:
        try:
            board = call(board).board
        except (HeatError, ResultError):
            return board, False
    return board, bool(calls)


def lane_view(a: Attempt) -> tuple[Any, ...]:
    """An attempt as a result, without its id and labels (new ones get fresh ids)."""
    marks = tuple((m.kind, m.elapsed_ms) for m in a.marks)
    return (a.bib, a.run, a.status, a.time_ms, a.count, a.shots, marks, a.void, a.corrected)


def board_view(board: HeatMachine) -> tuple[Any, ...]:
    """A board as the referee sees it: phase, run, start, lanes and what undo may take back."""
    s = board.state
    lanes = {lane: lane_view(a) for lane, a in board.lanes.items()}
    undo = tuple((a.kind, a.lane, a.undone) for a in board.actions)
    return (s.phase, s.run, s.started_mono, s.logged, s.undo_from, lanes, undo)


def assert_waits_alike(keys: Any, model: Referee) -> None:
    """The product's grammar (`HeatKeys`) waits for what the model waits for and, at 0,
    types into the lane the model types into, holding the same text."""
    waiting = keys.pending
    assert (waiting is None) is (model.pending is None), f"pending {waiting} {model.pending}"
    if waiting is not None and model.pending is not None:
        what, _, refused = model.pending
        name = getattr(waiting, "what", None) or getattr(waiting, "kind", None)
        held = getattr(waiting, "refused", None) is not None
        assert (name, held) == (what, refused), f"waits for {waiting}, meant {model.pending}"
    assert keys.boxes_open is model.fields_open, "count boxes open"
    if model.fields_open:
        assert keys.entry.current == model.current, "the lane typed into"
        lanes = set(keys.entry.typed) | set(model.typed)
        shown = {n: keys.entry.text(n) for n in lanes}
        assert shown == {n: model.typed.get(n, "") for n in lanes}, "what the count boxes hold"


# ----- invariants from the keys alone ----------------------------------------------------


def new_results(before: HeatMachine, after: HeatMachine) -> list[str]:
    """Lanes that gained a time, a count or shots between two boards."""
    found = []
    for lane, a in after.lanes.items():
        b = before.lanes.get(lane)
        old = (b.time_ms, b.count, b.shots) if b is not None else (None, None, None)
        if (a.time_ms, a.count, a.shots) != old and any(
            v is not None for v in (a.time_ms, a.count, a.shots)
        ):
            found.append(f"lane {lane}: {old} -> {(a.time_ms, a.count, a.shots)}")
    return found


def check_digit_after_prefix(
    prefix: str, digit: str, before: HeatMachine, after: HeatMachine
) -> None:
    """A digit after a prefix letter is that prefix's lane, or nothing: never a result."""
    logged = [a for a in after.actions if a.n >= before.state.logged]
    assert not new_results(before, after), f"{prefix} {digit} made a result"
    assert all(a.kind not in RESULT_KINDS for a in logged), f"{prefix} {digit}: {logged}"
    if refusal(before, PREFIXES[prefix]):
        assert not logged and board_view(before) == board_view(after), f"{prefix} {digit}"
    wanted = {"restart": "mark", "drop": "mark", "foul": "mark", "DNF": "dnf", "DNS": "dns"}
    assert all(a.kind == wanted[PREFIXES[prefix]] and a.lane == int(digit) for a in logged), logged


def check_phase_change(keys: list[str], before: HeatMachine, after: HeatMachine) -> None:
    """A started heat goes back to "to run", re-runs or closes only when the referee said so."""
    was, now = before.state.phase, after.state.phase
    if was is now or was is not HeatPhase.RUNNING:
        return
    last, prior = keys[-1], keys[-2] if len(keys) > 1 else ""
    if now is HeatPhase.READY:
        if before.spec.kind is EventKind.SHOTS:
            assert last == "backspace" or prior == "v", keys[-3:]
        else:
            assert (prior, last) == ("backspace", "y"), f"the gun was undone by {keys[-3:]}"
    elif now is HeatPhase.RERUN:  # the board re-runs a race heat even for one lane (`v` 3)
        assert prior == "v" and (last in ("y", "v", "enter") or last.isdigit()), keys[-3:]
    elif now is HeatPhase.DONE:
        assert last == "ctrl+s" or (prior == "ctrl+s" and last == "y"), keys[-3:]


# ----- the counters bench reads --------------------------------------------------------


def human_faults(path: str | Path) -> dict[str, int]:
    """Totals of a machine run's counters (`HUMAN_FAULTS_REPORT`): sequences, steps,
    falsified, how many screens ran and the fewest steps any screen took.

    bench/run_all.py's "human faults" row: run the fuzz suite with
    `HUMAN_FAULTS_REPORT=FILE` set, then call this on FILE (goal: falsified 0).
    """
    totals = {"sequences": 0, "steps": 0, "falsified": 0}
    per_screen: dict[str, int] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            if "proof" in record:
                continue  # the key grammar's and the two writers' own counters
            for name in totals:
                totals[name] += int(record[name])
            screen = str(record.get("screen", "?"))
            per_screen[screen] = per_screen.get(screen, 0) + int(record["steps"])
    totals["screens"] = len(per_screen)
    totals["least_steps"] = min(per_screen.values(), default=0)
    return totals


def proof_figures(path: str | Path, proof: str) -> dict[str, int]:
    """Totals of one proof's counters (`key grammar`, `two writers`) in a run's report:
    sequences, steps, falsified (and lost, where counted), and the fewest sequences of any
    kind of heat."""
    totals: dict[str, int] = {}
    per_kind: dict[str, int] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        record = json.loads(line) if line.strip() else {}
        if record.get("proof") != proof:
            continue
        for name, value in record.items():
            if isinstance(value, int):
                totals[name] = totals.get(name, 0) + value
        kind = str(record.get("screen", "?"))
        per_kind[kind] = per_kind.get(kind, 0) + int(record.get("sequences", 0))
    totals["kinds"] = len(per_kind)
    totals["least_sequences"] = min(per_kind.values(), default=0)
    return totals
