"""Command palette (ctrl+p): every heat and every athlete, in either language."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from timing_console.app import TimingConsoleApp


class DayCommands(Provider):
    """Open a heat ("paddle-ball-run heat 2", "托球跑 第2组") or an athlete's results."""

    def _entries(self) -> list[tuple[str, str, object]]:
        app: TimingConsoleApp = self.app  # type: ignore[assignment]
        day = app.repo.day()
        if day is None:
            return []
        entries: list[tuple[str, str, object]] = []
        for spec in day.events():
            for n in day.heat_numbers(spec.id):
                text = f"{spec.id} heat {n} · {spec.zh} 第{n}组"
                entries.append((text, spec.en, partial(app.open_heat, spec.id, n)))
        for athlete in day.athletes:
            text = f"{athlete.bib} {athlete.name} · {athlete.unit}"
            entries.append((text, "athlete's results", partial(app.open_athlete, athlete.bib)))
        return entries

    async def discover(self) -> Hits:
        """Everything, before the referee types."""
        for text, help_text, command in self._entries():
            yield DiscoveryHit(text, command, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        """Fuzzy match on id, Chinese name, bib or athlete name."""
        matcher = self.matcher(query)
        for text, help_text, command in self._entries():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), command, help=help_text)  # type: ignore[arg-type]
