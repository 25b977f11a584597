"""The count boxes that open at 0: each shows what the key grammar holds for its lane.

Why not one `Input` per lane: Textual hands each key to whatever has focus
when the app dequeues it, and moving focus is deferred. A referee who types
`120⏎98⏎` faster than the screen repaints (or a terminal that delivers the
keys in one read) had `98⏎` land in lane 1's field, which had just been saved.
Here the screen reads every count key itself, in order (`rules.heatkeys.CountEntry`),
and the boxes only show what it holds, so the lane a key goes to is decided by
the keys before it.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.widget import Widget
from textual.widgets import Static

from timing_console.ui.widgets.classes import set_classes_once


class CountBox(Static):
    """One lane's count, as typed; `-current` marks the lane keys go to."""

    def __init__(self, lane: int, title: str, short: str) -> None:
        """An empty, closed box for `lane`, titled `title` (`short` where that does not fit:
        eight boxes share 80 columns)."""
        super().__init__("", id=f"count-{lane}", markup=False)
        self.lane = lane
        self.titles = (title, short)
        self.border_title = title

    def on_resize(self, event: events.Resize) -> None:
        """Every box's whole title if the narrowest box's top edge holds it, a space each
        side, between its corners; else every box's short one (one form along the row)."""
        row = self.parent
        width = self.outer_size.width
        if isinstance(row, Widget) and row.children:
            width = min(width, row.size.width // len(row.children))
        title, short = self.titles
        self.border_title = title if cell_len(title) + 2 <= width - 4 else short

    def show(self, text: str, *, placeholder: str, current: bool, open_: bool) -> None:
        """Paint the text (or a placeholder), and the box's state as classes."""
        shown = (text + "▏" if current else text) or placeholder
        if str(self.content) != shown:
            self.update(shown, layout=False)
        set_classes_once(self, {"-current": current, "-closed": not open_, "-empty": not text})
