"""Live board figures: a saved result's trip to every connected browser, and the board's CPU.

    python -m bench.bench_board [--attempts 10000] [--clients 100] [--results 60] [--rate 2]

- The day holds `--attempts` attempts (`bench_console.build_day`).
- The board is the real `timing-console board` in its own process.
- The browsers are `--clients` server-sent event streams, async httpx clients
  in this process on one event loop (not 100 Chromium tabs: the server's work
  per client is the same, one stream each). They split the raw bytes into
  events and read only each event's id, so the figure is the board's, not
  the cost of parsing 100 copies in one Python process.
- The writer is a thread here holding the day open for writing, as the
  console does, saving `--results` results through the store at `--rate` per
  second. A result's latency runs from the moment its commit returned
  (fsynced) to the moment the event carrying its sequence number was read by
  the last of the clients; all share this machine's monotonic clock.
- CPU is the board process's user + system time (Linux /proc) over 10 s idle
  with every client connected, and over the results.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from bench.bench_console import RACE, build_day, pct
from tests.support.clock import stamp_now
from timing_console.rules.heat.results import parse_result
from timing_console.stations.view import open_view

URL_LINE = re.compile(r"^http://127\.0\.0\.1:(\d+)/$")
EVENT_ID = re.compile(rb"(?:^|\n)id: (\d+)\r")
IDLE_S = 10.0


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU a process has used so far (Linux /proc; None elsewhere)."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Clients:
    """`count` event streams; when each saw each event id."""

    def __init__(self, url: str, count: int) -> None:
        self.url = url
        self.count = count
        self.seen: dict[int, list[float]] = {}
        self.connected = 0
        self.ready = threading.Event()
        self.stop = threading.Event()

    async def one(self, client: httpx.AsyncClient) -> None:
        """Read one stream; an event counts as arrived once its last byte has."""
        async with client.stream("GET", self.url + "events") as response:
            first = True
            carry = b""
            async for chunk in response.aiter_raw():
                *events, carry = (carry + chunk).split(b"\r\n\r\n")
                now = time.monotonic()
                for event in events:
                    found = EVENT_ID.search(event)
                    if found is None:
                        continue  # a keep-alive comment
                    self.seen.setdefault(int(found.group(1)), []).append(now)
                    if first:
                        first = False
                        self.connected += 1
                        if self.connected == self.count:
                            self.ready.set()
                if self.stop.is_set():
                    return

    async def all(self) -> None:
        limits = httpx.Limits(max_connections=self.count + 10)
        timeout = httpx.Timeout(30.0, read=None)
        async with httpx.AsyncClient(limits=limits, timeout=timeout) as client:
            tasks = [asyncio.create_task(self.one(client)) for _ in range(self.count)]
            while not self.stop.is_set():
                await asyncio.sleep(0.1)
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    def run_in_thread(self) -> threading.Thread:
        thread = threading.Thread(target=lambda: asyncio.run(self.all()), daemon=True)
        thread.start()
        return thread


def write_results(db: Path, results: int, rate: float) -> dict[int, float]:
    """Save results as the console does; return each one's seq -> commit time."""
    committed: dict[int, float] = {}
    repo = open_view(db)
    try:
        spec = repo.require_day().event(RACE)
        start = time.monotonic()
        for n in range(results):
            time.sleep(max(0.0, start + n / rate - time.monotonic()))
            lane = 1 + n % 8
            board = repo.board(RACE, 1)
            result = parse_result(spec, f"{10 + n * 0.01:.2f}")
            repo.apply(board.enter(lane, result, stamp_now(), reason="bench"))
            committed[repo.seq] = time.monotonic()
    finally:
        repo.close(snapshot=False)
    return committed


def start_board(db: Path) -> tuple[subprocess.Popen[str], str]:
    argv = [sys.executable, "-m", "timing_console", "board", "--db", str(db), "--port", "0"]
    # A session of its own, as in a terminal window of its own on the day.
    proc = subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True
    )
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    if not URL_LINE.match(line):
        proc.kill()
        raise RuntimeError(f"the board printed {line!r}")
    return proc, line


def run(
    attempts: int = 10_000, clients: int = 100, results: int = 60, rate: float = 2.0
) -> dict[str, float]:
    """Every board figure at `attempts` attempts with `clients` streams connected."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "day.json"
        build_day(db, attempts)
        proc, url = start_board(db)
        streams = Clients(url, clients)
        thread = streams.run_in_thread()
        try:
            if not streams.ready.wait(60):
                raise RuntimeError(f"only {streams.connected} of {clients} clients connected")
            before = cpu_seconds(proc.pid)
            time.sleep(IDLE_S)
            idle = cpu_seconds(proc.pid)
            started = time.monotonic()
            committed = write_results(db, results, rate)
            last = max(committed)
            deadline = time.monotonic() + 10
            while len(streams.seen.get(last, [])) < clients and time.monotonic() < deadline:
                time.sleep(0.05)
            busy_s = time.monotonic() - started
            busy = cpu_seconds(proc.pid)
        finally:
            streams.stop.set()
            proc.terminate()
            proc.wait(timeout=10)
            thread.join(timeout=10)
    latencies: list[float] = []
    missing = 0
    for seq, at in committed.items():
        arrivals = streams.seen.get(seq, [])
        if len(arrivals) < clients:
            missing += clients - len(arrivals)
            continue
        latencies.append((max(arrivals) - at) * 1000)
    out = {
        "attempts": attempts,
        "clients": clients,
        "results": len(committed),
        "rate": rate,
        "missing": missing,
        "p50_ms": statistics.median(latencies) if latencies else float("nan"),
        "p99_ms": pct(latencies, 99) if latencies else float("nan"),
        "max_ms": max(latencies) if latencies else float("nan"),
        "cpu_idle": float("nan"),
        "cpu_busy": float("nan"),
    }
    if before is not None and idle is not None and busy is not None:
        out["cpu_idle"] = (idle - before) / IDLE_S * 100
        out["cpu_busy"] = (busy - idle) / busy_s * 100
    return out


def render(f: dict[str, float]) -> str:
    """The figures as lines a person reads."""
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return "\n".join(
        [
            f"live board at {f['attempts']:,} attempts, {f['clients']} SSE clients "
            f"(async httpx streams in one process), {f['results']} results at {f['rate']:g}/s:",
            f"  commit -> every client   p50 {f['p50_ms']:7.1f} ms   p99 {f['p99_ms']:7.1f} ms   "
            f"max {f['max_ms']:7.1f} ms   (goal p99 ≤ 250 ms)",
            f"  deliveries missing       {f['missing']}",
            f"  board CPU idle           {f['cpu_idle']:5.1f} %  (10 s, every client connected)",
            f"  board CPU while results  {f['cpu_busy']:5.1f} %  (one core = 100 %)",
            f"  machine: {os.cpu_count()} CPUs, load average {load} at the end",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    """Print the board's figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--attempts", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--results", type=int, default=60)
    parser.add_argument("--rate", type=float, default=2.0, help="results per second")
    args = parser.parse_args(argv)
    print(render(run(args.attempts, args.clients, args.results, args.rate)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
