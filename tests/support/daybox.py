"""A day in a box: a desk and four stations run whole days on one machine, faults injected.

Shared by `tests/fuzz/test_day_in_a_box.py` and `bench/bench_day_in_a_box.py`
(issue 20's proof). Each simulated day: a practice day loaded everywhere and
a practice result carried to the desk; the real day (the same file without
`practice = true`) loaded over it with `--archive`; the practice bundle
offered to the real-day desk (it must be refused). Then every heat is run at
the station that owns it, in random order, among random exchanges: pushes
through a flaky proxy to `board --accept-push` (a process the simulation
SIGKILLs and restarts), USB bundles shared and merged anywhere, doubled and
cut. Referees slip and correct (`record ... --reason`), late athletes are
added (one of them at two stations: one conflict, decided with `resolve`), a
station's process is SIGKILLed mid-heat and the laptop either resumes or is
replaced by a spare (`load --station NAME --replaces NAME`). At the end of
the day the desk and a station correct one lane without seeing each other
(a lane conflict, decided at the desk for one of them). After a final
exchange the desk must equal "alone", one database that made every
intended save itself (the model of what the referees meant), and every
station must equal the desk.

The station process that is killed runs `python -m tests.support.daybox child DB OPS`: it
says which op it is about to save and, once the store returned, that it is
saved, one flushed line each, as `tests/support/killer.py`'s children do.
"""

from __future__ import annotations

import contextlib
import json
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from tests.support.clock import stamp
from tests.support.commands import run_cli
from tests.support.files import fingerprint
from tests.support.paths import ROOT, SAMPLE_DIR, module_argv
from tests.support.pushkit import FlakyProxy
from timing_console.dayio.dayfile import read_day
from timing_console.model import Athlete, Day, EventKind, HeatPhase, format_time
from timing_console.rules import lineup
from timing_console.rules.heat.results import parse_result
from timing_console.stations.push_client import PushLink, Refused
from timing_console.stations.view import DayView, open_view

STATIONS = ("track", "yard", "court", "hall")
DESK = "desk"
LAPTOP_OWN = ("lock", ".board", ".log")
"""A laptop's files a fingerprint leaves out: locks and the board's own."""
CODE_LINE = re.compile(r"pairing code: (\S+)")
REQUIRED = ("托球跑", "双腿夹球走", "摸石过河")
OTHERS = ("定点投篮", "一分钟跳绳", "踢毽子", "金豆搬家")
RACES = ("paddle-ball-run", "knee-ball-walk", "stepping-stones")
DUP = Athlete(bib="D1", name="重报", unit="迟到单位", events=())
"""The late athlete added at two stations (each in a heat of its own)."""

Op = list[Any]
"""One save of a heat: ["start"], ["finish", lane, seconds], ["dnf", lane],
["enter", lane, text], ["close"] (JSON-friendly: the killed child reads them)."""


@dataclass
class Figures:
    """What a run of days did and found."""

    days: int = 0
    clean: int = 0
    """Days that ended with no problem at all."""
    athletes: int = 0
    records: int = 0
    faults: Counter[str] = field(default_factory=Counter)
    falsified: int = 0
    lost: int = 0
    doubled: int = 0
    mismatched: int = 0
    """Views (standings, prizes, history, conflicts) at the desk or a station that differ
    from the model or from the desk's."""
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, other: Figures) -> None:
        """Fold one day's figures into the run's."""
        self.days += other.days
        self.clean += other.clean
        self.athletes += other.athletes
        self.records += other.records
        self.faults += other.faults
        self.falsified += other.falsified
        self.lost += other.lost
        self.doubled += other.doubled
        self.mismatched += other.mismatched
        self.problems += other.problems

    def as_row(self) -> dict[str, Any]:
        """The figures as plain values (what bench/run_all.py reads)."""
        return {
            "days": self.days,
            "clean": self.clean,
            "athletes": self.athletes,
            "records": self.records,
            "faults": sum(self.faults.values()),
            "fault_kinds": dict(sorted(self.faults.items())),
            "falsified": self.falsified,
            "lost": self.lost,
            "doubled": self.doubled,
            "mismatched": self.mismatched,
            "problems": list(self.problems),
            "seconds": self.seconds,
        }


def correction(h: Heat, lane: int, text: str, reason: str, db: Path) -> list[str]:
    """`record EVENT HEAT LANE VALUE --reason WHY --db DB`: a correction keyed at a laptop."""
    return ["record", h.event, str(h.heat), str(lane), text, "--reason", reason, "--db", str(db)]


@contextlib.contextmanager
def opened(db: Path, *, readonly: bool = False) -> Iterator[DayView]:
    """A station's day, open for the length of a block."""
    repo = open_view(db, readonly=readonly)
    try:
        yield repo
    finally:
        repo.close(snapshot=not readonly)


# ----- day files ---------------------------------------------------------------------


def write_sample(folder: Path) -> Path:
    """The bundled sample day (a practice day) copied into `folder`; its day file."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("sports-day.toml", "entries.csv", "heats.csv"):
        shutil.copyfile(SAMPLE_DIR / name, folder / name)
    return folder / "sports-day.toml"


def write_generated(folder: Path, athletes: int, rng: random.Random) -> Path:
    """A practice day of `athletes` athletes, two per unit, heats drawn by the console."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = ["编号,姓名,单位,职务,电话,项目"]
    for n in range(athletes):
        unit, role = divmod(n, 2)
        events = [rng.choice(REQUIRED)]
        events += rng.sample(
            [e for e in (*REQUIRED, *OTHERS) if e not in events], rng.randint(0, 2)
        )
        phone = f"139{rng.randrange(10**8):08d}"
        title = "工会主席" if role == 0 else "工会干部"
        rows.append(f"{1000 + n},选手{n},第{unit}单位,{title},{phone},{'、'.join(events)}")
    (folder / "entries.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    toml = (
        'title = "模拟运动会"\ndate = "2026-10-01"\nvenue = "模拟场"\n'
        f'entries = "entries.csv"\nseed = {rng.randrange(10_000)}\npractice = true\n'
    )
    (folder / "sports-day.toml").write_text(toml, encoding="utf-8")
    return folder / "sports-day.toml"


