"""Random keys on every screen: the console never crashes, and it shows what is saved.

The pattern of tconbeer/textual-textarea's fuzz tests: Hypothesis draws a key
sequence per screen and Pilot presses it. Here every key is posted to the app
as the driver posts it, stamped with the fake clock (the `press_at` fixture),
and the clock jumps between keys, so countdowns run out and finishes land at
odd times.

After the sequence the day is opened a second time, read-only, from the files
on disk, and every screen still in the app is compared with it cell by cell:
a lane that shows a time shows exactly the stored time, a lane that shows
"running" has no stored status, the phase label is the stored phase. A screen
that showed something the journal does not hold would fail here.

Each example builds its own day in a temporary folder and its own app (the
function-scoped `clock` and `press_at` fixtures are shared across examples on
purpose: a clock that keeps moving forward is still a monotonic clock).
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from textual.pilot import Pilot
from textual.screen import Screen

from tests.support.consolekit import screen_equals_store, settle_gc
from tests.support.daykit import DAY, budget
from timing_console.app import TimingConsoleApp
from timing_console.model import EventKind, Incident, LaneEntry, Status
from timing_console.rules.heat.results import ParsedResult
from timing_console.stations.view import open_view
from timing_console.ui.heat.base import HeatScreen
from timing_console.ui.heat.countdown import CountdownScreen
from timing_console.ui.heat.freethrow import FreeThrowScreen
from timing_console.ui.heat.race import RaceScreen
from timing_console.ui.screens.awards import AwardsScreen
from timing_console.ui.screens.help import HelpScreen
from timing_console.ui.screens.programme import ProgrammeScreen
from timing_console.ui.screens.standings import StandingsScreen

RACES = [s.id for s in DAY.events() if s.kind is EventKind.RACE]
COUNTS = [s.id for s in DAY.events() if s.kind is EventKind.COUNT]

TIMING = [
    "space",
    *"12345678",
    *"rpfdnvyhm0-",
    "backspace",
    "ctrl+s",
    "enter",
    "tab",
    "shift+tab",
    "up",
    "down",
]
LEAVE = ["escape", "left", "right", "question_mark", "s", "a"]
"""Keys that may take the referee to another screen; `q` (quit) is left out."""
ROWS = ["up", "down", "left", "right", "enter", "tab", "escape"]
ADVANCE = st.one_of(
    st.sampled_from([0.0, 0.004, 0.19, 3.0, 6.5, 9.95, 10.0, 50.0, 60.0, 70.0]),
    st.floats(0, 70, allow_nan=False, allow_infinity=False),
)
"""Seconds the fake clock jumps between two keys."""
LANE = st.sampled_from("12345678")

Step = str | float
Chunk = list[Step]


def keys(alphabet: list[str]) -> st.SearchStrategy[Chunk]:
    """One key of an alphabet."""
    return st.sampled_from(alphabet).map(lambda key: [key])


RACE_RUN = st.tuples(
    st.floats(3, 40), st.lists(st.tuples(LANE, st.floats(0, 2)), min_size=1, max_size=6)
).map(lambda run: ["space", run[0], *(step for finish in run[1] for step in finish)])
"""The gun, the leader's time, then finishes close behind one another."""
COUNT_RUN = st.tuples(
    st.lists(LANE, max_size=8),
    st.sampled_from([60.0, 65.0, 120.0, 130.0]),
    st.lists(st.text("0123456789", min_size=1, max_size=3), max_size=5),
).map(lambda run: ["space", *run[0], run[1], *(k for c in run[2] for k in [*c, "enter"])])
"""The start, some tallies, time running out, then counts typed lane by lane."""

TIMING_CHUNKS: list[st.SearchStrategy[Chunk]] = [
    RACE_RUN,
    COUNT_RUN,
    st.just(["space"]),
    ADVANCE.map(lambda seconds: [seconds]),
    LANE.map(lambda lane: [lane]),
    st.tuples(st.sampled_from("rpfdn"), LANE).map(list),
    st.tuples(st.just("v"), st.sampled_from(["y", "1", "2", "3", "escape", "n"])).map(list),
    st.tuples(st.just("ctrl+s"), st.sampled_from(["y", "n", "escape", "enter"])).map(list),
    st.text("0123456789", min_size=1, max_size=3).map(lambda count: [*count, "enter"]),
    st.text("hm10", min_size=1, max_size=10).map(list),
    st.text("hm10", min_size=10, max_size=10).map(list),
    st.just(["backspace"]),
]
"""What a referee does on a heat screen: a whole race or countdown, the gun,
finishes, prefix and lane, a re-run or close answered, a count typed and saved,
some shots or an athlete's full ten, an undo."""


