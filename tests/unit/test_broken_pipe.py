"""Issue 10: `timing-console awards | head` ends quietly, as does every command cut by a pipe.

Real processes with real pipes: the reader hangs up after one line while the
command is still writing far more than the pipe holds, or is gone before the
command starts. Either way the command ends without a traceback (it used to
print `BrokenPipeError`, and then `Exception ignored ... BrokenPipeError` when
Python flushed stdout on the way out) and with exit code 1.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.paths import SAMPLE
from timing_console.model import Athlete, Attempt, Day, LaneEntry, Status
from timing_console.stations.view import open_view
from timing_console.store.db import Put

ATHLETES = 5_000
"""Enough rope skippers that `standings` prints several times Linux's 64 KiB pipe buffer."""

PIPE_BUFFER = 64 * 1024


def console_script() -> list[str]:
    """The installed `timing-console` as users run it, else `python -m timing_console`."""
    script = shutil.which("timing-console", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "timing_console"]


LAUNCH = console_script()


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A day of 5,000 rope skippers, each with a count."""
    db = tmp_path_factory.mktemp("big") / "day.json"
    lanes = [
        LaneEntry(event="rope-skipping", heat=1 + n // 8, lane=1 + n % 8, bib=str(n + 1))
        for n in range(ATHLETES)
    ]
    day = Day(
        title="big",
        date="2026-09-20",
        venue="v",
        athletes=tuple(
            Athlete(bib=e.bib, name=f"选手{e.bib}", unit=f"单位{e.heat}", events=(e.event,))
            for e in lanes
        ),
        lanes=tuple(lanes),
    )
    repo = open_view(db)
    try:
        repo.load_day(day)
        attempts = [
            Attempt(
                id=f"a{e.bib}",
                event=e.event,
                heat=e.heat,
                lane=e.lane,
                bib=e.bib,
                status=Status.OK,
                count=int(e.bib) % 250,
                recorded_at="2026-09-20T09:00:00",
            )
            for e in lanes
        ]
        repo.repo.store.commit(
            *(Put("attempts", a.id, a.model_dump(mode="json")) for a in attempts)
        )
    finally:
        repo.close()
    return db


@pytest.fixture(scope="module")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample day, shared: the commands below only read it or record the same 98."""
    db = tmp_path_factory.mktemp("small") / "day.json"
    subprocess.run([*LAUNCH, "load", str(SAMPLE), "--db", str(db)], check=True, capture_output=True)
    return db


def test_the_big_day_prints_several_pipe_buffers(big_db):
    """So the hang-up below comes while the command is still writing, not at its last flush."""
    argv = [*LAUNCH, "standings", "--format", "csv", "--db", str(big_db)]
    whole = subprocess.run(argv, capture_output=True, check=True).stdout
    assert len(whole) > 4 * PIPE_BUFFER  # csv is the shortest of the three formats


@pytest.mark.parametrize(
    ("launcher", "fmt", "first_line"),
    [
        (LAUNCH, "table", b"place  bib"),
        (LAUNCH, "csv", b"place,bib,name,unit,event,result"),
        (LAUNCH, "json", b"["),
        ([sys.executable, "-m", "timing_console"], "table", b"place  bib"),
    ],
    ids=["table", "csv", "json", "python-m"],
)
def test_a_reader_that_takes_one_line_and_hangs_up_ends_standings_quietly(
    big_db, launcher, fmt, first_line
):
    argv = [*launcher, "standings", "--format", fmt, "--db", str(big_db)]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    code = proc.wait(timeout=60)
    assert first.startswith(first_line)
    assert err == "" and code == 1


@pytest.mark.parametrize(
    "command",
    [
        ["awards"],
        ["awards", "--format", "csv"],
        ["standings", "--format", "json"],
        ["history"],
        ["check", str(SAMPLE)],
        ["load", str(SAMPLE)],
        ["export", "{tmp}/out"],
        ["record", "rope-skipping", "1", "2", "98"],
    ],
    ids=lambda c: " ".join(c).replace(str(SAMPLE), "DAYFILE"),
)
def test_every_command_ends_quietly_when_its_reader_is_already_gone(small_db, tmp_path, command):
    argv = [*LAUNCH, *(c.format(tmp=tmp_path) for c in command), "--db", str(small_db)]
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(argv, stdout=write_end, stderr=subprocess.PIPE, timeout=60)
    finally:
        os.close(write_end)
    assert done.stderr.decode("utf-8", "replace") == "" and done.returncode == 1
    if command[0] == "record":  # saved before the line that says so found no reader
        show = [*LAUNCH, "standings", "rope-skipping", "--format", "csv", "--db", str(small_db)]
        assert ",98," in subprocess.run(show, capture_output=True, check=True, text=True).stdout
    if command[0] == "export":
        assert len(list((tmp_path / "out").glob("*.csv"))) == 10


def test_windows_says_a_closed_pipe_with_einval_and_it_ends_quietly_there_only(monkeypatch):
    """On Windows a write to a pipe whose reader left fails with EINVAL, not EPIPE."""
    import errno

    from timing_console import cli, oscompat

    gone = OSError(errno.EINVAL, "Invalid argument")
    monkeypatch.setattr(oscompat, "WINDOWS", True)
    assert cli.reader_gone(gone) and cli.reader_gone(BrokenPipeError())
    monkeypatch.setattr(oscompat, "WINDOWS", False)
    assert not cli.reader_gone(gone)  # elsewhere EINVAL is a real error, never swallowed
    assert not cli.reader_gone(OSError(errno.ENOSPC, "No space left on device"))


def test_lang_before_the_command_reaches_export_and_book(tmp_path, monkeypatch):
    """`timing-console --lang zh export DIR` must write Chinese sheets, whatever the locale."""
    from timing_console.cli_args import build_parser

    for command in (["export", "out"], ["book", "b.html"]):
        assert build_parser().parse_args(["--lang", "zh", *command]).lang == "zh"
        assert build_parser().parse_args([*command, "--lang", "en"]).lang == "en"
        assert build_parser().parse_args(command).lang is None  # then the locale decides
