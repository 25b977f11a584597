"""The board's address as a QR code on the programme, while a board serves this day.

A phone at the pitch scans the laptop's screen and opens the live board. The
board announces itself beside the day (`store/beacon.py`); this widget looks
every two seconds (one small file read) and shows itself only while a board
runs. Drawn in half blocks, dark on white whatever the terminal's theme, so a
phone's camera reads it.
"""

from __future__ import annotations

from pathlib import Path

import segno
from textual.widgets import Static

from timing_console.store.beacon import running_board

LOOK_EVERY_S = 2.0
"""How often the beacon is read: a board started or stopped shows within this."""

HALVES = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}
"""(upper dark, lower dark) -> the character drawing both in one cell."""


def qr_text(url: str) -> str:
    """`url` as a QR code in half blocks: two rows of modules per line of text."""
    code = segno.make(url, error="l", micro=False)
    rows = [[bool(m) for m in row] for row in code.matrix_iter(scale=1, border=2)]
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))
    pairs = zip(rows[0::2], rows[1::2], strict=True)
    return "\n".join("".join(HALVES[cell] for cell in zip(a, b, strict=True)) for a, b in pairs)


class BoardQR(Static):
    """The QR code and the address beneath it; hidden while no board runs."""

    DEFAULT_CSS = """
    BoardQR { dock: right; width: auto; height: auto; color: #000000; background: #ffffff;
              display: none; }
    BoardQR.-running { display: block; }
    """

    def __init__(self, db: Path, label: str) -> None:
        """Watch the beacon of the day at `db`; `label` names the board above its address."""
        super().__init__(markup=False)
        self.db = db
        self.label = label
        self.url: str | None = None
        """The address shown now (None: no board)."""

    def on_mount(self) -> None:
        """Look now, then every `LOOK_EVERY_S`."""
        self.look()
        self.set_interval(LOOK_EVERY_S, self.look)

    def look(self) -> None:
        """Show the board's address if one runs, hide the code once it stops."""
        url = running_board(self.db)
        if url == self.url:
            return
        self.url = url
        if url is not None:
            self.update(f"{qr_text(url)}\n{self.label}\n{url}")
        self.set_class(url is not None, "-running")