def make_real(dayfile: Path) -> None:
    """The real day: the same file with its `practice = true` line taken out."""
    lines = dayfile.read_text(encoding="utf-8").splitlines(keepends=True)
    dayfile.write_text(
        "".join(line for line in lines if not line.startswith("practice")), encoding="utf-8"
    )


class Proxy(FlakyProxy):
    """The flaky proxy, quiet while the board it forwards to is down (a SIGKILL)."""

    def _serve(self, client: socket.socket) -> None:
        with contextlib.suppress(OSError):
            super()._serve(client)


# ----- the desk's board, as a process -------------------------------------------------


class DeskBoard:
    """`timing-console board --accept-push` on the desk's day, behind a flaky proxy."""

    def __init__(self, desk: Path, rng: random.Random, odds: float) -> None:
        self.desk = desk
        self.proc: subprocess.Popen[str] | None = None
        self.code = ""
        self.proxy = Proxy(("127.0.0.1", 1), seed=rng.randrange(2**32), odds=odds)
        self.start()

    def start(self) -> None:
        """Start the board; remember its pairing code (a restart must print the same)."""
        argv = [sys.executable, "-m", "timing_console", "board", "--accept-push"]
        argv += ["--db", str(self.desk), "--port", "0"]
        log = self.desk.parent / "board.log"
        with log.open("a", encoding="utf-8") as err:
            self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=err, text=True)
        assert self.proc.stdout is not None
        url = self.proc.stdout.readline().strip()
        found = CODE_LINE.search(self.proc.stdout.readline())
        if not url.startswith("http://") or found is None:
            self.proc.kill()
            self.proc.wait()
            tail = log.read_text(encoding="utf-8")[-600:]
            raise RuntimeError(f"the board printed {url!r}; its stderr ends: {tail}")
        host, port = url.removeprefix("http://").rstrip("/").split(":")
        self.proxy.upstream = (host, int(port))
        self.code = found.group(1)

    def kill(self) -> None:
        """SIGKILL the board, as a laptop's power cut would."""
        if self.proc is not None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()
            if self.proc.stdout is not None:
                self.proc.stdout.close()
            self.proc = None

    def close(self) -> None:
        """Stop the board and the proxy."""
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            if self.proc.stdout is not None:
                self.proc.stdout.close()
            self.proc = None
        self.proxy.close()


# ----- one station's saves ------------------------------------------------------------


def apply_op(repo: DayView, event: str, heat: int, op: Op, at: float) -> None:
    """Save one op of a heat through the heat machine, as the console does."""
    board = repo.board(event, heat)
    kind = op[0]
    if kind == "start":
        repo.apply(board.start(stamp(at), "box"))
    elif kind == "finish":
        repo.apply(board.finish(op[1], stamp(at + op[2])))
    elif kind == "dnf":
        repo.apply(board.dnf(op[1], stamp(at + 50)))
    elif kind == "enter":
        spec = repo.require_day().event(event)
        repo.apply(board.enter(op[1], parse_result(spec, op[2]), stamp(at + op[1]), reason="card"))
    elif kind == "close":
        repo.apply(board.close(stamp(at + 60)))
    else:
        raise ValueError(kind)


def landed(repo: DayView, event: str, heat: int, op: Op) -> bool:
    """Whether an op's save is in the day (a kill may have cut it off)."""
    board = repo.board(event, heat)
    kind = op[0]
    if kind == "start":
        return board.state.phase is not HeatPhase.READY
    if kind == "close":
        return board.state.phase is HeatPhase.DONE
    attempt = board.lanes.get(op[1])
    return attempt is not None and attempt.status is not None  # a running lane has none yet


def child(argv: list[str]) -> int:
    """The killed station: save each op, saying `try` before and `ack` after."""
    db, spec = Path(argv[0]), json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    with opened(db) as repo:
        for n, op in enumerate(spec["ops"]):
            sys.stdout.write(json.dumps({"try": n}) + "\n")
            sys.stdout.flush()
            apply_op(repo, spec["event"], spec["heat"], op, spec["at"])
            sys.stdout.write(json.dumps({"ack": n}) + "\n")
            sys.stdout.flush()
    return 0


# ----- a simulated day ----------------------------------------------------------------


@dataclass
class Heat:
    """A heat of the real day, the station that runs it, and its cards."""

    event: str
    heat: int
    owner: str
    at: float
    ops: list[Op] = field(default_factory=list)
    done: list[Op] = field(default_factory=list)
    """The ops saved (the model replays these)."""
    laptop: str = ""
    """The laptop that ran it."""
    slips: dict[int, str] = field(default_factory=dict)
    """Lane -> the value the referee corrects it to after the heat (the first was a slip)."""
    abandoned: bool = False


