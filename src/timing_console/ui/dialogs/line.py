"""Ask for one line: a bundle file's path, the desk's new pairing code.

One line typed, Enter to go, Escape to leave. The caller's check says what is
wrong with the line (then the question stays, with the problem under it) or
nothing (then the line is the answer).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from timing_console.ui.keys import bind
from timing_console.words import Words

Check = Callable[[str], str | None]
"""The problem with a line as typed (trimmed), or None when it will do."""


class LineScreen(ModalScreen[str | None]):
    """The line as typed (trimmed) once the check passes it; None on escape."""

    CSS_PATH = "line.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [bind("escape", "cancel", "reason_cancel")]

    def __init__(
        self, question: str, check: Check, *, value: str = "", placeholder: str = ""
    ) -> None:
        """Ask `question`, with `value` already typed."""
        super().__init__()
        self.question = question
        self.check = check
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        """The question, the line, and where a problem shows."""
        with Vertical():
            yield Label(self.question, id="line-question")
            yield Input(value=self.value, placeholder=self.placeholder, id="line-input")
            yield Static("", id="line-problem", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Answer with the line, or show what is wrong with it."""
        line = event.value.strip()
        problem = self.check(line)
        if problem is not None:
            self.query_one("#line-problem", Static).update(problem)
            return
        self.dismiss(line)

    def action_cancel(self) -> None:
        """Leave: nothing is done."""
        self.dismiss(None)


def bundle_path(line: str) -> Path:
    """A bundle's path as typed or pasted: a USB stick on Windows is a drive letter
    (`E:\\跑道.bundle`), elsewhere a mounted folder; quotes a file manager adds are dropped."""
    return Path(line.strip('"')).expanduser()


def bundle_check(kind: str, words: Words) -> Check:
    """A path to share to, or to merge from (then a file that is there)."""

    def check(line: str) -> str | None:
        if not line or (kind == "merge" and not bundle_path(line).is_file()):
            return words("bundle_missing", path=line or "—")
        return None

    return check


def code_check(words: Words) -> Check:
    """A pairing code: its eight letters and digits, with or without the dash."""

    def check(line: str) -> str | None:
        return None if len(line.replace("-", "").replace(" ", "")) == 8 else words("code_missing")

    return check
