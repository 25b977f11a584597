"""Excel workbooks made the way a union office makes them, for the tests and the benchmark.

No real Excel or WPS is at hand, so openpyxl writes them, with what those
programs put in a sheet: digits typed into a cell become numbers (a bib 101, a
phone 13808231045), a title merged over the header, a unit merged down its
athletes' rows, other sheets beside the one that matters. Nothing binary is
committed: each test makes the workbook it reads.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

from tests.support.paths import SAMPLE_DIR

Rows = list[list[Any]]


def csv_rows(data: bytes) -> list[list[str]]:
    """A CSV's rows as text, the way the sample's files are saved (UTF-8, maybe a BOM)."""
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def typed(cell: str) -> Any:
    """A cell as Excel keeps what was typed into it: digits become a number."""
    return int(cell) if cell.isdigit() else cell


def sample_rows(name: str) -> Rows:
    """The sample day's `entries.csv` or `heats.csv` as a sheet holds it, header first."""
    rows = csv_rows((SAMPLE_DIR / name).read_bytes())
    return [rows[0], *([typed(c) for c in row] for row in rows[1:])]


def workbook(
    rows: Rows,
    *,
    title: str = "Sheet1",
    banner: str | None = None,
    before: Sequence[str] = (),
    after: Sequence[str] = (),
) -> Workbook:
    """A workbook whose sheet `title` holds `rows`, a `banner` merged above them if given,
    and empty sheets named `before` and `after` it."""
    book = Workbook()
    first = book.worksheets[0]
    for name in before:
        book.create_sheet(name)
    sheet = book.create_sheet(title)
    for name in after:
        book.create_sheet(name)
    book.remove(first)
    if banner is not None:
        sheet.append([banner])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[0]))
    for row in rows:
        sheet.append(row)
    return book


def save(book: Workbook, path: Path) -> Path:
    """Write `book` at `path`; the path."""
    book.save(path)
    return path


def xlsx_bytes(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def sample_day_in_workbooks(folder: Path, **entries: Any) -> Path:
    """The sample day with its entries in `报名.xlsx` (sheet 报名表, a banner above the
    header, numbers typed as numbers) and its heats in `分组.xlsx`; the day file's path."""
    entries.setdefault("title", "报名表")
    entries.setdefault("banner", "2026年区直单位工会职工趣味运动会报名表")
    save(workbook(sample_rows("entries.csv"), **entries), folder / "报名.xlsx")
    save(workbook(sample_rows("heats.csv")), folder / "分组.xlsx")
    toml = (SAMPLE_DIR / "sports-day.toml").read_text(encoding="utf-8")
    toml = toml.replace(
        'entries = "entries.csv"', 'entries = { file = "报名.xlsx", sheet = "报名表" }'
    )
    toml = toml.replace('heats = "heats.csv"', 'heats = "分组.xlsx"')
    path = folder / "sports-day.toml"
    path.write_text(toml, encoding="utf-8")
    return path


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ("建国", "晓燕", "志强", "丽娟", "春燕", "婷婷", "秀英", "文斌", "海涛", "桂兰", "明", "静")
MARKED = ("托球跑", "双腿夹球走", "摸石过河")
OTHERS = ("定点投篮", "一分钟跳绳", "踢毽子", "金豆搬家")


def union_entries(athletes: int, seed: int = 1) -> Rows:
    """An entries sheet of `athletes` as the union offices send them: Chinese headers, two
    athletes a unit (its chair and an officer), bibs and phones typed as numbers, each
    athlete in one or two marked events and one or two others (never more than three)."""
    rng = random.Random(seed)
    rows: Rows = [["编号", "姓名", "单位", "职务", "电话", "项目"]]
    for n in range(athletes):
        unit, second = divmod(n, 2)
        events = rng.sample(MARKED, rng.randint(1, 2))
        events += rng.sample(OTHERS, rng.randint(1, 3 - len(events)))
        rows.append(
            [
                (unit + 1) * 100 + second + 1,
                rng.choice(SURNAMES) + rng.choice(GIVEN),
                f"区直第{unit + 1}工会",
                "工会干部" if second else "工会主席",
                13800000000 + n,
                "、".join(events),
            ]
        )
    return rows


def union_day(folder: Path, athletes: int, suffix: str = "xlsx") -> Path:
    """A day of `athletes` from `union_entries`, in a workbook (sheet 报名表) or a CSV, its
    heats drawn by the console; the day file's path."""
    rows = union_entries(athletes)
    entries = folder / f"报名.{suffix}"
    if suffix == "xlsx":
        save(workbook(rows, title="报名表"), entries)
    else:
        text = "\r\n".join(",".join(str(c) for c in row) for row in rows)
        entries.write_bytes(text.encode("utf-8-sig"))
    path = folder / f"day-{suffix}.toml"
    path.write_text(
        'title = "区直单位工会职工趣味运动会"\ndate = "2026-09-20"\nvenue = "双兴小学田径场"\n'
        f'entries = "{entries.name}"\n',
        encoding="utf-8",
    )
    return path


def sheet_values(path: Path) -> dict[str, list[list[Any]]]:
    """Every sheet of a workbook by name, each row's values (None for an empty cell)."""
    book = load_workbook(path)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}
