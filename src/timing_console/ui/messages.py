"""Where screens ask the app to go: navigation travels as messages, never as calls.

A screen posts one of these and it bubbles up to the app, which owns the screen
stack; so no screen needs to know the app's class or what it opens.
"""

from __future__ import annotations

from textual.message import Message

from timing_console.store.saved import Saved


class OpenHeat(Message):
    """Open the screen that runs one heat of one event."""

    def __init__(self, event: str, heat: int) -> None:
        """Which event and heat."""
        super().__init__()
        self.event = event
        self.heat = heat


class OpenAthlete(Message):
    """Show one athlete's results and history."""

    def __init__(self, bib: str) -> None:
        """Whose."""
        super().__init__()
        self.bib = bib


class SnapshotDue(Message):
    """A heat was closed: a good moment to write the snapshot that makes the next open fast."""


class OpenLineup(Message):
    """Open one heat's changes on the day: move an athlete, swap lanes, add a late one."""

    def __init__(self, event: str, heat: int) -> None:
        """Which event and heat."""
        super().__init__()
        self.event = event
        self.heat = heat


class ExchangeBundle(Message):
    """Bring other stations' records in from a bundle file, write this station's out, or
    decide what stations recorded differently."""

    def __init__(self, kind: str) -> None:
        """`merge`, `share` or `conflicts`."""
        super().__init__()
        self.kind = kind


class NewPairingCode(Message):
    """Ask for the desk's new pairing code and push with it (the desk replaced its code)."""


class DaySaved(Message, bubble=False):
    """A save reached the day (from any screen, a dialog, or a merged or pushed station).

    The day announces each save to the app (from whatever thread saved), and
    the app, on its own thread, posts one to every screen the referee sees (the
    top one, and the one under a dialog): a screen showing what it touched
    repaints from the store before the referee's next key (keys reach screens
    through the app's queue too, behind it), instead of polling or being poked
    by type; a covered screen catches up when it is shown again. It does not
    bubble: each screen gets its own.
    """

    def __init__(self, saved: Saved) -> None:
        """What the save touched."""
        super().__init__()
        self.saved = saved