class DayBox:
    """One simulated day in `folder`."""

    def __init__(self, folder: Path, rng: random.Random, *, athletes: int, odds: float) -> None:
        self.folder = folder
        self.rng = rng
        self.athletes = athletes
        self.odds = odds
        self.f = Figures(days=1)
        self.dbs: dict[str, Path] = {}
        """Every laptop's day, by the label this simulation gives it."""
        self.live: dict[str, str] = {s: s for s in STATIONS}
        """Station name -> the laptop now running it (a spare after a replacement)."""
        self.bundles: list[Path] = []
        self.history: Counter[tuple[Any, ...]] = Counter()
        """Every change the model expects in the desk's `history` (station, kind, event, heat,
        lane, bib, new value, reason)."""
        self.script: list[tuple[str, Any]] = []
        """What the model ("alone") saves, in order."""
        self.late = 0
        self.dup: dict[str, Heat] = {}
        """Laptop -> the heat it put the same late athlete in (the conflict to decide)."""
        self.board: DeskBoard | None = None
        self.labels: dict[str, str] | None = None

    # --- plumbing

    def problem(self, text: str) -> None:
        """Note what went wrong, for the person reading the figures."""
        self.f.problems.append(text)

    def cli(self, *args: str, expect: int | None = 0) -> tuple[int, str, str]:
        """A command; an exit code other than `expect` (None: any) is a problem."""
        code, out, err = run_cli(*args)
        if expect is not None and code != expect:
            self.problem(f"`{' '.join(args)}` exited {code}: {(err or out).strip()[:300]}")
        return code, out, err

    def db(self, laptop: str) -> Path:
        """A laptop's day."""
        return self.dbs[laptop]

    # --- the day

    def run(self) -> Figures:
        """The whole day; its figures."""
        dayfile = (
            write_sample(self.folder / "dayfile")
            if self.athletes == 0
            else write_generated(self.folder / "dayfile", self.athletes, self.rng)
        )
        practice_bundle = self.practice(dayfile)
        make_real(dayfile)
        self.real_day(dayfile, practice_bundle)
        day, _ = read_day(dayfile)
        self.f.athletes = len(day.athletes)
        self.board = DeskBoard(self.dbs[DESK], self.rng, self.odds)
        try:
            heats = self.plan(day)
            self.play(heats)
            self.review(heats)
            self.final_exchange()
            self.board.kill()  # a last power cut: the desk's day must not care
            self.f.faults["board SIGKILL"] += 1
        finally:
            self.board.close()
        self.check()
        return self.f

    def practice(self, dayfile: Path) -> Path:
        """Load the practice day everywhere, record a practice heat, carry it to the desk."""
        for name in (DESK, *STATIONS):
            self.dbs[name] = self.folder / name / "day.json"
            self.cli("load", str(dayfile), "--station", name, "--db", str(self.dbs[name]))
        day, _ = read_day(dayfile)
        event = self.rng.choice([s.id for s in day.events() if day.heat_numbers(s.id)])
        heat = day.heat_numbers(event)[0]
        with opened(self.dbs[STATIONS[0]]) as repo:
            for op in self.cards(repo.require_day(), event, heat):
                apply_op(repo, event, heat, op, 10.0)
        bundle = self.folder / "practice.bundle"
        self.cli("share", str(bundle), "--db", str(self.dbs[STATIONS[0]]))
        self.cli("merge", str(bundle), "--db", str(self.dbs[DESK]))
        return bundle

    def real_day(self, dayfile: Path, practice_bundle: Path) -> None:
        """The real day over the practice: refused without `--archive`, loaded with it; the
        practice bundle refused by the real-day desk, changing nothing."""
        self.cli("load", str(dayfile), "--db", str(self.dbs[DESK]), expect=2)
        for name in (DESK, *STATIONS):
            self.cli(
                "load", str(dayfile), "--archive", "--station", name, "--db", str(self.dbs[name])
            )
        before = fingerprint(self.dbs[DESK].parent, skip=LAPTOP_OWN)
        code, _, _ = self.cli(
            "merge", str(practice_bundle), "--db", str(self.dbs[DESK]), expect=None
        )
        self.f.faults["practice bundle at the real desk"] += 1
        if code == 0:
            self.problem("the real-day desk took a practice bundle")
        elif fingerprint(self.dbs[DESK].parent, skip=LAPTOP_OWN) != before:
            self.problem("a refused practice bundle changed the desk's files")
        self.dbs["alone"] = self.folder / "alone" / "day.json"
        self.cli("load", str(dayfile), "--station", "alone", "--db", str(self.dbs["alone"]))

    def cards(self, day: Day, event: str, heat: int) -> list[Op]:
        """A heat's saves as its referee makes them: the gun and finishes, or cards."""
        spec = day.event(event)
        lanes = [e.lane for e in day.lineup(event, heat)]
        if spec.kind is EventKind.RACE:
            ops: list[Op] = [["start"]]
            times = {
                lane: round(self.rng.uniform(9.0, 40.0), 2)
                for lane in lanes
                if self.rng.random() > 0.05
            }
            ops += [["finish", lane, s] for lane, s in sorted(times.items(), key=lambda i: i[1])]
            ops += [["dnf", lane] for lane in lanes if lane not in times]
            return [*ops, ["close"]]
        return [*(["enter", lane, self.value(event)] for lane in lanes), ["close"]]

    def value(self, event: str) -> str:
        """A value a card can hold for `event`."""
        if event == "free-throw":
            return "".join(self.rng.choice("01") for _ in range(10))
        if self.rng.random() < 0.05:
            return "DNS"
        if event in RACES:
            return format_time(self.rng.randint(9_000, 40_000))
        return str(self.rng.randint(0, 150))

    def plan(self, day: Day) -> list[Heat]:
        """Every heat of the day, owned by a station, in the order the day runs them."""
        keys = sorted({(e.event, e.heat) for e in day.lanes})
        heats = [
            Heat(ev, h, self.rng.choice(STATIONS), 100.0 * n) for n, (ev, h) in enumerate(keys)
        ]
        self.rng.shuffle(heats)
        return heats

    def free_lane(self, day: Day, event: str, heat: int) -> int | None:
        """The first lane of a heat with no athlete (where a late one goes)."""
        taken = {e.lane for e in day.lineup(event, heat)}
        free = [n for n in range(1, day.event(event).lanes + 1) if n not in taken]
        return free[0] if free else None

    def add_late(self, laptop: str, h: Heat, athlete: Athlete) -> bool:
        """A late athlete into a free lane of a heat not yet run; whether there was room."""
        with opened(self.db(laptop)) as repo:
            lane = self.free_lane(repo.require_day(), h.event, h.heat)
            if lane is None or repo.require_day().athlete(athlete.bib) is not None:
                return False  # no room, or the athlete was seen arriving at another station
            change = lineup.add_late(
                repo.lineup(),
                athlete,
                h.event,
                h.heat,
                lane,
                reason="came late",
                stamp=stamp(h.at - 5),
                override=True,
            )
            repo.apply_lineup(change)
        self.history[(laptop, "lineup", h.event, h.heat, lane, athlete.bib)] += 1
        return True

    def play(self, heats: list[Heat]) -> None:
        """Run the heats among random exchanges and faults."""
        pairs = [
            (a, b)
            for i, a in enumerate(heats)
            for b in heats[i + 1 :]
            if a.event == b.event and a.heat != b.heat
        ]
        twice: tuple[Heat, ...] = ()
        if pairs and self.rng.random() < 0.9:
            twice = self.rng.choice(pairs)
            twice[1].owner = self.rng.choice([s for s in STATIONS if s != twice[0].owner])
        spare_at = self.rng.randrange(len(heats)) if self.rng.random() < 0.6 else -1
        for n, h in enumerate(heats):
            for _ in range(self.rng.randint(0, 2)):
                self.exchange()
            station = h.owner
            laptop = self.live[station]
            if h in twice:
                if self.add_late(laptop, h, DUP):
                    self.dup[laptop] = h
                    self.f.faults["same late athlete at two stations"] += int(len(self.dup) == 2)
            elif self.rng.random() < 0.15:
                self.late += 1
                late = Athlete(
                    bib=f"L{self.late}", name=f"迟到{self.late}", unit="迟到单位", events=()
                )
                if self.add_late(laptop, h, late):
                    self.script.append(("late", (h.event, h.heat, late)))
                    self.f.faults["late athlete"] += 1
            with opened(self.db(laptop), readonly=True) as repo:
                h.ops = self.cards(repo.require_day(), h.event, h.heat)
            spare = n == spare_at
            ran_at = laptop
            if spare or self.rng.random() < 0.08:
                spare = self.killed_heat(h, spare=spare)
            else:
                with opened(self.db(laptop)) as repo:
                    for op in h.ops:
                        apply_op(repo, h.event, h.heat, op, h.at)
                h.done = list(h.ops)
            h.laptop = ran_at
            self.note_saves(h, ran_at)
            if not spare:  # the spare never saw this heat: a correction there would be a conflict
                self.slips(h)
            self.script.append(("heat", h))
        for fate, n in self.board.proxy.fates.items() if self.board else ():
            if fate != "forward":
                self.f.faults[f"request {fate}"] += n

    def note_saves(self, h: Heat, laptop: str) -> None:
        """Count a heat's results, and the card entries its history must show."""
        self.f.records += sum(1 for op in h.done if op[0] in ("finish", "dnf", "enter"))
        for op in h.done:
            if op[0] == "enter":
                self.history[(laptop, "entry", h.event, h.heat, op[1], None)] += 1

    def killed_heat(self, h: Heat, *, spare: bool) -> bool:
        """Run the heat in a child process and SIGKILL it; the laptop resumes, or a spare
        takes the station over (the interrupted heat stays as the dead laptop left it);
        whether a spare did."""
        laptop = self.live[h.owner]
        db = self.db(laptop)
        spec_file = self.folder / f"ops-{h.event}-{h.heat}.json"
        spec_file.write_text(
            json.dumps({"event": h.event, "heat": h.heat, "at": h.at, "ops": h.ops}), "utf-8"
        )
        proc = subprocess.Popen(
            module_argv(__spec__.name, "child", str(db), str(spec_file)),
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            cwd=ROOT,
        )
        assert proc.stdout is not None
        target = self.rng.randint(0, len(h.ops) - 1)
        acked = 0
        for line in proc.stdout:
            doc = json.loads(line)
            if "ack" in doc:
                acked = doc["ack"] + 1
            if acked >= target and ("try" in doc or acked == len(h.ops)):
                time.sleep(self.rng.uniform(0, 0.004))
                break
        killed = proc.poll() is None
        if killed:
            proc.send_signal(signal.SIGKILL)
            self.f.faults["station SIGKILL"] += 1
        proc.wait()
        proc.stdout.close()
        with opened(db) as repo:
            seen = [landed(repo, h.event, h.heat, op) for op in h.ops]
        for n in range(acked):
            if not seen[n]:
                self.f.lost += 1
                self.problem(f"{h.event} heat {h.heat}: op {h.ops[n]} acked before a kill, gone")
        first_missing = next((n for n, ok in enumerate(seen) if not ok), len(h.ops))
        if spare and killed:
            h.done = h.ops[:first_missing]
            h.abandoned = first_missing < len(h.ops)
            self.replace(h.owner)
            return True
        with opened(db) as repo:
            for op in h.ops[first_missing:]:
                apply_op(repo, h.event, h.heat, op, h.at)
        h.done = list(h.ops)
        return False

    def replace(self, station: str) -> None:
        """A spare laptop takes over `station`: a new identity, the desk's day merged in."""
        spare = f"{station}-spare"
        self.dbs[spare] = self.folder / spare / "day.json"
        dayfile = self.folder / "dayfile" / "sports-day.toml"
        self.cli(
            "load",
            str(dayfile),
            "--station",
            station,
            "--replaces",
            station,
            "--db",
            str(self.dbs[spare]),
        )
        bundle = self.share(DESK)
        self.merge(spare, bundle)
        self.live[station] = spare
        self.f.faults["spare laptop"] += 1

    def slips(self, h: Heat) -> None:
        """Lanes the referee keyed wrong, corrected with a reason."""
        laptop = self.live[h.owner]
        for op in h.done:
            if op[0] not in ("finish", "enter") or self.rng.random() > 0.15:
                continue
            lane, text = op[1], self.value(h.event)
            if self.correct(laptop, h, lane, text, f"slip {h.event} {h.heat} {lane}"):
                h.slips[lane] = text

    # --- exchanges

    def share(self, laptop: str) -> Path:
        """A USB bundle of everything the laptop holds, kept for later merges."""
        bundle = self.folder / f"b{len(self.bundles):03d}-{laptop}.bundle"
        self.cli("share", str(bundle), "--db", str(self.db(laptop)))
        self.bundles.append(bundle)
        return bundle

    def merge(self, laptop: str, bundle: Path) -> None:
        """A whole bundle merged at a laptop: a refusal is a problem."""
        code, _, err = self.cli("merge", str(bundle), "--db", str(self.db(laptop)), expect=None)
        if code != 0:
            self.problem(f"merge of {bundle.name} at {laptop} exited {code}: {err.strip()[:300]}")

    def push(self, station: str) -> None:
        """Push a station's records through the flaky proxy, a few tries."""
        assert self.board is not None
        laptop = self.live[station]
        with opened(self.db(laptop), readonly=True) as repo:
            me, identity = repo.me, repo.identity()
        link = PushLink(
            self.db(laptop),
            url=self.board.proxy.url,
            code=self.board.code,
            station=me,
            identity=identity,
            client=httpx.Client(timeout=5, trust_env=False),
        )
        try:
            for _ in range(6):
                try:
                    link.push_once()
                    return
                except httpx.HTTPError:
                    link.acked = None
                except Refused as exc:
                    self.problem(f"push from {laptop} refused: {exc}")
                    return
        finally:
            link.client.close()

    def exchange(self) -> None:
        """One random exchange or fault between heats."""
        assert self.board is not None
        roll = self.rng.random()
        laptops = [DESK, *self.live.values()]
        if roll < 0.35:
            self.push(self.rng.choice(STATIONS))
        elif roll < 0.55:
            self.share(self.rng.choice(laptops))
        elif roll < 0.8 and self.bundles:
            bundle = self.rng.choice(self.bundles)
            target = self.rng.choice(laptops)
            self.merge(target, bundle)
            if self.rng.random() < 0.3:
                self.merge(target, bundle)
                self.f.faults["bundle merged twice"] += 1
        elif roll < 0.9 and self.bundles:
            self.cut_bundle(self.rng.choice(self.bundles), self.rng.choice(laptops))
        else:
            self.kill_board()

    def cut_bundle(self, bundle: Path, laptop: str) -> None:
        """A bundle cut short (a USB stick pulled): refused, nothing changed."""
        data = bundle.read_bytes()
        cut = self.folder / f"cut-{len(self.bundles)}-{bundle.name}"
        cut.write_bytes(data[: self.rng.randrange(max(1, len(data) - 1))])
        self.f.faults["cut bundle"] += 1
        before = fingerprint(self.db(laptop).parent, skip=LAPTOP_OWN)
        code, _, _ = self.cli("merge", str(cut), "--db", str(self.db(laptop)), expect=None)
        if code == 0:
            self.problem(f"a cut bundle ({cut.name}) was merged at {laptop}")
        elif fingerprint(self.db(laptop).parent, skip=LAPTOP_OWN) != before:
            self.problem(f"a refused cut bundle ({cut.name}) changed {laptop}'s files")

    def kill_board(self) -> None:
        """SIGKILL the board while a station pushes to it, and start it again."""
        assert self.board is not None
        pusher = threading.Thread(target=self.push, args=(self.rng.choice(STATIONS),))
        pusher.start()
        time.sleep(self.rng.uniform(0, 0.05))
        self.board.kill()
        self.f.faults["board SIGKILL"] += 1
        pusher.join()
        old = self.board.code
        self.board.start()
        if self.board.code != old:
            self.problem(f"the board's pairing code changed on restart: {old} -> {self.board.code}")

    # --- the end of the day

    def review(self, heats: list[Heat]) -> None:
        """Everything merged at the desk, the late athlete's conflict decided there, and the
        desk's referee corrects a result or two it has seen."""
        for station in STATIONS:
            self.push(station)
        for laptop in sorted({*STATIONS, *self.live.values()}):
            self.merge(DESK, self.share(laptop))
        desk = str(self.dbs[DESK])
        _, out, _ = self.cli("conflicts", "--format", "json", "--db", desk)
        found = json.loads(out or "[]")
        wanted = []
        if len(self.dup) == 2:
            event = next(iter(self.dup.values())).event
            wanted = [f"day:athlete:{DUP.bib}@{event}"]
        ids = [c["id"] for c in found]
        if ids != wanted:
            self.f.mismatched += 1
            self.problem(f"conflicts at the desk: {ids}, expected {wanted}")
        if len(self.dup) == 1:
            self.script.insert(0, ("dup", next(iter(self.dup.items()))))
        if wanted and wanted[0] in ids:
            chosen = self.rng.choice(sorted(self.dup))
            with opened(self.dbs[DESK], readonly=True) as repo:
                named = repo.labels()
            with opened(self.db(chosen), readonly=True) as repo:
                label = named[repo.me.sid]  # "yard#1a2b" where a spare shares the name
            self.cli("resolve", wanted[0], label, "--reason", "the entry desk's list", "--db", desk)
            self.history[(DESK, "resolve", self.dup[chosen].event, None, None, label)] += 1
            self.script.insert(0, ("dup", (chosen, self.dup[chosen])))
        argued = self.lane_conflict(heats)
        for h in self.rng.sample(heats, min(2, len(heats))):
            if h.abandoned or not h.done or h is argued:
                continue
            with opened(self.dbs[DESK], readonly=True) as repo:
                seated = {e.lane for e in repo.require_day().lineup(h.event, h.heat)}
            # a lane the desk no longer seats (a late athlete decided into another lane)
            # takes no correction there: the desk refuses it, rightly
            lanes = [op[1] for op in h.done if op[0] in ("finish", "enter") and op[1] in seated]
            if not lanes:
                continue
            lane, text = self.rng.choice(lanes), self.value(h.event)
            if self.correct(DESK, h, lane, text, "desk re-read the card"):
                self.script.append(("desk", (h, lane, text)))

    def correct(self, laptop: str, h: Heat, lane: int, text: str, reason: str) -> bool:
        """`record ... --reason` at a laptop; whether it saved a new value."""
        code, out, _ = self.cli(*correction(h, lane, text, reason, self.db(laptop)))
        if code == 0 and out.startswith("saved"):
            self.f.records += 1
            self.history[(laptop, "correction", h.event, h.heat, lane, text)] += 1
            return True
        return False

    def lane_conflict(self, heats: list[Heat]) -> Heat | None:
        """The desk and a station correct one lane without seeing each other's correction: one
        lane conflict, decided at the desk for one of them; the heat argued over."""
        fit = [
            h
            for h in heats
            if not h.abandoned
            and h.laptop == self.live[h.owner]
            and h not in self.dup.values()
            and any(op[0] in ("finish", "enter") for op in h.done)
        ]
        if not fit or self.rng.random() < 0.2:
            return None
        h = self.rng.choice(fit)
        lane = self.rng.choice([op[1] for op in h.done if op[0] in ("finish", "enter")])
        texts = {DESK: self.value(h.event), h.laptop: self.value(h.event)}
        if texts[DESK] == texts[h.laptop]:
            return None
        if not self.correct(DESK, h, lane, texts[DESK], "desk: the card says otherwise"):
            return None
        if not self.correct(h.laptop, h, lane, texts[h.laptop], "station: watch re-read"):
            self.script.append(("desk", (h, lane, texts[DESK])))
            return h
        self.merge(DESK, self.share(h.laptop))
        self.f.faults["two corrections of one lane"] += 1
        desk = str(self.dbs[DESK])
        _, out, _ = self.cli("conflicts", "--format", "json", "--db", desk)
        found = [
            c
            for c in json.loads(out or "[]")
            if (c["kind"], c["event"], c["heat"], c["lane"]) == ("lane", h.event, h.heat, lane)
        ]
        if len(found) != 1:
            self.f.mismatched += 1
            self.problem(f"two corrections of {h.event} {h.heat} lane {lane}: conflicts {found}")
            return h
        chosen = self.rng.choice(sorted(texts))
        with opened(self.dbs[DESK], readonly=True) as repo:
            named = repo.labels()
        with opened(self.db(chosen), readonly=True) as repo:
            label = named[repo.me.sid]
        self.cli("resolve", found[0]["id"], label, "--reason", "the referee's word", "--db", desk)
        self.history[(DESK, "resolve", h.event, h.heat, lane, normal(h.event, texts[chosen]))] += 1
        self.script.append(("desk", (h, lane, texts[chosen])))
        return h

    def final_exchange(self) -> None:
        """Every laptop's bundle merged at the desk, the desk's merged at every laptop."""
        laptops = sorted(n for n in self.dbs if n not in (DESK, "alone"))
        bundles = [self.share(n) for n in laptops]
        self.rng.shuffle(bundles)
        for bundle in bundles:
            self.merge(DESK, bundle)
        final = self.share(DESK)
        for laptop in laptops:
            self.merge(laptop, final)

    # --- the model and the checks

    def build_alone(self) -> None:
        """One database that made every intended save itself, decisions as decided."""
        db = self.dbs["alone"]
        decided: Heat | None = None
        for kind, what in self.script:
            if kind == "dup":
                decided = what[1]
        with opened(db) as repo:
            for kind, what in self.script:
                if kind == "late":
                    event, heat, athlete = what
                    self.alone_late(repo, event, heat, athlete)
                elif kind == "heat":
                    h: Heat = what
                    if decided is h:
                        self.alone_late(repo, h.event, h.heat, DUP)
                    lanes = {e.lane for e in repo.require_day().lineup(h.event, h.heat)}
                    for op in h.done:
                        if op[0] in ("start", "close") or op[1] in lanes:
                            apply_op(repo, h.event, h.heat, op, h.at)
        for kind, what in self.script:
            if kind == "heat":
                for lane, text in what.slips.items():
                    self.alone_record(what, lane, text, "slip")
        for kind, what in self.script:
            if kind == "desk":
                h, lane, text = what
                self.alone_record(h, lane, text, "desk")

    def alone_late(self, repo: DayView, event: str, heat: int, athlete: Athlete) -> None:
        """The model's late athlete, where the station put them."""
        lane = self.free_lane(repo.require_day(), event, heat)
        assert lane is not None
        repo.apply_lineup(
            lineup.add_late(
                repo.lineup(),
                athlete,
                event,
                heat,
                lane,
                reason="came late",
                stamp=stamp(0),
                override=True,
            )
        )

    def alone_record(self, h: Heat, lane: int, text: str, reason: str) -> None:
        """The model's correction (none in a lane the model's day does not have)."""
        with opened(self.dbs["alone"], readonly=True) as repo:
            if lane not in {e.lane for e in repo.require_day().lineup(h.event, h.heat)}:
                return  # the late athlete's lane the decision went against
        code, _, err = run_cli(*correction(h, lane, text, reason, self.dbs["alone"]))
        if code != 0:
            self.problem(f"the model could not record {h.event} {h.heat} {lane} {text}: {err}")

    def lanes_of(self, db: Path) -> dict[tuple[str, int, int], list[Any]]:
        """Every counted result by lane of the day's line-up."""
        with opened(db, readonly=True) as repo:
            day = repo.require_day()
            seats = {(e.event, e.heat, e.lane): e.bib for e in day.lanes}
            found: dict[tuple[str, int, int], list[Any]] = {}
            for a in repo.attempts():
                if seats.get((a.event, a.heat, a.lane)) == a.bib:
                    found.setdefault((a.event, a.heat, a.lane), []).append(
                        (a.bib, a.status, a.time_ms, a.count, a.shots)
                    )
        return found

    def views(self, db: Path) -> dict[str, Any]:
        """Standings, prizes and history as the commands print them."""
        out: dict[str, Any] = {}
        for what in ("standings", "awards", "history", "conflicts"):
            code, text, err = run_cli(what, "--format", "json", "--db", str(db))
            out[what] = json.loads(text) if code == 0 else f"exit {code}: {err}"
        return out

    def check(self) -> None:
        """The desk against the model, and every station against the desk."""
        self.build_alone()
        desk = self.lanes_of(self.dbs[DESK])
        model = self.lanes_of(self.dbs["alone"])
        for key, want in model.items():
            got = desk.get(key)
            if not got:
                self.f.lost += 1
                self.problem(f"lost at the desk: {key} {want}")
            elif len(got) > 1:
                self.f.doubled += 1
                self.problem(f"doubled at the desk: {key} {got}")
            elif got != want:
                self.f.falsified += 1
                self.problem(f"falsified at the desk: {key} {got}, meant {want}")
        for key, got in desk.items():
            if key not in model:
                self.f.falsified += 1
                self.problem(f"at the desk, never meant: {key} {got}")
        at_desk = self.views(self.dbs[DESK])
        alone = self.views(self.dbs["alone"])
        self.check_standings(at_desk["standings"], alone["standings"])
        for what in ("standings", "awards"):
            if at_desk[what] != alone[what]:
                self.f.mismatched += 1
                self.problem(
                    f"the desk's {what} differ from the model's: "
                    f"{first_difference(at_desk[what], alone[what])}"
                )
        if at_desk["conflicts"] != []:
            self.f.mismatched += 1
            self.problem(f"conflicts left at the desk: {at_desk['conflicts']}")
        self.check_history(at_desk["history"])
        for laptop in sorted(self.dbs):
            if laptop in (DESK, "alone"):
                continue
            there = self.views(self.dbs[laptop])
            for what in ("standings", "awards", "conflicts"):
                if there[what] != at_desk[what]:
                    self.f.mismatched += 1
                    self.problem(f"{laptop}'s {what} differ from the desk's")
            if project(there["history"]) != project(at_desk["history"]):
                self.f.mismatched += 1
                self.problem(f"{laptop}'s history differs from the desk's")

    def check_standings(self, got: Any, want: Any) -> None:
        """Each athlete's standing result at the desk against the model's, by event and bib:
        a different result or lane is falsified, a missing one lost, one listed twice doubled."""
        if not isinstance(got, list) or not isinstance(want, list):
            self.f.mismatched += 1
            return
        seen = Counter((r["event"], r["bib"]) for r in got)
        self.f.doubled += sum(n - 1 for n in seen.values() if n > 1)
        desk = {(r["event"], r["bib"]): r for r in got}
        model = {(r["event"], r["bib"]): r for r in want}
        fields = ("result", "status", "heat", "lane")
        for key, meant in model.items():
            row = desk.get(key)
            if row is None:
                self.f.lost += 1
                self.problem(f"standings: {key} missing at the desk")
            elif any(row[k] != meant[k] for k in fields):
                self.f.falsified += 1
                shown = {k: row[k] for k in fields}
                self.problem(
                    f"standings: {key} at the desk {shown}, meant { {k: meant[k] for k in fields} }"
                )
        for key in desk.keys() - model.keys():
            self.f.falsified += 1
            self.problem(f"standings: {key} at the desk, never meant")

    def check_history(self, rows: Any) -> None:
        """Every correction, late athlete and decision the model made, once, in the desk's
        history, with its station."""
        if not isinstance(rows, list):
            self.f.mismatched += 1
            self.problem(f"history: {rows}")
            return
        seen: Counter[tuple[Any, ...]] = Counter()
        for r in rows:
            if r["kind"] == "correction":
                seen[(r["station"], "correction", r["event"], r["heat"], r["lane"], r["new"])] += 1
            elif r["kind"] == "lineup":
                seen[(r["station"], "lineup", r["event"], r["heat"], r["lane"], r["bib"])] += 1
            elif r["kind"] == "resolve":
                seen[(r["station"], "resolve", r["event"], r["heat"], r["lane"], r["new"])] += 1
            elif r["kind"] == "entry":
                seen[(r["station"], "entry", r["event"], r["heat"], r["lane"], None)] += 1
        want = Counter({k: v for k, v in self.history.items() if k[1] != "correction"})
        want += Counter(
            {
                (k[0], *k[1:5], normal(k[2], k[5])): v
                for k, v in self.history.items()
                if k[1] == "correction"
            }
        )
        want = Counter({(self.label(k[0]), *k[1:]): v for k, v in want.items()})
        missing = want - seen
        extra = seen - want
        self.f.lost += sum(missing.values())
        for k in missing:
            self.problem(f"missing from the desk's history: {k}")
        if extra:
            self.f.mismatched += 1
            self.problem(f"in the desk's history, never made: {sorted(extra)[:5]}")

    def label(self, laptop: str) -> str:
        """What the desk calls a laptop's station (its name, or name#id where two share it)."""
        if self.labels is None:
            with opened(self.dbs[DESK], readonly=True) as repo:
                named = repo.labels()
            self.labels = {}
            for name, db in self.dbs.items():
                with opened(db, readonly=True) as repo:
                    self.labels[name] = named.get(repo.me.sid, f"{name}?")
        return self.labels[laptop]


