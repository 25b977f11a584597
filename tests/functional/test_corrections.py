"""Correcting one result from the console: the reason dialog, the standings and athlete keys.

Results land through the repository (as a card keyed in with `record` would),
then the referee corrects them with `c` and types in the dialog; the store is
read back after every step, so a refusal that saved anything would show.
"""

from __future__ import annotations

from textual.widgets import DataTable, Input, Static

from tests.support.clock import stamp
from tests.support.screenkit import problem, settle
from timing_console.model import Status
from timing_console.rules.heat.results import ParsedResult
from timing_console.ui.dialogs.correct import CorrectScreen
from timing_console.ui.dialogs.reason import ReasonScreen
from timing_console.ui.screens.athlete import AthleteScreen
from timing_console.ui.screens.awards import AwardsScreen
from timing_console.ui.screens.standings import StandingsScreen
from timing_console.ui.widgets.marks import CORRECTED_LEGEND, CORRECTED_MARK


def card(repo, event, heat, lane, value, at=0.0):
    """A count keyed in from a paper card (no earlier result: no reason needed)."""
    result = ParsedResult(Status.OK, count=value)
    return repo.apply(repo.board(event, heat).enter(lane, result, stamp(at), reason=""))


def skip_202(repo):
    """202's rope-skipping attempt (heat 1, lane 2)."""
    return repo.board("rope-skipping", 1).lanes[2]


async def typed(pilot, text: str) -> None:
    """Type into the focused field, key by key."""
    await pilot.press(*text)


def rows(screen, table_id):
    table = screen.query_one(table_id, DataTable)
    keys = [c.key.value for c in table.ordered_columns]
    return [
        dict(zip(keys, map(str, table.get_row_at(i)), strict=True)) for i in range(table.row_count)
    ]


async def open_rope_standings(app, pilot) -> StandingsScreen:
    await pilot.pause()
    screen = StandingsScreen(app.session, "rope-skipping")
    app.push_screen(screen)
    await settle(pilot)
    return screen


async def test_a_correction_without_a_reason_saves_nothing_and_says_a_reason_is_required(
    make_app, repo
):
    card(repo, "rope-skipping", 1, 2, 150)
    seq = repo.seq
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        standings = await open_rope_standings(app, pilot)
        assert rows(standings, "#standings")[0]["bib"] == "202"
        await pilot.press("c")
        dialog = app.screen
        assert isinstance(dialog, CorrectScreen)
        assert "150" in str(dialog.query_one("#question").render())
        await typed(pilot, "152")
        await pilot.press("enter")  # on to the reason
        assert app.focused is dialog.query_one("#reason", Input)
        await pilot.press("enter")  # a blank reason
        assert app.screen is dialog
        assert problem(dialog) == "A reason is required."
        await typed(pilot, "   ")
        await pilot.press("enter")  # spaces are no reason either
        assert app.screen is dialog and problem(dialog) == "A reason is required."
        assert repo.seq == seq
        assert skip_202(repo).count == 150 and not skip_202(repo).corrected
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is standings
        assert repo.seq == seq
        assert rows(standings, "#standings")[0]["result"] == "150"


async def test_a_correction_with_a_reason_is_saved_marked_and_kept_in_history(make_app, repo):
    card(repo, "rope-skipping", 1, 2, 150)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        standings = await open_rope_standings(app, pilot)
        await pilot.press("c")
        dialog = app.screen
        assert isinstance(dialog, CorrectScreen)
        await typed(pilot, "152")
        await pilot.press("enter")
        await typed(pilot, "recount from video")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is standings
        attempt = skip_202(repo)
        assert (attempt.count, attempt.corrected) == (152, True)
        change = repo.history(attempt.id)[-1]
        assert (change.kind, change.reason, change.source) == (
            "correction",
            "recount from video",
            "console",
        )
        assert (change.old["count"], change.new["count"]) == (150, 152)
        row = rows(standings, "#standings")[0]
        assert row["result"] == f"152 {CORRECTED_MARK}"
        summary = str(standings.query_one("#summary", Static).content)
        assert summary.endswith(CORRECTED_LEGEND)


