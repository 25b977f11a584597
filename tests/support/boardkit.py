"""The live board under test: a day, results recorded as the console records them, a real server.

`record` saves through the store exactly as `timing-console record` does (a
writable DayView, the heat machine, the lock, the snapshot on close), from the
test's own thread, while the board follows the day from its own. `LiveBoard`
runs the real uvicorn server in a thread on a socket bound before it starts,
so a client can connect at once (the kernel queues it until uvicorn
accepts). `BoardProcess` runs `timing-console board` itself.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.support.clock import stamp_now
from tests.support.daybox import write_generated
from timing_console.dayio.dayfile import read_day
from timing_console.model import Athlete, Day, EventKind, EventSpec, HeatState
from timing_console.rules.heat.results import parse_result
from timing_console.rules.heat.stamp import Stamp
from timing_console.stations.view import open_view
from timing_console.web.board.server import ServedDay, bind, create_app, desk_for, server_for

SCRIPT = "<script>alert(1)</script>"
"""An athlete's name that must show as these very characters."""
UNIT = "<img src=x onerror=alert(2)>"


def load(db: Path, day: Day) -> None:
    repo = open_view(db)
    try:
        repo.load_day(day)
    finally:
        repo.close()


def record(db: Path, event: str, heat: int, lane: int, text: str, reason: str = "") -> int:
    """Save one result as `timing-console record` does; return the store's sequence number."""
    repo = open_view(db)
    try:
        spec = repo.require_day().event(event)
        board = repo.board(event, heat)
        repo.apply(board.enter(lane, parse_result(spec, text), stamp_now(), reason=reason))
        return repo.seq
    finally:
        repo.close()


def close_heat(db: Path, event: str, heat: int) -> int:
    """Close a heat as the referee's ctrl+s does."""
    repo = open_view(db)
    try:
        repo.apply(repo.board(event, heat).close(stamp_now()))
        return repo.seq
    finally:
        repo.close()


def start_heat(db: Path, event: str, heat: int, at: Stamp | None = None) -> HeatState:
    """Fire the heat's gun as the referee's space does (now, unless `at`); its new state."""
    repo = open_view(db)
    try:
        return repo.apply(repo.board(event, heat).start(at or stamp_now(), None)).state
    finally:
        repo.close()


def mark_dns(db: Path, event: str, heat: int, lane: int) -> int:
    """Mark a lane as not starting, before the gun, as the heat's DNS key does."""
    repo = open_view(db)
    try:
        repo.apply(repo.board(event, heat).dns(lane, stamp_now()))
        return repo.seq
    finally:
        repo.close()


def result_text(spec: EventSpec, n: int) -> str:
    """A believable result for the `n`-th athlete of an event, all different enough to rank."""
    if spec.kind is EventKind.RACE:
        return f"{11 + n * 0.07:.2f}"
    if spec.kind is EventKind.SHOTS:
        shots = spec.shots or 10
        made = n % (shots + 1)
        return "1" * made + "0" * (shots - made)
    return str(20 + n % 60)


def generated_day(folder: Path, db: Path, athletes: int = 200) -> Day:
    """A day of `athletes` athletes, two per unit, heats drawn by the console, loaded."""
    day, problems = read_day(write_generated(folder, athletes, random.Random(22)))
    assert not problems, problems
    load(db, day)
    return day


def largest_event(day: Day) -> EventSpec:
    """The event with the most athletes in its heats (the first of equals)."""
    return max(day.events(), key=lambda spec: sum(e.event == spec.id for e in day.lanes))


def record_every_lane(db: Path, day: Day, event: str) -> None:
    """A result in every lane of every heat of `event`, as cards keyed with `record` are."""
    spec = day.event(event)
    repo = open_view(db)
    try:
        for n, entry in enumerate(e for e in day.lanes if e.event == event):
            board = repo.board(event, entry.heat)
            result = parse_result(spec, result_text(spec, n))
            repo.apply(board.enter(entry.lane, result, stamp_now(), reason=""))
    finally:
        repo.close()


def big_day(folder: Path, db: Path, athletes: int = 200) -> str:
    """A generated day with every lane of its largest event recorded; that event's id."""
    day = generated_day(folder, db, athletes)
    event = largest_event(day).id
    record_every_lane(db, day, event)
    return event


def lane_of(day: Day, event: str, heat: int, bib: str) -> int:
    return next(e.lane for e in day.lineup(event, heat) if e.bib == bib)


def with_script_name(day: Day, bib: str) -> Day:
    """The day with one athlete named `<script>` and a unit that is an `<img>` tag."""
    athletes = tuple(
        Athlete.model_validate(a.model_dump() | {"name": SCRIPT, "unit": UNIT})
        if a.bib == bib
        else a
        for a in day.athletes
    )
    return day.model_copy(update={"athletes": athletes})


def open_live(page: Page, url: str) -> None:
    """Open a board page and wait for its stream; mark the window to tell a reload later."""
    page.goto(url)
    expect(page.locator("#live")).to_have_attribute("data-state", "live")
    page.evaluate("window.sameDocument = true")


class LiveBoard:
    """The board's real server in a thread; `stop` ends it."""

    def __init__(
        self,
        db: Path,
        *,
        port: int = 0,
        poll_s: float = 0.02,
        accept_push: bool = False,
        share: bool = False,
    ) -> None:
        """`share`: as with `--lan`, the page's QR code of an address on the network (a
        made-up one here: the server still listens on 127.0.0.1 alone)."""
        self.sock = bind("127.0.0.1", port)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        lan = f"http://192.168.1.20:{self.port}/" if share else None
        self.board = ServedDay(db, url=self.url, share=lan, poll_s=poll_s)
        self.desk = desk_for(self.board, db) if accept_push else None
        self.server = server_for(create_app(self.board, self.desk))
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )
        self.thread.start()

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        assert not self.thread.is_alive(), "the board did not stop"
        self.sock.close()

    def __enter__(self) -> LiveBoard:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


URL_LINE = re.compile(r"^http://127\.0\.0\.1:(\d+)/$")


class BoardProcess:
    """`timing-console board --db DB --port PORT` as its own process."""

    def __init__(self, db: Path, port: int = 0, *extra: str) -> None:
        argv = [sys.executable, "-m", "timing_console", "board", "--db", str(db), "--port"]
        self.proc = subprocess.Popen(
            [*argv, str(port), *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().strip()  # printed once the socket listens
        found = URL_LINE.match(line)
        if found is None:
            self.proc.kill()
            error = self.proc.stderr.read() if self.proc.stderr else ""
            raise AssertionError(f"board printed {line!r}; stderr: {error}")
        self.url = line
        self.port = int(found.group(1))

    def kill(self) -> None:
        """A hard kill: the connections drop without a goodbye, the beacon stays behind."""
        self.proc.kill()
        self.proc.wait(timeout=10)

    def interrupt(self, how: signal.Signals = signal.SIGINT) -> int:
        """Ctrl+C, as an organiser stops it (or SIGTERM, as `kill` does)."""
        self.proc.send_signal(how)
        return self.proc.wait(timeout=10)

    def __enter__(self) -> BoardProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc.poll() is None:
            self.kill()
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()
