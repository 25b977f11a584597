"""The programme names the board's address while a board serves the day; `b` shows its QR."""

from __future__ import annotations

import segno
from textual.widgets import Static

from tests.support.screenkit import notes_of
from timing_console.store.beacon import announce, shareable
from timing_console.ui.dialogs.board_qr import HALVES, BoardQRScreen, qr_text
from timing_console.ui.screens.programme import ProgrammeScreen
from timing_console.ui.widgets.board_line import BoardLine
from timing_console.words import Words

URL = "http://192.168.1.20:8765/"


async def test_the_address_shows_while_a_board_runs_and_b_shows_its_code(make_app, repo):
    app = make_app(lang="zh")
    notes = notes_of(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        line = app.screen.query_one(BoardLine)
        assert not line.display
        await pilot.press("b")  # no board: says so, shows nothing
        assert isinstance(app.screen, ProgrammeScreen) and "看板没有运行" in notes[-1]
        with announce(repo.path, URL):
            line.look()  # what the two-second interval does
            await pilot.pause()
            assert line.display and URL in str(line.render())
            await pilot.press("b")
            await pilot.pause()
            assert isinstance(app.screen, BoardQRScreen)
            assert str(app.screen.query_one("#qr", Static).render()) == qr_text(URL)
            await pilot.press("x")  # any key closes it
            await pilot.pause()
            assert isinstance(app.screen, ProgrammeScreen)
        line.look()
        await pilot.pause()
        assert not line.display


async def test_a_board_only_this_computer_reaches_gets_no_code(make_app, repo):
    """Without --lan the beacon names 127.0.0.1: `b` says how to share instead of a code."""
    app = make_app(lang="zh")
    notes = notes_of(app)
    local = "http://127.0.0.1:8765/"
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        line = app.screen.query_one(BoardLine)
        with announce(repo.path, local):
            line.look()
            await pilot.pause()
            shown = str(line.render())
            assert shown == Words("zh")("board_line_local", url=local) and "--lan" in shown
            await pilot.press("b")
            await pilot.pause()
            assert isinstance(app.screen, ProgrammeScreen)  # no code phones could not open
            assert notes[-1] == Words("zh")("board_share_hint")


def test_only_an_address_on_the_network_is_shareable():
    assert shareable(URL) and shareable("http://10.0.0.7:8765/")
    for url in ("http://127.0.0.1:8765/", "http://localhost:8765/", "http://[::1]:8765/"):
        assert not shareable(url)


def test_the_half_blocks_draw_every_module_of_the_code():
    """Each text cell holds two modules: reading them back gives segno's matrix."""
    matrix = [[bool(m) for m in row] for row in segno.make(URL, error="l").matrix_iter(border=2)]
    back = {ch: pair for pair, ch in HALVES.items()}
    rows = []
    for line in qr_text(URL).splitlines():
        pairs = [back[ch] for ch in line]
        rows += [[p[0] for p in pairs], [p[1] for p in pairs]]
    assert rows[: len(matrix)] == matrix
    assert rows[len(matrix) :] in ([], [[False] * len(matrix[0])])  # the padding row is light
