"""What each console screen must show, worked out from a second, read-only open of the day.

`screen_equals_store` reopens the day from its files on disk and holds every
screen of a running console against it: lane rows and phase of a heat, the
programme's heat states, standings, prize lists, an athlete's events, the keys
on the help screen. The expected cells are built here from the stored
attempts, not by the screens' own code. Used by the console fuzz tests and the
referee machine.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import event
from textual.pilot import Pilot
from textual.widgets import DataTable, Static, TabbedContent, Tabs

from tests.support.daykit import DAY
from timing_console.app import TimingConsoleApp
from timing_console.model import Attempt, HeatPhase, Status, format_time
from timing_console.rules.awards import participation_list, prize_list, team_table
from timing_console.rules.heat.keys import lane_open
from timing_console.rules.heat.machine import HeatMachine
from timing_console.rules.ranking import rank_all, rank_event
from timing_console.stations.view import DayView, open_view
from timing_console.ui.heat.base import HeatHead, HeatScreen
from timing_console.ui.heat.countdown import CountdownScreen, time_up
from timing_console.ui.heat.counts import CountBox
from timing_console.ui.heat.freethrow import FreeThrowScreen
from timing_console.ui.heat.race import RaceScreen
from timing_console.ui.screens.athlete import AthleteScreen, events_of
from timing_console.ui.screens.awards import AwardsScreen
from timing_console.ui.screens.help import HelpScreen
from timing_console.ui.screens.programme import ProgrammeScreen
from timing_console.ui.screens.standings import StandingsScreen, result_cell
from timing_console.words.keys import HELP_TEXT


def settle_gc() -> None:
    """Undo the console's `gc.freeze()` / `gc.disable()` once its app is gone.

    They are right for the one app a referee's process runs all day; in a test
    process running hundreds of apps they would keep every dead app alive.
    """
    gc.enable()
    gc.unfreeze()
    gc.collect()


def cells(screen: Any, table: str = "#lanes") -> dict[str, dict[str, str]]:
    """A table's rows by row key, each as column key -> text (a DataTable or a LaneTable)."""
    grid = screen.query_one(table)
    if not isinstance(grid, DataTable):
        return grid.rows_as_text()  # type: ignore[no-any-return]
    columns = [str(c.key.value) for c in grid.ordered_columns]
    return {
        str(row.key.value): dict(zip(columns, map(str, grid.get_row(row.key)), strict=True))
        for row in grid.ordered_rows
    }


def race_state(attempt: Attempt | None) -> tuple[str, str]:
    """(state, time) a race lane must show for its stored attempt."""
    if attempt is None:
        return "waiting", ""
    if attempt.status is None:
        return "running", ""
    if attempt.status is Status.OK and attempt.time_ms is not None:
        return "finished", format_time(attempt.time_ms)
    return attempt.status.value, ""


def count_state(attempt: Attempt | None) -> tuple[str, str]:
    """(state, count) a countdown lane must show."""
    if attempt is None:
        return "waiting", ""
    count = "" if attempt.count is None else str(attempt.count)
    if attempt.status is None:
        return "counting", count
    if attempt.status is Status.OK:
        return "saved", count
    return attempt.status.value, ""


def shooter(board: HeatMachine) -> int | None:
    """The lane shooting now: the first in lane order with shots still to take."""
    for entry in board.lineup:
        attempt = board.lanes.get(entry.lane)
        if attempt is None or attempt.status is None:
            return entry.lane
    return None


def shot_row(board: HeatMachine, lane: int) -> tuple[str, str, str, str]:
    """(state, boxes, baskets, first basket) a free-throw lane must show."""
    attempt = board.lanes.get(lane)
    shots = (attempt.shots or "") if attempt else ""
    boxes = shots.replace("1", "●").replace("0", "○")
    if attempt is None or attempt.status in (None, Status.OK):
        boxes += "·" * (10 - len(shots))
    first = str(shots.index("1") + 1) if "1" in shots else ""
    if lane == shooter(board):
        state = "shooting"
    elif attempt is None or attempt.status is None:
        state = "waiting"
    else:
        state = "finished" if attempt.status is Status.OK else attempt.status.value
    return state, boxes, str(shots.count("1")) if shots else "", first


