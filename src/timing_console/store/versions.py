"""Versions of the records a station writes: each names the record it supersedes.

An attempt or a heat state this station writes is numbered after its own last
version (`STATION:N`) and names every other station's version it was made
from, as CouchDB's revisions do: so a desk can tell a correction that saw a
result from a second result that did not (see `stations.merge`).
"""

from __future__ import annotations

from typing import TypeVar

from timing_console.model import Attempt, HeatState


def rev_of(version: Attempt | HeatState, station: str) -> tuple[str, int]:
    """A version's station and number (a version of a release before revisions is its
    station's version 0)."""
    if version.rev:
        sid, _, n = version.rev.rpartition(":")
        return sid, int(n) if n.isdigit() else 0
    return station, 0


Versioned = TypeVar("Versioned", Attempt, HeatState)


def stamp(version: Versioned, held: Versioned | None, me: str) -> Versioned:
    """The version a station writes: numbered after its own last version of the record
    (`held`), and naming every other station's version it was made from.

    `version` is the record as a step made it from what the writer read: a
    copy of the version it replaced, which still carries that version's name.
    """
    n = rev_of(held, me)[1] + 1 if held is not None else 1
    parents = set(held.parents) if held is not None else set()
    parents |= set(version.parents)  # what the step saw (a decision names every leaf)
    if version.rev and rev_of(version, me)[0] != me:  # made from another station's version
        parents.add(version.rev)
    others = sorted(p for p in parents if p.rpartition(":")[0] != me)  # its own: by number
    return version.model_copy(update={"rev": f"{me}:{n}", "parents": tuple(others)})
