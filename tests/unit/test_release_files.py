"""Files written by release c1a9b1a open today with nothing lost.

`tests/fixtures/release_c1a9b1a` holds what that release left on disk (its
`make_fixture.py` says how): a station's day whose journal runs on past its
snapshot, a bundle `share` wrote, and a results desk with the station files it
merged and a conflict still open; and, in each `expected.json`, what that
release read back from them. Each test copies the files, reads them with
today's code through the same commands (`history`, `standings`, `awards`,
`conflicts` as JSON, and what `share` counts of each station; the repository's
attempts with their versions, change records by station, heats, undo logs,
stations and the keys of every record in the day's own store), and requires
every record read then to be read now, the same.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from timing_console.cli import main
from timing_console.stations.view import open_view

RELEASE = Path(__file__).resolve().parents[1] / "fixtures" / "release_c1a9b1a"
COMMANDS = ("history", "standings", "awards", "conflicts")
LOCKS = ("day.json.lock", ".lock")
FRESH_DESK = "新成绩台"


def expected(part: str) -> dict[str, Any]:
    """What the release read back from one fixture."""
    found: dict[str, Any] = json.loads((RELEASE / part / "expected.json").read_text("utf-8"))
    return found


def copied(part: str, tmp_path: Path) -> Path:
    """A copy of one fixture's files (the committed ones are never opened); its day."""
    target = tmp_path / part
    shutil.copytree(RELEASE / part, target, ignore=shutil.ignore_patterns("expected.json"))
    return target / "day.json"


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """One command's output; it must succeed."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def commands(capsys: pytest.CaptureFixture[str], db: Path) -> dict[str, Any]:
    """What the reading commands print as JSON, and what `share` counts of each station."""
    found = {c: json.loads(cli(capsys, c, "--format", "json", "--db", str(db))) for c in COMMANDS}
    bundle = db.parent.parent / f"{db.parent.name}-shared.bundle"
    found["shared"] = cli(capsys, "share", str(bundle), "--db", str(db)).removeprefix(f"{bundle}: ")
    return found


def records(db: Path, *, readonly: bool) -> dict[str, Any]:
    """What the repository holds: stations, attempts, change records, heats, undo logs, and
    the keys of every record in the day's own store (by table)."""
    repo = open_view(db, readonly=readonly)
    try:
        me = repo.me
        heats = repo.heat_states()
        return {
            "station": {"sid": me.sid, "name": me.name, "replaces": me.replaces},
            "labels": repo.labels(),
            "stations": repo.stations,
            "attempts": [a.model_dump(mode="json") for a in repo.attempts(include_void=True)],
            "changes": [[sid, c.model_dump(mode="json")] for sid, c in repo.audit()],
            "heats": {k: h.model_dump(mode="json") for k, h in heats.items()},
            "actions": {
                k: [a.model_dump(mode="json") for a in repo.board(h.event, h.heat).actions]
                for k, h in heats.items()
            },
            "interrupted": sorted(h.key for h in repo.interrupted()),
            "resolutions": [[sid, doc] for sid, doc in repo.resolutions()],
            "stored": {t: list(repo.repo.store.rows(t)) for t in repo.repo.store.tables()},
        }
    finally:
        repo.close(snapshot=False)


def files(folder: Path) -> dict[str, bytes]:
    """Every file of a day's folder (locks aside), by its path in the folder."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name not in LOCKS
    }


def kept(now: Any, then: Any, where: str) -> None:
    """Everything read then is read now: every record (lists as long, in the same order),
    every field of it with the same value (a history time: the same moment); fields added
    since are no loss."""
    if isinstance(then, dict):
        assert isinstance(now, dict), where
        for key, value in then.items():
            assert key in now, f"{where}: {key} is gone"
            kept(now[key], value, f"{where}.{key}")
    elif isinstance(then, list):
        assert isinstance(now, list), where
        assert len(now) == len(then), f"{where}: {len(now)} records, not {len(then)}"
        for n, (a, b) in enumerate(zip(now, then, strict=True)):
            kept(a, b, f"{where}[{n}]")
    elif where.startswith("history") and where.endswith(".at") and isinstance(then, str):
        assert moment(now) == moment(then), f"{where}: {now!r}, not the moment {then!r}"
    else:
        assert now == then, f"{where}: {now!r}, not {then!r}"


def moment(at: Any) -> datetime:
    """A history time as the moment it names: `history` shows it in the reader's zone."""
    return datetime.fromisoformat(str(at)).astimezone(UTC)


