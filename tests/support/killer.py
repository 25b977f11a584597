"""SIGKILL loop: a child records through the real store, the parent kills it and checks.

The child says what it is about to commit (`{"try": n, ...}`) and, only after
the store has returned, that it was saved (`{"ack": n}`), one flushed JSON line
each. The parent kills it with SIGKILL after a seeded random number of lines,
reopens the day and checks that every acknowledged document is there,
unchanged, and that the one commit in flight landed whole or not at all.

Children (run as `python -m tests.support.killer child KIND DB SEED`):
- `store`: race heats through `Repo.apply(board.start/finish/mark/dnf/close ...)`,
  a snapshot after each closed heat, as the console does;
- `app`: the real console under Pilot, keys stamped like the input thread's;
- `stock`: `TinyDB(path).insert` per attempt with stock JSONStorage.
"""

from __future__ import annotations

import asyncio
import json
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from tests.support.clock import stamp_now
from tests.support.faults import compare
from tests.support.paths import ROOT, module_argv
from timing_console.dayio.dayfile import bundled_day_path, read_day
from timing_console.model import EventKind, HeatPhase, Incident
from timing_console.rules.heat.machine import HeatMachine, Stamp, Step
from timing_console.store.repo import open_repo

KINDS = ("store", "app", "stock")
STOCK_FILE = "stock.json"


def emit(line: dict[str, Any]) -> None:
    """One whole JSON line on stdout, flushed before anything else happens."""
    sys.stdout.write(json.dumps(line) + "\n")
    sys.stdout.flush()


# ----- children ------------------------------------------------------------------


def _races(day: Any) -> list[tuple[str, int]]:
    return [
        (spec.id, heat)
        for spec in day.events()
        if spec.kind is EventKind.RACE
        for heat in day.heat_numbers(spec.id)
    ]


def store_child(db: str, seed: int) -> None:
    """Run race heats forever through Repo; every step is one commit."""
    rng = random.Random(seed)
    repo = open_repo(db)
    count = 0

    def commit(step: Step) -> HeatMachine:
        nonlocal count
        count += 1
        docs = {f"{p.table}/{p.key}": p.doc.model_dump(mode="json") for p in repo.puts_of(step)}
        emit({"try": count, "docs": docs})
        board = repo.apply(step)
        emit({"ack": count})
        return board

    while True:
        for event, heat in _races(repo.require_day()):
            board = repo.board(event, heat)
            if board.state.phase is HeatPhase.DONE:
                board = commit(board.reopen(stamp_now(), "kill loop"))
                board = commit(board.rerun(stamp_now()))
            if not board.running:
                if not board.unfinished():  # killed between the re-open and the re-run
                    board = commit(board.rerun(stamp_now()))
                board = commit(board.start(stamp_now(), "kill-loop"))
            start = board.state.started_mono or 0.0
            for lane in board.live_lanes():
                at = Stamp(start + rng.uniform(8.0, 25.0), time.time())
                if Incident.RESTART in board.spec.incidents and rng.random() < 0.2:
                    board = commit(board.mark(lane, Incident.RESTART, at))
                step = board.dnf(lane, at) if rng.random() < 0.1 else board.finish(lane, at)
                board = commit(step)
            board = commit(board.close(stamp_now()))
            repo.snapshot()


async def _app_main(db: str, seed: int) -> None:
    # Only the app child pays for importing Textual, so the others start faster.
    from tests.support.keys import post_key
    from timing_console.app import TimingConsoleApp

    rng = random.Random(seed)
    app = TimingConsoleApp(db_path=db, lang="en")
    count = 0
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        repo = app.view
        for event, heat in _races(repo.require_day()):
            if repo.board(event, heat).state.phase is HeatPhase.DONE:
                continue
            app.open_heat(event, heat)
            await pilot.pause()
            if not repo.board(event, heat).running:
                count += 1
                emit({"try": count})
                await pilot.press("space")
                emit({"ack": count})
            board = repo.board(event, heat)
            for lane in board.live_lanes():
                count += 1
                emit({"try": count})
                post_key(app, str(lane), (board.state.started_mono or 0.0) + rng.uniform(8.0, 25.0))
                await pilot.pause()
                saved = repo.board(event, heat).lanes[lane]
                if saved.status is None:
                    raise SystemExit(f"lane {lane} shows no result after its key")
                doc = saved.model_dump(mode="json")
                emit({"ack": count, "docs": {f"attempts/{saved.id}": doc}})
            await pilot.press("ctrl+s")
            await pilot.press("escape")
        emit({"done": True})


def stock_child(db: str, seed: int) -> None:
    """Insert attempts forever through stock TinyDB JSONStorage."""
    table = TinyDB(db)
    for n in range(1_000_000):
        doc = {"id": f"{seed}-{n}", "bib": f"{101 + n % 24:03d}", "time_ms": 12_000 + n}
        doc |= {"status": "OK", "recorded_at": "2026-09-20T09:14:19+08:00", "marks": []}
        emit({"try": n, "docs": {f"attempts/{doc['id']}": doc}})
        table.insert(doc)
        emit({"ack": n})


