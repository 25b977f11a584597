"""`?`: every key of the screen the referee was on, timing keys included, each once.

Timing keys are read in `on_key` (a binding's action never sees the key's
timestamp), so screens list them in `TIMING_KEYS` as (key, help id); the other
keys are the screen's active bindings that this product describes (ui/keys.py),
so Textual's own defaults (focus, copy) never show.
"""

from __future__ import annotations

from typing import ClassVar

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from timing_console.ui.keys import bind
from timing_console.words import Words, text
from timing_console.words.keys import BINDING_TEXT


class HelpScreen(ModalScreen[None]):
    """Keys of one screen."""

    CSS_PATH = "help.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("escape,question_mark,q", "dismiss", "close"),
    ]

    def __init__(self, screen: Screen[object], words: Words) -> None:
        """Describe `screen`'s keys in `words`' language."""
        super().__init__()
        self.target = screen
        self.words = words

    def compose(self) -> ComposeResult:
        """One line per key."""
        with VerticalScroll():
            yield Static(self.render_keys(), id="keys")

    def rows(self) -> list[tuple[str, str]]:
        """(key, what it does): the timing keys, then the bindings they do not already cover."""
        lang = self.words.lang
        chosen = getattr(self.target, "help_keys", None)  # a heat screen's: none when watching
        timing: list[tuple[str, str]] = (
            chosen() if callable(chosen) else getattr(self.target, "TIMING_KEYS", [])
        )
        rows = [(shown, text(f"help.{help_id}", lang)) for shown, help_id in timing]
        seen = {shown for shown, _ in rows}
        described: set[str] = set()
        for active in self.target.active_bindings.values():
            binding = active.binding
            if binding.id not in BINDING_TEXT or binding.id in described:
                continue
            shown = self.app.get_key_display(binding)
            said = text(f"key.{binding.id}", lang)
            if binding.key in seen or shown in seen or said in {what for _, what in rows}:
                continue
            rows.append((shown, said))
            seen.add(shown)
            described.add(binding.id)
        return rows

    def render_keys(self) -> str:
        """The key table as text."""
        rows = self.rows()
        title = getattr(self.target, "HELP_TITLE", type(self.target).__name__)
        width = max((len(k) for k, _ in rows), default=4)
        lines = [f"[b]{title}[/b]", ""]
        session = getattr(self.target, "session", None)
        if session is not None and session.read_only:
            lines += [escape(self.words("watch_only")), ""]
        lines += [f"[b]{k.ljust(width)}[/b]  {d}" for k, d in rows]
        return "\n".join(lines)

    async def action_dismiss(self, result: None = None) -> None:
        """Back to the screen."""
        self.dismiss(None)
