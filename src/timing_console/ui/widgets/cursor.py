"""The row a list's cursor is on, as the bib its row is keyed by (standings, prize lists)."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable


def bib_at_cursor(table: DataTable[Any]) -> str | None:
    """The bib of the row under the cursor; None for an empty table or a row with no bib."""
    if table.row_count == 0:
        return None
    bib = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
    return bib or None
