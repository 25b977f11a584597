"""The base of every screen that works on the open day."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.screen import ModalScreen, Screen

from timing_console.session import Session
from timing_console.words import Words


def shown(stack: Sequence[Screen[Any]]) -> list[Screen[Any]]:
    """The screens the referee sees: the top one, and the one under it when the top is a
    dialog. Textual's `is_current` also counts the screen under the top one, whatever
    covers it."""
    if len(stack) > 1 and isinstance(stack[-1], ModalScreen):
        return list(stack[-2:])
    return list(stack[-1:])


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
        """On top, or just under a dialog (`shown`): a covered screen repainting at every
        save would take the input thread's time while a clock runs."""
        return self in shown(self.app.screen_stack)
