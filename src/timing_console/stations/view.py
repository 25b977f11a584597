"""The day as every screen and command shows it: this station's records and every other
station's beside the day, as one union.

The store (`store.repo.Repo`) knows this station's journal only; this view adds
the station files beside the day (`stations.files`) and builds their union
(`stations.merge`), kept up to date cheaply: this station's own saves are
absorbed into it where no other station is concerned, and another station's
new records are read as new bytes only. Writes go to the store; a record that
reached the day from another station is announced through the store, so a step
computed before it is refused there like any stale write.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from timing_console.model import Action, Attempt, Change, Day, HeatPhase, HeatState, heat_key
from timing_console.rules.heat.machine import HeatMachine, Step
from timing_console.rules.lineup import Lineup, LineupChange
from timing_console.stations.absorb import Foreign, absorb
from timing_console.stations.conflict_report import conflict_values
from timing_console.stations.exchange import first_day, own_records
from timing_console.stations.files import ID_PREFIX, Followed, StationFiles, day_identity, labels
from timing_console.stations.merge import (
    RESOLUTIONS,
    Clash,
    Conflict,
    StationView,
    Union,
    decide,
    union,
)
from timing_console.store.codec import ACTIONS, ATTEMPTS, HEATS, META
from timing_console.store.db import Put, StoreError
from timing_console.store.identity import Identity
from timing_console.store.repo import (
    DAY_KEY,
    Applying,
    LoadReport,
    Repo,
    machine_of,
    open_repo,
)
from timing_console.store.saved import Saved


class DayView:
    """One open day with every station's records: what the console, the board, the book
    and the reading commands show, and where they write."""

    def __init__(self, repo: Repo) -> None:
        """View the day a repository holds, with the station files beside it."""
        self.repo = repo
        self._files = StationFiles(repo.path)
        self._others: dict[str, StationView] = {}
        """Other stations' records merged into this day (see `stations.files`)."""
        self._followed: dict[Path, Followed] = {}
        self._union: Union | None = None
        self._foreign = Foreign(frozenset(), frozenset())
        self._union_at = -1
        self._own_base: Day | None = None
        self._named: dict[str, Identity] = {}
        """Every other station whose file is beside the day, by id."""
        self._looked = False
        """Whether other stations' files were read yet (on the first read that needs them)."""

    # ----- the store underneath ----------------------------------------------------

    def subscribe(self, listener: Callable[[Saved], None]) -> None:
        """Be told of every save once it is durable, and of other stations' new records."""
        self.repo.subscribe(listener)

    def unsubscribe(self, listener: Callable[[Saved], None]) -> None:
        """Stop being told."""
        self.repo.unsubscribe(listener)

    @property
    def generation(self) -> int:
        """Every save announced so far: what a screen compares to know it is behind."""
        return self.repo.generation

    @property
    def me(self) -> Identity:
        """This database's station."""
        return self.repo.me

    @property
    def station(self) -> str:
        """This database's station name."""
        return self.repo.station

    def name_station(self, name: str, replaces: str | None = None) -> bool:
        """Give this database its station name (see `Repo.name_station`)."""
        return self.repo.name_station(name, replaces)

    @property
    def path(self) -> Path:
        """The day's database file."""
        return self.repo.path

    @property
    def notices(self) -> list[str]:
        """One plain sentence per recovery done while opening."""
        return self.repo.notices

    @property
    def seq(self) -> int:
        """Sequence number of this station's last save."""
        return self.repo.seq

    @property
    def readonly(self) -> bool:
        """Whether this day was opened for reading only."""
        return self.repo.readonly

    def snapshot(self) -> None:
        """Write the store's snapshot (between heats, never mid-run)."""
        self.repo.snapshot()

    def close(self, *, snapshot: bool = True) -> None:
        """Release the day; `snapshot=False` leaves its files exactly as they are."""
        self.repo.close(snapshot=snapshot)

    # ----- stations --------------------------------------------------------------

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
        self.repo.announce(Saved(self.repo.seq, touched.heats, touched.everything))
        return True

    def stations_unchanged(self) -> bool:
        """Whether `reload_stations` would find nothing new (a listing and a `stat` a file)."""
        return self._looked and self._files.unchanged(self._followed)

    def identity(self) -> str:
        """What makes another database the same day (see `stations.files.day_identity`)."""
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
        return self.repo.day()

    def merged(self) -> Union | None:
        """The union with other stations' records, or None while there are none."""
        if not self._looked:
            self.reload_stations()
        if not self._others:
            return None
        seq = self.repo.seq
        if self._union is not None and self._union_at != seq and self._catch_up():
            self._union_at = seq
        if self._union is None or self._union_at != seq:
            me = self.me.sid
            own = StationView(me, self.repo.tables(), self._base())
            self._union = union([own, *self._others.values()], own=me)
            self._union_at = seq
            self._foreign = Foreign.of(self._others.values())
        return self._union

    def _catch_up(self) -> bool:
        """Bring the union up to this station's latest saves without building it again, where
        no other station is concerned (see `merge.absorb`); whether that could be done."""
        store = self.repo.store
        recent = [(seq, puts) for seq, puts in store.recent if seq > self._union_at]
        if self._union is None or [s for s, _ in recent] != list(
            range(self._union_at + 1, store.seq + 1)
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
            raise StoreError("err.not_conflict_station", name=repr(name), choices=choices)
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
            raise StoreError("err.no_such_conflict", id=repr(conflict_id))
        chosen = self.station_named(station, conflict.values)
        if not reason.strip():
            raise StoreError("err.choice_needs_reason")
        if conflict.kind in ("lane", "heat"):
            edits = decide(conflict, chosen, reason.strip(), at, source=source)
            self.repo.save_versions([a for a, _ in edits], [c for _, c in edits])
            return conflict
        doc = {
            "choice": chosen,
            "digest": conflict.digest(),
            "reason": reason.strip(),
            "at": at,
            "by": self.me.sid,
        }
        self.repo.save_versions((), (), Put(RESOLUTIONS, conflict_id, doc))
        return conflict

    def resolutions(self) -> list[tuple[str, dict[str, Any]]]:
        """Every choice a referee made on the day's definition, by the station that made it."""
        found: list[tuple[str, dict[str, Any]]] = []
        views = [(self.me.sid, self.repo.store.rows(RESOLUTIONS))]
        views += [(sid, v.tables.get(RESOLUTIONS, {})) for sid, v in self._others.items()]
        for sid, rows in views:
            found += [(sid, {"id": key, **doc}) for key, doc in rows.items()]
        return sorted(found, key=lambda sd: (str(sd[1].get("at", "")), sd[0]))

    # ----- the day -------------------------------------------------------------

    def _table(self, table: str) -> Mapping[str, Any]:
        merged = self.merged()
        if merged is None:
            return self.repo.store.rows(table)
        return merged.tables.get(table, {})

    def day(self) -> Day | None:
        """The loaded day (merged with other stations' changes), or None before the first load."""
        merged = self.merged()
        day = merged.tables.get(META, {}).get(DAY_KEY) if merged else None
        day = day or self.repo.day()
        return day if isinstance(day, Day) else None

    def require_day(self) -> Day:
        """The loaded day, or a clear error saying none is loaded."""
        day = self.day()
        return day if day is not None else self.repo.require_day()

    def load_day(self, day: Day) -> LoadReport:
        """Store a day's definition; refused whole if it would orphan a result recorded at
        any station (see `Repo.load_day`)."""
        return self.repo.load_day(day, holds=self.attempts())

    def attempts(self, event: str | None = None, *, include_void: bool = False) -> list[Attempt]:
        """Attempts at every station, in the order they were first recorded."""
        attempts: Mapping[str, Attempt] = self._table(ATTEMPTS)
        return [
            a
            for a in attempts.values()
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
        return self.repo.audit() if merged is None else list(merged.changes)

    def heat_state(self, event: str, heat: int) -> HeatState:
        """A heat's state as the day shows it; a heat never touched is ready to run."""
        heats: Mapping[str, HeatState] = self._table(HEATS)
        return heats.get(heat_key(event, heat)) or HeatState(event=event, heat=heat)

    def heat_states(self) -> dict[str, HeatState]:
        """Every heat that has a stored state, by key."""
        return dict(self._table(HEATS))

    def version(self, event: str, heat: int) -> tuple[int, int]:
        """The heat's version now (see `Repo.version`)."""
        return self.repo.version(event, heat)

    def board(self, event: str, heat: int) -> HeatMachine:
        """The heat as the day shows it, as the state machine needs it, with the version it
        was read at: a step made from it is written by this station (`apply`)."""
        actions: Mapping[str, Action] = self._table(ACTIONS)
        attempts: Mapping[str, Attempt] = self._table(ATTEMPTS)
        return machine_of(
            self.require_day(),
            self.heat_state(event, heat),
            attempts.values(),
            actions,
            self.version(event, heat),
        )

    def lineup(self) -> Lineup:
        """The day as a line-up change is checked against."""
        return Lineup(self.require_day(), self.heat_states(), self.attempts())

    def interrupted(self) -> list[HeatState]:
        """Heats left running by a console that is no longer here (a crash or a kill)."""
        return [h for h in self.heat_states().values() if h.phase is HeatPhase.RUNNING]

    # ----- writes --------------------------------------------------------------

    def apply(self, step: Step) -> HeatMachine:
        """Make a heat step durable at this station (see `Repo.apply`)."""
        return self.repo.apply(step)

    def begin_apply(self, step: Step) -> Applying:
        """`apply` in two halves, its fsync free to wait in another thread (see
        `Repo.begin_apply`)."""
        return self.repo.begin_apply(step)

    def apply_lineup(self, change: LineupChange) -> Day:
        """Make a change of line-up durable at this station."""
        return self.repo.apply_lineup(change)


def open_view(path: str | Path, *, readonly: bool = False) -> DayView:
    """Open a day's store and view it with the other stations' records beside it."""
    return DayView(open_repo(path, readonly=readonly))
