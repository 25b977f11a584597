"""The base of every screen that works on the open day."""

from __future__ import annotations

from textual.screen import ModalScreen, Screen

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

    @property
    def in_front(self) -> bool:
        """On top, or just under a dialog. Textual's `is_current` also counts the screen
        under the top one, whatever covers it: a covered screen repainting at every save
        would take the input thread's time while a clock runs."""
        stack = self.app.screen_stack
        return stack[-1] is self or (
            len(stack) > 1 and stack[-2] is self and isinstance(stack[-1], ModalScreen)
        )