def normal(event: str, text: str) -> str:
    """A value as `history` prints it."""
    if text in ("DNS", "DNF", "DQ", "FOUL") or event in RACES:
        return text
    if event == "free-throw":
        return str(text.count("1"))
    return str(int(text))


def first_difference(got: Any, want: Any) -> str:
    """The first row where two listings part (what a person needs to see first)."""
    if not isinstance(got, list) or not isinstance(want, list):
        return f"{got!r:.300} vs {want!r:.300}"
    for n, (a, b) in enumerate(zip(got, want, strict=False)):
        if a != b:
            return f"row {n}: {a} vs {b}"
    return f"{len(got)} rows vs {len(want)}"


def project(rows: Any) -> Any:
    """History rows in one order: two laptops may list the same changes in another."""
    if not isinstance(rows, list):
        return rows
    return sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in rows)


def simulate(
    days: int,
    seed: int,
    *,
    big_every: int = 0,
    athletes: int = 200,
    odds: float = 0.4,
    folder: Path | None = None,
) -> Figures:
    """Run `days` simulated days from `seed`; every `big_every`-th is a generated day of
    `athletes` athletes (0: sample-sized days only). The run's figures."""
    total = Figures()
    started = time.perf_counter()
    rng = random.Random(seed)
    base = Path(tempfile.mkdtemp(prefix="daybox-", dir=folder))
    try:
        for n in range(days):
            big = big_every > 0 and n % big_every == big_every - 1
            day_rng = random.Random(rng.randrange(2**63))
            box = DayBox(base / f"day{n:04d}", day_rng, athletes=athletes if big else 0, odds=odds)
            try:
                figures = box.run()
                figures.clean = int(not figures.problems)
                figures.problems = [f"day {n}: {p}" for p in figures.problems]
                total.add(figures)
            except Exception as exc:  # a crash of the simulation is a finding, not a pass
                total.days += 1
                where = traceback.format_exc(limit=-3).strip().splitlines()
                total.problems.append(f"day {n}: {type(exc).__name__}: {exc} {where}")
                total.mismatched += 1
            if not total.problems:
                shutil.rmtree(base / f"day{n:04d}", ignore_errors=True)
    finally:
        if not total.problems:
            shutil.rmtree(base, ignore_errors=True)
    total.seconds = time.perf_counter() - started
    if total.problems:
        total.problems.append(f"(days kept in {base})")
    return total


