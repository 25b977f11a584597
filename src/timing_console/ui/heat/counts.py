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

from textual.widgets import Static

from timing_console.ui.widgets.classes import set_classes_once


class CountBox(Static):
    """One lane's count, as typed; `-current` marks the lane keys go to."""

    def __init__(self, lane: int, title: str) -> None:
        """An empty, closed box for `lane`."""
        super().__init__("", id=f"count-{lane}", markup=False)
        self.lane = lane
        self.border_title = title

    def show(self, text: str, *, placeholder: str, current: bool, open_: bool) -> None:
        """Paint the text (or a placeholder), and the box's state as classes."""
        shown = (text + "▏" if current else text) or placeholder
        if str(self.content) != shown:
            self.update(shown, layout=False)
        set_classes_once(self, {"-current": current, "-closed": not open_, "-empty": not text})
