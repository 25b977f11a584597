"""The base of every screen that works on the open day."""

from __future__ import annotations

from textual.screen import Screen

from timing_console.session import Session
from timing_console.ui.i18n import Words


class SessionScreen(Screen[None]):
    """A screen given the console's session when it is built, never fetching it from the app.

    Each concrete screen lists `CONSOLE_KEYS` (ui/keys.py) last in its `BINDINGS`, so
    the keys of every screen show after its own in the footer.
    """

    def __init__(self, session: Session) -> None:
        """Work on `session`'s day, in its language."""
        super().__init__()
        self.session = session
        self.words = Words(session.lang)
