"""Stamps, refusals, transitions and change records: the vocabulary of the heat state machine.

Kept apart from `heat.py` so the machine itself reads as the list of what a
referee can do, and so the transitions kept in modules of their own (`undo`,
`corrections`) read a heat through `HeatView` and answer a `Transition`, never
needing the machine's class (no import runs back up to it).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from timing_console.model import (
    Action,
    Attempt,
    Change,
    ChangeKind,
    EventSpec,
    HeatState,
    LaneEntry,
)
from timing_console.rules.refusal import Refusal


class HeatError(Refusal):
    """An action the heat refuses; the message is shown to the referee as is."""


class NoChange(HeatError):
    """A result entered over the same result: nothing to save, nothing saved."""


class ReasonNeeded(HeatError):
    """A result would replace a different one, or a heat be re-opened, without a reason."""


@dataclass(frozen=True)
class Stamp:
    """When a key was pressed: monotonic for timing, wall clock for the label."""

    mono: float
    wall: float

    @property
    def label(self) -> str:
        """ISO wall-clock label, to the millisecond."""
        return datetime.fromtimestamp(self.wall, UTC).isoformat(timespec="milliseconds")


def elapsed_ms(start_mono: float, at_mono: float) -> int:
    """Milliseconds between two monotonic stamps, rounded up.

    Rounding up here and again to hundredths equals rounding the true time up to
    hundredths once, as athletics does; the epsilon absorbs float noise.
    """
    return max(0, math.ceil((at_mono - start_mono) * 1000 - 1e-6))


def with_change(
    attempt: Attempt,
    update: Mapping[str, Any],
    reason: str,
    stamp: Stamp,
    *,
    kind: ChangeKind,
    old: Attempt | None = None,
    source: str = "console",
) -> tuple[Attempt, Change]:
    """Apply an update and write the change record that explains it.

    `old` is what the lane held before when that is not `attempt` itself (an
    undo restores an earlier state over the current one); the change is
    numbered after the changes `old` already has.
    """
    previous = old if old is not None else attempt
    n = previous.changes
    new = attempt.model_copy(update={**update, "changes": n + 1})
    change = Change(
        attempt_id=new.id,
        n=n,
        event=new.event,
        heat=new.heat,
        lane=new.lane,
        bib=new.bib,
        kind=kind,
        at=stamp.label,
        reason=reason,
        old={**previous.result_fields(), "void": previous.void},
        new={**new.result_fields(), "void": new.void},
        source=source,
    )
    return new, change


class HeatView(Protocol):
    """A heat as a transition reads it (`HeatMachine` is one)."""

    @property
    def spec(self) -> EventSpec:
        """The heat's event."""
        ...

    @property
    def state(self) -> HeatState:
        """The heat's phase, run and counters."""
        ...

    @property
    def lanes(self) -> Mapping[int, Attempt]:
        """The attempt that counts now in each lane."""
        ...

    @property
    def actions(self) -> tuple[Action, ...]:
        """This run's undoable actions, oldest first."""
        ...

    def entry(self, lane: int) -> LaneEntry:
        """The lane's athlete (HeatError for an empty lane)."""
        ...

    def new_attempt(self, lane: int, stamp: Stamp, **fields: Any) -> Attempt:
        """A fresh attempt for the lane's athlete in this run."""
        ...

    def require_not_closed(self) -> None:
        """HeatError if the heat is closed."""
        ...


@dataclass(frozen=True)
class Transition:
    """What a transition decided: the heat's new state, lanes and action log, and the
    records to write (the machine turns it into its `Step`)."""

    state: HeatState
    lanes: Mapping[int, Attempt]
    actions: tuple[Action, ...]
    """The run's undoable actions after it."""
    writes: tuple[Attempt, ...] = ()
    logged: tuple[Action, ...] = ()
    """Actions logged or changed (an undo marks one undone)."""
    changes: tuple[Change, ...] = ()
    """Change records explaining edited attempts (or the heat)."""


def transition_of(
    state: HeatState,
    lanes: Mapping[int, Attempt],
    actions: tuple[Action, ...],
    edits: list[tuple[Attempt, Change]],
    logged: tuple[Action, ...] = (),
) -> Transition:
    """A transition writing edited attempts with the change records that explain them."""
    return Transition(
        state,
        lanes,
        actions,
        tuple(new for new, _ in edits),
        logged,
        tuple(change for _, change in edits),
    )