def at_moment(row: dict[str, Any]) -> dict[str, Any]:
    """A history row with its time as the moment it names, in UTC."""
    return {**row, "at": moment(row["at"]).isoformat()}


def read(capsys: pytest.CaptureFixture[str], db: Path, *, readonly: bool) -> dict[str, Any]:
    """Everything the release read, read now: for `readonly`, by a reader beside a console
    that holds the day (the commands then read without the lock)."""
    if not readonly:
        return commands(capsys, db) | records(db, readonly=False)
    found = records(db, readonly=True)
    console = open_view(db)
    try:
        return commands(capsys, db) | found
    finally:
        console.close(snapshot=False)


def same(found: dict[str, Any], then: dict[str, Any], leave: tuple[str, ...] = ()) -> None:
    """Every section the release read back is read now (but the sections to `leave`)."""
    for section, value in then.items():
        if section not in ("release", "merged", *leave):
            kept(listed(found, section), value, section)


def listed(found: dict[str, Any], section: str) -> Any:
    """A section as the release printed it: its standings left out athletes still to go,
    which `standings` now lists last."""
    if section != "standings":
        return found[section]
    return [r for r in found[section] if r["status"] is not None or r["conflict"]]


@pytest.mark.parametrize("mode", ["readonly", "readwrite"])
@pytest.mark.parametrize("part", ["station", "desk"])
def test_a_day_the_release_wrote_opens_with_every_record(part, mode, tmp_path, capsys):
    """The station's snapshot and journal tail, the desk's own day and the stations it merged:
    every attempt and version, change, heat, undo log, station and open conflict."""
    db = copied(part, tmp_path)
    before = files(db.parent)
    then = expected(part)
    assert then["attempts"] and then["changes"] and then["history"]

    same(read(capsys, db, readonly=mode == "readonly"), then)
    after = files(db.parent)
    if mode == "readwrite":  # an open for writing may write a fresh snapshot, nothing else
        after.pop("day.json", None)
        before.pop("day.json", None)
    assert after == before


def counted(shared: str) -> dict[str, int]:
    """What `share` said it wrote: records by station."""
    return {
        name: int(n) for n, name in re.findall(r"(\d+)(?: records?)? of station ([^,\n]+)", shared)
    }


def grew(now: dict[str, Any], then: dict[str, Any], saves: dict[str, int]) -> None:
    """Every record the release stored is still stored, in its place, and the journal only
    took `saves` more commits (by station) beyond the release's."""
    for table, keys in then["stored"].items():
        assert now["stored"][table][: len(keys)] == keys, table
    more = {name: n + saves.get(name, 0) for name, n in counted(then["shared"]).items()}
    assert counted(now["shared"]) == more


def test_a_station_day_the_release_wrote_goes_on(tmp_path, capsys):
    """Opened for writing, the day takes new saves after the release's own, which stay: a
    card, and the heat the killed console left running closed from the cards."""
    db = copied("station", tmp_path)
    journal = db.with_name("day.json.journal").read_bytes()
    then = expected("station")

    cli(capsys, "record", "bean-moving", "1", "1", "55", "--db", str(db))
    cli(capsys, "close", "shuttlecock", "1", "--reason", "计时台断电，按记录卡", "--db", str(db))

    assert db.with_name("day.json.journal").read_bytes().startswith(journal)
    now = commands(capsys, db) | records(db, readonly=True)
    grew(now, then, {"跑道": 2})
    assert (then["interrupted"], now["interrupted"]) == (["shuttlecock#1"], [])
    old = len(then["attempts"])
    assert [a["id"] for a in now["attempts"][:old]] == [a["id"] for a in then["attempts"]]
    [new] = now["attempts"][old:]
    assert (new["event"], new["lane"], new["count"]) == ("bean-moving", 1, 55)
    for attempt, was in zip(now["attempts"], then["attempts"], strict=False):
        if was["event"] != "shuttlecock":
            kept(attempt, was, was["id"])
    kept(now["changes"][: len(then["changes"])], then["changes"], "changes")
    kept(now["history"][: len(then["history"])], then["history"], "history")
    added = [c["kind"] for _, c in now["changes"][len(then["changes"]) :]]
    running = sum(1 for a in then["attempts"] if a["event"] == "shuttlecock")
    assert sorted(added) == ["close"] * running + ["entry"]


