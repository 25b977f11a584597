"""Decide what stations recorded differently: pick one station's value, with a reason.

Every open conflict lists one line per station (what that station holds);
choosing a line asks why, then saves the choice as an ordinary record of this
station (`DayView.resolve`), which merges to every desk like a result. Nothing
is chosen by default and nothing is saved without a reason.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from timing_console.model import find_event
from timing_console.session import Session
from timing_console.stations.conflict_report import value_text
from timing_console.stations.merge import Conflict
from timing_console.ui.dialogs.reason import ReasonScreen
from timing_console.ui.keys import bind
from timing_console.words import Words


def where(conflict: Conflict, words: Words) -> str:
    """`托球跑 Paddle-ball run 第1组 3道`, or the day item a conflict is about."""
    spec = find_event(conflict.event) if conflict.event else None
    if spec is None:
        return conflict.id
    text = f"{spec.zh} {spec.en} {words.heat(conflict.heat or 0)}"
    if conflict.lane is not None:
        text += f" {words('lane')} {conflict.lane}"
    return text


class ConflictsScreen(ModalScreen[None]):
    """Every open conflict, one line per station's value; Enter chooses it (with a reason)."""

    CSS_PATH = "conflicts.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [bind("escape", "cancel", "reason_cancel")]

    def __init__(self, session: Session, words: Words) -> None:
        """List `session`'s open conflicts."""
        super().__init__()
        self.session = session
        self.words = words
        self.choices: dict[str, tuple[Conflict, str]] = {}
        """Option id -> (conflict, the id of the station whose value it chooses)."""

    def compose(self) -> ComposeResult:
        """The title and the list."""
        with Vertical():
            yield Label(self.words("conflicts_title"), id="conflicts-title", markup=False)
            yield OptionList(id="conflicts")

    def on_mount(self) -> None:
        """Fill the list."""
        self.fill()

    def fill(self) -> None:
        """One option per (conflict, station); none left: say so."""
        options = self.query_one(OptionList)
        options.clear_options()
        self.choices.clear()
        named = self.session.view.labels()
        for conflict in self.session.view.conflicts():
            by_label = sorted(conflict.values.items(), key=lambda i: named.get(i[0], i[0]))
            for sid, value in by_label:
                key = f"{len(self.choices)}"
                self.choices[key] = (conflict, sid)
                label = named.get(sid, sid)
                text = f"{where(conflict, self.words)} · {label}: {value_text(value)}"
                options.add_option(Option(text, id=key))
        if not self.choices:
            options.add_option(Option(self.words("no_conflicts"), disabled=True))
        else:
            options.highlighted = 0  # Enter chooses at once; arrows move
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Ask why this station's value stands; save the choice once a reason is given."""
        chosen = self.choices.get(event.option.id or "")
        if chosen is None:
            return
        if self.session.read_only:  # a choice is a save: the console holding the day makes it
            self.notify(self.words("watch_only"), severity="warning", markup=False)
            return
        conflict, sid = chosen
        view = self.session.view

        def decide(_values: object, reason: str, _override: bool) -> None:
            at = datetime.now().astimezone().isoformat(timespec="seconds")
            view.resolve(conflict.id, sid, reason, at)

        label = view.labels().get(sid, sid)
        question = self.words("conflict_choose", where=where(conflict, self.words), station=label)
        self.app.push_screen(
            ReasonScreen(question, self.words, submit=decide), lambda _r: self.fill()
        )

    def action_cancel(self) -> None:
        """Leave; nothing chosen."""
        self.dismiss(None)
