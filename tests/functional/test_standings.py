"""Standings, prizes and athlete screens: what the referee sees between rounds.

Results are recorded straight through the repository (as a heat screen or the
CLI would), then the screens are driven by keys and read cell by cell.
"""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Static, TabbedContent, Tabs

from tests.support.clock import T0, stamp
from tests.support.screenkit import settle
from timing_console.model import Incident, Status
from timing_console.rules.heat.results import ParsedResult
from timing_console.ui.screens.athlete import AthleteScreen
from timing_console.ui.screens.awards import AwardsScreen
from timing_console.ui.screens.standings import StandingsScreen
from timing_console.ui.widgets.marks import CORRECTED_MARK, PRIZE_MARK


def race(repo, event, heat, finishes=None, *, fouls=(), dns=(), start=0.0):
    """Run a race heat: DNS before the gun, then the gun, fouls, finishes (seconds)."""
    board = repo.board(event, heat)
    for lane in dns:
        board = repo.apply(board.dns(lane, stamp(start - 1)))
    board = repo.apply(board.start(stamp(start), "boot-test"))
    for lane in fouls:
        board = repo.apply(board.mark(lane, Incident.FOUL, stamp(start + 5)))
    for lane, seconds in sorted((finishes or {}).items(), key=lambda item: item[1]):
        board = repo.apply(board.finish(lane, stamp(start + seconds)))
    return board


def free_throws(repo, heat, shots_by_lane, start=0.0):
    """Shoot a free-throw heat lane by lane, as the referee keys it."""
    board = repo.board("free-throw", heat)
    t = start
    for _lane, shots in sorted(shots_by_lane.items()):
        for shot in shots:
            t += 1
            board = repo.apply(board.shot(shot == "1", stamp(t)))
    return board


def count(repo, event, heat, lane, value, reason="", at=0.0):
    result = ParsedResult(Status.OK, count=value)
    return repo.apply(repo.board(event, heat).enter(lane, result, stamp(at), reason=reason))


def table_rows(screen, table_id="#standings"):
    table = screen.query_one(table_id, DataTable)
    keys = [c.key.value for c in table.ordered_columns]
    return [
        dict(zip(keys, map(str, table.get_row_at(i)), strict=True)) for i in range(table.row_count)
    ]


def summary(screen) -> str:
    return str(screen.query_one("#summary", Static).content)


async def press(pilot, *keys: str) -> None:
    """Press keys, then wait for the screen's worker to paint what they asked for."""
    await pilot.press(*keys)
    await settle(pilot)


async def open_standings(pilot) -> StandingsScreen:
    await pilot.pause()
    await press(pilot, "s")
    screen = pilot.app.screen
    assert isinstance(screen, StandingsScreen)
    return screen


async def open_awards(pilot) -> AwardsScreen:
    await pilot.pause()
    await press(pilot, "a")
    screen = pilot.app.screen
    assert isinstance(screen, AwardsScreen)
    return screen


# ----- standings ---------------------------------------------------------------


async def test_shared_places_skip_and_a_foul_lists_below_without_place(make_app, repo):
    # stepping-stones heat 1: 601, 902, 1101, 1201; heat 2: 202, 801, 702, 1102
    race(repo, "stepping-stones", 1, {1: 12.0, 2: 12.495, 3: 12.5, 4: 13.0})
    race(repo, "stepping-stones", 2, {2: 14.0}, fouls=(1,), start=100)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_standings(pilot)
        await press(pilot, "right", "right")
        assert screen.event_id == "stepping-stones"
        rows = table_rows(screen)
        ranked = [(r["place"], r["bib"], r["result"]) for r in rows[:5]]
        assert ranked == [
            ("1", "601", "12.00"),
            ("2", "902", "12.50"),  # 12.495 rounds up to 12.50: shares second
            ("2", "1101", "12.50"),
            ("4", "1201", "13.00"),
            ("5", "801", "14.00"),
        ]
        foul = rows[5]
        assert (foul["bib"], foul["place"], foul["result"], foul["prize"]) == (
            "202",
            "",
            "FOUL",
            "",
        )
        pending = rows[6:]
        assert [r["bib"] for r in pending] == ["702", "1102"]
        assert all(r["place"] == "" and r["result"] == "pending" for r in pending)
        table = screen.query_one("#standings", DataTable)
        bib_column = [c.key.value for c in table.ordered_columns].index("bib")
        dimmed = [bool(table.get_row_at(i)[bib_column].spans) for i in range(len(rows))]
        assert dimmed == [False] * 6 + [True] * 2  # only pending rows are dimmed
        assert summary(screen).endswith("entrants: 8 · places awarded: 5")