def test_a_desk_the_release_wrote_decides_its_open_conflict(tmp_path, capsys):
    """The open conflict decided today: every record of the release's desk is still there,
    and the stations' files are left as they were."""
    db = copied("desk", tmp_path)
    stations = files(db.parent / "day.json.stations")
    journal = db.with_name("day.json.journal").read_bytes()
    then = expected("desk")
    [conflict] = then["conflicts"]

    cli(capsys, "resolve", conflict["id"], "跑道", "--reason", "以跑道计时为准", "--db", str(db))

    assert files(db.parent / "day.json.stations") == stations
    assert db.with_name("day.json.journal").read_bytes().startswith(journal)
    now = commands(capsys, db) | records(db, readonly=True)
    grew(now, then, {"成绩台": 1})
    assert now["conflicts"] == []
    assert now["stations"] == then["stations"]
    assert [a["id"] for a in now["attempts"]] == [a["id"] for a in then["attempts"]]
    rows = Counter(json.dumps(at_moment(r), sort_keys=True) for r in now["history"])
    rows.subtract(json.dumps(at_moment(r), sort_keys=True) for r in then["history"])
    assert min(rows.values()) == 0  # every row of the release's audit is still in it
    assert {json.loads(r)["kind"] for r, n in rows.items() if n} == {"resolve"}


def fresh_desk(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Path:
    """A results desk that loaded the day the release's stations loaded, and nothing else."""
    dayfile = tmp_path / "dayfile"
    shutil.copytree(RELEASE / "dayfile", dayfile)
    db = tmp_path / "fresh" / "day.json"
    cli(capsys, "load", str(dayfile / "sports-day.toml"), "--station", FRESH_DESK, "--db", str(db))
    return db


def theirs(found: dict[str, Any], then: dict[str, Any]) -> None:
    """At a fresh desk, everything read of the bundle's stations is what the release read
    (the desk itself, today's, is left aside: its id, its own records)."""
    own = found.pop("station")["sid"]
    assert found["labels"].pop(own) == FRESH_DESK
    shared = counted(found.pop("shared"))
    assert shared.pop(FRESH_DESK) > 0
    assert shared == {k: n for k, n in counted(then["shared"]).items() if k != FRESH_DESK}
    same(found, then, leave=("shared", "stored"))


def test_the_release_s_bundle_merges_into_a_fresh_desk_with_every_record_once(tmp_path, capsys):
    """Taken in, the bundle shows every record the release showed; taken in again, nothing
    changes."""
    db = fresh_desk(capsys, tmp_path)
    bundle = tmp_path / "yard.bundle"
    shutil.copy(RELEASE / "bundle" / "yard.bundle", bundle)
    then = expected("bundle")

    assert cli(capsys, "merge", str(bundle), "--db", str(db)) == then["merged"]
    theirs(commands(capsys, db) | records(db, readonly=True), then)

    once = files(db.parent)
    assert cli(capsys, "merge", str(bundle), "--db", str(db)).startswith("nothing new")
    assert files(db.parent) == once
    theirs(commands(capsys, db) | records(db, readonly=True), then)


def test_the_release_s_desk_knows_the_bundle_it_merged(tmp_path, capsys):
    """The desk took the same bundle in then: today it finds nothing new and changes nothing."""
    db = copied("desk", tmp_path)
    bundle = tmp_path / "yard.bundle"
    shutil.copy(RELEASE / "bundle" / "yard.bundle", bundle)
    before = files(db.parent)

    assert cli(capsys, "merge", str(bundle), "--db", str(db)).startswith("nothing new")
    assert files(db.parent) == before
    same(commands(capsys, db) | records(db, readonly=True), expected("desk"))
