"""Bringing a union up to a station's own latest saves without building it again.

At a desk holding thousands of other stations' records, building the union
costs ~200 ms; most of the desk's own saves (a heat it times itself) touch
nothing another station holds, and those are simply added. Pure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from timing_console.model import Change
from timing_console.stations.merge import (
    CHANGES,
    HEATS,
    LOCAL_TABLES,
    META,
    RESOLUTIONS,
    StationView,
    Union,
    group_of,
)


@dataclass(frozen=True)
class Foreign:
    """What other stations hold, for telling whether a save of this station's is theirs too."""

    keys: frozenset[tuple[str, str]]
    heats: frozenset[tuple[str, int]]
    """(event, heat) of every heat other stations hold any record of."""

    @classmethod
    def of(cls, views: Iterable[StationView]) -> Foreign:
        """Index the other stations' views."""
        keys: set[tuple[str, str]] = set()
        heats: set[tuple[str, int]] = set()
        for view in views:
            for table, rows in view.tables.items():
                for key, value in rows.items():
                    keys.add((table, key))
                    group = group_of(table, key, value)
                    if group is not None:
                        heats.add((group[1], group[2]))
        return cls(frozenset(keys), frozenset(heats))


def absorb(merged: Union, puts: Iterable[tuple[str, str, Any]], foreign: Foreign, own: str) -> bool:
    """Add this station's new saves to a union, where no other station can be concerned.

    A save of a record no other station holds, in a heat no other station
    touched, can neither make nor settle a conflict: it is simply the day's.
    Anything else (the day itself, a choice, a record or heat another station
    holds, a heat's start or close, which may make an athlete clash) returns
    False, and the union must be built again; `merged` is then left as it was.
    """
    puts = list(puts)
    heats = merged.tables.get(HEATS, {})
    for table, key, value in puts:
        if table in LOCAL_TABLES:
            continue
        if table in (META, RESOLUTIONS) or (table, key) in foreign.keys:
            return False
        group = group_of(table, key, value)
        if group is not None and (group[1], group[2]) in foreign.heats:
            return False
        if table == HEATS:
            old = heats.get(key)
            if old is None or (old.started_wall, old.closed_at) != (
                value.started_wall,
                value.closed_at,
            ):
                return False
    for table, key, value in puts:
        if table == CHANGES and isinstance(value, Change):
            merged.changes.append((own, value))  # the audit keeps every station's records
        elif table not in LOCAL_TABLES:
            merged.tables.setdefault(table, {})[key] = value
    return True