async def test_arrows_and_tabs_switch_events(make_app, repo):
    race(repo, "knee-ball-walk", 1, {1: 9.0})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_standings(pilot)
        tabs = screen.query_one(Tabs)
        assert screen.event_id == "paddle-ball-run"
        assert summary(screen).startswith("托球跑 Paddle-ball run")
        await press(pilot, "right")
        assert screen.event_id == "knee-ball-walk"
        assert tabs.active == "ev-knee-ball-walk"
        assert summary(screen).startswith("双腿夹球走 Knee-ball walk")
        assert table_rows(screen)[0]["bib"] == "1101"
        await press(pilot, "left", "left")  # wraps round to the last event
        assert screen.event_id == "bean-moving"
        assert summary(screen).startswith("金豆搬家 Bean moving")
        await pilot.click("#ev-free-throw")
        await settle(pilot)
        assert screen.event_id == "free-throw"
        assert summary(screen).startswith("定点投篮 Free throws")


async def test_prize_markers_only_on_awarded_places(make_app, repo):
    race(repo, "paddle-ball-run", 1, {lane: 10.0 + lane for lane in range(1, 6)})
    race(repo, "paddle-ball-run", 2, {lane: 20.0 + lane for lane in range(1, 6)}, start=100)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_standings(pilot)
        rows = table_rows(screen)
        assert [r["place"] for r in rows] == [str(n) for n in range(1, 11)]
        assert [r["prize"] for r in rows] == [PRIZE_MARK] * 6 + [""] * 4
        table = screen.query_one("#standings", DataTable)
        styled = [bool(table.get_row_at(i)[0].spans) for i in range(10)]
        assert styled == [True] * 6 + [False] * 4  # the prize colour, from the stylesheet
        assert summary(screen).endswith("entrants: 10 · places awarded: 6")


async def test_free_throws_show_baskets_and_the_first_basket_tie_break(make_app, repo):
    # free-throw heat 1 in lane order: 201, 1001, 1201, 401
    free_throws(repo, 1, {1: "0110000000", 2: "1100000000", 3: "0000000000", 4: "0011111111"})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_standings(pilot)
        await pilot.click("#ev-free-throw")
        await settle(pilot)
        rows = [(r["place"], r["bib"], r["result"]) for r in table_rows(screen)[:4]]
        assert rows == [
            ("1", "401", "8 (1st @3)"),
            ("2", "1001", "2 (1st @1)"),
            ("3", "201", "2 (1st @2)"),
            ("4", "1201", "0"),
        ]


async def test_standings_refresh_when_a_result_lands_while_open(make_app, repo):
    """The day announces the save (`DaySaved`): no polling, no poke from the app."""
    board = race(repo, "paddle-ball-run", 1, {1: 12.0})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_standings(pilot)
        assert [r["bib"] for r in table_rows(screen) if r["place"]] == ["901"]
        repo.apply(board.finish(2, stamp(11.0)))  # another screen or a dialog
        await settle(pilot)
        placed = [(r["place"], r["bib"], r["result"]) for r in table_rows(screen) if r["place"]]
        assert placed == [("1", "602", "11.00"), ("2", "901", "12.00")]


async def test_standings_recompute_on_return_and_enter_opens_the_athlete(make_app, repo):
    board = race(repo, "paddle-ball-run", 1, {1: 12.0})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_standings(pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, AthleteScreen) and app.screen.bib == "901"
        repo.apply(board.finish(2, stamp(11.0)))
        await press(pilot, "escape")
        assert app.screen_stack[-1] is screen  # (`app.screen` is narrowed to the athlete's)
        assert table_rows(screen)[0]["bib"] == "602"


# ----- prizes, participation, team -------------------------------------------------


def prize_day(repo):
    """202 (区财政局) is second in the paddle-ball run and first in stepping stones."""
    # paddle-ball-run heat 2: 301, 101, 701, 202, 402
    race(repo, "paddle-ball-run", 2, {1: 11.0, 4: 12.0, 2: 13.0, 3: 14.0, 5: 15.0})
    # stepping-stones heat 2: 202, 801 (foul), 702, 1102 (DNS)
    race(repo, "stepping-stones", 2, {1: 20.0, 3: 25.0}, fouls=(2,), dns=(4,), start=100)


async def test_prize_list_has_each_athlete_once_for_their_best_place(make_app, repo):
    prize_day(repo)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_awards(pilot)
        rows = table_rows(screen, "#prizes-table")
        assert [r["bib"] for r in rows].count("202") == 1
        best = next(r for r in rows if r["bib"] == "202")
        assert best["event"].startswith("摸石过河") and best["place"] == "1"
        assert best["other_places"] == "托球跑 2"
        assert sorted(r["bib"] for r in rows) == sorted(["301", "101", "701", "402", "202", "702"])


async def test_participation_lists_starters_only(make_app, repo):
    prize_day(repo)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_awards(pilot)
        await press(pilot, "right")
        assert screen.query_one(TabbedContent).active == "participation"
        rows = {r["bib"]: r for r in table_rows(screen, "#participation-table")}
        assert set(rows) == {"301", "101", "701", "202", "402", "801", "702"}  # not 1102 (DNS)
        assert rows["202"]["events"] == "托球跑、摸石过河"


