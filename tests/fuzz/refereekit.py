"""What the referee meant by each key: the model the referee machine holds the console to.

`Referee` reads keys the way the README and issue 9 say a heat screen must, and
turns each into the `Board` call the referee meant (or none): a prefix letter
waits for its lane digit, one that does not apply takes that digit and records
nothing, `backspace` that would take back the gun asks for `y`, `v` asks for a
lane or `y`, and once a countdown is at 0 digits are typed into the lane chosen
with tab and the arrows, every lane of it, saved or not. The rules themselves
(what the board refuses) are the board's: the model only decides what was
meant, so a key the board refuses is expected to record nothing.

The invariants (`check_digit_after_prefix`, `check_phase_change`) are checked
separately from the model, from the keys alone: a slip must be caught even if
the model and the screen agree on the wrong thing.

`human_faults` reads the counters the machine leaves, for bench/run_all.py's
"human faults" row.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from timing_console.model import Attempt, EventKind, HeatPhase, Incident, Status
from timing_console.rules.heat import Board, HeatError, Stamp, Step
from timing_console.rules.results import ParsedResult, ResultError, check_count

PREFIXES = {"r": "restart", "p": "drop", "f": "foul", "d": "DNF", "n": "DNS"}
RERUN, UNDO_START = "re-run", "undo-start"
NEXT, PREVIOUS = ("tab", "down", "right"), ("shift+tab", "up", "left")
RESULT_KINDS = ("finish", "tally", "count", "shot")
"""Actions that make a result out of a bare key: never from a digit after a prefix."""

Call = Callable[[Board], Step]


class Clock:
    """A monotonic and a wall clock that move only when a rule says so."""

    def __init__(self) -> None:
        """Start at an arbitrary monotonic time."""
        self.t = 1000.0

    def now(self) -> float:
        """Monotonic seconds."""
        return self.t

    def wall(self) -> float:
        """Epoch seconds, moving with the monotonic clock."""
        return 1_790_000_000.0 + self.t


@dataclass
class Meaning:
    """What one key meant: a board call, leaving the heat, or closing it."""

    call: Call | None = None
    leaves: bool = False
    closes: bool = False


def refusal(board: Board, what: str) -> bool:
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


def time_is_up(board: Board, now: float) -> bool:
    """A running countdown at 0 (the board's own arithmetic)."""
    return board.running and board.time_up(Stamp(now, 0.0))


def correcting(board: Board) -> bool:
    """A countdown re-opened to correct its counts: its boxes are open though no clock runs."""
    state = board.state
    return (
        state.phase is HeatPhase.READY
        and state.reopened > 0
        and any(a.status is not None for a in board.lanes.values())
    )


def value(board: Board, lane: int) -> str:
    """What a count box holds before anything is typed over it."""
    attempt = board.lanes.get(lane)
    if attempt is None or attempt.count is None or attempt.status not in (None, Status.OK):
        return ""
    return str(attempt.count)


def lane_open(board: Board, lane: int) -> bool:
    """A lane still counting in the current run."""
    a = board.lanes.get(lane)
    return a is not None and a.status is None and a.run == board.state.run


def count_step(board: Board, lane: int, count: int, stamp: Stamp) -> Step:
    """A count typed for a lane: its final count, or a correction of the one it holds."""
    attempt = board.lanes.get(lane)
    if attempt is None or attempt.status is None:
        return board.set_count(lane, count, stamp)
    check_count(board.spec, count)
    result = ParsedResult(Status.OK, count=count)
    return board.enter(lane, result, stamp, reason="count corrected", source="console")


@dataclass
class Referee:
    """The referee's view of one heat screen: what waits for a key, and what is typed."""

    kind: EventKind
    pending: tuple[str, Stamp, bool] | None = None
    """(prefix name, RERUN or UNDO_START; the prefix's stamp; refused)."""
    fields_open: bool = False
    typed: dict[int, str] = field(default_factory=dict)
    edited: set[int] = field(default_factory=set)
    current: int | None = None
    fresh: bool = False
    saving: tuple[int, bool] | None = None
    """The lane Enter saves, and whether it moves on even if nothing is written."""

    def meant(self, key: str, char: str | None, board: Board, stamp: Stamp) -> Meaning:
        """The meaning of one key on this screen, given the board before it."""
        self.saving = None
        if self.pending is None and self.fields_open and self.current is not None:
            handled, call = self.count_key(key, char, board, stamp)
            if handled:
                return Meaning(call)
        if self.pending is not None:
            pending, self.pending = self.pending, None
            return Meaning(self.answer(pending, key, board, stamp))
        if key in PREFIXES:
            self.pending = (PREFIXES[key], stamp, refusal(board, PREFIXES[key]))
        elif key == "v":
            self.pending = (RERUN, stamp, False)
        elif key == "backspace":
            last = next((a for a in reversed(board.actions) if not a.undone), None)
            if last is not None and last.kind == "start" and board.running:
                self.pending = (UNDO_START, stamp, False)
            else:
                return Meaning(lambda b: b.undo(stamp))
        elif key == "escape":
            return Meaning(leaves=True)
        elif key == "ctrl+s":
            return Meaning(lambda b: b.close(stamp), closes=True)
        else:
            return Meaning(self.timing_key(key, stamp))
        return Meaning()

    def timing_key(self, key: str, stamp: Stamp) -> Call | None:
        """The gun, a finish, a tally or a shot."""
        if self.kind is EventKind.SHOTS:
            if key in ("1", "h", "0", "m"):
                made = key in ("1", "h")
                return lambda b: b.shot(made, stamp)
            return None
        if key == "space":
            return lambda b: b.start(stamp, "b")
        if len(key) == 1 and key in "12345678":
            lane = int(key)
            if self.kind is EventKind.RACE:
                return lambda b: b.finish(lane, stamp)
            if not self.fields_open:
                return lambda b: b.tally(lane, stamp)
        return None

    def answer(self, pending: tuple[str, Stamp, bool], key: str, board: Board, stamp: Stamp):
        """The key after a prefix or a question answers it, and is nothing else."""
        what, at, refused = pending
        if what == UNDO_START and key == "y":
            return lambda b: b.undo(stamp)
        if what == UNDO_START:
            self.pending = (PREFIXES[key], stamp, True) if key in PREFIXES else None
            return None
        if len(key) == 1 and key.isdigit():
            lane = int(key)
            if what == RERUN:
                return lambda b: b.rerun(stamp, lane)
            if refused:
                return None
            return self.prefixed(what, lane, at)
        if what == RERUN and key in ("y", "v", "enter"):
            return lambda b: b.rerun(stamp, None)
        if key in PREFIXES:
            refused = what == RERUN or refusal(board, PREFIXES[key])
            self.pending = (PREFIXES[key], stamp, refused)
        return None

    def prefixed(self, what: str, lane: int, at: Stamp) -> Call:
        """A mark, a DNF or a DNS on the lane, stamped when its letter was pressed."""
        if what == "DNF":
            return lambda b: b.dnf(lane, at)
        if what == "DNS":
            return lambda b: b.dns(lane, at)
        return lambda b: b.mark(lane, Incident(what), at)

    # ----- counts at 0 -------------------------------------------------------------

    def count_key(self, key: str, char: str | None, board: Board, stamp: Stamp):
        """Typing, Enter and moving between lanes once time is up; (handled, call)."""
        lanes = [e.lane for e in board.lineup]
        if key == "enter":
            return True, self.save(board, stamp)
        if key in NEXT or key in PREVIOUS:
            step = 1 if key in NEXT else -1
            at = lanes.index(self.current) if self.current in lanes else -step
            self.current, self.fresh = lanes[(at + step) % len(lanes)], True
            return True, None
        if key == "space":
            return True, None
        assert self.current is not None
        text = self.typed.get(self.current, "")
        if key == "backspace":
            text = text[:-1]
        elif char is not None and (char.isdigit() or char == "-"):
            text = "" if self.fresh else text
            if char == "-" and text:
                return True, None
            text = (text + char)[:5]
        else:
            return False, None
        self.typed[self.current] = text
        self.edited.add(self.current)
        self.fresh = False
        return True, None

    def save(self, board: Board, stamp: Stamp) -> Call | None:
        """Enter: the typed count of the current lane, or nothing when it is unchanged."""
        lane = self.current
        assert lane is not None
        text = self.typed.get(lane, "")
        unchanged = lane not in self.edited or text == value(board, lane)
        if not lane_open(board, lane) and unchanged and text:
            self.saving = (lane, True)
            return None
        try:
            count = int(text)
        except ValueError:
            return None
        self.saving = (lane, False)
        return lambda b: count_step(b, lane, count, stamp)

    def settle(self, board: Board, saved: bool) -> None:
        """After the key: Enter moves on from a saved lane; untyped boxes follow the board."""
        if self.saving is not None and (saved or self.saving[1]):
            lane = self.saving[0]
            self.edited.discard(lane)
            open_lanes = [e.lane for e in board.lineup if lane_open(board, e.lane)]
            later = [n for n in open_lanes if n > lane] or open_lanes
            if self.current not in open_lanes:
                self.current, self.fresh = (later[0] if later else lane), True
        if self.fields_open:
            for entry in board.lineup:
                if entry.lane not in self.edited:
                    self.typed[entry.lane] = value(board, entry.lane)

    def tick(self, board: Board, now: float) -> None:
        """The repaint: count boxes open at 0 (first open lane current) and close with the run."""
        if self.kind is not EventKind.COUNT:
            return
        if not board.running and not correcting(board):
            self.fields_open, self.typed, self.edited, self.current = False, {}, set(), None
        elif (time_is_up(board, now) or correcting(board)) and not self.fields_open:
            lanes = [e.lane for e in board.lineup]
            open_lanes = [n for n in lanes if lane_open(board, n)] or lanes
            self.fields_open, self.edited = True, set()
            self.typed = {n: value(board, n) for n in lanes}
            self.current, self.fresh = open_lanes[0], True

    def left(self) -> None:
        """The screen was left and opened again: nothing waits, nothing is typed."""
        self.pending, self.fields_open, self.typed, self.edited = None, False, {}, set()
        self.current, self.saving = None, None


def asks_before_close(board: Board) -> bool:
    """Whether closing asks first: a lane still open (a countdown: or a lane with no count)."""
    kind = board.spec.kind
    if kind is EventKind.SHOTS:
        return board.shooter() is not None
    missing = kind is EventKind.COUNT and any(e.lane not in board.lanes for e in board.lineup)
    return bool(board.live_lanes()) or missing


def describe(key: str, before: Board, after: Board, pending: Any) -> str:
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


def expected(board: Board, call: Call | None) -> tuple[Board, bool]:
    """The board after the call the referee meant, and whether the board took it."""
    if call is None:
        return board, False
    try:
        return call(board).board, True
    except (HeatError, ResultError):
        return board, False


def lane_view(a: Attempt) -> tuple[Any, ...]:
    """An attempt as a result, without its id and labels (new ones get fresh ids)."""
    marks = tuple((m.kind, m.elapsed_ms) for m in a.marks)
    return (a.bib, a.run, a.status, a.time_ms, a.count, a.shots, marks, a.void, a.corrected)


def board_view(board: Board) -> tuple[Any, ...]:
    """A board as the referee sees it: phase, run, start, lanes and what undo may take back."""
    s = board.state
    lanes = {lane: lane_view(a) for lane, a in board.lanes.items()}
    undo = tuple((a.kind, a.lane, a.undone) for a in board.actions)
    return (s.phase, s.run, s.started_mono, s.logged, s.undo_from, lanes, undo)


# ----- invariants from the keys alone ----------------------------------------------------


def new_results(before: Board, after: Board) -> list[str]:
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


def check_digit_after_prefix(prefix: str, digit: str, before: Board, after: Board) -> None:
    """A digit after a prefix letter is that prefix's lane, or nothing: never a result."""
    logged = [a for a in after.actions if a.n >= before.state.logged]
    assert not new_results(before, after), f"{prefix} {digit} made a result"
    assert all(a.kind not in RESULT_KINDS for a in logged), f"{prefix} {digit}: {logged}"
    if refusal(before, PREFIXES[prefix]):
        assert not logged and board_view(before) == board_view(after), f"{prefix} {digit}"
    wanted = {"restart": "mark", "drop": "mark", "foul": "mark", "DNF": "dnf", "DNS": "dns"}
    assert all(a.kind == wanted[PREFIXES[prefix]] and a.lane == int(digit) for a in logged), logged


def check_phase_change(keys: list[str], before: Board, after: Board) -> None:
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
            for name in totals:
                totals[name] += int(record[name])
            screen = str(record.get("screen", "?"))
            per_screen[screen] = per_screen.get(screen, 0) + int(record["steps"])
    totals["screens"] = len(per_screen)
    totals["least_steps"] = min(per_screen.values(), default=0)
    return totals
