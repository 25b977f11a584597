"""The lanes of a heat: one line widget per lane, so a finish repaints one line.

A DataTable re-renders every cell of every row when one cell changes; with a
clock running that cost ~2 ms of key-stamping error p99 and held the event
loop past a frame (measured in bench/bench_console.py with `--no-table`).
Here a changed lane updates one `Static` without a layout pass, and a lane's
state styles its line's text (a component class, read when the line renders).
A CSS class on the row showed it too, but a class that changes makes Textual
match the whole stylesheet against the row again (~0.2 ms a row): the gun and a
re-run change all eight rows at once, in the key's own frame.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from timing_console.rules.report import display_width, pad

GAP = "  "


@dataclass
class Column:
    """One column: its key, heading and width (fixed, or growing with its cells)."""

    key: str
    label: str
    width: int
    fixed: bool


STATES = ("live", "done", "void")
"""The states a lane's line shows; a lane in none of them (state '') shows plain."""


class LaneRow(Static):
    """One lane's line, its text styled by the lane's state."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {f"lane-row--{state}" for state in STATES}
    DEFAULT_CSS = """
    LaneRow { height: 1; padding: 0 1; }
    LaneRow.-odd { background: $boost; }
    LaneRow > .lane-row--done { color: $text-muted; }
    LaneRow > .lane-row--void { color: $warning; }
    LaneRow > .lane-row--live { text-style: bold; }
    """

    state: reactive[str] = reactive("")
    """`live`, `done`, `void` or '': a change repaints this line, and restyles nothing."""

    def render(self) -> Content:
        """The line's text in its state's style."""
        text = Content(str(self.content))
        if not self.state:
            return text
        return text.stylize(self.get_visual_style(f"lane-row--{self.state}", partial=True))


class LaneTable(VerticalScroll, can_focus=True):
    """A heading and one `LaneRow` per lane, keyed like a DataTable's rows."""

    DEFAULT_CSS = """
    LaneTable { height: 1fr; }
    LaneTable > #lane-head { height: 1; padding: 0 1; text-style: bold; background: $panel; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        """An empty table; columns come before rows."""
        super().__init__(id=id)
        self.columns: list[Column] = []
        self.cells: dict[str, dict[str, str]] = {}
        self.lines: dict[str, LaneRow] = {}

    def compose(self) -> ComposeResult:
        """The heading line; rows are mounted as they are added."""
        yield Static(id="lane-head", markup=False)

    def add_column(self, label: str, *, key: str, width: int | None = None) -> None:
        """A column; without a width it grows to fit its cells."""
        shown = display_width(label) if width is None else width
        self.columns.append(Column(key, label, shown, fixed=width is not None))
        self._repaint_all()

    def add_row(self, *cells: str, key: str) -> None:
        """One lane."""
        self.cells[key] = {c.key: text for c, text in zip(self.columns, cells, strict=True)}
        if self._grow(key):
            self._repaint_all()  # the lines already shown must widen too
        line = LaneRow(self._line(key), markup=False, classes="-odd" if len(self.lines) % 2 else "")
        self.lines[key] = line
        self.mount(line)

    def update_cell(self, row_key: str, column_key: str, value: str) -> None:
        """Change one cell: one line repaints (all lines only if a column must grow)."""
        self.update_row(row_key, {column_key: value})

    def update_row(self, row_key: str, cells: Mapping[str, str]) -> None:
        """Change some cells of one row (column key -> text): its line repaints once."""
        self.cells[row_key].update(cells)
        if self._grow(row_key):
            self._repaint_all()
        else:
            self.lines[row_key].update(self._line(row_key), layout=False)

    def get_cell(self, row_key: str, column_key: str) -> str:
        """A cell's text."""
        return self.cells[row_key][column_key]

    def set_row_state(self, row_key: str, state: str) -> None:
        """Show a lane's state (`live`, `done`, `void` or none) on its line."""
        self.lines[row_key].state = state

    @property
    def row_count(self) -> int:
        """Lanes shown."""
        return len(self.cells)

    def rows_as_text(self) -> dict[str, dict[str, str]]:
        """Every row by key, as column key -> text (what tests compare with the store)."""
        return {key: dict(row) for key, row in self.cells.items()}

    def _grow(self, row_key: str) -> bool:
        grew = False
        for column in self.columns:
            need = display_width(self.cells[row_key].get(column.key, ""))
            if not column.fixed and need > column.width:
                column.width = need
                grew = True
        return grew

    def _line(self, row_key: str) -> str:
        row = self.cells[row_key]
        return GAP.join(self._fit(row.get(c.key, ""), c) for c in self.columns).rstrip()

    @staticmethod
    def _fit(text: str, column: Column) -> str:
        if display_width(text) > column.width:
            while text and display_width(text + "…") > column.width:
                text = text[:-1]
            text += "…"
        return pad(text, column.width)

    def _repaint_all(self) -> None:
        if self.is_mounted:
            head = GAP.join(self._fit(c.label, c) for c in self.columns).rstrip()
            self.query_one("#lane-head", Static).update(head)
        for key, line in self.lines.items():
            line.update(self._line(key), layout=False)
