"""What one save changed, as the day announces it to whoever shows it.

A commit of this station, or records another station's file gained, touch
some heats (their attempts, actions, changes, or the heat itself) or the whole
day (its definition, a choice among stations, the station's name). Screens
repaint what a save touched; a heat's version counts the saves that touched it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from timing_console.model import Action, Attempt, Change, HeatState, heat_key


@dataclass(frozen=True)
class Saved:
    """What one save changed."""

    seq: int
    """The store's sequence after the save."""
    heats: frozenset[str] = frozenset()
    """Keys of the heats it touched."""
    everything: bool = False
    """The day, a choice among stations or a station's name: anything may show differently."""

    def touches(self, heat: str) -> bool:
        """Whether a screen showing this heat must look again."""
        return self.everything or heat in self.heats


def saved_of(seq: int, entries: Iterable[tuple[str, str, Any]]) -> Saved:
    """What a save's decoded entries (table, key, value) touched."""
    heats: set[str] = set()
    everything = False
    for _table, _key, value in entries:
        if isinstance(value, Attempt | Action | Change):
            heats.add(heat_key(value.event, value.heat))
        elif isinstance(value, HeatState):
            heats.add(value.key)
        else:
            everything = True
    return Saved(seq, frozenset(heats), everything)
