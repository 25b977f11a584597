"""What the printed papers share: templates, words, dates, a heat's lanes, the file write.

Both are printed on A4 by union officers who read Chinese first, so every label
is a catalogue word in both languages, put in the order the reader asked for
(`Words.pair`), and every
file is written whole or not at all: a printer fed a half-written book prints
wrong results with nothing to say so.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from timing_console.model import Day
from timing_console.rules.ranking import UNKNOWN_NAME
from timing_console.rules.report import display_width
from timing_console.store.errors import StoreError
from timing_console.store.files import atomic_write
from timing_console.words import Pair, Words

PRINT_MODE = 0o644
"""Owner writes, everyone reads: the prize table may print from another account."""

SANS = (
    '"Segoe UI", "Helvetica Neue", Arial, "Noto Sans CJK SC", "Source Han Sans SC", '
    '"Microsoft YaHei", "PingFang SC", "SimHei", "SimSun", "Segoe UI Symbol", '
    '"DejaVu Sans", sans-serif'
)
"""Latin from the system's sans, Chinese from whichever CJK font the laptop has.

Nothing is fetched: the laptops print with no network, so only fonts already
installed (Windows: Microsoft YaHei, SimSun; macOS: PingFang; Linux: Noto) count.
The symbol fonts carry ★ and ✎ where the CJK fonts lack them.
"""

SERIF = (
    '"Times New Roman", "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", '
    '"Songti SC", "STSong", "Noto Sans CJK SC", "Microsoft YaHei", serif'
)
"""Certificates read as formal documents: a Song (serif) face where the laptop has one."""

_ZH_DIGITS = "零一二三四五六七八九"


def zh_number(n: int) -> str:
    """1-99 as Chinese numerals (一, 十二, 二十), as a certificate writes a place."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    text = ("" if tens == 1 else _ZH_DIGITS[tens]) + "十" if tens else ""
    return text + (_ZH_DIGITS[ones] if ones else "")


def place_zh(place: int) -> str:
    """第一名, 第二名 ..."""
    return f"第{zh_number(place)}名"


_EN_PLACES = ("First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth")


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def place_en(place: int) -> str:
    """'First place' for the top eight, '9th place' beyond."""
    if 0 < place <= len(_EN_PLACES):
        return f"{_EN_PLACES[place - 1]} place"
    return f"{ordinal(place)} place"


def day_date(day: Day) -> tuple[str, str]:
    """The day's date as (2026年9月20日, 20 September 2026); as written if it is not ISO."""
    try:
        when = dt.date.fromisoformat(day.date)
    except ValueError:
        return day.date, day.date
    return f"{when.year}年{when.month}月{when.day}日", f"{when.day} {when:%B %Y}"


@dataclass(frozen=True)
class Seat:
    """One lane of a heat as paper prints it: who stands there."""

    lane: int
    bib: str
    name: str
    unit: str


def seats(day: Day, event_id: str, heat: int) -> list[Seat]:
    """A heat's lanes in lane order, each with its athlete's bib, name and unit.

    A bib the entries do not know (a line-up changed by hand) still prints,
    with the name every list gives an unknown athlete, so no lane goes missing
    from a sheet.
    """
    seats: list[Seat] = []
    for entry in day.lineup(event_id, heat):
        athlete = day.athlete(entry.bib)
        name, unit = (athlete.name, athlete.unit) if athlete else (UNKNOWN_NAME, "")
        seats.append(Seat(entry.lane, entry.bib, name, unit))
    return seats


def page_frame(day: Day, words: Words, paper: str, marks: list[Pair]) -> dict[str, Any]:
    """What the frame of an A4 paper shows (`paper_base.html.j2`): its language, the day,
    the running header naming the day and the paper (`paper`, a catalogue key), and
    `marks` (PROVISIONAL, PRACTICE) atop and across every page."""
    date_zh, date_en = day_date(day)
    return {
        "lang": words.lang,
        "html_lang": "zh-CN" if words.lang == "zh" else "en",
        "words": words,
        "day": day,
        "date": words.of(date_zh, date_en),
        "header_title": f"{day.title} · {words.pair(paper)}",
        "header_marks": " · ".join(str(m) for m in marks),
        "watermark": [str(m) for m in marks],
    }


def fit_pt(
    text: str, width_mm: float, largest: float, smallest: float, *, spacing_em: float = 0.0
) -> float:
    """A font size (pt) at which `text` fits on one line `width_mm` wide, within bounds.

    A certificate's fields sit at fixed places on pre-printed paper, so a long
    name must shrink rather than wrap into the line below. A Chinese character
    is one em wide; a Latin one is taken as 0.6 em, generous for any font; each
    takes `spacing_em` more for the letter-spacing the field is printed with.
    """
    ems = sum((1.0 if display_width(ch) == 2 else 0.6) + spacing_em for ch in text) or 1.0
    mm_per_pt = 25.4 / 72
    fitting = math.floor(width_mm / ems / mm_per_pt * 10) / 10
    return max(smallest, min(largest, fitting))


def css_string(text: str) -> Markup:
    """`text` as a quoted CSS string, safe inside a `<style>` element.

    HTML escaping means nothing there (`&lt;` would print as itself), so every
    character but letters, digits and spaces is written as a CSS hex escape;
    no quote, backslash, line break or `</style>` can get through.
    """
    out = "".join(ch if ch.isalnum() or ch == " " else f"\\{ord(ch):x} " for ch in text)
    return Markup(f'"{out}"')


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Jinja's own per-user cache of compiled templates, where the system allows one.

    Compiling the book's templates is a tenth of a second of every `book`
    command. Jinja keys the cache by each template's source but not by the
    environment's settings (autoescape among them), so the file names also
    carry a digest of this module, which defines them: a changed setting never
    reuses code compiled under the old one. Without a usable temporary folder
    there is simply no cache.
    """
    digest = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    try:
        return jinja2.FileSystemBytecodeCache(pattern=f"__timing_console_{digest}_%s.cache")
    except (OSError, RuntimeError):
        return None


@functools.cache
def environment() -> jinja2.Environment:
    """The templates shipped in the package; names and units are escaped as text.

    Built once per process: compiling the templates costs more than rendering them.
    """
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("timing_console.web.printing", "templates"),
        bytecode_cache=_bytecode_cache(),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "j2")),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["css_string"] = css_string
    env.globals.update(sans=Markup(SANS), serif=Markup(SERIF))
    return env


def write_html(out: Path, text: str) -> None:
    """Write `text` to `out` whole or not at all, readable by the laptop's other users.

    A failure (disk full, no permission, a folder in the way) leaves any earlier
    file at `out` as it was, and is raised as one sentence naming the file.
    """
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(out, text.encode("utf-8"), mode=PRINT_MODE)
    except OSError as exc:
        raise StoreError("err.cannot_write", path=out, why=exc.strerror or exc) from exc
