"""Attempts and heat runs: the records the referee makes during the day.

Nothing here is ever deleted. A re-run or an undo sets `void` on the old
attempt; an edit appends a `Change` to its history. The store writes the whole
document again on every change, so the journal holds each state it ever had.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Status(StrEnum):
    """Outcome of an attempt. Only OK is ranked."""

    OK = "OK"
    DNS = "DNS"
    """Did not start."""
    DNF = "DNF"
    """Did not finish."""
    DQ = "DQ"
    """Disqualified."""
    FOUL = "FOUL"
    """Foul that voids the result (foot down, hand on the ball)."""


VOID_CODES: tuple[Status, ...] = (Status.FOUL, Status.DNF, Status.DQ, Status.DNS)
"""Unranked outcomes, in the order they list below the ranked athletes."""

MarkKind = Literal["restart", "drop", "foul", "tally"]


class Mark(BaseModel):
    """An incident on a running lane, stamped with its elapsed time."""

    model_config = ConfigDict(frozen=True)

    kind: MarkKind
    elapsed_ms: int
    """Time since the gun, from the key's monotonic stamp."""
    at: str
    """Wall-clock label (ISO), for the record only."""


class Change(BaseModel):
    """One edit of an attempt: what it was, what it became, and why."""

    model_config = ConfigDict(frozen=True)

    at: str
    reason: str
    old: dict[str, Any]
    new: dict[str, Any]
    source: str = "console"


class Attempt(BaseModel):
    """One athlete's go in one run of a heat."""

    model_config = ConfigDict(frozen=True)

    id: str
    event: str
    heat: int
    lane: int
    bib: str
    run: int = 1
    """Which run of the heat this belongs to; a re-run starts the next."""
    status: Status | None = None
    """None while the attempt is still in progress."""
    time_ms: int | None = None
    count: int | None = None
    shots: str | None = None
    """Free throws so far, '1' basket and '0' miss, in order."""
    marks: tuple[Mark, ...] = ()
    recorded_at: str
    """Wall-clock label of when the attempt was first recorded."""
    source: str = "console"
    """'console' or 'cli' (a paper card keyed in)."""
    void: str | None = None
    """Why this attempt no longer counts (re-run, undo); None while it counts."""
    history: tuple[Change, ...] = ()

    @property
    def counts(self) -> bool:
        """Whether this attempt is the live record for its lane."""
        return self.void is None

    @property
    def finished(self) -> bool:
        """Whether the attempt has an outcome."""
        return self.status is not None

    def result_fields(self) -> dict[str, Any]:
        """The fields an edit can change, for history entries."""
        return {
            "status": self.status.value if self.status else None,
            "time_ms": self.time_ms,
            "count": self.count,
            "shots": self.shots,
        }


class HeatPhase(StrEnum):
    """Where a heat stands on the programme."""

    READY = "ready"
    """To run."""
    RUNNING = "running"
    DONE = "done"
    """Closed as final by the referee."""
    RERUN = "rerun"
    """Its last run was voided (false start): it must be run again."""


ActionKind = Literal[
    "start", "finish", "mark", "dns", "dnf", "foul", "shot", "count", "tally", "rerun_lane"
]


class Action(BaseModel):
    """One thing the referee did in a heat, kept so `backspace` can undo it."""

    model_config = ConfigDict(frozen=True)

    kind: ActionKind
    lane: int | None = None
    attempt_id: str | None = None
    before: dict[str, Any] | None = None
    """The attempt as it was before the action (None if the action created it)."""
    at: str
    undone: bool = False


class HeatState(BaseModel):
    """The live state of one heat: which run, when it started, what was done."""

    model_config = ConfigDict(frozen=True)

    event: str
    heat: int
    run: int = 1
    phase: HeatPhase = HeatPhase.READY
    started_wall: float | None = None
    """Wall-clock start (epoch seconds): labels the run and resumes it after a reboot."""
    started_mono: float | None = None
    """Monotonic start: the true origin of every elapsed time in this run."""
    boot_id: str | None = None
    """Boot the monotonic start belongs to; after a reboot only the wall clock is left."""
    closed_at: str | None = None
    actions: tuple[Action, ...] = Field(default=())

    @property
    def key(self) -> str:
        """Store key of this heat."""
        return heat_key(self.event, self.heat)


def heat_key(event: str, heat: int) -> str:
    """Store key of a heat: one string so the store needs no composite keys."""
    return f"{event}#{heat}"


def hundredths(ms: int) -> int:
    """A time in hundredths, rounded up as athletics does for automatic times."""
    return -(-ms // 10)


def format_time(ms: int) -> str:
    """A time as the results show it: seconds with two decimals, rounded up."""
    h = hundredths(ms)
    return f"{h // 100}.{h % 100:02d}"
