"""What a referee changes after the fact: a result keyed from a card or corrected, a heat re-opened.

Kept apart from the heat machine's live actions because these are not
undoable keystrokes but decisions with a reason, each written as a `Change`
record (old value, new value, reason, time, source) that the day's history
lists. The machine's `HeatMachine.enter` and `HeatMachine.reopen` call these.
"""

from __future__ import annotations

from typing import Any

from timing_console.model import Change, HeatPhase
from timing_console.rules.heat.results import ParsedResult, check_result, result_text
from timing_console.rules.heat.stamp import (
    HeatError,
    HeatView,
    NoChange,
    ReasonNeeded,
    Stamp,
    Transition,
    transition_of,
    with_change,
)


def enter(
    board: HeatView,
    lane: int,
    result: ParsedResult,
    stamp: Stamp,
    *,
    reason: str,
    source: str,
    override: bool = False,
) -> Transition:
    """Key in a result (a paper card, or a referee's correction), with its change record.

    The result must be one the event can have (`check_result`: the same rule
    as the console's keys); a time over the plausible ceiling stands only with
    `override` and a reason, which the attempt keeps. Replacing a different
    result is a correction and needs a reason (ReasonNeeded); the same result
    again saves nothing (NoChange). Works on a heat in any phase (the card is
    the record). It logs no action and ends what `backspace` may take back, as
    a close does: an undo must never restore what a lane held before a decision
    made with a reason.
    """
    board.entry(lane)
    beyond = result.time_ms is not None and board.spec.beyond_ceiling(result.time_ms)
    if override and beyond and not reason.strip():
        raise ReasonNeeded("ceiling_needs_reason")
    check_result(board.spec, result, override=override)
    fields: dict[str, Any] = {
        "status": result.status,
        "time_ms": result.time_ms,
        "count": result.count,
        "shots": result.shots,
    }
    old = board.lanes.get(lane)
    if old is not None and old.status is not None:
        was, wanted = result_text(old), result_text(result)
        if all(getattr(old, k) == v for k, v in fields.items()):
            raise NoChange("nothing_changed", lane=lane, was=was)
        if not reason.strip():
            raise ReasonNeeded("change_needs_reason", lane=lane, was=was, wanted=wanted)
        fields["corrected"] = True
        fields["override"] = reason.strip() if beyond else None
        edit = with_change(old, fields, reason.strip(), stamp, kind="correction", source=source)
    else:
        blank = old or board.new_attempt(lane, stamp, source=source)
        why = reason.strip() or "entered from a paper card"
        fields["override"] = why if beyond else None
        edit = with_change(blank, fields, why, stamp, kind="entry", source=source)
    state = board.state.model_copy(update={"undo_from": board.state.logged})
    lanes = {**board.lanes, lane: edit[0]}
    return transition_of(state, lanes, (), [edit])


def reopen(board: HeatView, stamp: Stamp, reason: str, source: str) -> Transition:
    """Re-open a closed heat to correct it, with a reason; its results stay as they are.

    The clock does not run again (its gun is long past): a lane is changed by a
    correction, or re-run (`v` and the lane) and started afresh.
    """
    state = board.state
    if state.phase is not HeatPhase.DONE:
        raise HeatError("heat_not_closed")
    if not reason.strip():
        raise ReasonNeeded("reopen_needs_reason")
    note = Change(
        attempt_id=None,
        n=state.notes,
        event=state.event,
        heat=state.heat,
        kind="reopen",
        at=stamp.label,
        reason=reason.strip(),
        old={"phase": HeatPhase.DONE.value, "closed_at": state.closed_at},
        new={"phase": HeatPhase.READY.value},
        source=source,
    )
    update = {
        "phase": HeatPhase.READY,
        "closed_at": None,
        "started_mono": None,
        "notes": note.n + 1,
        "reopened": state.reopened + 1,
        "undo_from": state.logged,
    }
    return Transition(state.model_copy(update=update), board.lanes, (), changes=(note,))