async def test_team_table_sums_points_of_prize_places(make_app, repo):
    prize_day(repo)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_awards(pilot)
        await press(pilot, "left")
        assert screen.query_one(TabbedContent).active == "team"
        rows = table_rows(screen, "#team-table")
        top = [(r["place"], r["unit"], r["points"], r["firsts"]) for r in rows[:5]]
        assert top == [
            ("1", "区财政局", "12", "1"),  # 5 (2nd) + 7 (1st)
            ("2", "区农业农村局", "8", "0"),  # 3 (4th) + 5 (2nd)
            ("3", "区卫健局", "7", "1"),
            ("4", "区教育局", "4", "0"),
            ("5", "区人社局", "2", "0"),
        ]
        assert {r["points"] for r in rows[5:]} == {"0"}


async def test_awards_refresh_when_a_result_lands(make_app, repo):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_awards(pilot)
        assert table_rows(screen, "#prizes-table") == []
        count(repo, "rope-skipping", 1, 2, 150)  # 202
        await settle(pilot)
        rows = table_rows(screen, "#prizes-table")
        assert [(r["bib"], r["place"]) for r in rows] == [("202", "1")]


# ----- athlete -------------------------------------------------------------------


async def test_athlete_screen_shows_results_edits_and_voids(make_app, repo):
    count(repo, "rope-skipping", 1, 2, 150, at=0.0)  # 202
    count(repo, "rope-skipping", 1, 2, 152, reason="recount from video", at=60)
    board = race(repo, "paddle-ball-run", 2, {4: 12.0}, start=100)
    repo.apply(board.rerun(stamp(200), lane=4))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.open_athlete("202")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AthleteScreen)
        title = str(screen.query_one("#title", Static).content)
        assert "202 刘丽娟" in title and "区财政局" in title and "工会干部" in title
        results = {r["event"]: r for r in table_rows(screen, "#results")}
        assert list(results) == [
            "托球跑 Paddle-ball run",
            "摸石过河 Stepping stones",
            "一分钟跳绳 One-minute rope skipping",
        ]
        skip = results["一分钟跳绳 One-minute rope skipping"]
        assert (skip["heat_lane"], skip["result"], skip["place"]) == (
            "1/2",
            f"152 {CORRECTED_MARK}",  # 150 -> 152 with a reason: a correction
            f"1 {PRIZE_MARK}",
        )
        assert results["托球跑 Paddle-ball run"]["result"] == "pending"  # the run was voided
        history = [r["what"] for r in table_rows(screen, "#history")]
        assert any("150 → 152" in h and "recount from video" in h for h in history)
        assert any("12.00" in h and "VOID (lane 4 re-run)" in h for h in history)
        await press(pilot, "escape")
        assert not isinstance(app.screen, AthleteScreen)


# ----- small screens ------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_every_screen_fits_80x24(make_app, repo, lang):
    prize_day(repo)
    free_throws(repo, 1, {1: "0110000000"})
    app = make_app(lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_standings(pilot)
        for _ in range(7):
            table = screen.query_one("#standings", DataTable)
            assert table.virtual_size.width <= table.scrollable_content_region.width
            await press(pilot, "right")
        await press(pilot, "escape")
        awards = await open_awards(pilot)
        for pane in ("prizes", "participation", "team"):
            awards.query_one(TabbedContent).active = pane
            await settle(pilot)
            table = awards.query_one(f"#{pane}-table", DataTable)
            assert table.virtual_size.width <= table.scrollable_content_region.width
        await press(pilot, "escape")
        app.open_athlete("202")
        await settle(pilot)
        for table_id in ("#results", "#history"):
            table = app.screen.query_one(table_id, DataTable)
            assert table.row_count > 0
            assert table.virtual_size.width <= table.scrollable_content_region.width


async def test_help_lists_the_standings_keys_once(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_standings(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        text = str(app.screen.query_one("#keys", Static).content)
        assert "Previous / next event" in text
        assert "Open the athlete's results and history" in text
        assert text.count("←") == 1  # the arrow bindings fold into the "← →" line


async def test_standings_under_a_running_heat_rank_nothing_until_shown_again(
    make_app, repo, monkeypatch, press_at
):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_standings(pilot)
        await settle(pilot)
        jobs: list[object] = []
        monkeypatch.setattr(screen, "crunch", jobs.append)
        app.open_heat("paddle-ball-run", 1)
        await pilot.pause()
        await press_at(pilot, "space")
        for lane in (1, 2, 3):
            await press_at(pilot, str(lane), at=T0 + 10 + lane)
        await pilot.pause(0.3)
        assert jobs == []  # nothing ranked while the heat is on top
        await press_at(pilot, "escape")
        await pilot.pause()
        assert app.screen is screen and len(jobs) == 1
