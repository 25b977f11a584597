"""Ask for the desk's new pairing code, so a pushing console follows a desk that changed it.

The desk prints its code when its board starts (the same at every restart,
until `board --new-code`); a console refused for a wrong code takes the new
one here, from the palette, without quitting.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from timing_console.ui.i18n import Words
from timing_console.ui.keys import bind


class CodeScreen(ModalScreen[str | None]):
    """The code as typed (spaces trimmed); None on escape."""

    DEFAULT_CSS = """
    CodeScreen { align: center middle; }
    CodeScreen > Vertical {
        width: 60; height: auto; padding: 0 2; border: thick $primary; background: $surface;
    }
    CodeScreen #code-question { text-style: bold; margin-bottom: 1; }
    CodeScreen Input { background: $panel; margin-bottom: 1; }
    CodeScreen #code-problem { color: $error; text-style: bold; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [bind("escape", "cancel", "reason_cancel")]

    def __init__(self, words: Words) -> None:
        """Ask in `words`' language."""
        super().__init__()
        self.words = words

    def compose(self) -> ComposeResult:
        """The question, the code, and where a problem shows."""
        with Vertical():
            yield Label(self.words("code_question"), id="code-question")
            yield Input(id="code-input", placeholder="K7QX-29MD")
            yield Static("", id="code-problem", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """A code given: at least its eight letters and digits."""
        code = event.value.strip().upper()
        if len(code.replace("-", "").replace(" ", "")) != 8:
            self.query_one("#code-problem", Static).update(self.words("code_missing"))
            return
        self.dismiss(code)

    def action_cancel(self) -> None:
        """Leave: the link keeps the code it has."""
        self.dismiss(None)
