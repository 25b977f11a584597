"""The baseline: Textual's tutorial stopwatch, one running, as small as it gets.

It repaints at 60 Hz as the tutorial does; the CPU benchmark compares our heat
clock against it in the same terminal.
"""

from __future__ import annotations

from time import monotonic

from textual.app import App, ComposeResult
from textual.reactive import reactive
from textual.widgets import Digits


class TimeDisplay(Digits):
    """Elapsed time, updated by an interval as in the tutorial."""

    start_time: reactive[float] = reactive(monotonic)
    time = reactive(0.0)

    def on_mount(self) -> None:
        """Tick at 60 Hz."""
        self.set_interval(1 / 60, self.update_time)

    def update_time(self) -> None:
        """Recompute elapsed."""
        self.time = monotonic() - self.start_time

    def watch_time(self, time: float) -> None:
        """Repaint."""
        minutes, seconds = divmod(time, 60)
        hours, minutes = divmod(minutes, 60)
        self.update(f"{hours:02,.0f}:{minutes:02.0f}:{seconds:05.2f}")


class StopwatchApp(App[None]):
    """One running stopwatch."""

    def compose(self) -> ComposeResult:
        """Just the time."""
        yield TimeDisplay()


if __name__ == "__main__":
    StopwatchApp().run()
