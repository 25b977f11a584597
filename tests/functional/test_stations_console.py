"""Stations in the console: its name and link on the programme, a bundle merged from the
palette while it runs, a conflict decided with a reason, conflicts marked in the standings."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList

from tests.support.screenkit import notes_of
from tests.support.stationkit import identity_of, race, station
from timing_console.stations.exchange import share
from timing_console.stations.link import LinkState
from timing_console.ui.dialogs.line import LineScreen
from timing_console.ui.dialogs.reason import ReasonScreen
from timing_console.ui.messages import ExchangeBundle
from timing_console.ui.screens.conflicts import ConflictsScreen
from timing_console.ui.screens.programme import ProgrammeScreen
from timing_console.ui.screens.standings import StandingsScreen, StandingsTable
from timing_console.ui.widgets.station_line import StationLine

RACE = "paddle-ball-run"


class FakeLink:
    """A push link in a given state (the console only reads it)."""

    url = "http://192.168.1.9:8765/"

    def __init__(self, state: LinkState) -> None:
        self.state = state
        self.started = self.stopped = False

    def status(self) -> LinkState:
        return self.state

    def start(self) -> None:
        self.started = True

    def stop(self) -> None:
        self.stopped = True

    def take_code(self, code: str) -> None:
        raise AssertionError(f"no new code was asked for ({code})")


def bundle_of(tmp_path: Path, sample_day, name: str, base: float) -> Path:
    db = station(tmp_path, name, sample_day)
    lanes = [e.lane for e in sample_day.lineup(RACE, 1)]
    race(db, RACE, 1, {lane: base + lane / 10 for lane in lanes}, at=100)
    out = tmp_path / f"{name}.bundle"
    share(db, identity_of(db), sample_day, out)
    return out


async def test_the_programme_names_the_station_and_the_links_state(make_app):
    link = FakeLink(LinkState("down", 12, None, 3, "ConnectError"))
    app = make_app(lang="zh", link=link)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = str(app.screen.query_one(StationLine).render())
        assert "站点 pitch-1" in text and "连接中断" in text and "3 条已保存在本机" in text
        assert app.screen.query_one(StationLine).has_class("-trouble")
        link.state = LinkState("up", 15, 1_790_000_000.0, 0)
        app.screen.query_one(StationLine).look()
        assert "已全部送达" in str(app.screen.query_one(StationLine).render())
        assert link.started
    assert link.stopped


async def test_a_bundle_merged_from_the_palette_shows_while_the_console_runs(
    make_app, repo, tmp_path, sample_day
):
    bundle = bundle_of(tmp_path, sample_day, "track", 11.0)
    app = make_app()
    notes = notes_of(app)
    async with app.run_test(size=(100, 30)) as pilot:
        app.post_message(ExchangeBundle("merge"))
        await pilot.pause()
        assert isinstance(app.screen, LineScreen)
        app.screen.query_one(Input).value = str(tmp_path / "missing.bundle")
        await pilot.press("enter")
        assert isinstance(app.screen, LineScreen)  # no such file: asked again, nothing done
        app.screen.query_one(Input).value = str(bundle)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ProgrammeScreen)
        assert any("track +" in n for n in notes), notes
        assert len(repo.attempts(RACE)) == len(sample_day.lineup(RACE, 1))


async def test_a_conflict_is_marked_in_the_standings_and_decided_with_a_reason(
    make_app, repo, tmp_path, sample_day
):
    from timing_console.stations.exchange import merge

    bundles = [
        bundle_of(tmp_path, sample_day, name, base)
        for name, base in (("track", 11.0), ("yard", 14.0))
    ]
    merge(repo.path, repo.me, sample_day, bundles)
    assert repo.reload_stations() and len(repo.conflicts()) == 1
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, StandingsScreen)
        table = app.screen.query_one(StandingsTable)
        prize_column = [str(table.get_row_at(n)[1]) for n in range(table.row_count)]
        assert "⚠" in prize_column and "★" not in prize_column
        await pilot.press("escape")
        app.post_message(ExchangeBundle("conflicts"))
        await pilot.pause()
        assert isinstance(app.screen, ConflictsScreen)
        options = app.screen.query_one(OptionList)
        assert options.option_count == 2  # one line per station
        assert options.highlighted == 0  # Enter would choose the first at once
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReasonScreen)
        await pilot.press("enter")  # no reason: refused, nothing saved
        assert repo.conflicts() != []
        await pilot.press(*"watch")
        await pilot.press("enter")
        await pilot.pause()
        assert repo.conflicts() == []
        assert {a.bib for a in repo.attempts(RACE)} == {e.bib for e in sample_day.lineup(RACE, 1)}
        times = sorted(a.time_ms or 0 for a in repo.attempts(RACE))
        assert times[0] >= 14_000  # yard's times stand


async def test_standings_open_follow_records_merged_meanwhile(make_app, repo, tmp_path, sample_day):
    """Issue 19: a merged station's save is announced like any other; the standings show it."""
    from timing_console.stations.exchange import merge

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert isinstance(app.screen, StandingsScreen)
        table = app.screen.query_one(StandingsTable)
        assert not any(str(table.get_row_at(n)[0]).strip() for n in range(table.row_count))
        merge(repo.path, repo.me, sample_day, [bundle_of(tmp_path, sample_day, "track", 11.0)])
        app.look_for_stations()  # what the app's one-second look finds
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        places = [str(table.get_row_at(n)[0]).strip() for n in range(table.row_count)]
        assert places[0] == "1"
