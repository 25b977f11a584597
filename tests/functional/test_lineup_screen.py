"""Changes on the day through the console: move, swap, late athletes, and the refusals.

The screen is pushed straight onto the app (the programme's key for it is
wired in app.py); every change is read back from the store, and a refusal must
leave the day exactly as it was.
"""

from __future__ import annotations

from textual.widgets import Checkbox, DataTable, Input, Static

from tests.support.clock import stamp
from tests.support.screenkit import notes_of, problem
from timing_console.ui.dialogs.reason import ReasonScreen
from timing_console.ui.screens.athlete import AthleteScreen
from timing_console.ui.screens.lineup import LineupScreen


def seats(repo, event, heat):
    """(lane, bib) of a heat as the store holds it."""
    return [(e.lane, e.bib) for e in repo.require_day().lineup(event, heat)]


def cell(screen, lane: int, column: str) -> str:
    return str(screen.query_one("#lineup", DataTable).get_cell(str(lane), column))


async def open_lineup(app, pilot, event: str, heat: int) -> LineupScreen:
    await pilot.pause()
    screen = LineupScreen(app.session, event, heat)
    app.push_screen(screen)
    await pilot.pause()
    return screen


async def fill(pilot, dialog: ReasonScreen, reason: str, **fields: str) -> None:
    """Type each field and the reason, then confirm."""
    for name, value in fields.items():
        dialog.query_one(f"#field-{name}", Input).value = value
    dialog.query_one("#reason", Input).focus()
    await pilot.press(*reason)
    await pilot.press("enter")
    await pilot.pause()


async def test_move_an_athlete_to_another_heat_lands_in_the_store(make_app, repo):
    # paddle-ball-run heat 1: 901, 602, 802, 501, 1002; heat 2 has lanes 1-5 taken
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_lineup(app, pilot, "paddle-ball-run", 1)
        assert cell(screen, 1, "bib") == "901" and cell(screen, 6, "bib") == ""
        assert "may change" in str(screen.query_one("#state", Static).content)
        await pilot.press("m")
        dialog = app.screen
        assert isinstance(dialog, ReasonScreen)
        assert dialog.query_one("#field-heat", Input).value == "1"
        await fill(pilot, dialog, "asked to run with her unit", heat="2", lane="6")
        assert app.screen is screen
        assert (6, "901") in seats(repo, "paddle-ball-run", 2)
        assert "901" not in dict(seats(repo, "paddle-ball-run", 1)).values()
        assert cell(screen, 1, "bib") == ""
        changes = screen.query_one("#changes", DataTable)
        assert changes.row_count == 1
        assert "1/1 → 2/6 · asked to run with her unit" in str(changes.get_row_at(0)[2])


async def test_swap_two_lanes_lands_in_the_store(make_app, repo):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_lineup(app, pilot, "paddle-ball-run", 1)
        await pilot.press("down")  # lane 2: 602
        await pilot.press("w")
        dialog = app.screen
        assert isinstance(dialog, ReasonScreen)
        await fill(pilot, dialog, "lane 4 is wet", lane="4")
        assert app.screen is screen
        lanes = dict(seats(repo, "paddle-ball-run", 1))
        assert (lanes[2], lanes[4]) == ("501", "602")
        assert (cell(screen, 2, "bib"), cell(screen, 4, "bib")) == ("501", "602")
        notes = [c for c in repo.changes() if c.kind == "lineup"]
        assert {c.reason for c in notes} == {"lane 4 is wet"} and len(notes) == 2


async def test_a_late_athlete_into_a_closed_heat_is_refused_and_changes_nothing(make_app, repo):
    board = repo.board("paddle-ball-run", 1)
    board = repo.apply(board.start(stamp(), "boot-test"))
    board = repo.apply(board.finish(1, stamp(12)))
    repo.apply(board.close(stamp(30)))
    day = repo.require_day()
    seq = repo.seq
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_lineup(app, pilot, "paddle-ball-run", 1)
        assert "closed" in str(screen.query_one("#state", Static).content)
        await pilot.press(*["down"] * 5)  # lane 6, free
        await pilot.press("n")
        dialog = app.screen
        assert isinstance(dialog, ReasonScreen)
        assert dialog.query_one("#field-lane", Input).value == "6"
        await fill(pilot, dialog, "arrived late", bib="1301", name="王强", unit="区统计局")
        assert app.screen is dialog
        assert "heat 1 is closed" in problem(dialog)
        assert repo.seq == seq
        assert repo.require_day() == day
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen_stack[-1] is screen and repo.seq == seq  # (`app.screen` is narrowed)


async def test_a_late_athlete_joins_a_free_lane_and_a_new_one_needs_name_and_unit(make_app, repo):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_lineup(app, pilot, "paddle-ball-run", 2)
        await pilot.press(*["down"] * 5)
        await pilot.press("n")
        dialog = app.screen
        assert isinstance(dialog, ReasonScreen)
        await fill(pilot, dialog, "arrived late", bib="1301")
        assert app.screen is dialog
        assert problem(dialog) == "A new athlete needs a name and a unit."
        await fill(pilot, dialog, "", name="王强", unit="区统计局")
        assert app.screen_stack[-1] is screen
        athlete = repo.require_day().athlete("1301")
        assert athlete is not None and athlete.events == ("paddle-ball-run",)
        assert (6, "1301") in seats(repo, "paddle-ball-run", 2)
        assert cell(screen, 6, "athlete") == "王强"


async def test_a_late_entry_over_the_entry_rules_needs_the_override_which_the_reason_records(
    make_app, repo
):
    day = repo.require_day()
    full = next(a for a in day.athletes if len(a.events) >= day.rules.max_events)
    event = next(
        s.id for s in day.events() if s.id not in full.events and len(day.lineup(s.id, 1)) < s.lanes
    )
    free = next(
        n for n in range(1, day.event(event).lanes + 1) if n not in dict(seats(repo, event, 1))
    )
    seq = repo.seq
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_lineup(app, pilot, event, 1)
        await pilot.press("n")
        dialog = app.screen
        assert isinstance(dialog, ReasonScreen)
        await fill(pilot, dialog, "organiser allows it", bib=full.bib, lane=str(free))
        assert app.screen is dialog
        assert "override" in problem(dialog)
        assert repo.seq == seq
        dialog.query_one("#override", Checkbox).value = True
        await fill(pilot, dialog, "")
        assert app.screen is not dialog
        note = next(c for c in repo.changes() if c.kind == "lineup")
        assert note.reason.startswith("organiser allows it (entry rules overridden")
        assert (free, full.bib) in seats(repo, event, 1)
        await pilot.press("escape")
        await pilot.pause()
        app.open_athlete(full.bib)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        athlete = app.screen
        assert isinstance(athlete, AthleteScreen)
        history = athlete.query_one("#history", DataTable)
        texts = [str(history.get_row_at(i)[3]) for i in range(history.row_count)]
        assert any(t.startswith(f"line-up: — → 1/{free} · organiser allows it") for t in texts)


async def test_moving_from_an_empty_lane_says_so(make_app, repo):
    app = make_app()
    notes = notes_of(app)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_lineup(app, pilot, "paddle-ball-run", 1)
        await pilot.press(*["down"] * 5)
        await pilot.press("m")
        await pilot.pause()
        assert app.screen is screen
        assert any("Lane 6 has no athlete." in n for n in notes), notes
