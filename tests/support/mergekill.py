"""SIGKILL during `timing-console merge`: stations of many attempts, and the kill loop.

`build_station` writes a station's day straight through the store (thousands of
attempts in heats no other station runs); `kill_rounds` runs the merge as a
child, kills it at a random moment, opens the day and merges again to
completion. The short run is tests/reliability/test_merge_kill.py, the long one
`python -m bench.bench_merge --kills N`.
"""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.support.paths import SAMPLE
from timing_console.dayio.dayfile import read_day
from timing_console.model import Attempt, Status
from timing_console.stations.files import StationFiles
from timing_console.stations.view import open_view
from timing_console.store.codec import ATTEMPTS, RECORDS
from timing_console.store.db import DayStore, Put
from timing_console.store.repo import Repo


def build_station(folder: Path, name: str, number: int, attempts: int) -> Path:
    """A station's day with `attempts` attempts in heats no other station runs."""
    day, _ = read_day(SAMPLE)
    bibs = [a.bib for a in day.athletes]
    events = [e.id for e in day.events()]
    rng = random.Random(number)
    db = folder / name / "day.json"
    with DayStore.open(db, codec=RECORDS) as store:
        repo = Repo(store)
        repo.load_day(day)
        repo.name_station(name)
        batch: list[Put] = []
        for i in range(attempts):
            event = events[i % len(events)]
            timed = day.event(event).timed
            doc = Attempt(
                id=f"{name}-{i:06d}",
                event=event,
                heat=1000 * (number + 1) + i // 500,
                lane=1 + i % 8,
                bib=rng.choice(bibs),
                status=Status.OK,
                time_ms=rng.randint(9000, 40000) if timed else None,
                count=rng.randint(10, 100) if not timed else None,
                recorded_at="2026-09-20T09:00:00.000+00:00",
            )
            batch.append(Put(ATTEMPTS, doc.id, doc))
            if len(batch) == 50:  # a commit per heat's worth of saves, as a day makes them
                store.commit(*batch)
                batch = []
        if batch:
            store.commit(*batch)
    return db


def merge_cli(desk: Path, bundles: list[Path]) -> list[str]:
    """The command's argv."""
    return [sys.executable, "-m", "timing_console", "merge", *map(str, bundles), "--db", str(desk)]


def held(desk: Path) -> list[str]:
    """Ids of the attempts the desk holds, as every reader sees them."""
    repo = open_view(desk, readonly=True)
    try:
        return sorted(a.id for a in repo.attempts(include_void=True))
    finally:
        repo.close()


def kill_rounds(desk: Path, bundles: list[Path], kills: int, seed: int = 11) -> dict[str, Any]:
    """SIGKILL the merge at random moments; the day must open and a rerun complete it."""
    expected = None
    rng = random.Random(seed)
    lost = twice = failed_open = killed = 0
    durations: list[float] = []
    for _ in range(kills):
        shutil.rmtree(StationFiles(desk).folder, ignore_errors=True)
        child = subprocess.Popen(
            merge_cli(desk, bundles), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        started = time.perf_counter()
        horizon = max(durations) if durations else 1.5
        time.sleep(rng.uniform(0.2, horizon))
        if child.poll() is None:
            child.send_signal(signal.SIGKILL)
            killed += 1
        child.wait()
        durations.append(time.perf_counter() - started)
        try:
            ids = held(desk)
        except Exception:
            failed_open += 1
            continue
        twice += len(ids) - len(set(ids)) + StationFiles(desk).surplus()
        subprocess.run(merge_cli(desk, bundles), check=True, stdout=subprocess.DEVNULL)
        after = held(desk)
        if expected is None:
            expected = after
        lost += len(set(expected) - set(after))
        twice += len(after) - len(set(after)) + StationFiles(desk).surplus()
    return {
        "kills": killed,
        "rounds": kills,
        "lost": lost,
        "twice": twice,
        "failed_open": failed_open,
    }
