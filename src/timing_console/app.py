"""The Textual app the referee runs the whole day on.

The app opens the day, builds the `Session` every screen is given, and owns the
screen stack: a screen asks to go to another screen by posting a message
(ui/messages.py) the app handles; it opens only its own dialogs (a question
over itself, dismissed back to it) with `push_screen`. Time sources are
injectable so tests run on a fake clock.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType

from timing_console import gcpolicy
from timing_console.model import EventKind
from timing_console.oscompat import boot_id
from timing_console.session import Session
from timing_console.sound.speaker import SOUND_OFF, Speaker
from timing_console.stations.exchange import merge as exchange_merge
from timing_console.stations.exchange import share as exchange_share
from timing_console.stations.follow import Follower
from timing_console.stations.link import Link
from timing_console.stations.view import DayView, open_view
from timing_console.store.db import StoreError
from timing_console.store.saved import Saved
from timing_console.ui.dialogs.confirm import ConfirmScreen
from timing_console.ui.dialogs.line import LineScreen, bundle_check, bundle_path, code_check
from timing_console.ui.heat.base import HeatScreen
from timing_console.ui.heat.countdown import CountdownScreen, time_up
from timing_console.ui.heat.freethrow import FreeThrowScreen
from timing_console.ui.heat.race import RaceScreen
from timing_console.ui.keys import localised
from timing_console.ui.messages import (
    DaySaved,
    ExchangeBundle,
    NewPairingCode,
    OpenAthlete,
    OpenHeat,
    OpenLineup,
    SnapshotDue,
)
from timing_console.ui.palette import DayCommands
from timing_console.ui.screens.athlete import AthleteScreen
from timing_console.ui.screens.awards import AwardsScreen
from timing_console.ui.screens.conflicts import ConflictsScreen
from timing_console.ui.screens.help import HelpScreen
from timing_console.ui.screens.lineup import LineupScreen
from timing_console.ui.screens.programme import ProgrammeScreen
from timing_console.ui.screens.session_screen import shown
from timing_console.ui.screens.standings import StandingsScreen
from timing_console.ui.terminal.choice import console_driver
from timing_console.words import Words, detect_lang

HEAT_SCREENS: dict[EventKind, type[HeatScreen]] = {
    EventKind.RACE: RaceScreen,
    EventKind.COUNT: CountdownScreen,
    EventKind.SHOTS: FreeThrowScreen,
}
"""Which screen runs a heat of each kind of event."""

TIME_UP_CHECK_S = 0.5
"""How often the app looks for a countdown that reached 0 off screen (a read of a few heats)."""

STATIONS_LOOK_S = 1.0
"""How often the folder of other stations' records is looked at (a `stat` per station)."""
FOLLOW_S = 0.25
"""How often a read-only console looks at the day another console writes (a few `stat`s)."""
SWITCH_INTERVAL_S = 0.0005
"""How long another thread may hold the GIL before the input thread gets a turn.

Python's default is 5 ms: a worker busy in pure Python could hold a key press
that long before the input thread stamps it. Half a millisecond bounds that wait.
"""


def _open_speaker(sound: str) -> Speaker:
    """The speakers, probed only when asked for (`off` never loads an audio library)."""
    if sound != "on":
        return Speaker.silent(SOUND_OFF)
    from timing_console.sound.devices import open_speaker  # noqa: PLC0415 - see above

    return open_speaker(sound)