def actions(
    *extra: st.SearchStrategy[Chunk], stray: list[str] = TIMING + LEAVE, most: int = 14
) -> st.SearchStrategy[list[Step]]:
    """A sequence of referee moves and stray keys, flattened into steps."""
    chunk = st.one_of(*TIMING_CHUNKS, *extra, keys(stray))
    return st.lists(chunk, min_size=3, max_size=most).map(
        lambda chunks: [step for c in chunks for step in c]
    )


Press = Callable[..., Awaitable[None]]


def result_for(entry: LaneEntry) -> st.SearchStrategy[ParsedResult]:
    """A result a paper card could carry for this lane's event."""
    spec = DAY.event(entry.event)
    codes = [Status.DNS, Status.DNF, Status.DQ]
    codes += [Status.FOUL] if Incident.FOUL in spec.incidents else []
    code = st.sampled_from(codes).map(ParsedResult)
    if spec.kind is EventKind.RACE:
        ok = st.integers(spec.min_time_ms or 1, 60_000).map(
            lambda ms: ParsedResult(Status.OK, time_ms=ms)
        )
    elif spec.kind is EventKind.SHOTS:
        ok = st.text("01", min_size=10, max_size=10).map(lambda s: ParsedResult(Status.OK, shots=s))
    else:
        ok = st.integers(0, spec.max_count or 0).map(lambda n: ParsedResult(Status.OK, count=n))
    return st.one_of(ok, ok, code)


@st.composite
def seeds(draw: st.DrawFn, max_size: int = 8) -> list[tuple[LaneEntry, ParsedResult]]:
    """Results keyed in from paper cards before the console opens."""
    seats = draw(st.lists(st.sampled_from(DAY.lanes), max_size=max_size, unique=True))
    return [(seat, draw(result_for(seat))) for seat in seats]


@asynccontextmanager
async def console(
    clock: Any, seeded: list[tuple[LaneEntry, ParsedResult]]
) -> AsyncIterator[tuple[TimingConsoleApp, Pilot[None], Path]]:
    """A fresh day on disk with the seeded results, and the console running on it."""
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "day.json"
        repo = open_view(db)
        try:
            repo.load_day(DAY)
            for seat, result in seeded:
                stamp = clock.stamp()
                card = repo.board(seat.event, seat.heat).enter(
                    seat.lane, result, stamp, reason="card"
                )
                repo.apply(card)
            app = TimingConsoleApp(view=repo, lang="en", now=clock.now, wall=clock.wall, boot="b")
            async with app.run_test(size=(100, 30)) as pilot:
                await pilot.pause()
                yield app, pilot, db
            assert app.return_code in (None, 0), "the console exited with an error"
        finally:
            repo.close()
            settle_gc()


def tick_heats(app: TimingConsoleApp) -> None:
    """Repaint every heat screen now, as its interval would (alerts and count fields)."""
    for screen in app.screen_stack:
        if isinstance(screen, HeatScreen) and hasattr(screen, "board"):
            screen.tick()


async def drive(
    app: TimingConsoleApp, pilot: Pilot[None], clock: Any, press: Press, steps: list[str | float]
) -> None:
    """Press the keys as the driver would, moving the clock where a number says so."""
    for step in steps:
        if isinstance(step, str):
            await press(pilot, step)
        else:
            clock.advance(step)
            tick_heats(app)
            await pilot.pause()
        assert app.is_running and app.return_code is None, f"the console stopped at {step!r}"


async def fuzz(
    clock: Any,
    press: Press,
    seeded: list[tuple[LaneEntry, ParsedResult]],
    steps: list[Step],
    *,
    heat: tuple[str, int] | None = None,
    opening: tuple[str, ...] = (),
    expect: type[Screen[Any]] | None = None,
) -> None:
    """Open the console, get to the screen under test, press the keys, then compare."""
    async with console(clock, seeded) as (app, pilot, db):
        if heat is not None:
            event_id, pick = heat
            numbers = DAY.heat_numbers(event_id)
            app.open_heat(event_id, numbers[pick % len(numbers)])
            await pilot.pause()
        await drive(app, pilot, clock, press, list(opening))
        if expect is not None:
            assert isinstance(app.screen, expect)
        await screen_equals_store(app, pilot, db)
        await drive(app, pilot, clock, press, steps)
        tick_heats(app)
        await screen_equals_store(app, pilot, db, final=True)


