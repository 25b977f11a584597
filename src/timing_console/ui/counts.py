"""The count boxes that open at 0, and the typing that fills them.

Why not one `Input` per lane: Textual hands each key to whatever has focus
when the app dequeues it, and moving focus is deferred. A referee who types
`120⏎98⏎` faster than the screen repaints (or a terminal that delivers the
keys in one read) had `98⏎` land in lane 1's field, which had just been saved.
Here the screen reads every count key itself, in order, and the boxes only
show what it holds, so the lane a key goes to is decided by the keys before it.

Until the heat is closed every lane can be chosen again, saved or not: a count
saved wrong is fixed by choosing its lane and typing the right one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.widgets import Static

from timing_console.ui.classes import set_classes_once

DIGITS = "0123456789"
MAX_CHARS = 5
"""A count never needs more (and the board refuses far less)."""
NEXT_KEYS = ("tab", "down", "right")
PREVIOUS_KEYS = ("shift+tab", "up", "left")


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


@dataclass
class CountEntry:
    """What each lane's box holds, and which lane takes the next key.

    A box holds its lane's value (the live tally, or the count saved) until a
    key types over it. Just after a lane is chosen its box is `fresh`: the first
    digit typed replaces the value (like a selected field), backspace edits it.
    """

    typed: dict[int, str] = field(default_factory=dict)
    current: int | None = None
    fresh: bool = False
    edited: set[int] = field(default_factory=set)
    """Lanes typed over since their value was last saved: the board no longer fills them."""

    def reset(self, values: dict[int, str], open_lanes: list[int]) -> None:
        """Fields open: each box starts from its value, keys go to the first open lane."""
        self.typed = {**values, **{lane: values.get(lane, "") for lane in open_lanes}}
        self.edited = set()
        self.current = None
        self.follow(open_lanes)

    def refresh(self, values: dict[int, str]) -> None:
        """The board changed: a box not typed over shows its lane's value again."""
        for lane, value in values.items():
            if lane not in self.edited:
                self.typed[lane] = value

    def clear(self) -> None:
        """Fields closed."""
        self.typed, self.current, self.fresh, self.edited = {}, None, False, set()

    def follow(self, open_lanes: list[int]) -> None:
        """Keep to a lane still open, else the next one (round to the first), else none."""
        for lane in open_lanes:
            self.typed.setdefault(lane, "")
        if self.current in open_lanes:
            return
        after = [lane for lane in open_lanes if self.current is None or lane > self.current]
        choices = after or open_lanes
        self.current = choices[0] if choices else None
        self.fresh = True

    def saved(self, lane: int, open_lanes: list[int]) -> None:
        """Enter saved `lane`: on to the next lane still open, else stay on it."""
        self.edited.discard(lane)
        self.follow(open_lanes)
        if self.current is None:
            self.current = lane

    def move(self, lanes: list[int], step: int) -> None:
        """Tab/arrows: the next or previous lane, wrapping round."""
        if not lanes:
            return
        at = lanes.index(self.current) if self.current in lanes else -step
        self.current = lanes[(at + step) % len(lanes)]
        self.fresh = True

    def edit(self, key: str, character: str | None) -> bool:
        """Apply a typing key to the current lane; False if it is not a typing key."""
        lane = self.current
        if lane is None:
            return False
        text = self.typed.get(lane, "")
        if key == "backspace":
            text = text[:-1]
        elif character is not None and (character in DIGITS or character == "-"):
            if self.fresh:
                text = ""
            if character == "-" and text:
                return True  # a minus sign only leads
            text = (text + character)[:MAX_CHARS]
        else:
            return False
        self.typed[lane] = text
        self.edited.add(lane)
        self.fresh = False
        return True

    def text(self, lane: int) -> str:
        """What a lane's box holds now."""
        return self.typed.get(lane, "")
