"""A damaged day file or journal, met by the console and by every CLI command.

Each must say so in one sentence naming the file, keep the damaged bytes aside
(`<name>.damaged-<UTC>`), and go on from the newest intact copy, with every
saved result still there. The store's own recovery rules are unit-tested in
tests/unit/test_store_recovery.py; this is what the referee meets.
"""

from __future__ import annotations

import json
import shutil
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.files import kept_aside, named_copy, one_sentence
from tests.support.paths import SAMPLE
from tests.support.screenkit import notes_of
from timing_console.app import TimingConsoleApp
from timing_console.cli import main
from timing_console.store.db import DayStore
from timing_console.store.repo import open_repo

EVENT = "paddle-ball-run"
SAVED = {1: 12340, 2: 13500}
"""Lane -> time of the results recorded before the damage."""


def _line(record: object) -> bytes:
    payload = json.dumps(record, separators=(",", ":")).encode()
    return b"%08x %b\n" % (zlib.crc32(payload), payload)


def _garble_last_line(raw: bytes) -> bytes:
    head, last = raw[:-1].rsplit(b"\n", 1)
    return head + b"\n" + last[:9] + b"{garbled" + last[17:] + b"\n"


def _drop_last_line(raw: bytes) -> bytes:
    return raw[: raw[:-1].rfind(b"\n") + 1]


