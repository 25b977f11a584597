"""A yes/no question that must be answered before a destructive step."""

from __future__ import annotations

from typing import ClassVar

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from timing_console.ui.keys import bind
from timing_console.words import Words


class ConfirmScreen(ModalScreen[bool]):
    """Ask one question; `y` / Enter on Yes confirms, `n` / escape declines.

    Texts are shown as typed, never read as markup: `[y]` is a key name here.
    """

    CSS_PATH = "confirm.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("y", "answer(True)", "yes", priority=True),
        bind("n,escape", "answer(False)", "no", priority=True),
    ]
    """Priority bindings: the app runs them as it takes the key, so the question is gone
    before it takes the next one. Otherwise a finish typed right after `n` still reached
    this screen (its button's queue held the `n`) and was lost with it."""

    def __init__(self, question: str, words: Words) -> None:
        """Ask `question`, with the answers in `words`' language."""
        super().__init__()
        self.question = question
        self.words = words

    def compose(self) -> ComposeResult:
        """The question and two buttons."""
        yes, no = self.words("yes"), self.words("no")
        with Vertical():
            yield Label(self.question, markup=False)
            with Horizontal():
                yield Button(escape(f"{yes} [y]"), variant="warning", id="yes")
                yield Button(escape(f"{no} [n]"), id="no")

    def on_mount(self) -> None:
        """Focus No: a stray Enter must not confirm."""
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Answer by button."""
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        """Answer by key."""
        self.dismiss(answer)
