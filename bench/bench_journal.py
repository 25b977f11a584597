"""Journal growth and what a reading command pays to open a day.

    python -m bench.bench_journal [--src SRC] [--attempts N] [--tallies N]

Figures:
- journal bytes written by the 1st and the 500th action of one heat (live
  tallies in a rope-skipping heat, the referee's most frequent key), and the
  journal's size after those 500 tallies;
- a reading command (`timing-console standings --format json`) on that day and
  on a day of 10,000 attempts: wall time from start to exit and peak memory
  (the child's max RSS), each the best of a few runs.

`--src` runs the same measurement against another checkout's `src/` (for
example the release before this one), so both can be printed side by side.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.support.paths import ROOT, SAMPLE

_TALLIES = r"""
import json, sys
from pathlib import Path
from timing_console.rules.heat.machine import Stamp
from timing_console.dayio.dayfile import read_day
from timing_console.store.repo import open_repo

db, sample, tallies = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
journal = db.with_name(db.name + ".journal")
repo = open_repo(db)
repo.load_day(read_day(sample)[0])
board = repo.board("rope-skipping", 1)
lanes = [e.lane for e in board.lineup]
board = repo.apply(board.start(Stamp(1000.0, 1.79e9), "bench-boot"))
sizes = []
for n in range(tallies):
    before = journal.stat().st_size
    t = 1000.0 + 0.05 * (n + 1)
    board = repo.apply(board.tally(lanes[n % len(lanes)], Stamp(t, 1.79e9 + t - 1000.0)))
    sizes.append(journal.stat().st_size - before)
repo.close()
print(json.dumps({"sizes": sizes, "journal": journal.stat().st_size}))
"""

_ATTEMPTS = r"""
import random, sys
from pathlib import Path
from timing_console.model import Attempt, Status
from timing_console.store.db import Put
from timing_console.dayio.dayfile import read_day
from timing_console.store.repo import open_repo

db, sample, count = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
day = read_day(sample)[0]
repo = open_repo(db)
repo.load_day(day)
rng = random.Random(7)
bibs = [a.bib for a in day.athletes]
events = [e for e in day.events()]
batch = []
for i in range(count):
    spec = events[i % len(events)]
    attempt = Attempt(
        id=f"bench{i:06d}", event=spec.id, heat=100 + i // 500, lane=1 + i % 8,
        bib=rng.choice(bibs), status=Status.OK,
        time_ms=rng.randint(9000, 40000) if spec.timed else None,
        count=rng.randint(10, 100) if not spec.timed else None,
        recorded_at="2026-09-20T09:00:00.000+00:00",
        void="bench history" if i % 3 else None,
    )
    batch.append(Put("attempts", attempt.id, attempt.model_dump(mode="json")))
    if len(batch) == 500:
        repo.store.commit(*batch)
        batch = []
if batch:
    repo.store.commit(*batch)
repo.close()
"""


def _env(src: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(src)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # a laptop keeps its bytecode cache
    return env


def reading_command(db: Path, src: Path, runs: int = 3) -> tuple[float, float]:
    """Best wall time (s) and peak RSS (MB) of `standings --format json` on `db`."""
    argv = [sys.executable, "-c", "from timing_console.cli import main; raise SystemExit(main())"]
    argv += ["standings", "--db", str(db), "--format", "json"]
    best_t, best_mb = float("inf"), float("inf")
    for _ in range(runs + 1):  # one warm-up run fills the bytecode cache
        start = time.perf_counter()
        proc = subprocess.Popen(argv, env=_env(src), stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            raise RuntimeError(f"standings failed on {db} ({proc.returncode})")
        best_t = min(best_t, elapsed)
        best_mb = min(best_mb, usage.ru_maxrss / 1024)
    return best_t, best_mb


def run(src: Path, attempts: int = 10_000, tallies: int = 500) -> dict[str, float]:
    """Every journal figure, measured with the code under `src`."""
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "tallies" / "day.json"
        argv = [sys.executable, "-c", _TALLIES, str(db), str(SAMPLE), str(tallies)]
        done = subprocess.run(argv, env=_env(src), capture_output=True, text=True, check=True)
        found = json.loads(done.stdout)
        sizes = found["sizes"]
        out["bytes_first"] = sizes[0]
        out["bytes_last"] = sizes[-1]
        out["journal_mb"] = found["journal"] / 1e6
        out["tallies_open_s"], out["tallies_rss_mb"] = reading_command(db, src)
        big = Path(tmp) / "big" / "day.json"
        argv = [sys.executable, "-c", _ATTEMPTS, str(big), str(SAMPLE), str(attempts)]
        subprocess.run(argv, env=_env(src), check=True)
        out["attempts_open_s"], out["attempts_rss_mb"] = reading_command(big, src)
    out["tallies"] = tallies
    out["attempts"] = attempts
    return out


def render(figures: dict[str, float]) -> str:
    """The figures as lines a person reads."""
    f = figures
    return "\n".join(
        [
            f"journal bytes, 1st action of a heat:   {f['bytes_first']:.0f}",
            f"journal bytes, {f['tallies']:.0f}th action:          {f['bytes_last']:.0f}",
            f"journal after {f['tallies']:.0f} tallies:         {f['journal_mb']:.3f} MB",
            f"reading command on that day:       {f['tallies_open_s']:.2f} s, "
            f"{f['tallies_rss_mb']:.0f} MB",
            f"reading command at {f['attempts']:,.0f} attempts: {f['attempts_open_s']:.2f} s, "
            f"{f['attempts_rss_mb']:.0f} MB",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    """Print the figures for this checkout (or `--src`)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--src", type=Path, default=ROOT / "src")
    parser.add_argument("--attempts", type=int, default=10_000)
    parser.add_argument("--tallies", type=int, default=500)
    args = parser.parse_args(argv)
    print(render(run(args.src.resolve(), args.attempts, args.tallies)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
