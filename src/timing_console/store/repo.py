"""This station's records: the day it holds, as models, and steps made durable.

The store holds the day in memory once, as frozen pydantic models (its codec
parses each record once, on open or on save), so standings and screens never
re-parse thousands of documents on a key press. The repository reads those
models and applies the steps the heat machine returns (what a step writes is
the machine's rule, in `rules.heat`); it keeps the rules of one station's
journal: which day may be loaded over which, a step computed from an old heat
refused, each version it writes named after the one it supersedes.

It knows this station's journal only. Other stations' records, and the union
every screen and command shows, are `stations.view.DayView`, built over this.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from timing_console.model import (
    Action,
    Attempt,
    Change,
    Day,
    HeatPhase,
    HeatState,
    action_key,
    heat_key,
)
from timing_console.rules.heat.machine import HeatMachine, Step
from timing_console.rules.lineup import Lineup, LineupChange
from timing_console.store.codec import ACTIONS, ATTEMPTS, CHANGES, HEATS, META, RECORDS
from timing_console.store.db import DayStore, Pending, Put, StoreError
from timing_console.store.errors import StaleWrite
from timing_console.store.identity import (
    SELF_KEY,
    STATION_TABLE,
    Identity,
    default_station,
    legacy_sid,
    new_sid,
    station_of,
)
from timing_console.store.saved import Saved, saved_of
from timing_console.store.versions import stamp
from timing_console.words import Said

DAY_KEY = "day"
"""Key of the day's definition in the `meta` table."""


@dataclass(frozen=True)
class LoadReport:
    """What a `load` changed."""

    changed: bool
    athletes: int
    heats: int


def orphans_of(day: Day, attempts: Iterable[Attempt]) -> list[tuple[str, int, int, str]]:
    """Results a new definition of the day would leave without a lane (event, heat, lane,
    bib), in order."""
    lanes = {(e.event, e.heat, e.lane, e.bib) for e in day.lanes}
    return sorted(
        {
            (a.event, a.heat, a.lane, a.bib)
            for a in attempts
            if a.void is None and (a.event, a.heat, a.lane, a.bib) not in lanes
        }
    )


@dataclass(frozen=True)
class Applying:
    """A heat step written and not yet acknowledged (see `DayStore.begin`)."""

    board: HeatMachine
    """The heat once the step is saved."""
    pending: Pending | None
    """The store's commit, None if the step changed nothing to write."""

    def flush(self) -> None:
        """The fsync (any thread)."""
        if self.pending is not None:
            self.pending.flush()

    def finish(self) -> HeatMachine:
        """Acknowledge the step: the heat as saved, or StoreError (nothing saved)."""
        if self.pending is not None:
            self.pending.finish()
        return self.board


def machine_of(
    day: Day,
    state: HeatState,
    attempts: Iterable[Attempt],
    actions: Mapping[str, Action],
    seen: tuple[int, int],
) -> HeatMachine:
    """A heat as the state machine needs it, from the tables it is read from."""
    event, heat = state.event, state.heat
    lanes: dict[int, Attempt] = {}
    for attempt in attempts:
        if attempt.event == event and attempt.heat == heat and attempt.void is None:
            lanes[attempt.lane] = attempt
    window = range(state.undo_from, state.logged)
    logged = (actions.get(action_key(event, heat, n)) for n in window)
    return HeatMachine(
        spec=day.event(event),
        lineup=tuple(day.lineup(event, heat)),
        state=state,
        lanes=lanes,
        actions=tuple(a for a in logged if a is not None),
        seen=seen,
    )


