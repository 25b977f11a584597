"""Ask for a bundle file's path: to merge from (a USB stick) or to share to.

One line typed, Enter to go, Escape to leave. A USB stick on Windows is a
drive letter (`E:\\跑道.bundle`), elsewhere a mounted folder; the path is
typed or pasted, since no file picker sees every kind of stick alike.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from timing_console.ui.i18n import Words
from timing_console.ui.keys import bind


class BundleScreen(ModalScreen[Path | None]):
    """The path of the bundle to merge or write; None on escape."""

    DEFAULT_CSS = """
    BundleScreen { align: center middle; }
    BundleScreen > Vertical {
        width: 76; height: auto; padding: 0 2; border: thick $primary; background: $surface;
    }
    BundleScreen #bundle-question { text-style: bold; margin-bottom: 1; }
    BundleScreen Input { background: $panel; margin-bottom: 1; }
    BundleScreen #bundle-problem { color: $error; text-style: bold; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [bind("escape", "cancel", "reason_cancel")]

    def __init__(self, kind: str, words: Words, suggested: str = "") -> None:
        """Ask for a file to `merge` from or to `share` to."""
        super().__init__()
        self.kind = kind
        self.words = words
        self.suggested = suggested

    def compose(self) -> ComposeResult:
        """The question, the path, and where a problem shows."""
        with Vertical():
            yield Label(self.words(f"bundle_{self.kind}_question"), id="bundle-question")
            yield Input(value=self.suggested, id="bundle-path")
            yield Static("", id="bundle-problem", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """A path given: for a merge it must be a file that is there."""
        text = event.value.strip().strip('"')
        path = Path(text).expanduser() if text else None
        if path is None or (self.kind == "merge" and not path.is_file()):
            self.query_one("#bundle-problem", Static).update(
                self.words("bundle_missing", path=text or "—")
            )
            return
        self.dismiss(path)

    def action_cancel(self) -> None:
        """Leave without merging or writing anything."""
        self.dismiss(None)
