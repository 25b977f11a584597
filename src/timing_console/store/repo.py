"""Typed access to one day's store: the records as models, and steps made durable.

The store holds the day in memory once, as frozen pydantic models (its codec
parses each record once, on open or on save), so standings and screens never
re-parse thousands of documents on a key press. The repository reads those
models and applies the steps the heat machine returns (what a step writes is
the machine's rule, in `rules.heat`); it keeps the day's own rules: which day
may be loaded over which, a step computed from an old heat refused, a
conflict's choice written, and the union with other stations' records.
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
from timing_console.stations.absorb import Foreign, absorb
from timing_console.stations.conflict_report import conflict_values
from timing_console.stations.exchange import default_station, first_day, own_records, station_of
from timing_console.stations.files import (
    ID_PREFIX,
    SELF_KEY,
    STATION_TABLE,
    Followed,
    Identity,
    StationFiles,
    day_identity,
    labels,
    legacy_sid,
    new_sid,
)
from timing_console.stations.merge import (
    RESOLUTIONS,
    Clash,
    Conflict,
    StationView,
    Union,
    decide,
    stamp,
    union,
)
from timing_console.store.codec import ACTIONS, ATTEMPTS, CHANGES, HEATS, META, RECORDS
from timing_console.store.db import DayStore, Put, StoreError
from timing_console.store.errors import StaleWrite
from timing_console.store.saved import Saved, saved_of

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
        self._own = {t: store.rows(t) for t in (ATTEMPTS, HEATS, ACTIONS, CHANGES)}
        self._files = StationFiles(store.path)
        self._others: dict[str, StationView] = {}
        """Other stations' records merged into this day (see `store.stations`)."""
        self._followed: dict[Path, Followed] = {}
        self._union: Union | None = None
        self._foreign = Foreign(frozenset(), frozenset())
        self._union_at = -1
        self._own_base: Day | None = None
        self._named: dict[str, Identity] = {}
        """Every other station whose file is beside the day, by id."""
        self._looked = False
        """Whether other stations' files were read yet (on the first read that needs them)."""
        self._versions: dict[str, int] = {}
        """Saves that touched each heat since the day was opened here (this station's steps,
        corrections, other stations' records of it): a board carries the count it was read
        at, and a step from an older count is refused."""
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
        self._announce(saved_of(seq, entries))

    def _announce(self, saved: Saved) -> None:
        """Count the save in the versions of what it touched, then tell the listeners."""
        for heat in saved.heats:
            self._versions[heat] = self._versions.get(heat, 0) + 1
        if saved.everything:
            self._day_changes += 1
        self.generation += 1
        for listener in tuple(self._listeners):
            listener(saved)

    # ----- stations --------------------------------------------------------------

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
            what = f"station {held.name}" + (
                f" (replacing {held.replaces})" if held.replaces else ""
            )
            raise StoreError(
                f"{self.path} is {what}; a station keeps its name (its shared records carry "
                f"it), so it cannot become {name}"
                + (f" replacing {replaces}" if replaces else "")
                + "; load the day afresh in another folder on this laptop (--db NEWFOLDER/"
                "day.json) to make it a new station"
            )
        doc: dict[str, Any] = {"name": name, "id": new_sid()}
        if replaces:
            doc["replaces"] = replaces
        self.store.commit(Put(STATION_TABLE, SELF_KEY, doc))
        return True

    def reload_stations(self) -> bool:
        """Read what other stations' files gained since the last look; whether they had.

        Only new bytes are read and only new records decoded, so a merge or a
        push arriving while a heat runs costs the console that much, not the
        whole day again.
        """
        self._looked = True
        touched = self._files.read_new(self._followed)
        if touched is None:
            return False
        me = self.me.sid
        self._others = {
            f.station.sid: StationView(f.station.sid, f.tables, f.base)
            for f in self._followed.values()
            if f.station is not None and f.station.sid != me and f.tables
        }
        self._named = {
            f.station.sid: f.station for f in self._followed.values() if f.station is not None
        }
        self._union = None
        self._announce(Saved(self.store.seq, touched.heats, touched.everything))
        return True

    def stations_unchanged(self) -> bool:
        """Whether `reload_stations` would find nothing new (a listing and a `stat` a file)."""
        return self._looked and self._files.unchanged(self._followed)

    def identity(self) -> str:
        """What makes another database the same day (see `stations.day_identity`)."""
        return day_identity(self._base() or self.require_day())

    def _base(self) -> Day | None:
        """The day this station loaded first (the common base of a three-way merge)."""
        if self._own_base is None:
            self._own_base = first_day(own_records(self.path, self.me))
        return self._own_base

    def labels(self) -> dict[str, str]:
        """What to call each station whose records this day holds, by id."""
        if not self._looked:
            self.reload_stations()
        return labels([self.me, *self._named.values()])

    @property
    def stations(self) -> list[str]:
        """Every station whose records this day holds, by name: this one first."""
        named = self.labels()
        return [named[self.me.sid], *sorted(named[s] for s in self._others)]

    def own_day(self) -> Day | None:
        """The day as this station holds it, without other stations' changes."""
        day = self.store.get(META, DAY_KEY)
        return day if isinstance(day, Day) else None

    def merged(self) -> Union | None:
        """The union with other stations' records, or None while there are none."""
        if not self._looked:
            self.reload_stations()
        if not self._others:
            return None
        if self._union is not None and self._union_at != self.store.seq and self._catch_up():
            self._union_at = self.store.seq
        if self._union is None or self._union_at != self.store.seq:
            me = self.me.sid
            own = StationView(
                me, {t: self.store.rows(t) for t in self.store.tables()}, self._base()
            )
            self._union = union([own, *self._others.values()], own=me)
            self._union_at = self.store.seq
            self._foreign = Foreign.of(self._others.values())
        return self._union

    def _catch_up(self) -> bool:
        """Bring the union up to this station's latest saves without building it again, where
        no other station is concerned (see `merge.absorb`); whether that could be done."""
        recent = [(seq, puts) for seq, puts in self.store.recent if seq > self._union_at]
        if self._union is None or [s for s, _ in recent] != list(
            range(self._union_at + 1, self.store.seq + 1)
        ):
            return False
        puts = (p for _, puts in recent for p in puts)
        return absorb(self._union, puts, self._foreign, self.me.sid)

    def conflicts(self) -> list[Conflict]:
        """What stations recorded differently, still to be decided."""
        merged = self.merged()
        return merged.conflicts if merged else []

    def clashes(self) -> list[Clash]:
        """Athletes in two heats at once at different stations."""
        merged = self.merged()
        return merged.clashes if merged else []

    def in_conflict(self) -> dict[tuple[str, str], str]:
        """(event, bib) -> the values stations recorded for that result without seeing each
        other (`station: value | ...`): what the standings list instead of a place."""
        named = self.labels()
        found: dict[tuple[str, str], str] = {}
        for conflict in self.conflicts():
            if conflict.event is None:
                continue
            for bib in sorted({a.bib for _, a in conflict.leaves}):
                found[(conflict.event, bib)] = conflict_values(conflict, named, bib)
            if not conflict.leaves and conflict.bib is not None:  # an athlete's seats
                found.setdefault((conflict.event, conflict.bib), conflict_values(conflict, named))
        return found

    def held_back(self) -> set[tuple[str, str]]:
        """(event, bib) results kept off the prize list by an open conflict."""
        merged = self.merged()
        return merged.held_back() if merged else set()

    def station_named(self, name: str, among: Iterable[str]) -> str:
        """The id of the station called `name` (its name, or at least the first
        `ID_PREFIX` characters of its id) among the ids given, or StoreError listing them."""
        named = self.labels()
        found = [sid for sid in among if name in (named.get(sid), sid)]
        if not found and len(name) >= ID_PREFIX:
            found = [sid for sid in among if sid.startswith(name)]
        if len(found) != 1:
            choices = ", ".join(named.get(sid, sid) for sid in among)
            raise StoreError(f"{name!r} is not one of the conflict's stations ({choices})")
        return found[0]

    def resolve(
        self, conflict_id: str, station: str, reason: str, at: str, source: str = "console"
    ) -> Conflict:
        """Choose `station`'s value for an open conflict, with a reason; the conflict decided.

        A lane's choice is written as new versions of the attempts in conflict,
        each made from all of them (`merge.decide`): it supersedes them at every
        desk it reaches, and its change records keep the choice and the reason in
        the history. A choice on the day's definition is a `resolutions` record
        naming the values chosen among, so a value that arrives later opens the
        conflict again.
        """
        found = {c.id: c for c in self.conflicts()}
        conflict = found.get(conflict_id)
        if conflict is None:
            raise StoreError(
                f"there is no open conflict {conflict_id!r}; see `timing-console conflicts`"
            )
        chosen = self.station_named(station, conflict.values)
        if not reason.strip():
            raise StoreError("a choice needs a reason (--reason TEXT)")
        if conflict.kind in ("lane", "heat"):
            me, own = self.me.sid, self._own[ATTEMPTS]
            edits = decide(conflict, chosen, reason.strip(), at, source=source)
            puts = [Put(ATTEMPTS, a.id, stamp(a, own.get(a.id), me)) for a, _ in edits]
            puts += [Put(CHANGES, c.key, c) for c in self._free_keys([c for _, c in edits])]
            self.store.commit(*puts)
            return conflict
        doc = {
            "choice": chosen,
            "digest": conflict.digest(),
            "reason": reason.strip(),
            "at": at,
            "by": self.me.sid,
        }
        self.store.commit(Put(RESOLUTIONS, conflict_id, doc))
        return conflict

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

    def _table(self, table: str) -> Mapping[str, Any]:
        merged = self.merged()
        if merged is None:
            return self._own[table]
        return merged.tables.get(table, {})

    @property
    def _attempts(self) -> Mapping[str, Attempt]:
        return self._table(ATTEMPTS)

    @property
    def _heats(self) -> Mapping[str, HeatState]:
        return self._table(HEATS)

    @property
    def _actions(self) -> Mapping[str, Action]:
        return self._table(ACTIONS)

    @property
    def _changes(self) -> Mapping[str, Change]:
        return self._table(CHANGES)

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
        """The loaded day (merged with other stations' changes), or None before the first load."""
        merged = self.merged()
        day = merged.tables.get(META, {}).get(DAY_KEY) if merged else None
        day = day or self.store.get(META, DAY_KEY)
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
        """Every change of one attempt, at any station, oldest first (old value, new value,
        reason, time)."""
        return tuple(c for _, c in self.audit() if c.attempt_id == attempt_id)

    def changes(self) -> list[Change]:
        """Every change of the day at every station (edits, voids, re-opens, choices)."""
        return [c for _, c in self.audit()]

    def audit(self) -> list[tuple[str, Change]]:
        """Every change of the day with the id of the station that made it: this station's
        in the order it saved them; with other stations', ordered by when each was made.
        Nothing any station acknowledged is ever left out."""
        merged = self.merged()
        if merged is None:
            me = self.me.sid
            return [(me, c) for c in self._own[CHANGES].values()]
        return list(merged.changes)

    def resolutions(self) -> list[tuple[str, dict[str, Any]]]:
        """Every choice a referee made on the day's definition, by the station that made it."""
        found: list[tuple[str, dict[str, Any]]] = []
        views = [(self.me.sid, self.store.rows(RESOLUTIONS))]
        views += [(sid, v.tables.get(RESOLUTIONS, {})) for sid, v in self._others.items()]
        for sid, rows in views:
            found += [(sid, {"id": key, **doc}) for key, doc in rows.items()]
        return sorted(found, key=lambda sd: (str(sd[1].get("at", "")), sd[0]))

    def heat_state(self, event: str, heat: int) -> HeatState:
        """A heat's state; a heat never touched is ready to run."""
        found: HeatState | None = self._heats.get(heat_key(event, heat))
        return found or HeatState(event=event, heat=heat)

    def heat_states(self) -> dict[str, HeatState]:
        """Every heat that has a stored state, by key."""
        return dict(self._heats)

    def version(self, event: str, heat: int) -> tuple[int, int]:
        """The heat's version now: the saves that touched it, and those that touched the day.

        A board carries the version it was read at (`HeatMachine.seen`); `apply` refuses a
        step whose board is older.
        """
        return (self._versions.get(heat_key(event, heat), 0), self._day_changes)

    def board(self, event: str, heat: int) -> HeatMachine:
        """The heat as the state machine needs it, with the version it was read at."""
        day = self.require_day()
        state = self.heat_state(event, heat)
        lanes: dict[int, Attempt] = {}
        for attempt in self._attempts.values():
            if attempt.event == event and attempt.heat == heat and attempt.void is None:
                lanes[attempt.lane] = attempt
        window = range(state.undo_from, state.logged)
        logged = (self._actions.get(action_key(event, heat, n)) for n in window)
        actions: tuple[Action, ...] = tuple(a for a in logged if a is not None)
        return HeatMachine(
            spec=day.event(event),
            lineup=tuple(day.lineup(event, heat)),
            state=state,
            lanes=lanes,
            actions=actions,
            seen=self.version(event, heat),
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

    def apply(self, step: Step) -> HeatMachine:
        """Make a heat step durable (only what changed).

        Refused with `StaleWrite`, saving nothing, when the step was computed from a
        board older than the heat is now: a screen, dialog or command that did not
        see the latest save must read the heat again, never write over it.
        """
        puts = self.puts_of(step)
        if not puts:
            return step.board
        self.store.commit(*puts)
        state = step.board.state
        lanes = dict(step.board.lanes)
        for put in puts:  # the board carries the versions as written (named, numbered)
            if put.table == HEATS:
                state = put.doc
            elif put.table == ATTEMPTS:
                held = lanes.get(put.doc.lane)
                if held is not None and held.id == put.doc.id:
                    lanes[put.doc.lane] = put.doc
        seen = self.version(state.event, state.heat)
        return replace(step.board, state=state, lanes=lanes, seen=seen)

    def puts_of(self, step: Step) -> list[Put]:
        """What `apply` writes for `step`: each version stamped with this station's name
        and number; StaleWrite if the step was computed from an older heat."""
        state = step.board.state
        current = self.version(state.event, state.heat)
        if step.board.seen != current:
            raise StaleWrite(
                f"{state.event} heat {state.heat} changed since it was read "
                f"(version {step.board.seen} < {current}); nothing was saved"
            )
        me, own = self.me.sid, self._own[ATTEMPTS]
        puts = [Put(ATTEMPTS, a.id, stamp(a, own.get(a.id), me)) for a in step.writes]
        puts += [Put(ACTIONS, a.key, a) for a in step.actions]
        puts += [Put(CHANGES, c.key, c) for c in self._free_keys(step.changes)]
        if self._heats.get(state.key) != state:
            state = stamp(state, self._own[HEATS].get(state.key), me)
            puts.insert(0, Put(HEATS, state.key, state))
        return puts


def open_repo(path: str | Path, *, readonly: bool = False) -> Repo:
    """Open a day's store with the day's record codec, and wrap it."""
    return Repo(DayStore.open(path, readonly=readonly, codec=RECORDS))