class Repo:
    """One open day as this station holds it: its definition, heats, attempts, actions and
    changes as models."""

    def __init__(self, store: DayStore) -> None:
        """Wrap a store opened with the day's record codec (use `open_repo`)."""
        if store.codec is not RECORDS:
            raise ValueError("a Repo needs a store opened with codec=RECORDS")
        self.store = store
        self._own = {t: store.rows(t) for t in (ATTEMPTS, HEATS, ACTIONS, CHANGES)}
        self._versions: dict[str, int] = {}
        """Saves that touched each heat since the day was opened here (this station's steps,
        corrections, other stations' records of it as `announce`d): a board carries the
        count it was read at, and a step from an older count is refused."""
        self._day_changes = 0
        """Saves that may change every heat (the day's definition, a choice among stations)."""
        self.generation = 0
        """Every save announced so far: what a screen compares to know it is behind."""
        self._listeners: list[Callable[[Saved], None]] = []
        store.listeners.append(self._committed)

    # ----- announcing saves ------------------------------------------------------

    def subscribe(self, listener: Callable[[Saved], None]) -> None:
        """Be told of every save once it is durable (in the saving thread)."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[Saved], None]) -> None:
        """Stop being told."""
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _committed(self, seq: int, entries: list[tuple[str, str, Any]]) -> None:
        self.announce(saved_of(seq, entries))

    def announce(self, saved: Saved) -> None:
        """Count a save in the versions of what it touched, then tell the listeners: this
        station's own saves, and records of the day that reached it from elsewhere (the
        stations' view announces those), so a step read before either is refused."""
        for heat in saved.heats:
            self._versions[heat] = self._versions.get(heat, 0) + 1
        if saved.everything:
            self._day_changes += 1
        self.generation += 1
        for listener in tuple(self._listeners):
            listener(saved)

    def count_on(self, before: Repo) -> None:
        """Take over from `before`, the same day opened earlier, for a reader that opened it
        afresh (see `stations.follow`): its listeners, and its counts of saves, so that a
        board or a screen read from it is behind this one, never level with it by chance."""
        self._listeners, before._listeners = before._listeners, []
        self._versions = dict(before._versions)
        self._day_changes = before._day_changes
        self.generation = before.generation

    # ----- this station ------------------------------------------------------------

    @property
    def me(self) -> Identity:
        """This database's station: its id and name (the computer's name, and an id made from
        it, until a name is given)."""
        held = station_of(self.store)
        if held is not None:
            return held
        name = default_station()
        return Identity(legacy_sid(name), name)

    @property
    def station(self) -> str:
        """This database's station name."""
        return self.me.name

    def name_station(self, name: str, replaces: str | None = None) -> bool:
        """Give this database its station name, and with it an id of its own; whether that
        changed anything.

        A station keeps its name: the records it already shared carry it. A spare
        that takes over for a dead laptop says so (`replaces`): a desk then takes
        it beside the old station, whose records stay, instead of refusing two
        laptops under one name.
        """
        held = station_of(self.store)
        if held is not None and held.name == name and replaces in (None, held.replaces):
            return False
        if held is not None:
            what = (
                Said("err.station_replacing", {"name": held.name, "replaces": held.replaces})
                if held.replaces
                else Said("err.station_named", {"name": held.name})
            )
            raise StoreError(
                "err.station_keeps_name",
                db=self.path,
                held=what,
                name=Said("err.name_replacing", {"name": name, "replaces": replaces})
                if replaces
                else name,
            )
        doc: dict[str, Any] = {"name": name, "id": new_sid()}
        if replaces:
            doc["replaces"] = replaces
        self.store.commit(Put(STATION_TABLE, SELF_KEY, doc))
        return True

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
        """The day this station loaded, or None before the first load."""
        day = self.store.get(META, DAY_KEY)
        return day if isinstance(day, Day) else None

    def require_day(self) -> Day:
        """The loaded day, or a clear error saying none is loaded."""
        day = self.day()
        if day is None:
            raise StoreError("err.no_day_loaded", db=self.store.path)
        return day

    def load_day(self, day: Day, holds: Iterable[Attempt] | None = None) -> LoadReport:
        """Store a day's definition; loading the same day again changes nothing.

        A new definition may not take away a lane that already has a result
        (this station's, and those in `holds`: what the day shows from other
        stations): that would orphan what a referee recorded, so it is refused whole.
        """
        orphans = orphans_of(day, self.attempts() if holds is None else holds)
        if orphans:
            event, heat, lane, bib = orphans[0]
            raise StoreError(
                "err.drops_a_result",
                event=event,
                heat=heat,
                lane=lane,
                bib=bib,
                db=self.store.path,
            )
        changed = self.day() != day
        if changed:
            self.store.commit(Put(META, DAY_KEY, day))
        heats = len({(e.event, e.heat) for e in day.lanes})
        return LoadReport(changed=changed, athletes=len(day.athletes), heats=heats)

    # ----- reads ---------------------------------------------------------------

    def attempts(self, event: str | None = None, *, include_void: bool = False) -> list[Attempt]:
        """This station's attempts in the order they were first recorded."""
        return [
            a
            for a in self._own[ATTEMPTS].values()
            if (event is None or a.event == event) and (include_void or a.void is None)
        ]

    def history(self, attempt_id: str) -> tuple[Change, ...]:
        """Every change this station made to one attempt, oldest first."""
        return tuple(c for c in self.changes() if c.attempt_id == attempt_id)

    def changes(self) -> list[Change]:
        """Every change this station made, in the order it saved them."""
        return list(self._own[CHANGES].values())

    def audit(self) -> list[tuple[str, Change]]:
        """Every change this station made, with its id."""
        me = self.me.sid
        return [(me, c) for c in self.changes()]

    def tables(self) -> dict[str, Mapping[str, Any]]:
        """Every table this station holds (read-only views, for the stations' union)."""
        return {t: self.store.rows(t) for t in self.store.tables()}

    def heat_state(self, event: str, heat: int) -> HeatState:
        """A heat's state; a heat never touched is ready to run."""
        found: HeatState | None = self._own[HEATS].get(heat_key(event, heat))
        return found or HeatState(event=event, heat=heat)

    def heat_states(self) -> dict[str, HeatState]:
        """Every heat that has a stored state, by key."""
        return dict(self._own[HEATS])

    def version(self, event: str, heat: int) -> tuple[int, int]:
        """The heat's version now: the saves that touched it, and those that touched the day.

        A board carries the version it was read at (`HeatMachine.seen`); `apply` refuses a
        step whose board is older.
        """
        return (self._versions.get(heat_key(event, heat), 0), self._day_changes)

    def board(self, event: str, heat: int) -> HeatMachine:
        """The heat as the state machine needs it, with the version it was read at."""
        state = self.heat_state(event, heat)
        return machine_of(
            self.require_day(),
            state,
            self._own[ATTEMPTS].values(),
            self._own[ACTIONS],
            self.version(event, heat),
        )

    def lineup(self) -> Lineup:
        """The day as a line-up change is checked against."""
        return Lineup(self.require_day(), self.heat_states(), self.attempts())

    def interrupted(self) -> list[HeatState]:
        """Heats left running by a console that is no longer here (a crash or a kill)."""
        return [h for h in self._own[HEATS].values() if h.phase is HeatPhase.RUNNING]

    # ----- writes --------------------------------------------------------------

    def apply_lineup(self, change: LineupChange) -> Day:
        """Make a change of line-up durable: the new day, its heat's notes, its records."""
        puts = [Put(META, DAY_KEY, change.day), Put(HEATS, change.heat.key, change.heat)]
        puts += [Put(CHANGES, c.key, c) for c in change.changes]
        self.store.commit(*puts)
        return change.day

    def apply(self, step: Step) -> HeatMachine:
        """Make a heat step durable (only what changed).

        Refused with `StaleWrite`, saving nothing, when the step was computed from a
        board older than the heat is now: a screen, dialog or command that did not
        see the latest save must read the heat again, never write over it.
        """
        return self.begin_apply(step).finish()

    def begin_apply(self, step: Step) -> Applying:
        """`apply` in two halves: the step checked and written now, acknowledged by
        `Applying.finish` (its fsync may wait in another thread meanwhile)."""
        self.store.settle()  # checked against every record written before it
        puts = self.puts_of(step)
        if not puts:
            return Applying(step.board, None)
        state = step.board.state
        lanes = dict(step.board.lanes)
        for put in puts:  # the board carries the versions as written (named, numbered)
            if put.table == HEATS:
                state = put.doc
            elif put.table == ATTEMPTS:
                held = lanes.get(put.doc.lane)
                if held is not None and held.id == put.doc.id:
                    lanes[put.doc.lane] = put.doc
        # Seen: the version checked, and this save. Not the version once it is acknowledged,
        # which may count another station's records that reached the day meanwhile.
        touched = saved_of(0, [(p.table, p.key, p.doc) for p in puts])
        heat, day = step.board.seen
        seen = (heat + (state.key in touched.heats), day + touched.everything)
        board = replace(step.board, state=state, lanes=lanes, seen=seen)
        return Applying(board, self.store.begin(*puts))

    def puts_of(self, step: Step) -> list[Put]:
        """What `apply` writes for `step`: each version stamped with this station's name
        and number; StaleWrite if the step was computed from an older heat.

        The heat's state is written when the step changed it from the state its
        board was read with: the version check has shown that is the heat now.
        """
        state = step.board.state
        current = self.version(state.event, state.heat)
        if step.board.seen != current:
            raise StaleWrite(
                "err.stale_write",
                event=state.event,
                heat=state.heat,
                seen=step.board.seen,
                current=current,
            )
        me, own = self.me.sid, self._own[ATTEMPTS]
        puts = [Put(ATTEMPTS, a.id, stamp(a, own.get(a.id), me)) for a in step.writes]
        puts += [Put(ACTIONS, a.key, a) for a in step.actions]
        puts += [Put(CHANGES, c.key, c) for c in self._free_keys(step.changes)]
        if step.was != state:
            state = stamp(state, self._own[HEATS].get(state.key), me)
            puts.insert(0, Put(HEATS, state.key, state))
        return puts

    def save_versions(
        self, attempts: Iterable[Attempt], changes: Iterable[Change], *also: Put
    ) -> None:
        """Write new versions of attempts (stamped as `apply` stamps them) with the change
        records that explain them, and any other records, in one durable save."""
        me, own = self.me.sid, self._own[ATTEMPTS]
        puts = [Put(ATTEMPTS, a.id, stamp(a, own.get(a.id), me)) for a in attempts]
        puts += [Put(CHANGES, c.key, c) for c in self._free_keys(changes)]
        self.store.commit(*puts, *also)

    def _free_keys(self, changes: Iterable[Change]) -> list[Change]:
        """Change records numbered after every one this station already wrote of the same
        attempt (another station's version may count fewer): none is written twice."""
        own = self._own[CHANGES]
        freed: list[Change] = []
        for change in changes:
            while change.key in own or change.key in {c.key for c in freed}:
                change = change.model_copy(update={"n": change.n + 1})  # noqa: PLW2901
            freed.append(change)
        return freed


def open_repo(path: str | Path, *, readonly: bool = False) -> Repo:
    """Open a day's store with the day's record codec, and wrap it."""
    return Repo(DayStore.open(path, readonly=readonly, codec=RECORDS))
