"""Shared fixtures: a fake clock, a loaded sample day, and an app driven by stamped keys.

Tests never sleep: the clock is a number the test moves, and every key press
carries that number as its `event.time`, exactly as the input thread would.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.support.clock import FakeClock
from tests.support.paths import SAMPLE
from timing_console.dayio.dayfile import read_day
from timing_console.model import Day
from timing_console.stations.view import DayView, open_view

if TYPE_CHECKING:
    from textual.pilot import Pilot


@pytest.fixture(autouse=True)
def station_name(monkeypatch: pytest.MonkeyPatch) -> str:
    """An unnamed day's station is the computer's name: here one name on every machine,
    so a screen that shows it looks the same in CI as on a laptop."""
    monkeypatch.setattr("timing_console.store.repo.default_station", lambda: "pitch-1")
    return "pitch-1"


@pytest.fixture(autouse=True)
def english_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line follows the locale: here an English one on every machine, so a test
    that reads its English words passes on a Chinese laptop too (a test of the Chinese sets
    its own)."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


@pytest.fixture
def clock() -> FakeClock:
    """A fresh fake clock."""
    return FakeClock()


@pytest.fixture(scope="session")
def sample_day() -> Day:
    """The bundled sample day, read once."""
    day, _ = read_day(SAMPLE)
    return day


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where this test's day lives."""
    return tmp_path / "day.json"


@pytest.fixture
def repo(db_path: Path, sample_day: Day) -> Iterator[DayView]:
    """An open day with the sample loaded; closed after the test."""
    opened = open_view(db_path)
    opened.load_day(sample_day)
    yield opened
    opened.close()


@pytest.fixture
def day(db_path: Path, sample_day: Day) -> Path:
    """The sample day on disk, loaded and closed again (no lock held by the test process),
    for a command, a board or another process to open."""
    opened = open_view(db_path)
    try:
        opened.load_day(sample_day)
    finally:
        opened.close()
    return db_path


@pytest.fixture
def make_app(repo: DayView, clock: FakeClock) -> Callable[..., object]:
    """Build the console on the test's day and clock (English unless told)."""
    from timing_console.app import TimingConsoleApp

    def build(lang: str = "en", **kwargs: Any) -> TimingConsoleApp:
        kwargs.setdefault("saves_aside", False)  # each key saved before Pilot looks
        app = TimingConsoleApp(
            view=repo, lang=lang, now=clock.now, wall=clock.wall, boot="boot-test", **kwargs
        )
        return app

    return build


@pytest.fixture
def press_at(clock: FakeClock) -> Callable[..., Awaitable[None]]:
    """Press keys stamped with the fake clock (or `at`), posted as the driver posts a key."""
    from tests.support.keys import post_key
    from tests.support.screenkit import saved

    async def press(pilot: Pilot[Any], *keys: str, at: float | None = None) -> None:
        for key in keys:
            post_key(pilot.app, key, clock.t if at is None else at)
            await saved(pilot)  # a console whose saves wait in a thread, too

    return press


SLOW_FOLDERS = frozenset({"fuzz", "reliability", "browser", "snapshot"})
"""Property runs, crash and kill proofs, the real browser, screenshots: all slow."""
SLOW_FILES = frozenset(
    {
        "test_corrections.py",
        "test_countdown.py",
        "test_freethrow.py",
        "test_lineup_screen.py",
        "test_one_truth.py",
        "test_pairing.py",
        "test_programme.py",
        "test_race.py",
        "test_slips.py",
        "test_small_slips.py",
        "test_standings.py",
        "test_start_signal.py",
    }
)
"""Functional files that drive screens through Pilot for 7 s or more of test time each."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the slow tests `slow`, so `pytest -m "not slow"` answers within a minute (the
    pure logic, the commands, the store, the stations); CI runs everything."""
    for item in items:
        path = Path(str(item.fspath))
        if path.parent.name in SLOW_FOLDERS or path.name in SLOW_FILES:
            item.add_marker(pytest.mark.slow)
