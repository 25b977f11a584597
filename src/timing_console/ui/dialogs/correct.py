"""Correct one result from the standings or an athlete's screen, with a reason.

A unit queries a result, or a finish judge's card disagrees with the console:
the referee types the result as it stands on the paper card and why, and it
goes through the heat's own rules (`HeatMachine.enter`) as a correction from the
console. The rules refuse a blank reason, the same result again or an
impossible one; the dialog then shows why and saves nothing.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual.widgets import Label

from timing_console.model import EventKind, EventSpec, Incident, heat_key
from timing_console.rules.heat.results import result_text
from timing_console.rules.ranking import StandingRow
from timing_console.session import Session
from timing_console.ui.dialogs.reason import Field, ReasonScreen
from timing_console.ui.heat.desk import LaneChanged, correct
from timing_console.ui.keys import localised
from timing_console.ui.messages import DaySaved
from timing_console.ui.screens.session_screen import SessionScreen
from timing_console.words import Words

EXAMPLES: dict[EventKind, str] = {
    EventKind.RACE: "12.34 · 0:52.35 · DNF · DQ · DNS",
    EventKind.COUNT: "87 · DNF · DQ · DNS",
    EventKind.SHOTS: "1101100110 · DNF · DQ · DNS",
}
"""What a result looks like on a paper card, per kind of event (`FOUL` too where the event
has a foul: see `example`)."""


def example(spec: EventSpec) -> str:
    """What a result looks like on a paper card for this event."""
    text = EXAMPLES[spec.kind]
    return f"{text} · FOUL" if Incident.FOUL in spec.incidents else text


class CorrectScreen(ReasonScreen):
    """A new result for one lane and the reason; dismissed with the reason once saved."""

    def __init__(self, session: Session, event: str, heat: int, lane: int, bib: str) -> None:
        """Ask for the result of `bib` in `event`, heat `heat`, lane `lane`."""
        words = Words(session.lang)
        day = session.view.require_day()
        spec = day.event(event)
        athlete = day.athlete(bib)
        self.seen = session.view.board(event, heat).lanes.get(lane)
        """The lane as this dialog shows it: if it changes before saving, nothing is saved."""
        self.what = words(
            "correct_what",
            event=f"{spec.zh} {spec.en}",
            heat=words.heat(heat),
            lane=lane,
            bib=bib,
            name=athlete.name if athlete else "",
        )
        field = Field(
            "result",
            words("new_result", example=example(spec)),
            placeholder=example(spec).split(" · ")[0],
        )
        super().__init__(
            self.shows(words),
            words,
            fields=(field,),
            submit=self.save,
            override=words("override_ceiling") if spec.kind is EventKind.RACE else None,
        )
        self.session = session
        self.event_id = event
        self.heat = heat
        self.lane = lane
        self.bib = bib
        self.who = athlete.name if athlete else ""
        self.saved = ""
        """The result as the lists now show it, once saved."""

    def shows(self, words: Words) -> str:
        """The question: what is corrected, and the result the lane holds as last read."""
        now = self.seen
        shown = (result_text(now) if now is not None else "") or words("no_result_yet")
        return "\n".join((words("correct_title"), self.what, words("correct_now", result=shown)))

    def on_day_saved(self, message: DaySaved) -> None:
        """A save elsewhere (the heat screen under this dialog, a merged station): show the
        lane as it is now, so what is saved over is what the referee saw."""
        if not message.saved.touches(heat_key(self.event_id, self.heat)):
            return
        now = self.session.view.board(self.event_id, self.heat).lanes.get(self.lane)
        if now != self.seen:
            self.seen = now
            self.question = self.shows(self.words)
            self.query_one("#question", Label).update(self.question)

    def save(self, values: Mapping[str, str], reason: str, override: bool) -> None:
        """Enter the result through the heat's own rules, if the lane is still as shown;
        refusals raise (a time over the plausible ceiling needs the override box)."""
        try:
            entered = correct(
                self.session.view,
                self.event_id,
                self.heat,
                self.lane,
                values["result"],
                stamp=self.session.now_stamp(),
                reason=reason,
                override=override,
                seen=self.seen,
            )
        except LaneChanged as exc:
            self.seen = exc.now  # said in the refusal: a second confirm saves over it
            raise
        self.saved = result_text(entered.after)


def ask_correction(screen: SessionScreen, row: StandingRow) -> None:
    """Open the correction dialog for a standings row, or say why there is nothing to correct.

    Once saved, the screen says so; the results screens recompute by
    themselves when they come back to the front.
    """
    session, words = screen.session, screen.words
    if row.heat is None or row.lane is None:
        screen.notify(words("no_seat", bib=row.bib), severity="warning", markup=False)
        return
    dialog = localised(CorrectScreen, session.lang)(session, row.event, row.heat, row.lane, row.bib)

    def done(reason: str | None) -> None:
        if reason is not None:
            saved = words("correction_saved", bib=dialog.bib, name=dialog.who, result=dialog.saved)
            screen.notify(saved, markup=False)

    screen.app.push_screen(dialog, done)
