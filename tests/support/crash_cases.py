"""Crash-point and power-cut cases, run on our DayStore and on stock TinyDB alike.

A case copies a prepared day, runs one workload with `faults.Injector` set to
fail, stop or cut the power at one call, then opens what is left on disk and
compares it with what the workload was told was saved:

- every acknowledged commit (returned before the fault) must be there, unchanged;
- the one commit in flight when the process died may be there or not, but whole;
- a commit that raised must have left no trace, and for our store it must have
  raised StoreError (a fault inside a commit that returns normally is a lie);
- the day must open.

Ours commits attempts (and a heat state, in multi-put commits) through
`DayStore.commit`, snapshots once midway and closes; the stock store inserts
one attempt per `TinyDB.insert`, as the issue's baseline does.
"""

from __future__ import annotations

import shutil
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import tinydb.storages as storages
from tinydb import TinyDB

from tests.support.faults import MODES, CutStats, Injector, compare
from tests.support.stockfile import OsTextFile
from timing_console.store.db import DayStore, Put, StoreError

BASE = 30
"""Attempts already in the day when a case starts (a few sectors of snapshot)."""
SNAPSHOT_AFTER = 4
"""Ours takes a snapshot after this many commits of the case, as between heats."""

VARIANTS: dict[str, tuple[str, ...]] = {
    "ours": ("fresh", "snapshot", "journal-only", "torn-tail", "damaged-snapshot"),
    "stock": ("fresh", "existing"),
}
"""What the day looks like on disk when the case starts (ours also recovers under fault)."""

Docs = dict[str, dict[str, Any]]
"""The documents of one commit, by "table/key"."""


def attempt(n: int, edit: int = 0) -> dict[str, Any]:
    """A realistic finished race attempt (~350 bytes of JSON); `edit` changes its time."""
    return {
        "id": f"att-{n:04d}",
        "event": ("paddle-ball-run", "knee-ball-walk", "stepping-stones")[n % 3],
        "heat": 1 + n // 5,
        "lane": 1 + n % 5,
        "bib": f"{101 + n % 24:03d}",
        "run": 1,
        "status": "OK",
        "time_ms": 12_000 + (n * 37) % 9_000 + edit * 10,
        "marks": [{"kind": "restart", "elapsed_ms": 4_120, "at": "2026-09-20T09:14:07+08:00"}],
        "recorded_at": "2026-09-20T09:14:19+08:00",
        "history": [{"reason": f"edit {i}", "new": {"time_ms": i}} for i in range(edit)],
    }


def heat(edit: int) -> dict[str, Any]:
    """A heat state document, rewritten by the multi-put commits."""
    return {"id": "paddle-ball-run#9", "phase": "running", "actions": list(range(edit))}