# Which file, and what happens to it. Every one leaves an intact copy of each result.
DAMAGE: dict[str, tuple[str, Callable[[bytes], bytes]]] = {
    "day file truncated": ("day", lambda raw: raw[: len(raw) // 2]),
    "day file zero bytes": ("day", lambda raw: b""),
    "day file invalid json": ("day", lambda raw: b"{\x00garbled" + raw[9:]),
    "day file a json list": ("day", lambda raw: b"[]"),
    "day file stock empty tinydb": ("day", lambda raw: b'{"_default": {}}'),
    "journal truncated mid-line": ("journal", lambda raw: raw[: len(raw) - 40]),
    "journal truncated at a line end": ("journal", _drop_last_line),
    "journal zero bytes": ("journal", lambda raw: b""),
    "journal last line garbled": ("journal", _garble_last_line),
    "journal invalid json line appended": ("journal", lambda raw: raw + b"0badc0de {not json\n"),
    "journal line of the wrong shape": ("journal", lambda raw: raw + _line({"seq": 9, "puts": 1})),
}

COMMANDS: dict[str, Callable[[Path], list[str]]] = {
    "load": lambda tmp: ["load", str(SAMPLE)],
    "record": lambda tmp: ["record", EVENT, "1", "3", "14.00"],
    "standings": lambda tmp: ["standings", EVENT, "--format", "csv"],
    "awards": lambda tmp: ["awards", "--format", "json"],
    "export": lambda tmp: ["export", str(tmp / "out")],
}


@pytest.fixture(scope="module")
def saved_day(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A day loaded and given two results through the CLI, closed cleanly."""
    db = tmp_path_factory.mktemp("saved") / "day.json"
    assert main(["load", str(SAMPLE), "--db", str(db)]) == 0
    for lane, ms in SAVED.items():
        assert main(["record", EVENT, "1", str(lane), f"{ms / 1000:.2f}", "--db", str(db)]) == 0
    return db


def damaged(saved_day: Path, tmp_path: Path, which: str, damage: Callable[[bytes], bytes]):
    """Copy the saved day and damage one file; return (db, damaged file, its bytes)."""
    folder = tmp_path / "day"
    shutil.copytree(saved_day.parent, folder)
    db = folder / "day.json"
    target = db if which == "day" else folder / "day.json.journal"
    broken = damage(target.read_bytes())
    target.write_bytes(broken)
    return db, target, broken


def assert_results_kept(db: Path) -> None:
    """Every saved time is still there, and the day now opens with nothing to repair."""
    with DayStore.open(db, readonly=True) as store:
        assert store.notices == []
    repo = open_repo(db, readonly=True)
    try:
        lanes = {a.lane: a.time_ms for a in repo.attempts(EVENT) if a.heat == 1}
    finally:
        repo.close()
    assert {lane: lanes.get(lane) for lane in SAVED} == SAVED


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("damage", DAMAGE)
def test_each_command_says_so_keeps_the_damaged_file_and_goes_on(
    saved_day, tmp_path, capsys, command, damage
):
    which, how = DAMAGE[damage]
    db, target, broken = damaged(saved_day, tmp_path, which, how)
    capsys.readouterr()
    code = main([*COMMANDS[command](tmp_path), "--db", str(db)])
    err = capsys.readouterr().err
    assert code == 0, err
    notes = [line.removeprefix("note: ") for line in err.splitlines() if line.startswith("note: ")]
    assert len(notes) == 1, err
    one_sentence(notes[0], target)
    assert named_copy(notes[0], target).read_bytes() == broken
    assert_results_kept(db)


@pytest.mark.parametrize("command", COMMANDS)
def test_with_no_intact_copy_each_command_fails_in_one_sentence_and_opens_no_empty_day(
    saved_day, tmp_path, capsys, command
):
    db, target, broken = damaged(saved_day, tmp_path, "day", lambda raw: b"")
    (db.parent / "day.json.journal").write_bytes(b"")
    capsys.readouterr()
    assert main([*COMMANDS[command](tmp_path), "--db", str(db)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and "\n" not in err, err
    one_sentence(err.removeprefix("error: "), target)
    [aside] = kept_aside(target)
    assert aside.read_bytes() == broken


def test_check_never_touches_the_day(saved_day, tmp_path, capsys):
    db, _target, _broken = damaged(saved_day, tmp_path, "day", lambda raw: b"")
    before = {p.name: p.read_bytes() for p in db.parent.iterdir()}
    assert main(["check", str(SAMPLE), "--db", str(db)]) == 0
    assert "note:" not in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in db.parent.iterdir()} == before


@pytest.mark.parametrize("damage", ["day file truncated", "journal zero bytes"])
async def test_the_console_shows_the_referee_what_it_recovered(saved_day, tmp_path, damage):
    which, how = DAMAGE[damage]
    db, target, broken = damaged(saved_day, tmp_path, which, how)
    app = TimingConsoleApp(db_path=db, lang="en")
    [notice] = app.view.notices
    one_sentence(notice, target)
    assert named_copy(notice, target).read_bytes() == broken
    shown = notes_of(app)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        assert notice in shown
        lanes = {a.lane: a.time_ms for a in app.view.attempts(EVENT) if a.heat == 1}
        assert {lane: lanes.get(lane) for lane in SAVED} == SAVED
    assert_results_kept(db)


def test_damage_inside_the_part_of_the_journal_the_snapshot_covers_is_reported(
    saved_day, tmp_path, capsys
):
    def garble_first(raw: bytes) -> bytes:
        first, rest = raw.split(b"\n", 1)
        return first[:9] + b"{garbled" + first[17:] + b"\n" + rest

    db, target, broken = damaged(saved_day, tmp_path, "journal", garble_first)
    assert main(["standings", EVENT, "--db", str(db)]) == 0
    assert str(target) in capsys.readouterr().err
    assert any(aside.read_bytes() == broken for aside in kept_aside(target))


def test_console_never_opens_the_sample_over_damaged_copies(tmp_path, capsys):
    """A day whose only copies were damaged must not silently become the sample day."""
    from timing_console.cli import main

    db = tmp_path / "day.json"
    db.write_bytes(b"")
    assert main(["--db", str(db)]) == 1  # first start: the store sets the empty file aside
    capsys.readouterr()
    (tmp_path / "day.json.damaged-20260920T090000Z").write_bytes(b"{broken")
    assert main(["--db", str(db)]) == 1  # second start: no day, only damaged copies
    err = capsys.readouterr().err
    assert "damaged copies were kept aside" in err and "day.json.damaged-20260920T090000Z" in err
