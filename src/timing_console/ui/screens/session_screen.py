"""The base of every screen that works on the open day."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from textual import events
from textual.binding import Binding
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
    the keys of every screen show after its own in the footer. On a day only watched
    (`--read-only`) the actions in its `WRITES` leave the footer and the help, and
    their keys say that this console only watches.
    """

    WRITES: ClassVar[frozenset[str]] = frozenset()
    """Actions that save something: none of them on a day only watched."""

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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """On a day only watched, an action that saves is off, and not offered (False hides
        it from the footer and the help)."""
        return not (self.session.read_only and action in self.WRITES)

    async def on_key(self, event: events.Key) -> None:
        """On a day only watched, a key bound to an action that saves says why it does
        nothing (its binding is off: see `check_action`)."""
        if self.session.read_only and self.saves(event.key):
            event.stop()
            event.prevent_default()
            self.refuse_write()

    def saves(self, key: str) -> bool:
        """Whether `key` is bound here to an action that saves."""
        bindings = Binding.make_bindings(getattr(self, "BINDINGS", ()))
        return any(b.action in self.WRITES and key in b.key.split(",") for b in bindings)

    def refuse_write(self) -> None:
        """Say that this console only watches, and which keys still work."""
        self.notify(self.words("watch_only"), severity="warning", markup=False)
