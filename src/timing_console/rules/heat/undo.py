"""`backspace`: take back the last action of the run, never a decision made with a reason.

An action keeps the image of what it changed (`Action.before`), so undo puts
that back and writes a change record; the journal keeps what was undone. Undo
of the gun voids the lanes it started and returns the heat to "to run" (the
console asks before it does that).
"""

from __future__ import annotations

from typing import Any

from timing_console.model import Action, Attempt, Change, EventKind, HeatPhase, Status
from timing_console.rules.heat.stamp import (
    HeatError,
    HeatView,
    Stamp,
    Transition,
    transition_of,
    with_change,
)


def undo(board: HeatView, stamp: Stamp) -> Transition:
    """Take back the last action of this run; the journal keeps what it was."""
    board.require_not_closed()
    action = next((a for a in reversed(board.actions) if not a.undone), None)
    if action is None:
        raise HeatError("nothing_to_undo")
    undone = action.model_copy(update={"undone": True})
    actions = tuple(undone if a.n == action.n else a for a in board.actions)
    lanes = dict(board.lanes)
    edits: list[tuple[Attempt, Change]] = []
    changes: dict[str, Any] = {}
    if action.kind == "start":
        for lane, attempt in board.lanes.items():
            if attempt.run == board.state.run and attempt.status is None:
                edits.append(
                    with_change(attempt, {"void": "start undone"}, "undo", stamp, kind="undo")
                )
                del lanes[lane]
        changes = {"phase": HeatPhase.READY, "started_mono": None, "started_wall": None}
    elif action.attempt_id is not None and action.lane is not None:
        current = board.lanes.get(action.lane)
        if action.before is None:
            if current is not None and current.id == action.attempt_id:
                edits.append(with_change(current, {"void": "undone"}, "undo", stamp, kind="undo"))
                del lanes[action.lane]
            if board.spec.kind is EventKind.SHOTS and not any(
                a.run == board.state.run and a.status is not Status.DNS for a in lanes.values()
            ):
                changes = {"phase": HeatPhase.READY, "started_wall": None}
        else:
            identity = {"id": action.attempt_id, "event": action.event, "heat": action.heat}
            before = Attempt.model_validate({**action.before, **identity, "lane": action.lane})
            edits.append(
                with_change(
                    before, {}, "undo", stamp, kind="undo", old=_held(action, current, before)
                )
            )
            lanes[action.lane] = edits[-1][0]
    state = board.state.model_copy(update=changes)
    return transition_of(state, lanes, actions, edits, (undone,))


def _held(action: Action, current: Attempt | None, before: Attempt) -> Attempt:
    """What the lane held of the action's attempt when it is undone, numbered after every
    change record that attempt has: the lane's attempt if it is still the same one, else
    the attempt as the action left it (a DNS taken back: voided, one change more)."""
    if current is not None and current.id == action.attempt_id:
        return current
    counted = max(before.changes, action.changes_after or 0)
    return before.model_copy(update={"changes": counted, "void": "voided"})
