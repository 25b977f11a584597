"""Exports for the organisers: one CSV per event plus the prize, participation and team lists,
or the same lists as the sheets of one Excel workbook (`--format xlsx`, see `xlsxwrite`).

Files are UTF-8 with a BOM so Excel shows Chinese correctly, and each is written
by the store's one atomic write, so a crash never leaves a half-written list.
They are readable by the laptop's other users (mode 0o644 where there are modes,
in folders the export creates as 0o755, whatever the umask).

The sheets speak the organisers' language (`rules.report`'s sheets), and so do
their file names (`4-定点投篮.csv`, `获奖名单.csv`; `4-free-throw.csv`, `awards.csv` in
English): an organiser finds a list by what it is called. Each event's file
starts with its number in the programme, so a folder lists them in order.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from timing_console.oscompat import set_path_mode
from timing_console.rules.awards import ParticipationRow, PrizeRow, TeamRow
from timing_console.rules.ranking import EventStandings
from timing_console.rules.report import (
    LANGS,
    Sheet,
    awards_sheet,
    participation_sheet,
    standings_sheet,
    team_sheet,
)
from timing_console.store.files import atomic_write
from timing_console.words import text

EXPORT_MODE = 0o644
"""Owner writes, everyone reads: the organisers may copy the lists from another account."""

FOLDER_MODE = 0o755
"""A folder the export creates: others may enter it, or the readable files are out of reach."""

ENCODING = "utf-8-sig"
"""UTF-8 with a BOM: without the BOM, Excel on a Chinese Windows reads the file as GBK."""


FORMATS = ("csv", "xlsx")
"""One CSV per list (the default), or one Excel workbook with a sheet per list."""


def export_day(
    folder: str | Path,
    standings: Sequence[EventStandings],
    prizes: Sequence[PrizeRow],
    participation: Sequence[ParticipationRow],
    team: Sequence[TeamRow],
    *,
    lang: str = "en",
    fmt: str = "csv",
) -> list[Path]:
    """Write every list into `folder` (created if needed) and return the paths written:
    a CSV per list, or with `fmt="xlsx"` one workbook (`成绩汇总.xlsx`, `results.xlsx`).

    Raises:
        ValueError: `lang` is not one of `rules.report.LANGS`, or `fmt` not one of
            `FORMATS`; nothing is written.
    """
    if lang not in LANGS:
        raise ValueError(f"no sheets in {lang!r}; languages: {', '.join(LANGS)}")
    if fmt not in FORMATS:
        raise ValueError(f"no export as {fmt!r}; formats: {', '.join(FORMATS)}")
    sheets = export_sheets(standings, prizes, participation, team, lang)
    out = Path(folder)
    _make_folder(out)
    if fmt == "xlsx":
        from timing_console.dayio.xlsxwrite import workbook_bytes  # noqa: PLC0415 - only a workbook loads openpyxl

        path = out / f"{text('file.results', lang)}.xlsx"
        atomic_write(path, workbook_bytes(sheets), mode=EXPORT_MODE)
        return [path]
    written = []
    for name, sheet in sheets:
        path = out / f"{name}.csv"
        atomic_write(path, sheet.csv().encode(ENCODING), mode=EXPORT_MODE)
        written.append(path)
    return written


def export_sheets(
    standings: Sequence[EventStandings],
    prizes: Sequence[PrizeRow],
    participation: Sequence[ParticipationRow],
    team: Sequence[TeamRow],
    lang: str,
) -> list[tuple[str, Sheet]]:
    """Every list with its name in `lang`: each event's (`4-定点投篮`) in programme order,
    then the prizes, the participation list and the team table."""
    sheets: list[tuple[str, Sheet]] = [
        (
            f"{s.event.order}-{s.event.zh if lang == 'zh' else s.event.id}",
            standings_sheet(s, lang),
        )
        for s in standings
    ]
    sheets += [
        (text("file.awards", lang), awards_sheet(prizes, lang)),
        (text("file.participation", lang), participation_sheet(participation, lang)),
        (text("file.team", lang), team_sheet(team, lang)),
    ]
    return sheets


def _make_folder(folder: Path) -> None:
    """Create `folder` and any missing parents, each open to the laptop's other users.

    `mkdir` obeys the umask (a strict 0o077 would hide the lists); folders that
    already exist keep the mode their owner chose.
    """
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    folder.mkdir(parents=True, exist_ok=True)
    for created in missing:
        set_path_mode(created, FOLDER_MODE)