def _row(table: str, doc: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    return table, doc["id"], doc


COMMITS: list[list[tuple[str, str, dict[str, Any]]]] = [
    [_row("attempts", attempt(BASE))],
    [_row("attempts", attempt(3, edit=1))],
    [_row("heats", heat(1)), _row("attempts", attempt(BASE + 1)), _row("attempts", attempt(5, 1))],
    [_row("attempts", attempt(BASE + 2))],
    [_row("attempts", attempt(BASE, edit=1))],
    [_row("attempts", attempt(BASE + 3))],
    [_row("heats", heat(2)), _row("attempts", attempt(BASE + 4))],
    [_row("attempts", attempt(3, edit=2))],
]
"""Our case: new attempts, edits and multi-put commits; a snapshot after the 4th."""

INSERTS = [attempt(BASE + n) for n in range(8)]
"""The stock case: one insert per attempt."""


def _docs(rows: Iterable[tuple[str, str, dict[str, Any]]]) -> Docs:
    return {f"{table}/{key}": doc for table, key, doc in rows}


@dataclass
class Log:
    """What a workload was told: saved (acked), refused (failed), or no answer (pending)."""

    acked: list[Docs]
    failed: list[Docs] = field(default_factory=list)
    pending: Docs | None = None
    unclear: list[str] = field(default_factory=list)

    def commit(self, docs: Docs, inj: Injector, do: Callable[[], object], ours: bool) -> None:
        """Run one commit and log its answer."""
        self.pending = docs
        before = inj.fired
        try:
            do()
        except StoreError:
            self.failed.append(docs)
        except Exception as exc:
            if ours:
                self.unclear.append(f"commit raised {type(exc).__name__}, not StoreError: {exc}")
            self.failed.append(docs)
        else:
            if inj.fired and not before:
                self.unclear.append("a commit returned although a call inside it failed")
            self.acked.append(docs)
        self.pending = None

    def step(self, name: str, do: Callable[[], object], ours: bool) -> bool:
        """Run open, snapshot or close; False if it raised (StoreError is a fine answer)."""
        try:
            do()
        except StoreError:
            return False
        except Exception as exc:
            if ours:
                self.unclear.append(f"{name} raised {type(exc).__name__}, not StoreError: {exc}")
            return False
        return True


# ----- our store ------------------------------------------------------------------


def prepare_ours(folder: Path, variant: str) -> list[Docs]:
    """Build the day a case starts from; return its acknowledged commits."""
    day = folder / "day.json"
    if variant == "fresh":
        return []
    acked = []
    with DayStore.open(day) as store:
        for n in range(BASE):
            store.commit(Put("attempts", f"att-{n:04d}", attempt(n)))
            acked.append(_docs([_row("attempts", attempt(n))]))
    journal = folder / "day.json.journal"
    if variant == "journal-only":
        day.unlink()
    elif variant == "torn-tail":
        with journal.open("ab") as handle:
            handle.write(b'0badc0de {"seq":31,"puts":[["attempts","att-')
    elif variant == "damaged-snapshot":
        day.write_bytes(day.read_bytes()[: day.stat().st_size // 2])
    return acked


def _commit(store: DayStore, rows: Any) -> int:
    return store.commit(*(Put(*r) for r in rows))


def run_ours(folder: Path, log: Log, inj: Injector) -> None:
    """Open (recovering), commit, snapshot once, commit more, close."""
    opened: list[DayStore] = []
    if not log.step("open", lambda: opened.append(DayStore.open(folder / "day.json")), True):
        return
    store = opened[0]
    for i, rows in enumerate(COMMITS, 1):
        log.commit(_docs(rows), inj, partial(_commit, store, rows), True)
        if i == SNAPSHOT_AFTER:
            log.step("snapshot", store.snapshot, True)
    log.step("close", store.close, True)


def read_ours(folder: Path) -> Docs:
    """Every document of the day as it opens now (StoreError if it does not)."""
    with DayStore.open(folder / "day.json") as store:
        return {f"{t}/{d['id']}": d for t in ("attempts", "heats") for d in store.all(t)}


# ----- stock TinyDB ---------------------------------------------------------------


def prepare_stock(folder: Path, variant: str) -> list[Docs]:
    """A stock TinyDB file with BASE attempts, or nothing."""
    if variant == "fresh":
        return []
    db = TinyDB(str(folder / "day.json"))
    for n in range(BASE):
        db.insert(attempt(n))
    db.close()
    return [_docs([_row("attempts", attempt(n))]) for n in range(BASE)]


def run_stock(folder: Path, log: Log, inj: Injector) -> None:
    """TinyDB(path).insert per attempt through JSONStorage, its file calls via `os`."""
    storages.open = OsTextFile  # type: ignore[attr-defined]
    try:
        opened: list[TinyDB] = []
        if not log.step("open", lambda: opened.append(TinyDB(str(folder / "day.json"))), False):
            return
        db = opened[0]
        for doc in INSERTS:
            log.commit(_docs([_row("attempts", doc)]), inj, partial(db.insert, doc), False)
        log.step("close", db.close, False)
    finally:
        del storages.open  # type: ignore[attr-defined]


def read_stock(folder: Path) -> Docs:
    """Every attempt stock TinyDB reads back (any exception: it does not open)."""
    db = TinyDB(str(folder / "day.json"))
    try:
        return {f"attempts/{d['id']}": dict(d) for d in db.all()}
    finally:
        db.close()


STORES = {
    "ours": (prepare_ours, run_ours, read_ours),
    "stock": (prepare_stock, run_stock, read_stock),
}


# ----- cases ------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One run: which store, starting state, fault mode, crash point and cut seed."""

    store: str
    variant: str
    mode: str
    at: int
    seed: int = 0

    def __str__(self) -> str:
        return f"{self.store}/{self.variant}/{self.mode}@{self.at}#{self.seed}"


@dataclass
class Outcome:
    """What was left after one case, judged against what the workload was told."""

    case: Case
    opened: bool
    acked: int
    failed: int
    lost: int
    unacked_missing: int
    partial: bool
    failed_landed: int
    phantom: int
    unclear: list[str]
    error: str
    fired: bool
    stats: CutStats | None

    @property
    def ok(self) -> bool:
        """Nothing acknowledged lost, nothing half-applied, and the day opened."""
        return (
            self.opened
            and not (self.lost or self.partial or self.failed_landed or self.phantom)
            and not self.unclear
        )


def judge(case: Case, log: Log, stored: Docs | None, error: str, inj: Injector) -> Outcome:
    """Compare what is on disk with what the workload was told."""
    expected: Docs = {}
    for docs in log.acked:
        expected.update(docs)
    got = stored or {}
    pending = log.pending or {}
    lost, landed, partial = compare(expected, pending, got.get)
    failed_landed = sum(
        any(got.get(k) == v and expected.get(k) != v for k, v in docs.items())
        for docs in log.failed
    )
    written = set(expected) | set(pending) | {k for docs in log.failed for k in docs}
    return Outcome(
        case=case,
        opened=stored is not None,
        acked=len(log.acked),
        failed=len(log.failed),
        lost=len(lost) if stored is not None else len(expected),
        unacked_missing=int(bool(pending) and not landed),
        partial=partial,
        failed_landed=failed_landed,
        phantom=len(set(got) - written),
        unclear=log.unclear,
        error=error,
        fired=inj.fired,
        stats=inj.stats,
    )


class Harness:
    """Runs cases in a scratch folder, preparing each starting state once."""

    def __init__(self, work: Path, *, psow: bool = True, honour_fsync: bool = True) -> None:
        """Use `work` (it must exist) for templates and case folders.

        `psow` and `honour_fsync` configure the fake disk (see `faults.Disk`).
        """
        self.work = work
        self.psow = psow
        self.honour_fsync = honour_fsync
        self._templates: dict[tuple[str, str], tuple[Path, list[Docs]]] = {}
        self._points: dict[tuple[str, str], int] = {}
        self._n = 0

    def _template(self, store: str, variant: str) -> tuple[Path, list[Docs]]:
        found = self._templates.get((store, variant))
        if found is None:
            folder = self.work / f"template-{store}-{variant}"
            folder.mkdir()
            found = self._templates[store, variant] = (folder, STORES[store][0](folder, variant))
        return found

    def points(self, store: str, variant: str) -> int:
        """How many crash points the workload has from this starting state."""
        found = self._points.get((store, variant))
        if found is None:
            found = self._points[store, variant] = self._go(Case(store, variant, "fail", 0))[1]
        return found

    def run(self, case: Case) -> Outcome:
        """Run one case and judge it."""
        return self._go(case)[0]

    def _go(self, case: Case) -> tuple[Outcome, int]:
        template, acked = self._template(case.store, case.variant)
        self._n += 1
        folder = self.work / f"case-{self._n}"
        shutil.copytree(template, folder)
        _prepare, run, read = STORES[case.store]
        log = Log(acked=list(acked))
        inj = Injector(
            folder,
            at=case.at or None,
            mode=case.mode,
            seed=case.seed,
            psow=self.psow,
            honour_fsync=self.honour_fsync,
        )
        with inj.active():
            run(folder, log, inj)
            inj.cut_now()
        target = folder
        if inj.image is not None:
            target = self.work / f"case-{self._n}-after-cut"
            target.mkdir()
            for name, data in inj.image.items():
                (target / name).write_bytes(data)
        stored: Docs | None = None
        error = ""
        try:
            with Injector(target).active():  # no fault: it only spares the real fsyncs
                stored = read(target)
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"
        outcome = judge(case, log, stored, error, inj)
        for path in {folder, target}:
            shutil.rmtree(path, ignore_errors=True)
        return outcome, inj.calls

    def cases(
        self, store: str, *, cut_seeds: int = 1, seed: int = 0, modes: Iterable[str] = MODES
    ) -> list[Case]:
        """Every crash point of every starting state, once per mode (cuts once per seed).

        A cut also gets the point past the last call: power lost after a clean close.
        """
        found = []
        for variant in VARIANTS[store]:
            points = self.points(store, variant)
            for mode in modes:
                rounds = cut_seeds if mode == "cut" else 1
                last = points + 1 if mode == "cut" else points
                for r in range(rounds):
                    for at in range(1, last + 1):
                        key = f"{seed}/{store}/{variant}/{at}/{r}".encode()
                        found.append(Case(store, variant, mode, at, zlib.crc32(key)))
        return found


def summary(outcomes: list[Outcome]) -> dict[str, Any]:
    """Totals of a batch of cases, for a table row."""
    return {
        "cases": len(outcomes),
        "acked commits": sum(o.acked for o in outcomes),
        "acked lost": sum(o.lost for o in outcomes),
        "cases losing acked": sum(o.lost > 0 for o in outcomes),
        "failed to open": sum(not o.opened for o in outcomes),
        "unacked missing": sum(o.unacked_missing for o in outcomes),
        "half-applied": sum(o.partial for o in outcomes),
        "failed but saved": sum(o.failed_landed for o in outcomes),
        "unclear errors": sum(bool(o.unclear) for o in outcomes),
    }
