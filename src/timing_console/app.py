"""The Textual app the referee runs the whole day on.

The app owns the open day (`Repo`), the time sources and the language; screens
ask it for stamps and words. Time sources are injectable so tests run on a
fake clock: `now` drives only what the clock face shows, while every recorded
time comes from a key event's own monotonic stamp (`event.time`).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from timing_console import heap
from timing_console.model import EventKind, HeatPhase
from timing_console.rules.heat import Stamp
from timing_console.store.db import StoreError
from timing_console.store.repo import Repo, boot_id, open_repo
from timing_console.ui.athlete import AthleteScreen
from timing_console.ui.awards import AwardsScreen
from timing_console.ui.confirm import ConfirmScreen
from timing_console.ui.countdown import CountdownScreen
from timing_console.ui.freethrow import FreeThrowScreen
from timing_console.ui.heat_base import HeatScreen
from timing_console.ui.help import HelpScreen
from timing_console.ui.i18n import Words, detect_lang, localise_bindings
from timing_console.ui.palette import DayCommands
from timing_console.ui.programme import ProgrammeScreen
from timing_console.ui.race import RaceScreen
from timing_console.ui.standings import StandingsScreen

HEAT_SCREENS: dict[EventKind, type[HeatScreen]] = {
    EventKind.RACE: RaceScreen,
    EventKind.COUNT: CountdownScreen,
    EventKind.SHOTS: FreeThrowScreen,
}
"""Which screen runs a heat of each kind of event."""

SWITCH_INTERVAL_S = 0.0005
"""How long another thread may hold the GIL before the input thread gets a turn.

Python's default is 5 ms: a worker busy in pure Python could hold a key press
that long before the input thread stamps it. Half a millisecond bounds that wait.
"""


class TimingConsoleApp(App[None]):
    """The pitchside timing console."""

    CSS_PATH = Path(__file__).parent / "ui" / "app.tcss"
    TITLE = "timing-console"
    COMMANDS = App.COMMANDS | {DayCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "standings", "Standings", id="standings"),
        Binding("a", "awards", "Prizes", id="awards"),
        Binding("question_mark", "help", "Keys", id="help"),
        Binding("q", "quit_console", "Quit", id="quit"),
    ]

    def __init__(
        self,
        db_path: str | Path | None = None,
        lang: str | None = None,
        *,
        repo: Repo | None = None,
        now: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
        boot: str | None = None,
    ) -> None:
        """Open a day.

        Args:
            db_path: The day's database file (ignored when `repo` is given).
            lang: `zh` or `en`; None follows the locale.
            repo: An already open day (tests).
            now: Monotonic time source for the clock face (tests pass a fake).
            wall: Wall-clock source, used only for labels and resuming.
            boot: Boot id; None reads this machine's.
        """
        super().__init__()
        self.owns_repo = repo is None
        """The app closes only a day it opened itself; a caller's repo is the caller's."""
        if repo is None:
            if db_path is None:
                raise ValueError("give db_path or repo")
            repo = open_repo(db_path)
        self.repo = repo
        self.words = Words(detect_lang(lang))
        localise_bindings(self, self.words.lang)
        self.now = now
        self.wall = wall
        self.boot = boot if boot is not None else boot_id()
        self.interrupted = {h.key for h in repo.interrupted()}
        """Heats a previous console left running (shown as interrupted until opened)."""

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        """Push a screen with its key descriptions in the console's language."""
        if isinstance(screen, Screen):
            localise_bindings(screen, self.words.lang)
        return super().push_screen(screen, *args, **kwargs)

    def stamp(self, mono: float) -> Stamp:
        """A stamp for a key pressed at monotonic time `mono` (its `event.time`)."""
        return Stamp(mono=mono, wall=self.wall() - (self.now() - mono))

    def on_mount(self) -> None:
        """Show the programme."""
        sys.setswitchinterval(SWITCH_INTERVAL_S)
        self.push_screen(ProgrammeScreen())
        self.call_after_refresh(self.settle_heap)
        for notice in self.repo.store.notices:
            self.notify(notice, title="Recovered", severity="warning", timeout=60)

    def settle_heap(self) -> None:
        """Once the first screen is up: collect, then keep what is left out of later walks.

        The day's models live all day, and a full collection over them would
        hold the GIL for tens of milliseconds during a heat.
        """
        heap.settle()

    def on_unmount(self) -> None:
        """Snapshot and release the day so the next console opens it at once."""
        if self.owns_repo:
            self.repo.store.close()

    @work(thread=True, exclusive=True, group="snapshot", exit_on_error=False)
    def snapshot_day(self) -> None:
        """Write the TinyDB snapshot off the event loop (it takes ~170 ms at 10k attempts).

        The journal already holds every save; the snapshot only makes the next
        open fast, so a failure is reported, never fatal.
        """
        try:
            self.repo.store.snapshot()
        except StoreError as exc:
            self.call_from_thread(self.notify, str(exc), severity="warning")
        heap.keep_long_lived()

    def open_heat(self, event: str, heat: int) -> None:
        """Open the screen that runs this heat's kind of event."""
        kind = self.repo.require_day().event(event).kind
        screen = HEAT_SCREENS[kind]
        self.push_screen(screen(event, heat))

    def open_athlete(self, bib: str) -> None:
        """Show one athlete's results."""
        self.push_screen(AthleteScreen(bib))

    def heat_running(self) -> bool:
        """Whether any heat's clock is running in this console."""
        return any(
            h.phase is HeatPhase.RUNNING and h.key not in self.interrupted
            for h in self.repo.heat_states().values()
        )

    def action_standings(self) -> None:
        """Standings, one event at a time (from a heat: that heat's event)."""
        if not isinstance(self.screen, StandingsScreen):
            event = self.screen.event_id if isinstance(self.screen, HeatScreen) else None
            self.push_screen(StandingsScreen(event))

    def action_awards(self) -> None:
        """Prize list, participation and team table."""
        if not isinstance(self.screen, AwardsScreen):
            self.push_screen(AwardsScreen())

    def action_help(self) -> None:
        """Every key of the current screen."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_quit_console(self) -> None:
        """Quit; ask first while a heat is running."""
        if not self.heat_running():
            self.exit()
            return

        def done(ok: bool | None) -> None:
            if ok:
                self.exit()

        self.push_screen(ConfirmScreen(self.words("quit_running")), done)
