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
from timing_console.ui.messages import ExchangeBundle, NewPairingCode, OpenAthlete, OpenHeat
from timing_console.ui.screens.session_screen import SessionScreen
from timing_console.words import Words, both

EN, ZH = Words("en"), Words("zh")
"""A heat is listed in both languages, so either finds it."""

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
        if day is None or session is None:
            return []
        words = Words(session.lang)
        entries: list[Entry] = []
        for spec in day.events():
            for n in day.heat_numbers(spec.id):
                text = f"{spec.id} {EN.heat(n)} · {spec.zh} {ZH.heat(n)}"
                entries.append((text, spec.en, self._go(OpenHeat(spec.id, n))))
        for athlete in day.athletes:
            text = f"{athlete.bib} {athlete.name} · {athlete.unit}"
            entries.append((text, words("palette_athlete"), self._go(OpenAthlete(athlete.bib))))
        kinds = ("conflicts",) if session.read_only else ("merge", "share", "conflicts")
        for kind in kinds:
            label = both(f"{kind}_palette", sep=" · ")
            entries.append((label, words("palette_stations"), self._go(ExchangeBundle(kind))))
        if session.link is not None:
            label = both("code_palette", sep=" · ")
            entries.append((label, words("palette_stations"), self._go(NewPairingCode())))
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
