"""The programme's line about stations: this one's name, its link to the desk, conflicts.

A day run at several stations needs the referee to see, at a glance, which
station this laptop is, whether the desk has every result it saved (the
push link's state and the time of its last acknowledgement), and whether
results merged from other stations disagree with each other. It looks once a
second: reading the link's state and the merged day's conflicts costs
nothing the clock would notice, and it repaints only when what it says
changed. Under a heat screen an unchanged line that repainted anyway cost a
layout of the programme, and the heat screen in front re-rendered the
regions it handed up: a whole-screen frame every second while a clock ran.
"""

from __future__ import annotations

import time

from textual.widgets import Static

from timing_console.session import Session
from timing_console.words import Words

LOOK_EVERY_S = 1.0


def link_text(session: Session, words: Words) -> str:
    """The link's state in one clause; empty without `--push`."""
    link = session.link
    if link is None:
        return ""
    state = link.status()
    if state.state == "refused":
        return words("link_refused", why=state.why)
    if state.state == "down":
        return words("link_down", why=state.why, pending=state.pending)
    if state.state == "connecting":
        return words("link_connecting", url=link.url)
    if state.pending:
        return words("link_pending", pending=state.pending)
    if state.acked_at is None:
        return words("link_up_never")
    return words("link_up", at=time.strftime("%H:%M:%S", time.localtime(state.acked_at)))


class StationLine(Static):
    """'Station track · desk: all sent, last at 10:41:07 · 2 conflicts' under the title."""

    DEFAULT_CSS = """
    StationLine { padding: 0 1; color: $text-muted; }
    StationLine.-trouble { color: $warning; }
    """

    def __init__(self, session: Session, words: Words) -> None:
        """Show `session`'s station, link and conflicts."""
        super().__init__(markup=False, id="station-line")
        self.session = session
        self.words = words

    def on_mount(self) -> None:
        """Look now, then every `LOOK_EVERY_S`."""
        self.look()
        self.set_interval(LOOK_EVERY_S, self.look)

    def look(self) -> None:
        """Say what stands now; warn in colour when the link is down or stations disagree."""
        view, words = self.session.view, self.words
        parts = [words("station", name=view.station)]
        link = link_text(self.session, words)
        if link:
            parts.append(link)
        conflicts = len(view.conflicts())
        if conflicts:
            parts.append(words("conflicts_open", n=conflicts))
        text = " · ".join(parts)
        if str(self.content) != text:  # an update asks for a layout, even of a covered screen
            self.update(text)
        state = self.session.link.status().state if self.session.link else "up"
        self.set_class(bool(conflicts) or state in ("down", "refused"), "-trouble")
