"""What the bad-input properties share: the sample day, and what every outcome must satisfy.

A day either loads, and then obeys the notice's rules, or fails with problems
that each name a file of the day, a line that exists in it (or none for a
whole-file problem), and one sentence. Importing it loads the Hypothesis
profiles (`profiles`), so every fuzz module that uses it runs under them.
"""

from __future__ import annotations

import contextlib
import io
from collections import Counter
from pathlib import Path

from hypothesis import settings

from tests.support import profiles  # noqa: F401  (registers and loads the Hypothesis profiles)
from tests.support.paths import SAMPLE_DIR
from timing_console.dayio.dayfile import DayFileError, read_day
from timing_console.model import CATALOGUE, Day, EventKind
from timing_console.rules.entries import Problem

DAY, _ = read_day(SAMPLE_DIR / "sports-day.toml")
ENTRIES = (SAMPLE_DIR / "entries.csv").read_bytes()
HEATS = (SAMPLE_DIR / "heats.csv").read_bytes()
NAMES = {s.id: (s.id, s.zh, s.en) for s in CATALOGUE.values()}
"""Every name an organiser may give an event: id, Chinese, English."""
RACES = [s.id for s in CATALOGUE.values() if s.kind is EventKind.RACE]


def budget(kind: str) -> settings:
    """A test's settings under the profile `profiles` loaded (`console` or `input`)."""
    return settings.get_profile(f"{settings.get_current_profile_name()}-{kind}")


def text_of(data: bytes) -> str:
    """The file's text as the reader decodes it (bytes that decode nowhere count as lines)."""
    for codec in ("utf-16", "utf-8-sig", "gb18030"):
        if codec == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        with contextlib.suppress(UnicodeDecodeError):
            return data.decode(codec)
    return data.decode("latin-1")


def line_count(data: bytes) -> int:
    """Physical lines as an editor shows them."""
    return max(1, len(io.StringIO(text_of(data), newline="").readlines()))


def assert_located(problem: Problem, files: dict[str, bytes]) -> None:
    """Names a file of the day, a line inside it (if any), and says it in one sentence."""
    assert problem.file in files, str(problem)
    message = problem.message
    assert message and message == message.strip() and "\n" not in message, repr(message)
    assert len(message) <= 400 and "Traceback" not in message, message
    if problem.line is not None:
        assert 1 <= problem.line <= line_count(files[problem.file]), str(problem)


def assert_obeys_rules(day: Day) -> None:
    """What a loaded day promises the console: the notice's rules, held."""
    rules = day.rules
    assert day.title.strip() and day.date.strip() and day.venue.strip()
    bibs = [a.bib for a in day.athletes]
    assert all(bibs) and len(set(bibs)) == len(bibs)
    assert all(n <= rules.athletes_per_unit for n in Counter(a.unit for a in day.athletes).values())
    for a in day.athletes:
        assert a.name and a.unit and a.bib == "".join(a.bib.split())
        assert 1 <= len(a.events) <= rules.max_events and len(set(a.events)) == len(a.events)
        assert set(a.events) <= set(CATALOGUE)
        assert len(set(a.events) & set(rules.required_events)) >= rules.min_required
    athletes = {a.bib: a for a in day.athletes}
    assert max(Counter((e.event, e.bib) for e in day.lanes).values(), default=1) == 1
    assert max(Counter((e.event, e.heat, e.lane) for e in day.lanes).values(), default=1) == 1
    for e in day.lanes:
        assert e.event in athletes[e.bib].events
        assert 1 <= e.lane <= day.event(e.event).lanes


def outcome(path: Path, files: dict[str, bytes]) -> Day | list[Problem]:
    """Read the day; check whichever way it goes; return the day or its errors."""
    try:
        day, warnings = read_day(path)
    except DayFileError as error:
        assert error.problems
        for p in error.problems:
            assert_located(p, files)
            assert not p.warning
        return error.problems
    for w in warnings:
        assert_located(w, files)
        assert w.warning
    assert_obeys_rules(day)
    return day


def write_day(folder: Path, toml: bytes, entries: bytes, heats: bytes) -> dict[str, bytes]:
    """The three files on disk; returns them by the names problems must use."""
    files = {folder / "sports-day.toml": toml, folder / "entries.csv": entries}
    files[folder / "heats.csv"] = heats
    for path, data in files.items():
        path.write_bytes(data)
    return {str(path): data for path, data in files.items()}


def error_lines(result: Day | list[Problem], file: str) -> set[int | None]:
    """The lines of `file` the errors point at (empty if the day loaded)."""
    return set() if isinstance(result, Day) else {p.line for p in result if p.file == file}
