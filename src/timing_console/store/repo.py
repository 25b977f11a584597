"""Typed access to one day's store: the records as models, and steps made durable.

The store holds the day in memory once, as frozen pydantic models (its codec
parses each record once, on open or on save), so standings and screens never
re-parse thousands of documents on a key press. The repository only reads
those models and applies the steps the heat machine returns; every rule about
what a step writes lives in `rules.heat`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from timing_console.model import (
    Action,
    Attempt,
    Change,
    Day,
    HeatPhase,
    HeatState,
    action_key,
    change_key,
    heat_key,
)
from timing_console.rules.heat import Board, Step
from timing_console.rules.lineup import Lineup, LineupChange
from timing_console.store.codec import ACTIONS, ATTEMPTS, CHANGES, HEATS, META, RECORDS
from timing_console.store.db import DayStore, Put, StoreError

DAY_KEY = "day"
"""Key of the day's definition in the `meta` table."""


@dataclass(frozen=True)
class LoadReport:
    """What a `load` changed."""

    changed: bool
    athletes: int
    heats: int


class Repo:
    """One open day: its definition, heats, attempts, actions and changes as models."""

    def __init__(self, store: DayStore) -> None:
        """Wrap a store opened with the day's record codec (use `open_repo`)."""
        if store.codec is not RECORDS:
            raise ValueError("a Repo needs a store opened with codec=RECORDS")
        self.store = store
        self._attempts = store.rows(ATTEMPTS)
        self._heats = store.rows(HEATS)
        self._actions = store.rows(ACTIONS)
        self._changes = store.rows(CHANGES)

    @property
    def path(self) -> Path:
        """The day's database file (its journal and lock sit beside it)."""
        return self.store.path

    @property
    def notices(self) -> list[str]:
        """One plain sentence per recovery done while opening; empty when all was fine."""
        return self.store.notices

    @property
    def seq(self) -> int:
        """Sequence number of the last save: changes whenever anything was saved."""
        return self.store.seq

    @property
    def readonly(self) -> bool:
        """Whether this day was opened for reading only."""
        return self.store.readonly

    def snapshot(self) -> None:
        """Write the snapshot that makes the next open fast (between heats, never mid-run)."""
        self.store.snapshot()

    def close(self, *, snapshot: bool = True) -> None:
        """Release the day; `snapshot=False` leaves its files exactly as they are."""
        self.store.close(snapshot=snapshot)

    # ----- the day -------------------------------------------------------------

    def day(self) -> Day | None:
        """The loaded day, or None before the first load."""
        day = self.store.get(META, DAY_KEY)
        return day if isinstance(day, Day) else None

    def require_day(self) -> Day:
        """The loaded day, or a clear error saying none is loaded."""
        day = self.day()
        if day is None:
            raise StoreError(
                f"no day is loaded in {self.store.path}; run `timing-console load DAYFILE` first"
            )
        return day

    def load_day(self, day: Day) -> LoadReport:
        """Store a day's definition; loading the same day again changes nothing.

        A new definition may not take away a lane that already has a result:
        that would orphan what the referee recorded, so it is refused whole.
        """
        lanes = {(e.event, e.heat, e.lane, e.bib) for e in day.lanes}
        orphans = sorted(
            {
                (a.event, a.heat, a.lane, a.bib)
                for a in self._attempts.values()
                if a.void is None and (a.event, a.heat, a.lane, a.bib) not in lanes
            }
        )
        if orphans:
            event, heat, lane, bib = orphans[0]
            raise StoreError(
                f"the new day file drops {event} heat {heat} lane {lane} (bib {bib}), "
                f"which already has a result in {self.store.path}; nothing was loaded"
            )
        changed = self.day() != day
        if changed:
            self.store.commit(Put(META, DAY_KEY, day))
        heats = len({(e.event, e.heat) for e in day.lanes})
        return LoadReport(changed=changed, athletes=len(day.athletes), heats=heats)

    # ----- reads ---------------------------------------------------------------

    def attempts(self, event: str | None = None, *, include_void: bool = False) -> list[Attempt]:
        """Attempts in the order they were first recorded."""
        return [
            a
            for a in self._attempts.values()
            if (event is None or a.event == event) and (include_void or a.void is None)
        ]

    def history(self, attempt_id: str) -> tuple[Change, ...]:
        """Every change of one attempt, oldest first (old value, new value, reason, time)."""
        attempt = self._attempts.get(attempt_id)
        if attempt is None:
            return ()
        found = (self._changes.get(change_key(attempt_id, n)) for n in range(attempt.changes))
        return tuple(change for change in found if change is not None)

    def changes(self) -> list[Change]:
        """Every change of the day (edits, voids, re-opens) in the order it was saved."""
        return list(self._changes.values())

    def heat_state(self, event: str, heat: int) -> HeatState:
        """A heat's state; a heat never touched is ready to run."""
        found: HeatState | None = self._heats.get(heat_key(event, heat))
        return found or HeatState(event=event, heat=heat)

    def heat_states(self) -> dict[str, HeatState]:
        """Every heat that has a stored state, by key."""
        return dict(self._heats)

    def board(self, event: str, heat: int) -> Board:
        """The heat as the state machine needs it."""
        day = self.require_day()
        state = self.heat_state(event, heat)
        lanes: dict[int, Attempt] = {}
        for attempt in self._attempts.values():
            if attempt.event == event and attempt.heat == heat and attempt.void is None:
                lanes[attempt.lane] = attempt
        window = range(state.undo_from, state.logged)
        logged = (self._actions.get(action_key(event, heat, n)) for n in window)
        actions: tuple[Action, ...] = tuple(a for a in logged if a is not None)
        return Board(
            spec=day.event(event),
            lineup=tuple(day.lineup(event, heat)),
            state=state,
            lanes=lanes,
            actions=actions,
        )

    def lineup(self) -> Lineup:
        """The day as a line-up change is checked against."""
        return Lineup(self.require_day(), self.heat_states(), self.attempts())

    def apply_lineup(self, change: LineupChange) -> Day:
        """Make a change of line-up durable: the new day, its heat's notes, its records."""
        puts = [Put(META, DAY_KEY, change.day), Put(HEATS, change.heat.key, change.heat)]
        puts += [Put(CHANGES, c.key, c) for c in change.changes]
        self.store.commit(*puts)
        return change.day

    def interrupted(self) -> list[HeatState]:
        """Heats left running by a console that is no longer here (a crash or a kill)."""
        return [h for h in self._heats.values() if h.phase is HeatPhase.RUNNING]

    # ----- writes --------------------------------------------------------------

    def apply(self, step: Step) -> Board:
        """Make a heat step durable (only what changed), then let the caller show it."""
        state = step.board.state
        puts = [Put(ATTEMPTS, a.id, a) for a in step.writes]
        puts += [Put(ACTIONS, a.key, a) for a in step.actions]
        puts += [Put(CHANGES, c.key, c) for c in step.changes]
        if self._heats.get(state.key) != state:
            puts.insert(0, Put(HEATS, state.key, state))
        self.store.commit(*puts)
        return step.board


def open_repo(path: str | Path, *, readonly: bool = False) -> Repo:
    """Open a day's store with the day's record codec, and wrap it."""
    return Repo(DayStore.open(path, readonly=readonly, codec=RECORDS))
