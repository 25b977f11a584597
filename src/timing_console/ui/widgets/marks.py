"""The marks every list shares: a prize place, a result a referee corrected, a conflict.

One place for them, so the standings, the prize list, the athlete's page and
the heat screens mark the same thing the same way.
"""

from __future__ import annotations

from collections.abc import Iterable

from timing_console.model import Attempt
from timing_console.words import both

PRIZE_MARK = "★"
"""Shown beside a place that wins a prize (one cell wide in every terminal font)."""

CORRECTED_MARK = "✎"
"""Shown after a result a referee corrected (one cell wide, as the prize mark)."""

CORRECTED_LEGEND = f"{CORRECTED_MARK} {both('corrected')}"
"""What the mark means, in both languages: a unit may query any listed result."""


CONFLICT_MARK = "⚠"
"""Shown after a result two stations recorded differently (see `rules.merge`)."""

CONFLICT_LEGEND = f"{CONFLICT_MARK} {both('conflict', sep=' · ')}"


def corrected_results(attempts: Iterable[Attempt]) -> frozenset[tuple[str, str]]:
    """(event, bib) of each result that counts and that a referee corrected."""
    return frozenset((a.event, a.bib) for a in attempts if a.corrected and a.void is None)


def marked(text: str, corrected: bool) -> str:
    """A result, with the corrected mark after it when a referee changed it."""
    return f"{text} {CORRECTED_MARK}" if corrected else text
