"""What every heat screen shares: a view of its `HeatDesk`, key stamping, the status line.

Timing keys are read in `on_key` because only the key event carries its own
monotonic stamp (`event.time`, set when the input thread parsed the key);
binding actions run later and never see it. Each key goes to the heat's desk
(`heatdesk.HeatDesk`), which reads it with the pure key grammar
(`rules.heatkeys`) against the heat as the store holds it and makes every step
durable (fsynced) *before* the screen repaints, so what the referee sees is
always what is saved. A save made anywhere else (a correction dialog, a merged
station) reaches the screen as a `DaySaved` message and it repaints from the
store before the next key (covered by another screen, it repaints when shown
again; a key reads the store first in any case).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Digits, Static

from timing_console import gcpolicy
from timing_console.model import HeatPhase, Status, format_time
from timing_console.rules.heat.clock import HeatClock, format_clock
from timing_console.rules.heat.keys import Intent, Note
from timing_console.rules.heat.machine import HeatMachine, Stamp
from timing_console.session import Session
from timing_console.ui.heat.desk import Feedback, HeatDesk
from timing_console.ui.heat.lanes import LaneTable
from timing_console.ui.heat.starter import Starter
from timing_console.ui.keys import CONSOLE_KEYS, WATCHING_KEYS, bind
from timing_console.ui.messages import DaySaved, SnapshotDue
from timing_console.ui.screens.session_screen import SessionScreen
from timing_console.ui.widgets.footer import ConsoleFooter
from timing_console.ui.widgets.marks import marked

Row = tuple[str, ...]


class HeatHead(Widget):
    """The heat's name, and at the right its phase on the phase's colour, in one line.

    A name and a phase side by side were two widgets, and a phase word of another
    width (every gun, re-run and close) took two layouts of the whole screen in the
    key's frame; here it repaints this line.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {f"heat-head--{p.value}" for p in HeatPhase}
    DEFAULT_CSS = """
    HeatHead { height: 1; padding: 0 0 0 1; text-style: bold; }
    HeatHead > .heat-head--running { background: $success; color: $text; }
    HeatHead > .heat-head--rerun { background: $warning; color: $text; }
    HeatHead > .heat-head--done { background: $primary; color: $text; }
    """

    label: reactive[str] = reactive("")
    """The phase as the referee reads it (`running`, `needs re-run · run 2`)."""
    phase: reactive[HeatPhase] = reactive(HeatPhase.READY)
    """The phase, for its colour."""

    def __init__(self, title: str, *, id: str | None = None) -> None:
        """A head naming the heat (`title` is markup)."""
        super().__init__(id=id)
        self.heading = Content.from_markup(title)

    def render(self) -> Content:
        """The name, cut short if the line is too narrow, then the phase flush right."""
        colour = self.get_visual_style(f"heat-head--{self.phase.value}")
        tag = Content.assemble(" ", self.label, " ").stylize(colour)
        room = max(0, self.content_size.width - tag.cell_length - 1)
        name = self.heading.truncate(room)
        return Content.assemble(name, " " * (room + 1 - name.cell_length), tag)