def check_heat(screen: HeatScreen, disk: DayView) -> None:
    """Every lane row and the phase label against the heat as stored."""
    board = disk.board(screen.event_id, screen.heat)
    rows = cells(screen)
    assert sorted(rows) == sorted(str(e.lane) for e in board.lineup)
    for entry in board.lineup:
        row, attempt = rows[str(entry.lane)], board.lanes.get(entry.lane)
        where = f"{screen.event_id} heat {screen.heat} lane {entry.lane}"
        corrected = attempt is not None and attempt.corrected and attempt.status is not None
        assert row["state"].endswith(" ✎") is corrected, f"{where}: the corrected mark"
        row = {**row, "state": row["state"].removesuffix(" ✎")}
        if isinstance(screen, RaceScreen):
            shown = (row["state"], row["time"].removesuffix(" ⚠"))
            assert shown == race_state(attempt), where
            assert row["marks"].count("@") == len(attempt.marks if attempt else ()), where
        elif isinstance(screen, CountdownScreen):
            assert (row["state"], row["count"]) == count_state(attempt), where
        else:
            shots = (row["state"], row["shots"], row["count"], row["first_basket"])
            assert shots == shot_row(board, entry.lane), where
    label = screen.words(board.state.phase.value) + (" ✎" if board.state.reopened else "")
    if board.state.run > 1:
        label += f" · run {board.state.run}"
    assert screen.query_one(HeatHead).label == label
    keys = screen.desk.keys
    if isinstance(screen, CountdownScreen) and keys.boxes_open:
        for lane, box in screen.fields().items():
            attempt = board.lanes.get(lane)
            if (
                attempt is not None
                and attempt.status is Status.OK
                and lane not in keys.entry.edited
            ):
                boxed = str(box.content).removesuffix("▏")
                assert boxed == str(attempt.count), f"count box of lane {lane}"
            assert box.has_class("-closed") is not lane_open(board, lane), f"lane {lane}"
            assert box.has_class("-current") is (lane == keys.entry.current), f"lane {lane}"
    if isinstance(screen, FreeThrowScreen):
        check_shooter(screen, board)


def check_shooter(screen: FreeThrowScreen, board: HeatMachine) -> None:
    """The ten shot boxes show the stored shots of the athlete in view."""
    lane = shooter(board)
    if lane is None:
        shot = [e.lane for e in board.lineup if (a := board.lanes.get(e.lane)) and a.shots]
        lane = shot[-1] if shot else None
    attempt = board.lanes.get(lane) if lane is not None else None
    shots = (attempt.shots or "") if attempt else ""
    boxes = "".join(str(screen.query_one(f"#shot-{n}", Static).render()) for n in range(1, 11))
    assert boxes == (shots.replace("1", "●").replace("0", "○") + "·" * 10)[:10]


def check_programme(screen: ProgrammeScreen, disk: DayView) -> None:
    """Each heat's state word is its stored phase; a countdown past 0 reads "time up", a
    re-opened heat "re-opened" until it is closed again, then "done ✎"."""
    words = screen.words
    for key, row in cells(screen, "#heats").items():
        event, _, heat = key.partition("#")
        state = disk.heat_state(event, int(heat))
        phase = "time_up_state" if time_up(screen.session, state) else state.phase.value
        if state.reopened and state.phase is HeatPhase.READY:
            phase = "reopened_state"
        mark = " ✎" if state.reopened and state.phase is HeatPhase.DONE else ""
        assert row["state"].removesuffix(f" ◀ {words('next')}") == words(phase) + mark, key


