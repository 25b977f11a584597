"""`b` on the programme: the live board's address as a QR code a phone's camera reads.

The code opens over the programme, large, drawn in half blocks dark on white
whatever the terminal's theme: beside the programme it would squeeze the heats
off a 100-column terminal.
"""

from __future__ import annotations

from typing import ClassVar

import segno
from textual import events
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from timing_console.words import Words

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


class BoardQRScreen(ModalScreen[None]):
    """The board's QR code, large, over the programme; any key closes it."""

    CSS_PATH = "board_qr.tcss"
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
