"""Keys as the console's input thread delivers them: stamped with their own time, then posted.

A terminal's driver builds a `textual.events.Key` when the key arrives, so its
`event.time` is when it was pressed; the console records a finish at that
stamp, not at the (later) moment its handler runs. `post_key` does what the
driver does, through the public `App.post_message`, with a stamp the test
chooses.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import App

CHARACTERS = {"space": " ", "enter": "\r", "tab": "\t"}
"""The characters a terminal sends for the named keys the tests press (letters and digits
are their own)."""


def character(key: str) -> str | None:
    """The character a terminal sends with `key` (None for a key that sends none)."""
    return key if len(key) == 1 else CHARACTERS.get(key)


def key_event(key: str, at: float) -> events.Key:
    """The Key event for `key`, stamped `at` (monotonic seconds)."""
    event = events.Key(key, character(key))
    event.time = at
    return event


def post_key(app: App[Any], key: str, at: float) -> None:
    """Deliver `key` to `app` as its driver would, pressed at `at`."""
    event = key_event(key, at)
    event.set_sender(app)
    app.post_message(event)
