"""Typed access to one day's store: the only place documents become models.

The repository keeps the parsed attempts in memory (built once on open, kept
current on every write through it), so standings and screens never re-parse
thousands of documents on a key press.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from timing_console.model import Attempt, Change, Day, HeatPhase, HeatState, heat_key
from timing_console.rules.heat import Board, Stamp, Step
from timing_console.rules.results import ParsedResult
from timing_console.store.db import DayStore, Put, StoreError

ATTEMPTS = "attempts"
HEATS = "heats"
META = "meta"


def boot_id() -> str | None:
    """This boot's id: a stored monotonic start is only meaningful within one boot."""
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return None


@dataclass(frozen=True)
class LoadReport:
    """What a `load` changed."""

    changed: bool
    athletes: int
    heats: int


class Repo:
    """One open day: its definition, heats and attempts as models."""

    def __init__(self, store: DayStore) -> None:
        """Wrap an open store and parse its attempts once."""
        self.store = store
        self._attempts: dict[str, Attempt] = {
            doc["id"]: Attempt.model_validate(doc) for doc in store.all(ATTEMPTS)
        }
        self._heats: dict[str, HeatState] = {
            doc["event"] + "#" + str(doc["heat"]): HeatState.model_validate(doc)
            for doc in store.all(HEATS)
        }
        doc = store.get(META, "day")
        self._day: Day | None = Day.model_validate(doc) if doc is not None else None

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
        return self._day

    def require_day(self) -> Day:
        """The loaded day, or a clear error saying none is loaded."""
        if self._day is None:
            raise StoreError(
                f"no day is loaded in {self.store.path}; run `timing-console load DAYFILE` first"
            )
        return self._day

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
        changed = self._day != day
        if changed:
            self.store.commit(Put(META, "day", day.model_dump(mode="json")))
            self._day = day
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
        return attempt.history if attempt is not None else ()

    def heat_state(self, event: str, heat: int) -> HeatState:
        """A heat's state; a heat never touched is ready to run."""
        return self._heats.get(heat_key(event, heat)) or HeatState(event=event, heat=heat)

    def heat_states(self) -> dict[str, HeatState]:
        """Every heat that has a stored state, by key."""
        return dict(self._heats)

    def board(self, event: str, heat: int) -> Board:
        """The heat as the state machine needs it."""
        day = self.require_day()
        lanes: dict[int, Attempt] = {}
        for attempt in self._attempts.values():
            if attempt.event == event and attempt.heat == heat and attempt.void is None:
                lanes[attempt.lane] = attempt
        return Board(
            spec=day.event(event),
            lineup=tuple(day.lineup(event, heat)),
            state=self.heat_state(event, heat),
            lanes=lanes,
        )

    def interrupted(self) -> list[HeatState]:
        """Heats left running by a console that is no longer here (a crash or a kill)."""
        return [h for h in self._heats.values() if h.phase is HeatPhase.RUNNING]

    # ----- writes --------------------------------------------------------------

    def apply(self, step: Step) -> Board:
        """Make a heat step durable, then let the caller show it."""
        state = step.board.state
        self.store.commit(
            Put(HEATS, state.key, state.model_dump(mode="json")),
            *(Put(ATTEMPTS, a.id, a.model_dump(mode="json")) for a in step.writes),
        )
        self._heats[state.key] = state
        for attempt in step.writes:
            self._attempts[attempt.id] = attempt
        return step.board

    def record(
        self, event: str, heat: int, lane: int, result: ParsedResult, *, reason: str, stamp: Stamp
    ) -> tuple[Attempt, Attempt | None]:
        """Key in a result from a paper card; a lane that has one is edited, with history.

        Returns the attempt as saved and, for an edit, what it was before.
        """
        board = self.board(event, heat)
        entry = board.entry(lane)
        fields = {
            "status": result.status,
            "time_ms": result.time_ms,
            "count": result.count,
            "shots": result.shots,
        }
        old = board.lanes.get(lane)
        if old is None:
            new = Attempt(
                id=_new_id(),
                event=event,
                heat=heat,
                lane=lane,
                bib=entry.bib,
                run=board.state.run,
                recorded_at=stamp.label,
                source="cli",
                **fields,
            )
            first = _change(None, new, reason or "entered from a paper card", stamp)
            new = new.model_copy(update={"history": (first,)})
        else:
            new = old.model_copy(update=fields)
            new = new.model_copy(
                update={"history": (*old.history, _change(old, new, reason or "edited", stamp))}
            )
        self.store.commit(Put(ATTEMPTS, new.id, new.model_dump(mode="json")))
        self._attempts[new.id] = new
        return new, old


def _new_id() -> str:
    return uuid.uuid4().hex


def _change(old: Attempt | None, new: Attempt, reason: str, stamp: Stamp) -> Change:
    return Change(
        at=stamp.label,
        reason=reason,
        old=old.result_fields() if old else {},
        new=new.result_fields(),
        source="cli",
    )


def open_repo(path: str | Path, *, readonly: bool = False) -> Repo:
    """Open a day's store and wrap it."""
    return Repo(DayStore.open(path, readonly=readonly))
