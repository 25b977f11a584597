"""The board's address on the programme while a board serves this day (`b` shows its code).

A phone at the pitch scans the laptop's screen and opens the live board. The
board announces itself beside the day (`store/beacon.py`); `BoardLine` looks
every two seconds (one small file read) and names the address only while a
board runs. Only an address phones can reach gets a code: a board started
without `--lan` is named as this computer's alone, with how to share it.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from timing_console.store.beacon import running_board, shareable
from timing_console.words import Words

LOOK_EVERY_S = 2.0
"""How often the beacon is read: a board started or stopped shows within this."""


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
            self.update(self.words("board_line" if shareable(url) else "board_line_local", url=url))
        self.set_class(url is not None, "-running")