async def test_refusals_show_in_the_dialog_and_keep_what_was_typed(make_app, repo):
    card(repo, "rope-skipping", 1, 2, 150)
    seq = repo.seq
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_rope_standings(app, pilot)
        await pilot.press("c")
        dialog = app.screen
        assert isinstance(dialog, CorrectScreen)
        await typed(pilot, "150")  # the same result again
        await pilot.press("enter")
        await typed(pilot, "checked")
        await pilot.press("enter")
        assert app.screen is dialog
        assert "nothing changed" in problem(dialog)
        result = dialog.query_one("#field-result", Input)
        result.value = "9999"  # more than anyone skips in a minute
        await pilot.press("enter")
        assert app.screen is dialog and problem(dialog) != ""
        assert "nothing changed" not in problem(dialog)
        assert dialog.query_one("#reason", Input).value == "checked"
        assert repo.seq == seq
        assert skip_202(repo).count == 150


async def test_the_athlete_screen_corrects_the_selected_result_and_lists_the_change(make_app, repo):
    card(repo, "rope-skipping", 1, 2, 150)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.open_athlete("202")
        await settle(pilot)
        athlete = app.screen
        assert isinstance(athlete, AthleteScreen)
        events = [r["event"] for r in rows(athlete, "#results")]
        await pilot.press(*["down"] * events.index("一分钟跳绳 One-minute rope skipping"))
        await pilot.press("c")
        dialog = app.screen
        assert isinstance(dialog, CorrectScreen)
        assert (dialog.event_id, dialog.heat, dialog.lane) == ("rope-skipping", 1, 2)
        await typed(pilot, "149")
        await pilot.press("enter")
        await typed(pilot, "judge's card")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is athlete
        skip = next(r for r in rows(athlete, "#results") if r["event"].startswith("一分钟跳绳"))
        assert skip["result"] == f"149 {CORRECTED_MARK}"
        assert athlete.query_one("#legend", Static).display
        history = [r["what"] for r in rows(athlete, "#history")]
        assert "card: — → 150 · entered from a paper card" in history[1]
        assert "corrected: 150 → 149 · judge's card" in history[2]
        assert rows(athlete, "#history")[2]["at"] != ""


async def test_an_uncorrected_athlete_shows_no_legend(make_app, repo):
    card(repo, "rope-skipping", 1, 2, 150)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.open_athlete("202")
        await settle(pilot)
        assert not app.screen.query_one("#legend", Static).display


async def test_a_prize_won_on_a_corrected_result_is_marked(make_app, repo):
    card(repo, "rope-skipping", 1, 2, 150)
    repo.apply(
        repo.board("rope-skipping", 1).enter(
            2, ParsedResult(Status.OK, count=151), stamp(5), reason="recount"
        )
    )
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AwardsScreen)
        prize = next(r for r in rows(app.screen, "#prizes-table") if r["bib"] == "202")
        assert prize["place"] == f"1 {CORRECTED_MARK}"
        assert str(app.screen.query_one("#prizes-note", Static).content).endswith(CORRECTED_LEGEND)


async def test_the_reason_dialog_returns_the_reason_or_none(make_app):
    app = make_app(lang="zh")
    answers: list[str | None] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.push_screen(ReasonScreen("重新打开第1组？", app.words), answers.append)
        await pilot.pause()
        dialog = app.screen
        await pilot.press("enter")
        assert app.screen is dialog and problem(dialog) == "必须填写原因。"
        label = str(dialog.query_one("#question").render())
        assert label == "重新打开第1组？"
        await typed(pilot, "judge")
        await pilot.press("enter")
        await pilot.pause()
        app.push_screen(ReasonScreen("?", app.words), answers.append)
        await pilot.pause()
        await typed(pilot, "half typed")
        await pilot.press("escape")
        await pilot.pause()
    assert answers == ["judge", None]
