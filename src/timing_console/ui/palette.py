"""Command palette (ctrl+p): every heat and every athlete, in either language.

Textual builds providers itself, so this one finds the day through the screens:
the topmost screen built with the session (the programme is always one).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.message import Message

from timing_console.session import Session
from timing_console.ui.i18n import STRINGS
from timing_console.ui.messages import ExchangeBundle, NewPairingCode, OpenAthlete, OpenHeat
from timing_console.ui.screens.session_screen import SessionScreen

Entry = tuple[str, str, Callable[[], object]]
"""What the palette lists, its help line, and what choosing it does."""


class DayCommands(Provider):
    """Open a heat ("paddle-ball-run heat 2", "托球跑 第2组") or an athlete's results;
    merge or share a station's bundle file; take the desk's new pairing code."""

    def _session(self) -> Session | None:
        for screen in reversed(self.app.screen_stack):
            if isinstance(screen, SessionScreen):
                return screen.session
        return None

    def _go(self, message: Message) -> Callable[[], object]:
        return partial(self.app.post_message, message)

    def _entries(self) -> list[Entry]:
        session = self._session()
        day = session.view.day() if session is not None else None
        if day is None:
            return []
        entries: list[Entry] = []
        for spec in day.events():
            for n in day.heat_numbers(spec.id):
                text = f"{spec.id} heat {n} · {spec.zh} 第{n}组"
                entries.append((text, spec.en, self._go(OpenHeat(spec.id, n))))
        for athlete in day.athletes:
            text = f"{athlete.bib} {athlete.name} · {athlete.unit}"
            entries.append((text, "athlete's results", self._go(OpenAthlete(athlete.bib))))
        for kind in ("merge", "share", "conflicts"):
            en, zh = STRINGS[f"{kind}_palette"]
            entries.append((f"{zh} · {en}", "stations", self._go(ExchangeBundle(kind))))
        if session is not None and session.link is not None:
            en, zh = STRINGS["code_palette"]
            entries.append((f"{zh} · {en}", "stations", self._go(NewPairingCode())))
        return entries

    async def discover(self) -> Hits:
        """Everything, before the referee types."""
        for text, help_text, command in self._entries():
            yield DiscoveryHit(text, command, help=help_text)

    async def search(self, query: str) -> Hits:
        """Fuzzy match on id, Chinese name, bib or athlete name."""
        matcher = self.matcher(query)
        for text, help_text, command in self._entries():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), command, help=help_text)
