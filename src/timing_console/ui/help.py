"""`?`: every key of the screen the referee was on, timing keys included.

Timing keys are read in `on_key` (a binding's action never sees the key's
timestamp), so screens list them in `TIMING_KEYS`; bindings come from Textual.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from timing_console.ui.i18n import HELP_WORDS


class HelpScreen(ModalScreen[None]):
    """Keys of one screen."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 76; max-height: 90%; height: auto; padding: 1 2;
        border: thick $accent; background: $surface;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "Close", id="close"),
    ]

    def __init__(self, screen: Screen[object]) -> None:
        """Describe `screen`'s keys."""
        super().__init__()
        self.target = screen

    def compose(self) -> ComposeResult:
        """One line per key."""
        with VerticalScroll():
            yield Static(self.render_keys(), id="keys")

    def render_keys(self) -> str:
        """The key table as text."""
        words = getattr(self.app, "words", None)
        zh = words is not None and words.lang == "zh"
        rows: list[tuple[str, str]] = [
            (key, HELP_WORDS.get(text, text) if zh else text)
            for key, text in getattr(self.target, "TIMING_KEYS", [])
        ]
        seen = {k for k, _ in rows}
        for key, binding in self._listed_bindings():
            if key not in seen and binding.description:
                rows.append((key, binding.description))
                seen.add(key)
        title = getattr(self.target, "HELP_TITLE", type(self.target).__name__)
        width = max((len(k) for k, _ in rows), default=4)
        lines = [f"[b]{title}[/b]", ""]
        lines += [f"[b]{k.ljust(width)}[/b]  {d}" for k, d in rows]
        return "\n".join(lines)

    def _listed_bindings(self) -> list[tuple[str, Binding]]:
        out: list[tuple[str, Binding]] = []
        for node in (self.target, self.app):
            for key, bindings in node._bindings.key_to_bindings.items():
                for binding in bindings:
                    out.append((self.app.get_key_display(binding) or key, binding))
        return out

    async def action_dismiss(self, result: None = None) -> None:
        """Back to the screen."""
        self.dismiss(None)
