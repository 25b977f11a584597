"""The console's footer: Textual's, compact on a narrow terminal so `Quit` stays on it.

At 80 columns the heat screens' keys, with Textual's spacing and the command
palette's key on the right, pushed `q Quit` off the end: the one key a
referee looking for a way out must see. Compact spacing fits them all.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Footer

COMPACT_BELOW = 100
"""Columns under which the footer drops the space around each key."""


class ConsoleFooter(Footer):
    """Textual's footer, compact under `COMPACT_BELOW` columns."""

    def on_resize(self, event: events.Resize) -> None:
        """Compact on a narrow terminal, roomy on a wide one."""
        self.compact = event.size.width < COMPACT_BELOW
