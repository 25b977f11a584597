"""The programme shows the board's address as a QR code while a board serves the day."""

from __future__ import annotations

from timing_console.store.beacon import announce
from timing_console.ui.board_qr import HALVES, BoardQR, qr_text

URL = "http://192.168.1.20:8765/"


async def test_the_code_shows_while_a_board_runs_and_goes_when_it_stops(make_app, repo):
    app = make_app(lang="zh")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        qr = app.screen.query_one(BoardQR)
        assert not qr.display
        with announce(repo.path, URL):
            qr.look()  # what the two-second interval does
            await pilot.pause()
            assert qr.display and qr.region.width >= 29
            shown = str(qr.render())
            assert shown.endswith(URL) and "成绩看板" in shown
            assert qr_text(URL) in shown
        qr.look()
        await pilot.pause()
        assert not qr.display


def test_the_half_blocks_draw_every_module_of_the_code():
    """Each text cell holds two modules: reading them back gives segno's matrix."""
    import segno

    matrix = [[bool(m) for m in row] for row in segno.make(URL, error="l").matrix_iter(border=2)]
    lines = qr_text(URL).splitlines()
    back = {ch: pair for pair, ch in HALVES.items()}
    rows = []
    for line in lines:
        pairs = [back[ch] for ch in line]
        rows += [[p[0] for p in pairs], [p[1] for p in pairs]]
    assert rows[: len(matrix)] == matrix
    assert rows[len(matrix) :] in ([], [[False] * len(matrix[0])])  # the padding row is light