HEAT = st.integers(0, 1)
FEW_SEEDS = seeds(max_size=3)


def walk(move: tuple[str, int]) -> Chunk:
    """Move the programme's cursor `move[1]` rows `move[0]`, then open the heat under it."""
    arrow, rows = move
    return [*[arrow] * rows, "enter"]


PROGRAMME = st.tuples(st.sampled_from(["up", "down"]), st.integers(0, 14)).map(walk)
"""Walk the programme's cursor and open the heat under it."""


RACE_DAY: list[Step] = ["n", "5", "space", 12.0, "1", 0.1, "2", "r", "3", "p", "3", "f", "4"]
RACE_DAY += [3.0, "3", "d", "5", "backspace", "v", "2", 1.0, "space", 9.0, "2", "ctrl+s", "y"]
COUNT_DAY: list[Step] = ["n", "2", "space", "1", "1", 30.0, "d", "3", 31.0, "42", "enter", "x"]
COUNT_DAY += ["-1", "enter", "backspace", "7", "enter", "s", "escape", "ctrl+s", "n", "ctrl+s", "y"]
SHOTS_DAY: list[Step] = ["n", "4", *"h0m1hhm0mh", "m", "backspace", "h", "v", "1", "n", "4"]
SHOTS_DAY += [*"hhh", "ctrl+s", "escape", "ctrl+s", "y"]
"""Heats with every key in play, so even a short CI run goes down each path."""


@pytest.mark.parametrize("event", RACES)
@budget("console")
@given(pick=HEAT, seeded=FEW_SEEDS, steps=actions())
@example(pick=0, seeded=[], steps=RACE_DAY)
def test_race_heat_under_random_keys(event, pick, seeded, steps, clock, press_at):
    """Each race event: gun, finishes, marks, DNS/DNF, undo, re-run, close, any order."""
    asyncio.run(fuzz(clock, press_at, seeded, steps, heat=(event, pick), expect=RaceScreen))


@budget("console")
@given(event=st.sampled_from(COUNTS), pick=HEAT, seeded=FEW_SEEDS, steps=actions())
@example(event="rope-skipping", pick=1, seeded=[], steps=COUNT_DAY)
def test_countdown_heat_under_random_keys(event, pick, seeded, steps, clock, press_at):
    """A counted heat: tallies, the countdown running out, counts typed, closes."""
    asyncio.run(fuzz(clock, press_at, seeded, steps, heat=(event, pick), expect=CountdownScreen))


@budget("console")
@given(pick=HEAT, seeded=FEW_SEEDS, steps=actions())
@example(pick=0, seeded=[], steps=SHOTS_DAY)
def test_free_throw_heat_under_random_keys(pick, seeded, steps, clock, press_at):
    """Free throws: shots for whoever is up, DNS, undo across athletes, one-lane re-runs."""
    heat = ("free-throw", pick)
    asyncio.run(fuzz(clock, press_at, seeded, steps, heat=heat, expect=FreeThrowScreen))


@budget("console")
@given(seeded=seeds(), steps=actions(PROGRAMME, PROGRAMME, keys(["escape"])))
def test_programme_under_random_keys(seeded, steps, clock, press_at):
    """The programme as home: open any heat, work it, come back; states must follow."""
    asyncio.run(fuzz(clock, press_at, seeded, steps, expect=ProgrammeScreen))


@pytest.mark.parametrize(("key", "screen"), [("s", StandingsScreen), ("a", AwardsScreen)])
@budget("console")
@given(seeded=seeds(), steps=actions(keys(ROWS), keys(ROWS), keys(ROWS), PROGRAMME))
def test_results_screens_under_random_keys(key, screen, seeded, steps, clock, press_at):
    """Standings and prizes (and athletes reached from them) over a day with results."""
    asyncio.run(fuzz(clock, press_at, seeded, steps, opening=(key,), expect=screen))


@budget("console")
@given(event=st.sampled_from([s.id for s in DAY.events()]), seeded=FEW_SEEDS, steps=actions())
def test_help_over_a_heat_under_random_keys(event, seeded, steps, clock, press_at):
    """The key list over each kind of heat, then whatever the referee presses next."""
    opening = ("question_mark",)
    heat = (event, 0)
    asyncio.run(fuzz(clock, press_at, seeded, steps, heat=heat, opening=opening, expect=HelpScreen))