class TimingConsoleApp(App[None]):
    """The pitchside timing console.

    Its keys (standings, prizes, help, quit) are listed by every screen, in the
    screen's language (ui/keys.py `CONSOLE_KEYS`); the actions live here.
    """

    CSS_PATH = Path(__file__).parent / "ui" / "app.tcss"
    TITLE = "timing-console"
    COMMANDS = App.COMMANDS | {DayCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit_console", "Quit", id="quit_ctrl", show=False, priority=True),
    ]
    """Textual's own `ctrl+q` quits at once; here it asks first, like `q`, while a heat runs."""

    def __init__(
        self,
        db_path: str | Path | None = None,
        lang: str | None = None,
        *,
        view: DayView | None = None,
        now: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
        boot: str | None = None,
        sound: str = "off",
        speaker: Speaker | None = None,
        link: Link | None = None,
        saves_aside: bool = True,
        follower: Follower | None = None,
    ) -> None:
        """Open a day.

        Args:
            db_path: The day's database file (ignored when `view` is given).
            lang: `zh` or `en`; None follows the locale.
            view: An already open day (tests).
            now: Monotonic time source for the clock face (tests pass a fake).
            wall: Wall-clock source, used only for labels and resuming.
            boot: Boot id; None reads this machine's.
            sound: `on` plays countdown signals through the speakers (the command
                line's default); `off` keeps to the bell and a flash.
            speaker: A speaker to play through instead (tests pass a fake sink).
            link: The push to the desk (`--push`), started on mount, stopped on exit.
            saves_aside: A heat key's fsync waits in a worker thread, the loop free to
                draw (see `HeatDesk.press_soon`); False waits on the loop, as tests that
                step a screen key by key need (Pilot cannot see a save in a thread).
            follower: A day another console holds, opened read-only (`--read-only`): the
                console shows it as that one saves and saves nothing (its `view` is
                the day; the app closes it).
        """
        super().__init__(driver_class=console_driver())
        self.owns_view = view is None
        """The app closes only a day it opened itself; a caller's view is the caller's."""
        self.follower = follower
        self.follow_failure: str | None = None
        """Why the day watched could not be read at the last look (said once)."""
        if view is None and follower is not None:
            view = follower.view
        if view is None:
            if db_path is None:
                raise ValueError("give db_path or view")
            view = open_view(db_path)
        self.session = Session.open(
            view,
            detect_lang(lang),
            now=now,
            wall=wall,
            boot=boot if boot is not None else boot_id(),
            speaker=speaker or _open_speaker(sound),
        )
        self.session.link = link
        self.session.saves_aside = saves_aside
        self.sound_wanted = sound == "on" or speaker is not None
        """Whether the referee asked for sound: then a silent speaker is worth a word."""
        self.words = Words(self.session.lang)
        self.told_time_up: set[tuple[str, float]] = set()
        """Countdown runs (heat key, start) whose 0 the referee has been told of."""

    @property
    def view(self) -> DayView:
        """The open day (for callers that drive the app, such as benchmarks)."""
        return self.session.view

    def on_mount(self) -> None:
        """Show the programme."""
        sys.setswitchinterval(SWITCH_INTERVAL_S)
        self.push_screen(localised(ProgrammeScreen, self.session.lang)(self.session))
        self.set_interval(TIME_UP_CHECK_S, self.check_countdowns)
        self.call_after_refresh(self.settle_garbage)
        for notice in self.session.view.notices:
            self.notify(notice, title="Recovered", severity="warning", timeout=60)
        speaker = self.session.speaker
        if self.sound_wanted and speaker.sink is None:
            self.notify(speaker.why_silent, title=self.words("no_sound"), severity="warning")
        if self.session.link is not None:
            self.session.link.start()
        self.session.view.subscribe(self.announce)
        if self.follower is not None:
            self.set_interval(FOLLOW_S, self.follow_day)  # it looks at other stations too
        else:
            self.set_interval(STATIONS_LOOK_S, self.look_for_stations)

    def follow_day(self) -> None:
        """On a day only watched, read what the console holding it saved since the last look
        (a few `stat`s when nothing was). The follower announces it, so every screen shows
        it; a day it had to open afresh (its journal rebuilt) becomes the session's once it
        holds a day (not while the day is moved aside for another to be loaded)."""
        follower = self.follower
        if follower is None or follower.unchanged():
            return
        try:
            follower.poll()
        except StoreError as exc:
            why = self.words.refusal(exc)
            if why != self.follow_failure:
                self.notify(self.words("watch_lost", why=why), severity="error", markup=False)
            self.follow_failure = why
            return
        self.follow_failure = None
        if follower.view.day() is not None:
            self.session.view = follower.view

    def look_for_stations(self) -> None:
        """Show what other stations' records a merge or a push brought in meanwhile (the
        day announces them as a save, so every screen repaints what they touched)."""
        view = self.session.view
        if not view.reload_stations():
            return
        names = ", ".join(view.stations[1:]) or "—"
        self.notify(self.words("merged_new", names=names), markup=False)

    def announce(self, saved: Saved) -> None:
        """The day saved something, in any thread: handled on the app's own thread."""
        self.post_message(DaySaved(saved))

    def on_day_saved(self, message: DaySaved) -> None:
        """Tell the screens the referee sees, which repaint what they show of the save.

        A covered screen catches up when it is shown again (`on_screen_resume`). Told
        now, it would do nothing visible, yet handling any message makes Textual hand
        the regions it once had to repaint up to the screen in front again: with a
        heat screen over the programme, a whole-screen frame at every finish.
        """
        for screen in shown(self.screen_stack):
            screen.post_message(DaySaved(message.saved))

    def settle_garbage(self) -> None:
        """Once the first screen is up: collect, then keep what is left out of later walks.

        The day's models live all day, and a full collection over them would
        hold the GIL for tens of milliseconds during a heat.
        """
        gcpolicy.settle()

    def on_unmount(self) -> None:
        """Release the speaker and the day so the next console opens it at once (a caller's
        day outlives the app: it stops telling the app of its saves)."""
        self.session.view.unsubscribe(self.announce)
        self.session.speaker.close()
        if self.session.link is not None:
            self.session.link.stop()
        if self.owns_view:
            self.session.view.close()

    @work(thread=True, exclusive=True, group="snapshot", exit_on_error=False)
    def snapshot_day(self) -> None:
        """Write the TinyDB snapshot off the event loop (about 170 ms at 10k attempts).

        The journal already holds every save; the snapshot only makes the next
        open fast, so a failure is reported, never fatal.
        """
        try:
            self.session.view.snapshot()
        except StoreError as exc:
            self.call_from_thread(self.notify, str(exc), severity="warning")
        gcpolicy.keep_long_lived()

    def open_heat(self, event: str, heat: int) -> None:
        """Open the screen that runs this heat's kind of event."""
        kind = self.session.view.require_day().event(event).kind
        screen = localised(HEAT_SCREENS[kind], self.session.lang)
        self.push_screen(screen(self.session, event, heat))

    def open_athlete(self, bib: str) -> None:
        """Show one athlete's results."""
        self.push_screen(localised(AthleteScreen, self.session.lang)(self.session, bib))

    def on_open_heat(self, message: OpenHeat) -> None:
        """A screen or the palette chose a heat."""
        self.open_heat(message.event, message.heat)

    def on_open_athlete(self, message: OpenAthlete) -> None:
        """A screen or the palette chose an athlete."""
        self.open_athlete(message.bib)

    def on_open_lineup(self, message: OpenLineup) -> None:
        """The programme chose a heat whose line-up changes (late, absent, swapped)."""
        screen = localised(LineupScreen, self.session.lang)
        self.push_screen(screen(self.session, message.event, message.heat))

    def on_exchange_bundle(self, message: ExchangeBundle) -> None:
        """Ask for a bundle's path (the palette chose merge or share), then do it off the loop;
        or list the conflicts to decide."""
        if message.kind == "conflicts":
            self.push_screen(ConflictsScreen(self.session, self.words))
            return
        if self.session.read_only:
            self.notify(self.words("watch_only"), severity="warning", markup=False)
            return
        suggested = "" if message.kind == "merge" else f"{self.session.view.station}.bundle"

        def chosen(line: str | None) -> None:
            if line is not None:
                self.exchange(message.kind, bundle_path(line))

        question = self.words(f"bundle_{message.kind}_question")
        check = bundle_check(message.kind, self.words)
        self.push_screen(LineScreen(question, check, value=suggested), chosen)

    def on_new_pairing_code(self, message: NewPairingCode) -> None:
        """Ask for the desk's new code; push with it from now on."""
        link = self.session.link
        if link is None:
            return

        def taken(code: str | None) -> None:
            if code is not None:
                link.take_code(code.upper())
                self.notify(self.words("code_taken"))

        question = self.words("code_question")
        self.push_screen(
            LineScreen(question, code_check(self.words), placeholder="K7QX-29MD"), taken
        )

    @work(thread=True, exclusive=True, group="exchange", exit_on_error=False)
    def exchange(self, kind: str, path: Path) -> None:
        """Merge a bundle in, or share this station's records out; say what happened.

        Runs in a thread: reading and checking a bundle takes a moment at a
        big day, and a key pressed meanwhile is stamped as ever. The merge
        never takes the day's lock this console holds (see `store.stations`).
        """
        view, words = self.session.view, self.words
        try:
            day = view.own_day()
            if day is None:
                raise StoreError(f"no day is loaded in {view.path}")
            if kind == "share":
                shared = exchange_share(view.path, view.me, day, path)
                text = words("bundle_shared", path=path, n=sum(shared.records.values()))
            else:
                merged = exchange_merge(view.path, view.me, day, [path])
                what = ", ".join(f"{s} +{n}" for s, n in sorted(merged.added.items()))
                text = words("bundle_merged", what=what) if what else words("bundle_nothing_new")
        except StoreError as exc:
            self.call_from_thread(self.notify, str(exc), severity="error", timeout=30, markup=False)
            return
        self.call_from_thread(self.notify, text, markup=False)
        self.call_from_thread(self.look_for_stations)

    def on_snapshot_due(self, message: SnapshotDue) -> None:
        """A heat was closed (here: a day only watched is snapshotted by its own console)."""
        if not self.session.read_only:
            self.snapshot_day()

    def action_standings(self) -> None:
        """Standings, one event at a time (from a heat: that heat's event)."""
        if not isinstance(self.screen, StandingsScreen):
            event = self.screen.event_id if isinstance(self.screen, HeatScreen) else None
            self.push_screen(localised(StandingsScreen, self.session.lang)(self.session, event))

    def action_awards(self) -> None:
        """Prize list, participation and team table."""
        if not isinstance(self.screen, AwardsScreen):
            self.push_screen(localised(AwardsScreen, self.session.lang)(self.session))

    def action_help(self) -> None:
        """Every key of the current screen."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(localised(HelpScreen, self.session.lang)(self.screen, self.words))

    def check_countdowns(self) -> None:
        """Tell the referee, wherever they are, when a countdown reaches 0: once per run.

        The countdown's own screen rings and flashes when it is in front; on any
        other screen (the programme, standings, another heat, a dialog) nothing
        else would, so the app rings and shows a note that stays until dismissed,
        and the programme calls the heat "time up".
        """
        session = self.session
        for state in session.view.heat_states().values():
            if not time_up(session, state):
                continue
            run = (state.key, state.started_mono or 0.0)
            if run in self.told_time_up:
                continue
            self.told_time_up.add(run)
            shown = self.screen
            if isinstance(shown, CountdownScreen) and shown.board.state.key == state.key:
                continue
            if isinstance(shown, ProgrammeScreen):
                shown.refresh_states()
            if session.read_only:  # the console holding the day tells its referee
                continue
            spec = session.view.require_day().event(state.event)
            heat = self.words.heat(state.heat)
            self.bell()
            self.notify(
                self.words("time_up_away", event=f"{spec.zh} {spec.en}", heat=heat),
                severity="warning",
                timeout=60,
                markup=False,
            )

    def action_toggle_sound(self) -> None:
        """Mute or unmute the speakers (`x`); with no speaker, say why there is none."""
        speaker = self.session.speaker
        if speaker.sink is None:
            self.notify(speaker.why_silent, title=self.words("no_sound"), severity="warning")
            return
        self.notify(self.words("muted" if speaker.toggle_mute() else "unmuted"))

    def action_quit_console(self) -> None:
        """Quit (`q` or `ctrl+q`); ask first while a heat is running, or while records saved
        here have not reached the desk."""
        if isinstance(self.screen, ConfirmScreen):
            return
        unsent = self.session.unsent()
        asked = [self.words("quit_running")] if self.session.heat_running() else []
        asked += [self.words("quit_unsent", pending=unsent)] if unsent else []
        if not asked:
            self.exit()
            return
        text = " ".join(asked)

        def done(ok: bool | None) -> None:
            if ok:
                self.exit()

        self.push_screen(localised(ConfirmScreen, self.session.lang)(text, self.words), done)