def check_standings(screen: StandingsScreen, disk: DayView) -> None:
    """The rows are the stored standings of the event whose tab is active."""
    day = disk.require_day()
    event = screen.event_id or ""
    assert screen.query_one(Tabs).active == f"ev-{event}"
    standings = rank_event(day, event, disk.attempts(event))
    rows = cells(screen, "#standings")
    assert list(rows) == [r.bib for r in standings.rows]
    for r in standings.rows:
        assert rows[r.bib]["place"] == ("" if r.place is None else str(r.place)), r.bib
        assert rows[r.bib]["result"] == result_cell(screen.words, standings.event, r)


def check_awards(screen: AwardsScreen, disk: DayView) -> None:
    """The three lists are the stored day's prizes, participants and team table."""
    day = disk.require_day()
    standings = rank_all(day, disk.attempts())
    assert list(cells(screen, "#prizes-table")) == [r.bib for r in prize_list(standings)]
    everyone = participation_list(day, disk.attempts(include_void=True))
    assert list(cells(screen, "#participation-table")) == [r.bib for r in everyone]
    team = {r.unit: str(r.points) for r in team_table(day, standings)}
    assert {k: row["points"] for k, row in cells(screen, "#team-table").items()} == team
    assert screen.query_one(TabbedContent).active in ("prizes", "participation", "team")


def check_athlete(screen: AthleteScreen, disk: DayView) -> None:
    """One row per event the athlete is in, in programme order."""
    day = disk.require_day()
    mine = [a for a in disk.attempts(include_void=True) if a.bib == screen.bib]
    expected = events_of(day, screen.bib, mine)
    assert list(cells(screen, "#results")) == expected


def check_help(screen: HelpScreen) -> None:
    """Every timing key of the screen underneath is listed, and no line twice."""
    text = str(screen.query_one("#keys", Static).render())
    for key, help_id in getattr(screen.target, "TIMING_KEYS", []):
        assert key in text and HELP_TEXT[help_id][0] in text
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == len(set(lines)), "a key is listed twice"


async def screen_equals_store(
    app: TimingConsoleApp,
    pilot: Pilot[None],
    db: Path,
    *,
    final: bool = False,
    settled: bool = False,
    also: Callable[[DayView], None] | None = None,
) -> None:
    """Reopen the day from disk and hold every screen in the app against it.

    `settled`: the caller has already waited until every queue is empty (the
    referee machine does, after each key), so no idle wait is needed here.
    `also`: a further check on the day as reopened from disk.
    """
    await app.workers.wait_for_complete()
    if not settled:
        await pilot.pause()
    disk = open_view(db, readonly=True)
    try:
        assert {a.id: a for a in app.view.attempts(include_void=True)} == {
            a.id: a for a in disk.attempts(include_void=True)
        }, "the console holds attempts the journal does not"
        assert app.view.heat_states() == disk.heat_states()
        for screen in app.screen_stack:
            if isinstance(screen, HeatScreen):
                check_heat(screen, disk)
            elif isinstance(screen, HelpScreen):
                check_help(screen)
        top = app.screen
        if isinstance(top, ProgrammeScreen):
            check_programme(top, disk)
        elif isinstance(top, StandingsScreen):
            check_standings(top, disk)
        elif isinstance(top, AwardsScreen):
            check_awards(top, disk)
        elif isinstance(top, AthleteScreen):
            check_athlete(top, disk)
        for box in top.query(CountBox):
            if not box.has_class("-empty"):
                typed = str(box.content).removesuffix("▏")
                assert set(typed) <= set("0123456789-"), f"count box shows {typed!r}"
        if also is not None:
            also(disk)
        if final:
            note_coverage(disk)
    finally:
        disk.close()


def note_coverage(disk: DayView) -> None:
    """Tell the statistics which results the keys reached, so a thin run shows up."""
    for attempt in disk.attempts(include_void=True):
        if attempt.source == "console":
            status = attempt.status.value if attempt.status else "open"
            void = " void" if attempt.void else ""
            event(f"{DAY.event(attempt.event).kind.value} {status}{void}")
    for state in disk.heat_states().values():
        event(f"heat {state.phase.value}" + (" after a re-run" if state.run > 1 else ""))
