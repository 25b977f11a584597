"""Exports for the organisers: one CSV per event plus the prize, participation and team lists.

Files are UTF-8 with a BOM so Excel shows Chinese correctly, and each is written
by the store's one atomic write, so a crash never leaves a half-written list.
They are readable by the laptop's other users (mode 0o644 where there are modes).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from timing_console.rules.awards import ParticipationRow, PrizeRow, TeamRow
from timing_console.rules.ranking import EventStandings
from timing_console.rules.report import (
    AWARDS_COLUMNS,
    PARTICIPATION_COLUMNS,
    STANDINGS_COLUMNS,
    TEAM_COLUMNS,
    awards_records,
    participation_records,
    standings_records,
    team_records,
    to_csv,
)
from timing_console.store.files import atomic_write

EXPORT_MODE = 0o644
"""Owner writes, everyone reads: the organisers may copy the lists from another account."""


def export_day(
    folder: str | Path,
    standings: Sequence[EventStandings],
    prizes: Sequence[PrizeRow],
    participation: Sequence[ParticipationRow],
    team: Sequence[TeamRow],
) -> list[Path]:
    """Write every list into `folder` (created if needed) and return the paths written."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    files: list[tuple[str, str]] = [
        (f"{s.event.order}-{s.event.id}.csv", to_csv(standings_records([s]), STANDINGS_COLUMNS))
        for s in standings
    ]
    files += [
        ("awards.csv", to_csv(awards_records(prizes), AWARDS_COLUMNS)),
        ("participation.csv", to_csv(participation_records(participation), PARTICIPATION_COLUMNS)),
        ("team.csv", to_csv(team_records(team), TEAM_COLUMNS)),
    ]
    written = []
    for name, text in files:
        path = out / name
        atomic_write(path, text.encode("utf-8-sig"), mode=EXPORT_MODE)
        written.append(path)
    return written
