"""Stations for the merge tests: databases of one day, heats recorded at each, the CLI.

Heats are recorded through the same heat machine the console drives (start,
finish, close; or results entered and the heat closed), with made-up stamps.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tests.support.clock import stamp
from tests.support.commands import cli
from timing_console.model import Day
from timing_console.rules.awards import prize_list
from timing_console.rules.heat.results import parse_result
from timing_console.rules.ranking import rank_all
from timing_console.rules.report import awards_records, standings_records
from timing_console.stations.files import StationFiles, StationRecord
from timing_console.stations.view import DayView, open_view
from timing_console.store.db import Put
from timing_console.store.identity import Identity


def station(folder: Path, name: str, day: Day) -> Path:
    """A station's database with the day loaded and its name given."""
    db = folder / name / "day.json"
    repo = open_view(db)
    try:
        repo.load_day(day)
        repo.name_station(name)
    finally:
        repo.close()
    return db


def record_heat(
    db: Path, event: str, heat: int, results: Mapping[int, str], at: float = 0.0
) -> None:
    """Enter a heat's results lane by lane at `at` seconds into the day, and close it."""
    repo = open_view(db)
    try:
        record_heat_in(repo, event, heat, results, at)
    finally:
        repo.close()


def record_heat_in(
    repo: DayView, event: str, heat: int, results: Mapping[int, str], at: float = 0.0
) -> None:
    """The same in an open repository."""
    spec = repo.require_day().event(event)
    for n, (lane, text) in enumerate(sorted(results.items())):
        board = repo.board(event, heat)
        repo.apply(board.enter(lane, parse_result(spec, text), stamp(at + n), reason="card"))
    repo.apply(repo.board(event, heat).close(stamp(at + len(results))))


def race(db: Path, event: str, heat: int, times: Mapping[int, float], at: float) -> None:
    """Run a race with the stopwatch: the gun at `at`, each lane's finish after its time."""
    repo = open_view(db)
    try:
        repo.apply(repo.board(event, heat).start(stamp(at), "boot"))
        for lane, seconds in sorted(times.items(), key=lambda item: item[1]):
            repo.apply(repo.board(event, heat).finish(lane, stamp(at + seconds)))
        repo.apply(repo.board(event, heat).close(stamp(at + 60)))
    finally:
        repo.close()


def results_of(db: Path) -> dict[str, Any]:
    """What a desk shows: every standing and the prize list (ids of attempts left out)."""
    repo = open_view(db, readonly=True)
    try:
        day = repo.require_day()
        standings = rank_all(day, repo.attempts(), repo.in_conflict())
        prizes = prize_list(standings, withheld=repo.held_back())
        return {
            "standings": standings_records(standings),
            "prizes": awards_records(prizes),
            "results": sorted(
                (a.event, a.heat, a.lane, a.bib, a.status, a.time_ms, a.count, a.shots)
                for a in repo.attempts()
            ),
        }
    finally:
        repo.close()


def carry(capsys: Any, bundle: Path, source: Path, target: Path) -> tuple[int, str, str]:
    """A USB stick's trip: `share BUNDLE` at `source`, then `merge BUNDLE` at `target`; the
    merge's exit code, stdout and stderr."""
    code, _, err = cli(capsys, "share", str(bundle), "--db", str(source))
    assert code == 0, err
    return cli(capsys, "merge", str(bundle), "--db", str(target))


def an_old_releases_foul(db: Path, sample_day: Day) -> None:
    """A FOUL in the paddle-ball run, as the command line of an older release saved it."""
    seat = sample_day.lineup("paddle-ball-run", 1)[0]
    doc = {"id": "old-foul", "event": "paddle-ball-run", "heat": 1}
    doc |= {"lane": seat.lane, "bib": seat.bib}
    doc |= {"status": "FOUL", "recorded_at": "2026-09-20T09:00:00+08:00", "source": "cli"}
    repo = open_view(db)
    try:
        repo.repo.store.commit(Put("attempts", "old-foul", doc))
    finally:
        repo.close()


def identity_of(db: Path) -> Identity:
    """Who a station's database is (its id, its name)."""
    repo = open_view(db, readonly=True)
    try:
        return repo.me
    finally:
        repo.close(snapshot=False)


def held_of(files: StationFiles, name: str) -> list[StationRecord]:
    """The records a desk holds of the station called `name` (none: an empty list)."""
    found = [h.records for h in files.read().values() if h.station.name == name]
    assert len(found) <= 1, f"two stations named {name}"
    return found[0] if found else []
