"""Which Textual driver the console runs on: the stamping one wherever it can."""

from __future__ import annotations

from textual.driver import Driver

from timing_console import oscompat


def console_driver() -> type[Driver] | None:
    """The driver whose keys the key reader process stamps (`driver.StampingDriver`).

    None on Windows, where Textual's own driver reads the console and stamps a
    key in its input thread (no `select` on a console there).
    """
    if oscompat.WINDOWS:
        return None
    from timing_console.ui.terminal.driver import StampingDriver  # noqa: PLC0415 - POSIX only

    return StampingDriver