# ----- parent --------------------------------------------------------------------


def new_day(folder: Path, kind: str) -> Path:
    """A fresh day in `folder`: the bundled sample loaded (ours) or an empty file (stock)."""
    folder.mkdir(parents=True, exist_ok=True)
    if kind == "stock":
        return folder / STOCK_FILE
    db = folder / "day.json"
    repo = open_repo(db)
    try:
        repo.load_day(read_day(bundled_day_path())[0])
    finally:
        repo.close()
    return db


@dataclass
class Round:
    """One child's life and what its day held afterwards."""

    kind: str
    killed: bool
    acked: int
    opened: bool = True
    lost: int = 0
    partial: bool = False
    landed: bool = False
    unacked_missing: int = 0
    done: bool = False
    notices: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def ok(self) -> bool:
        """Everything acknowledged is there and the day opened."""
        return self.opened and not self.lost and not self.partial and not self.error


def _read_day(kind: str, db: Path) -> tuple[Any, list[str], Any]:
    """A `get("table/key")` over the reopened day, its notices, and a closer."""
    if kind == "stock":
        table = TinyDB(str(db))
        docs = {f"attempts/{d['id']}": dict(d) for d in table.all()}
        table.close()
        return docs.get, [], lambda: None
    repo = open_repo(db)

    def get(key: str) -> Any:
        found = repo.store.get(*key.split("/", 1))
        return found.model_dump(mode="json") if found is not None else None

    return get, list(repo.notices), repo.close


def kill_round(kind: str, db: Path, expected: dict[str, Any], rng: random.Random) -> Round:
    """Start a child, SIGKILL it after a random number of lines, reopen and check.

    `expected` (every acknowledged document so far) is updated in place.
    """
    limit = 30 if kind == "app" else 60
    argv = module_argv(__spec__.name, "child", kind, str(db), str(rng.randrange(1 << 30)))
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    assert proc.stdout is not None
    lines: list[bytes] = []
    for _ in range(rng.randint(1, limit)):
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
    killed = proc.poll() is None
    if killed:
        proc.send_signal(signal.SIGKILL)
    lines += proc.stdout.readlines()  # not communicate(): it would skip what readline buffered
    err = proc.stderr.read() if proc.stderr is not None else b""
    proc.wait(timeout=60)
    whole = [json.loads(line) for line in lines if line.endswith(b"\n")]
    tries: dict[int, dict[str, Any]] = {}
    pending: dict[str, Any] = {}
    acked = 0
    result = Round(kind=kind, killed=killed, acked=0, done=any("done" in x for x in whole))
    for line in whole:
        if "try" in line:
            tries[line["try"]] = pending = line.get("docs", {})
        elif "ack" in line:
            acked += 1
            expected.update(line.get("docs") or tries.get(line["ack"], {}))
            pending = {}
    result.acked = acked
    if not killed and proc.returncode != 0:
        result.error = f"child failed ({proc.returncode}): {err.decode()[-2000:]}"
    try:
        got, result.notices, close = _read_day(kind, db)
    except Exception as exc:
        result.opened, result.error = False, f"{type(exc).__name__}: {exc}"
        result.lost = len(expected)
        return result
    try:
        lost, result.landed, result.partial = compare(expected, pending, got)
    finally:
        close()
    result.lost = len(lost)
    result.unacked_missing = int(bool(pending) and not result.landed)
    if result.landed:
        expected.update(pending)
    return result


def kill_rounds(kind: str, work: Path, kills: int, seed: int, fresh_every: int = 25) -> list[Round]:
    """Rounds of one kind until `kills` children were killed, on a fresh day now and then.

    A round whose child finished the whole day before its kill (the console
    runs out of heats) is checked too but not counted; the next gets a new day.
    """
    rng = random.Random(f"{seed}/{kind}")
    results: list[Round] = []
    db = work
    expected: dict[str, Any] = {}
    while sum(r.killed for r in results) < kills and len(results) < 2 * kills:
        last = results[-1] if results else None
        if last is None or len(results) % fresh_every == 0 or last.done or not last.opened:
            db = new_day(work / f"{kind}-{len(results)}", kind)
            expected = {}
        results.append(kill_round(kind, db, expected, rng))
    return results


def main(argv: list[str]) -> int:
    """Child entry point: `child KIND DB SEED`."""
    if len(argv) != 4 or argv[0] != "child" or argv[1] not in KINDS:
        print(f"usage: python -m {__spec__.name} child store|app|stock DB SEED", file=sys.stderr)
        return 2
    _, kind, db, seed = argv
    if kind == "store":
        store_child(db, int(seed))
    elif kind == "app":
        asyncio.run(_app_main(db, int(seed)))
    else:
        stock_child(db, int(seed))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