def render(f: dict[str, Any]) -> str:
    """The figures (`Figures.as_row`) as a table a person reads."""
    kinds = ", ".join(f"{k} {v}" for k, v in f["fault_kinds"].items())
    rows = [
        (
            "days",
            f"{f['days']}, {f['clean']} without a problem ({f['athletes']:,} athletes in all)",
        ),
        ("records", f"{f['records']:,}"),
        ("faults injected", f"{f['faults']:,} ({kinds})"),
        ("falsified", str(f["falsified"])),
        ("lost", str(f["lost"])),
        ("doubled", str(f["doubled"])),
        ("views differing from the model or the desk", str(f["mismatched"])),
        ("wall time", f"{f['seconds']:.1f} s"),
    ]
    width = max(len(a) for a, _ in rows)
    lines = [f"{a.ljust(width)}  {b}" for a, b in rows]
    lines += [f"  problem: {p}" for p in f["problems"][:40]]
    if len(f["problems"]) > 40:
        lines.append(f"  ... and {len(f['problems']) - 40} more problems")
    return "\n".join(lines)


if __name__ == "__main__":
    if sys.argv[1:2] == ["child"]:
        raise SystemExit(child(sys.argv[2:]))
    raise SystemExit(f"usage: python -m {__spec__.name} child DB OPS (run by the simulation)")