class HeatScreen(SessionScreen):
    """Base of the race, countdown and free-throw screens."""

    CSS_PATH = ["heat.tcss"]  # noqa: RUF012 - Textual takes a list (countdown and free throws add theirs)

    BINDINGS: ClassVar[list[BindingType]] = [
        bind("escape", "back", "back"),
        bind("backspace", "undo", "undo"),
        bind("v", "rerun", "rerun"),
        bind("ctrl+s", "close_heat", "close_heat"),
        *CONSOLE_KEYS,
    ]
    WRITES: ClassVar[frozenset[str]] = frozenset({"undo", "rerun", "close_heat"})
    TIMING_KEYS: ClassVar[list[tuple[str, str]]] = []
    """Keys read in `on_key` and their help ids (ui/keys.py), for the help screen."""
    COLUMNS: ClassVar[tuple[str, ...]] = ()
    WIDTHS: ClassVar[dict[str, int]] = {"lane": 4, "athlete": 14, "unit": 14, "state": 10}
    """Fixed column widths; the others grow to fit their cells."""
    REPAINT_S: ClassVar[float] = 0.1
    """The interval only repaints the clock face; it never records anything."""

    def __init__(self, session: Session, event: str, heat: int) -> None:
        """Open one heat of one event."""
        super().__init__(session)
        self.event_id = event
        self.heat = heat
        self.desk = HeatDesk(session, event, heat)
        self.starter = Starter(self)
        """The start signal, when the heat is started by its beep."""

    @property
    def board(self) -> HeatMachine:
        """The heat as the store holds it (as of the last key, save or repaint)."""
        return self.desk.board

    # ----- layout --------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Title, clock face, one row per lane, a status line and the footer."""
        spec = self.session.view.require_day().event(self.event_id)
        words = self.words
        yield HeatHead(f"[b]{spec.zh}[/b] {spec.en} · {words.heat(self.heat)}", id="heat-head")
        yield Digits("0:00.0", id="clock")
        yield from self.compose_body()
        yield Static("", id="status", markup=False)
        yield ConsoleFooter()

    def compose_body(self) -> ComposeResult:
        """The lanes table; screens may add more."""
        yield LaneTable(id="lanes")

    def on_mount(self) -> None:
        """Load the heat, resume it if a previous console left it running, start repainting."""
        self.clock = HeatClock(self.session.now)
        resumed = self.desk.resume()
        table = self.query_one("#lanes", LaneTable)
        words = self.words
        for column in self.COLUMNS:
            table.add_column(words(column), key=column, width=self.WIDTHS.get(column))
        self.shown: dict[int, Row] = {}
        self.show_board()
        if resumed:
            self.say(self.words("resumed"))
        self.set_interval(self.REPAINT_S, self.tick)
        if self.session.read_only:
            self.say(self.words("watching_mark"))
            return
        self.starter.prepare()
        self.opened()

    def opened(self) -> None:
        """The heat is on screen (screens add a word for the referee)."""

    # ----- keys ----------------------------------------------------------------

    def now_stamp(self) -> Stamp:
        """A stamp for work that no key started (the start signal's beep)."""
        return self.session.now_stamp()

    async def on_key(self, event: events.Key) -> None:
        """Every key goes to the heat's desk with its own stamp; the desk's grammar says
        whether it is the heat's (else the screen's bindings take it).

        The event loop gets a turn first. Textual hands a screen the keys queued for it
        one after another, without letting the loop run between them: eight finishes a
        few ms apart held it for all of them, the clock face and the rows of the first
        ones waiting for the last. The keys are still read one at a time, in order (the
        next waits for this one), each saved before the next is read; the loop goes on
        drawing while a save's fsync waits in a worker thread (`HeatDesk.press_soon`).
        """
        if self.session.read_only:
            self.watch_key(event)
            return
        await asyncio.sleep(0)
        self.starter.catch_up(event.time)
        if self.starter.active:
            self.consume(event)  # until the beep, a key is only ever `escape`: stop the signal
            if event.key == "escape":
                self.starter.abort()
            else:
                self.say(self.words("signal_wait"), error=True)
            return
        desk = self.desk
        if self.session.saves_aside:
            feedback = await desk.press_soon(event.key, event.character, event.time)
        else:
            feedback = desk.press(event.key, event.character, event.time)
        if feedback.handled:
            self.consume(event)
        self.show(feedback)

    def watch_key(self, event: events.Key) -> None:
        """A key on a day only watched: `escape` goes back and the console's own keys pass to
        their bindings; any other key is refused before the heat reads it (no question
        asked, no prefix taken, nothing typed into a count box)."""
        if event.key in WATCHING_KEYS and event.key != "escape":
            return
        self.consume(event)
        self.press(event.key)

    def press(self, key: str) -> None:
        """A key given by a click on the footer: read as if typed now."""
        if self.session.read_only:
            if key == "escape":
                self.dismiss(None)
            else:
                self.refuse_write()
            return
        self.show(self.desk.press(key, None, self.session.now()))

    def refuse_write(self) -> None:
        """Say on the status line that this console only watches, and which keys work."""
        self.say(self.words("watch_only"), error=True)

    def help_keys(self) -> list[tuple[str, str]]:
        """The heat's keys for the help screen: none on a day only watched (each saves)."""
        return [] if self.session.read_only else list(self.TIMING_KEYS)

    def show(self, feedback: Feedback) -> None:
        """Repaint from the board, then say what the key did and act on it."""
        if not feedback.handled and feedback.note is None:
            return
        self.desk.tick()  # the count boxes follow the heat at once (closed: they close)
        self.show_board()
        if feedback.quiet:
            return
        self.say(self.note_text(feedback.note), error=bool(feedback.note and feedback.note.error))
        if feedback.signal:
            self.start_signal()
        if feedback.closed:
            self.post_message(SnapshotDue())
        if feedback.leave:
            self.dismiss(None)

    def start_signal(self) -> None:
        """Play the start signal; its beep is the gun (said why not, without sound)."""
        speaker = self.session.speaker
        if speaker.ready:
            self.starter.begin()
        else:
            why = speaker.why_silent or self.words("muted")
            self.say(self.words("no_signal", why=why), error=True)

    def perform(self, intent: Intent) -> bool:
        """Carry out one intent that no key gave (the start signal's beep); whether it saved."""
        note = self.desk.perform(intent)
        self.show_board()
        self.say(self.note_text(note), error=bool(note and note.error))
        return note is None or not note.error

    def on_day_saved(self, message: DaySaved) -> None:
        """A save anywhere: repaint from the store if it touched this heat."""
        if message.saved.touches(self.desk.key) and self.desk.sync():
            self.show_board()

    def on_screen_resume(self) -> None:
        """Shown again: saves made while another screen covered this one (`DaySaved`
        reaches only the screens in front)."""
        self.tick()

    @staticmethod
    def consume(event: events.Key) -> None:
        """Keep a handled key from reaching bindings or other widgets."""
        event.stop()
        event.prevent_default()

    # ----- words -----------------------------------------------------------------

    def mark_name(self, what: str) -> str:
        """A prefix's name in the console's language (`foul` / 犯规)."""
        return self.words(f"mark_{what}")

    def note_text(self, note: Note | None) -> str:
        """A note of the grammar or the desk, in the console's language."""
        if note is None:
            return ""
        if note.key == "refusal":
            return self.words.refusal(note.params["refusal"])
        params: dict[str, Any] = {k: self.param(k, v) for k, v in note.params.items()}
        if note.key == "no_mark":
            spec = self.board.spec
            params["event"] = spec.zh if self.session.lang == "zh" else spec.en
        if note.key == "close_ask":
            params = {"what": self.close_what(note.params)}
        if note.key == "shooter_done" and note.params.get("next") is not None:
            return self.words("shooter_next", **params)
        return self.words(note.key, **params)

    def param(self, name: str, value: Any) -> Any:
        """One parameter of a note, as the referee reads it."""
        if isinstance(value, Note):
            return self.note_text(value)
        if name == "what":
            return self.mark_name(str(value))
        if name == "ms":
            return format_time(int(value))
        if name == "counts" and isinstance(value, Mapping):
            return self.counts_text(value)
        return value

    def counts_text(self, counts: Mapping[int, str]) -> str:
        """`lane 3: 45, lane 5: 38` (第3道 45，第5道 38)."""
        if self.session.lang == "zh":
            return "，".join(f"第{lane}道 {text}" for lane, text in counts.items())
        return ", ".join(f"lane {lane}: {text}" for lane, text in counts.items())

    def close_what(self, params: Mapping[str, Any]) -> str:
        """What closing does, for its question: counts it saves and lanes that become DNF."""
        parts = []
        if params.get("counts"):
            parts.append(self.words("close_saves", counts=self.counts_text(params["counts"])))
        if params.get("dnf"):
            sep = "、" if self.session.lang == "zh" else ", "
            lanes = sep.join(str(n) for n in params["dnf"])
            parts.append(self.words("close_dnf", lanes=lanes))
        return ("；" if self.session.lang == "zh" else "; ").join(parts)

    # ----- steps ---------------------------------------------------------------

    def say(self, text: str, *, error: bool = False) -> None:
        """One status line under the lanes; errors also ring the bell."""
        status = self.query_one("#status", Static)
        if str(status.content) != text:
            status.update(text, layout=False)
        status.set_class(error, "error")
        if error:
            self.app.bell()

    def show_board(self) -> None:
        """Repaint the lanes and the heading from the board (changed cells only)."""
        table = self.query_one("#lanes", LaneTable)
        for lane, row in self.marked_rows():
            old = self.shown.get(lane)
            if old is None:
                table.add_row(*row, key=str(lane))
            elif old != row:
                columns = zip(self.COLUMNS, old, row, strict=True)
                table.update_row(str(lane), {c: new for c, was, new in columns if was != new})
            self.shown[lane] = row
            table.set_row_state(str(lane), self.row_state(lane))
        phase = self.board.state.phase
        label = marked(self.words(phase.value), self.board.state.reopened > 0)
        if self.board.state.run > 1:
            label += f" · {self.words('run_n', n=self.board.state.run)}"
        head = self.query_one("#heat-head", HeatHead)
        head.label = label
        head.phase = phase
        gcpolicy.clock_running(self.board.running)
        self.repaint_clock()

    def on_unmount(self) -> None:
        """Leaving the heat: collect as usual again."""
        gcpolicy.clock_running(False)

    def row_state(self, lane: int) -> str:
        """`live`, `done`, `void` or '' for a lane, shown in its row's style."""
        attempt = self.board.lanes.get(lane)
        if attempt is None:
            return ""
        if attempt.status is None:
            return "live" if attempt.run == self.board.state.run and self.board.running else ""
        return "done" if attempt.status is Status.OK else "void"

    def lane_rows(self) -> list[tuple[int, Row]]:
        """One row per lane, in lane order."""
        raise NotImplementedError

    def marked_rows(self) -> list[tuple[int, Row]]:
        """The lanes, a result a referee corrected marked after its state, as the
        standings mark it."""
        at = self.COLUMNS.index("state")
        rows: list[tuple[int, Row]] = []
        for lane, cells in self.lane_rows():
            attempt = self.board.lanes.get(lane)
            if attempt is not None and attempt.corrected and attempt.status is not None:
                cells = (*cells[:at], marked(cells[at], True), *cells[at + 1 :])  # noqa: PLW2901
            rows.append((lane, cells))
        return rows

    def tick(self) -> None:
        """The interval: follow the store (and open or close count boxes), repaint."""
        if self.desk.tick():
            self.show_board()
        else:
            self.repaint_clock()

    def repaint_clock(self) -> None:
        """Start on a beep that has sounded; stop a track whose heat stopped; repaint the clock."""
        self.starter.catch_up()
        if not self.starter.active and not self.board.running:
            self.session.speaker.stop(self.board.state.key)
        self.query_one("#clock", Digits).update(self.clock_text())

    def clock_text(self) -> str:
        """What the big clock shows now: a closed heat's clock has stopped."""
        if self.board.state.phase is HeatPhase.DONE:
            return format_clock(0.0, decimals=1)
        return format_clock(self.clock.elapsed(self.board.state), decimals=1)

    def athlete_cells(self, lane: int) -> tuple[str, str]:
        """'bib name' and unit of a lane's athlete."""
        day = self.session.view.require_day()
        bib = self.board.entry(lane).bib
        athlete = day.athlete(bib)
        return (f"{bib} {athlete.name}" if athlete else bib, athlete.unit if athlete else "")

    # ----- actions common to every heat (a footer click reads as its key) ------------

    def action_back(self) -> None:
        """Back to the programme; a running heat keeps running (a typed count asks first)."""
        self.press("escape")

    def action_undo(self) -> None:
        """Take back the last action of this heat (kept in history); the gun asks first."""
        self.press("backspace")

    def action_rerun(self) -> None:
        """Ask on the status line: `y` re-runs the heat, a lane digit one lane."""
        self.press("v")

    def action_close_heat(self) -> None:
        """Close the heat as final, asking first if lanes have no result yet."""
        self.press("ctrl+s")
