"""The programme's `o` as the referee machine drives it: re-open a closed heat with a reason.

Kept apart from the machine so the machine stays one screen's keys: this goes
back to the programme, puts the cursor on the heat, presses `o`, types the
reason into the dialog and presses Enter (a blank reason is refused and the
dialog cancelled with escape), exactly as a referee would.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from textual.widgets import DataTable, Input

from timing_console.ui.dialogs.reason import ReasonScreen
from timing_console.ui.screens.programme import ProgrammeScreen

Key = Callable[[str], Awaitable[None]]


async def reopen_from_programme(
    app: Any, key: Key, settle: Callable[[], Awaitable[None]], heat_key: str, reason: str
) -> bool:
    """Re-open `heat_key` ("event#heat") from the programme; whether the dialog took a reason.

    The dialog opens only for a closed heat; the heat screen is left either way (a count
    typed in a box and never saved is left behind, as the question asks).
    """
    app.screen.action_back()
    await settle()
    if not isinstance(app.screen, ProgrammeScreen):
        asked = app.screen.desk.keys.pending
        assert asked is not None and asked.leave, "back stays only to ask about a typed count"
        await key("y")  # a count typed and never saved: the referee leaves it behind
    programme = app.screen
    assert isinstance(programme, ProgrammeScreen), "back from the heat is the programme"
    table = programme.query_one("#heats", DataTable)
    table.move_cursor(row=table.get_row_index(heat_key))
    await key("o")
    if not isinstance(app.screen, ReasonScreen):
        return False
    app.screen.query_one("#reason", Input).value = reason
    await key("enter")
    if isinstance(app.screen, ReasonScreen):
        assert not reason.strip(), "a reason was given and the dialog stayed"
        await key("escape")
        return False
    assert isinstance(app.screen, ProgrammeScreen), "the dialog closed to the programme"
    return True
