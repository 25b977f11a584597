"""Attempts and heat runs: the records the referee makes during the day.

Nothing here is ever deleted. A re-run or an undo sets `void` on the old
attempt; every edit is a `Change` record of its own, and every referee action a
separate `Action` record. Each record is small and stands alone, so saving one
action writes what changed, never a heat's whole past: the journal grows by the
same few hundred bytes for the 500th action of a heat as for the first.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict


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


ChangeKind = Literal[
    "entry", "correction", "undo", "rerun", "dns", "close", "reopen", "lineup", "resolve"
]
"""What a change was: a card entered, a result corrected, an undo, a re-run's void,
a DNS taken back, a lane closed as DNF, a heat re-opened, a line-up changed, a referee's
choice between what two stations recorded."""


class Change(BaseModel):
    """One change of the day: what it was, what it became, why, when and by whom.

    Self-contained (event, heat, lane and bib are copied in), so the day's
    history reads straight from these records in the order they were saved.
    """

    model_config = ConfigDict(frozen=True)

    attempt_id: str | None = None
    """The attempt changed; None for a change of a whole heat (re-open, line-up)."""
    n: int
    """Which change of that attempt (or of that heat) this is (0 for the first)."""
    event: str
    heat: int
    lane: int | None = None
    bib: str | None = None
    kind: ChangeKind
    at: str
    reason: str
    old: dict[str, Any]
    new: dict[str, Any]
    source: str = "console"

    @property
    def key(self) -> str:
        """Store key of this change."""
        if self.attempt_id is None:
            return f"{heat_key(self.event, self.heat)}#note{self.n}"
        return change_key(self.attempt_id, self.n)


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
    changes: int = 0
    """How many `Change` records explain this attempt (numbered 0 to changes - 1)."""
    corrected: bool = False
    """A referee changed the result it had (shown as corrected wherever it is listed)."""
    override: str | None = None
    """Why a time beyond the event's plausible ceiling stands (the referee said so);
    None for a result within it."""
    rev: str | None = None
    """This version of the attempt: `STATION:N`, the station's N-th write of it (None: a
    release before revisions wrote it)."""
    parents: tuple[str, ...] = ()
    """Other stations' versions this one was made from (a correction names what it saw)."""

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


ActionKind = Literal["start", "finish", "mark", "dns", "dnf", "shot", "count", "tally"]


class Action(BaseModel):
    """One thing the referee did in a heat, kept so `backspace` can undo it."""

    model_config = ConfigDict(frozen=True)

    event: str
    heat: int
    n: int
    """Position in the heat's log of actions (0 for the first)."""
    kind: ActionKind
    lane: int | None = None
    attempt_id: str | None = None
    before: dict[str, Any] | None = None
    """The attempt as it was before the action (None if the action created it)."""
    at: str
    undone: bool = False
    changes_after: int | None = None
    """The attempt's change records just after the action (a DNS taken back writes one):
    an undo numbers its own after them, so no change record is ever written twice."""

    @property
    def key(self) -> str:
        """Store key of this action."""
        return action_key(self.event, self.heat, self.n)


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
    logged: int = 0
    """Actions logged in this heat so far (their numbers run 0 to logged - 1)."""
    undo_from: int = 0
    """First action `backspace` may take back: a re-run or a close starts afresh."""
    notes: int = 0
    """Changes of the whole heat so far (re-opens, line-up changes)."""
    reopened: int = 0
    """How often the heat was re-opened after closing (shown as corrected)."""
    rev: str | None = None
    """This version of the heat's state: `STATION:N` (see `Attempt.rev`)."""
    parents: tuple[str, ...] = ()
    """Other stations' versions of the heat this one was made from."""

    @property
    def key(self) -> str:
        """Store key of this heat."""
        return heat_key(self.event, self.heat)


def heat_key(event: str, heat: int) -> str:
    """Store key of a heat: one string so the store needs no composite keys."""
    return f"{event}#{heat}"


def action_key(event: str, heat: int, n: int) -> str:
    """Store key of a heat's n-th action."""
    return f"{heat_key(event, heat)}#{n}"


def change_key(attempt_id: str, n: int) -> str:
    """Store key of an attempt's n-th change."""
    return f"{attempt_id}#{n}"


def hundredths(ms: int) -> int:
    """A time in hundredths, rounded up as athletics does for automatic times."""
    return -(-ms // 10)


def format_time(ms: int) -> str:
    """A time as the results show it: seconds with two decimals, rounded up."""
    h = hundredths(ms)
    return f"{h // 100}.{h % 100:02d}"
