"""The board's address on the programme while a board serves this day; `b` shows its QR code.

A phone at the pitch scans the laptop's screen and opens the live board. The
board announces itself beside the day (`store/beacon.py`); `BoardLine` looks
every two seconds (one small file read) and names the address only while a
board runs. The code itself opens over the programme on `b`, large, drawn in
half blocks dark on white whatever the terminal's theme, so a phone's camera
reads it: beside the programme it would squeeze the heats off a 100-column
terminal.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import segno
from textual import events
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from timing_console.store.beacon import running_board
from timing_console.ui.i18n import Words

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


class BoardLine(Static):
    """'Live board: URL · b QR code' while a board runs; hidden otherwise."""

    DEFAULT_CSS = """
    BoardLine { display: none; color: $success; padding: 0 1; }
    BoardLine.-running { display: block; }
    """

    def __init__(self, db: Path, words: Words) -> None:
        """Watch the beacon of the day at `db`."""
        super().__init__(markup=False, id="board-line")
        self.db = db
        self.words = words
        self.url: str | None = None
        """The address shown now (None: no board)."""

    def on_mount(self) -> None:
        """Look now, then every `LOOK_EVERY_S`."""
        self.look()
        self.set_interval(LOOK_EVERY_S, self.look)

    def look(self) -> None:
        """Name the board's address if one runs; hide the line once it stops."""
        url = running_board(self.db)
        if url == self.url:
            return
        self.url = url
        if url is not None:
            self.update(self.words("board_line", url=url))
        self.set_class(url is not None, "-running")


class BoardQRScreen(ModalScreen[None]):
    """The board's QR code, large, over the programme; any key closes it."""

    DEFAULT_CSS = """
    BoardQRScreen { align: center middle; }
    BoardQRScreen > Vertical { width: auto; height: auto; padding: 0 1; background: #ffffff; }
    BoardQRScreen Static { width: auto; color: #000000; background: #ffffff; }
    """
    BINDINGS: ClassVar[list[BindingType]] = []

    def __init__(self, url: str, words: Words) -> None:
        """Show `url` as a code, with the address and how to close beneath it."""
        super().__init__()
        self.url = url
        self.words = words

    def compose(self) -> ComposeResult:
        """The code, then the address in words."""
        with Vertical():
            yield Static(qr_text(self.url), id="qr", markup=False)
            yield Static(self.words("board_qr_caption", url=self.url), markup=False)

    def on_key(self, event: events.Key) -> None:
        """Any key closes the code: it is only something to show."""
        event.stop()
        self.dismiss(None)
