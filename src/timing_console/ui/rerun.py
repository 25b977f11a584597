"""`v`: re-run the whole heat (false start) or one lane."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label


class RerunScreen(ModalScreen[int | str | None]):
    """Answers "all", a lane number, or None (cancel)."""

    DEFAULT_CSS = """
    RerunScreen { align: center middle; }
    RerunScreen > Vertical {
        width: 64; height: auto; padding: 1 2; border: thick $warning; background: $surface;
    }
    """

    def __init__(self, question: str) -> None:
        """Ask `question`."""
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        """The question."""
        with Vertical():
            yield Label(self.question)

    def on_key(self, event: events.Key) -> None:
        """`y` whole heat, a digit one lane, anything else cancels."""
        event.stop()
        event.prevent_default()
        if event.key == "y":
            self.dismiss("all")
        elif event.key in "12345678" and len(event.key) == 1:
            self.dismiss(int(event.key))
        else:
            self.dismiss(None)
