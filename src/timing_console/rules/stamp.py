"""Stamps, refusals and history entries: the vocabulary of the heat state machine.

Kept apart from `heat.py` so the machine itself reads as the list of what a
referee can do.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from timing_console.model import Attempt, Change


class HeatError(ValueError):
    """An action the heat refuses; the message is shown to the referee as is."""


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
    history: tuple[Change, ...] | None = None,
    old: Attempt | None = None,
) -> Attempt:
    """Apply an update and append the history entry that explains it."""
    previous = old if old is not None else attempt
    new = attempt.model_copy(update=dict(update))
    change = Change(
        at=stamp.label,
        reason=reason,
        old={**previous.result_fields(), "void": previous.void},
        new={**new.result_fields(), "void": new.void},
    )
    base = history if history is not None else attempt.history
    return new.model_copy(update={"history": (*base, change)})
