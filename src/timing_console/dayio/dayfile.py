"""Loading a day file: the TOML settings plus the entries and heats tables.

The tables are CSVs or Excel workbooks (`entries = "报名.xlsx"`, or
`entries = { file = "报名.xlsx", sheet = "报名表" }` for another sheet than the first).

`read_day` either returns a fully checked `Day` or raises `DayFileError` with
every error it found, each naming a file and, where it can, a line: a referee
at the desk fixes the spreadsheet once instead of once per error. Nothing is
written here, so a failed load cannot change the store.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from timing_console.dayio import csvread, xlsxread
from timing_console.dayio.table import Table
from timing_console.model.day import Athlete, Day, EventOverride, LaneEntry, Rules
from timing_console.model.events import find_event
from timing_console.rules.draw import draw_heats
from timing_console.rules.entries import Problem, check_athletes, check_lanes
from timing_console.words import Said

TOP_KEYS = (
    "title",
    "date",
    "venue",
    "organiser",
    "entries",
    "heats",
    "seed",
    "practice",
    "rules",
    "events",
)
RULE_KEYS = (
    "max_events",
    "required_events",
    "min_required",
    "athletes_per_unit",
    "places",
    "team_points",
)
PLACES_KEYS = ("top", "small_field_minus_one")
OVERRIDE_KEYS = ("lanes", "duration_s")
SOURCE_KEYS = ("file", "sheet")
"""A table given as `{ file = "...", sheet = "..." }`: a workbook and one of its sheets."""
SAMPLE = "sports-day.toml"

_TOML_LINE = re.compile(r"\s*\(at line (\d+), column \d+\)")
_KEY_PART = re.compile(r'"[^"]*"|\'[^\']*\'|[^.]+')
_ASSIGN = re.compile(r"^\s*([^=#\[][^=]*?)\s*=")


class DayFileError(Exception):
    """A day that cannot load; `problems` holds every error found, in file order."""

    def __init__(self, problems: list[Problem], warnings: list[Problem] | None = None) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
        self.warnings = warnings or []


def _key_parts(text: str) -> tuple[str, ...]:
    return tuple(p.strip().strip("\"'") for p in _KEY_PART.findall(text.strip()))


class _Locator:
    """Finds the line a TOML key is written on, since tomllib does not say."""

    def __init__(self, text: str) -> None:
        # TOML ends lines at \n only; splitlines() would also split at U+2028 and
        # friends inside a comment or string and shift every line number after it.
        self.lines = [line.removesuffix("\r") for line in text.split("\n")]

    def line(self, path: tuple[str, ...]) -> int | None:
        """The line defining `path`, or of its nearest enclosing key or table."""
        table: tuple[str, ...] = ()
        near: tuple[int, int | None] = (0, None)
        for number, raw in enumerate(self.lines, start=1):
            text = raw.strip()
            if text.startswith("["):
                table = _key_parts(text.strip("[] \t").split("#")[0].strip("[] "))
                full = table
            elif match := _ASSIGN.match(text):
                full = table + _key_parts(match.group(1))
            else:
                continue
            if full == path:
                return number
            if path[: len(full)] == full and len(full) > near[0]:
                near = (len(full), number)
        return near[1]


def calendar_date(text: str) -> bool:
    """Whether `text` is a real day written YYYY-MM-DD: what the book and the certificates
    print, so "next saturday" or "2026-13-45" never reaches them."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


class _Settings:
    """The TOML document checked key by key, collecting problems as it goes."""

    def __init__(self, doc: Mapping[str, Any], text: str, file: str) -> None:
        self.doc = doc
        self.file = file
        self.where = _Locator(text)
        self.problems: list[Problem] = []

    def error(self, path: tuple[str, ...], message: str | Said) -> None:
        self.problems.append(Problem(self.file, self.where.line(path), message))

    def unknown(
        self, table: Mapping[str, Any], known: tuple[str, ...], at: tuple[str, ...]
    ) -> None:
        """Report keys the day file does not know, with the nearest known one."""
        for key in table:
            if key in known:
                continue
            near = difflib.get_close_matches(key, known, n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            where = f" in [{'.'.join(at)}]" if at else ""
            self.error(
                (*at, key), f"unknown key '{key}'{where}{hint}; known keys: {', '.join(known)}"
            )

    def text(self, key: str, required: bool) -> str | None:
        """A top-level text setting; a TOML date is accepted for `date`."""
        value = self.doc.get(key)
        if value is None:
            if required:
                missing = f"the required key '{key}' is missing"
                self.problems.append(Problem(self.file, None, missing))
            return None
        if key == "date" and isinstance(value, dt.datetime):
            return value.date().isoformat()
        if key == "date" and isinstance(value, dt.date):
            return value.isoformat()
        if not isinstance(value, str) or not value.strip():
            self.error((key,), f"'{key}' must be a non-empty text in quotes")
            return None
        if key == "date" and not calendar_date(value.strip()):
            self.error((key,), Said("day.bad_date", {"value": repr(value.strip())}))
            return None
        return value.strip()

    def source(self, key: str, required: bool) -> tuple[str, str | None] | None:
        """A table's file and the sheet asked for: `key = "报名.xlsx"` (a workbook's first
        sheet, or a CSV), or `key = { file = "报名.xlsx", sheet = "报名表" }`."""
        value = self.doc.get(key)
        if not isinstance(value, dict):
            path = self.text(key, required)
            return None if path is None else (path, None)
        self.unknown(value, SOURCE_KEYS, (key,))
        path, sheet = value.get("file"), value.get("sheet")
        if not isinstance(path, str) or not path.strip():
            self.error((key, "file"), Said("day.source_file", {"key": key}))
            path = None
        if sheet is not None and (not isinstance(sheet, str) or not sheet.strip()):
            self.error((key, "sheet"), Said("day.source_sheet", {"key": key}))
            sheet = None
        return None if path is None else (path.strip(), sheet)

    def whole(self, table: Mapping[str, Any], key: str, at: tuple[str, ...]) -> int | None:
        """An integer setting; TOML booleans are ints to Python but not to organisers."""
        value = table.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.error((*at, key), f"{'.'.join((*at, key))} must be a whole number")
            return None
        return value

    def table(self, key: str, at: tuple[str, ...] = ()) -> Mapping[str, Any]:
        """A sub-table, or an empty one (after reporting) when it is something else."""
        parent: Any = self.doc
        for part in at:
            parent = parent.get(part, {}) if isinstance(parent, dict) else {}
        value = parent.get(key, {}) if isinstance(parent, dict) else {}
        if not isinstance(value, dict):
            self.error((*at, key), f"'{'.'.join((*at, key))}' must be a table")
            return {}
        return value

    def rules(self) -> Rules:
        """The [rules] table, defaults filled in.

        A key in error is reported and its default stands in, so the entries are
        still checked (against sane rules) and every error is found in one pass.
        """
        table = self.table("rules")
        at = ("rules",)
        self.unknown(table, RULE_KEYS, at)
        values: dict[str, Any] = {}
        for key in ("max_events", "min_required", "athletes_per_unit"):
            number = self.whole(table, key, at)
            if number is not None:
                values[key] = number
        required = self.required(table.get("required_events"))
        if required is not None:
            values["required_events"] = required
        places = self.table("places", at)
        self.unknown(places, PLACES_KEYS, ("rules", "places"))
        place_values: dict[str, Any] = {}
        top = self.whole(places, "top", ("rules", "places"))
        if top is not None:
            place_values["top"] = top
        minus = places.get("small_field_minus_one")
        if minus is not None and not isinstance(minus, bool):
            self.error(("rules", "places", "small_field_minus_one"), "must be true or false")
        elif minus is not None:
            place_values["small_field_minus_one"] = minus
        values["places"] = place_values
        points = table.get("team_points")
        if points is not None:
            if not isinstance(points, list) or not all(
                isinstance(p, int) and not isinstance(p, bool) and p >= 0 for p in points
            ):
                self.error(
                    ("rules", "team_points"),
                    "rules.team_points must be a list of whole numbers like [7, 5, 4, 3, 2, 1]",
                )
            else:
                values["team_points"] = tuple(points)
        try:
            rules = Rules.model_validate(values)
        except ValidationError as error:
            for item in error.errors():
                path = ("rules", *(str(p) for p in item["loc"]))
                self.error(path[:3], f"{'.'.join(path)}: {item['msg']}")
                values.pop(path[1] if len(path) > 1 else "", None)
            rules = Rules.model_validate(values)
        if rules.min_required > len(rules.required_events):
            self.error(
                ("rules", "min_required"),
                f"rules.min_required is {rules.min_required} but only "
                f"{len(rules.required_events)} required events are listed",
            )
            fallback = min(Rules().min_required, len(rules.required_events))
            rules = rules.model_copy(update={"min_required": fallback})
        return rules

    def required(self, value: Any) -> tuple[str, ...] | None:
        """Marked events by id or Chinese name; None (the default) after an error."""
        if value is None:
            return None
        at = ("rules", "required_events")
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(at, 'rules.required_events must be a list like ["托球跑", "摸石过河"]')
            return None
        ids: list[str] = []
        unknown = [name for name in value if find_event(name) is None]
        for name in unknown:
            self.error(at, f"rules.required_events names unknown event '{name}'")
        for name in value:
            spec = find_event(name)
            if spec is not None and spec.id not in ids:
                ids.append(spec.id)
        return None if unknown else tuple(ids)

    def overrides(self) -> dict[str, EventOverride]:
        """The [events.<id>] tables, keyed by event id."""
        found: dict[str, EventOverride] = {}
        seen: set[str] = set()
        for key, value in self.table("events").items():
            at = ("events", key)
            spec = find_event(key)
            if spec is None:
                self.error(at, f"[events.{key}] names no event; use an id like free-throw")
                continue
            if spec.id in seen:
                self.error(at, f"[events.{key}] repeats the settings of {spec.zh}")
                continue
            seen.add(spec.id)
            if not isinstance(value, dict):
                self.error(at, f"'events.{key}' must be a table")
                continue
            self.unknown(value, OVERRIDE_KEYS, at)
            settings = {k: v for k, v in value.items() if k in OVERRIDE_KEYS}
            if settings.get("duration_s") is not None and spec.duration_s is None:
                self.error((*at, "duration_s"), f"{spec.zh} has no countdown to change")
                del settings["duration_s"]  # the other settings are still checked
            try:
                found[spec.id] = EventOverride.model_validate(settings)
            except ValidationError as error:
                for item in error.errors():
                    path = (*at, *(str(p) for p in item["loc"]))
                    self.error(path, f"{'.'.join(path)}: {item['msg']}")
        return found

    def seed(self) -> int | None:
        return self.whole(self.doc, "seed", ())

    def practice(self) -> bool:
        """`practice = true` marks a day for trying the console, never a real one."""
        value = self.doc.get("practice", False)
        if not isinstance(value, bool):
            self.error(("practice",), "must be true or false")
            return False
        return value


def _load_toml(path: Path, name: str) -> tuple[dict[str, Any], str]:
    """The parsed document and its text, or DayFileError with one located problem."""
    try:
        data = path.read_bytes()
    except OSError as error:
        problem = Problem(name, None, Said("day.cannot_read", {"why": error.strerror}))
        raise DayFileError([problem]) from error
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad = data.count(b"\n", 0, error.start) + 1
        problem = Problem(name, bad, Said("day.not_utf8"))
        raise DayFileError([problem]) from error
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        match = _TOML_LINE.search(message)
        line = int(match.group(1)) if match else None
        detail = _TOML_LINE.sub("", message)
        problem = Problem(name, line, Said("day.bad_toml", {"why": detail}))
        raise DayFileError([problem]) from error


@dataclass(frozen=True)
class _Source:
    """A table's file as read: its name for the problems, its bytes, the sheet asked for."""

    name: str
    data: bytes
    sheet: str | None

    @property
    def workbook(self) -> bool:
        return xlsxread.is_workbook(self.name, self.data)

    @property
    def row(self) -> str:
        """What the file calls a row, when a message points at another one."""
        return "row" if self.workbook else "line"

    def athletes(self) -> Table[Athlete]:
        if self.workbook:
            return xlsxread.read_entries(self.data, self.name, self.sheet)
        return csvread.read_entries(self.data, self.name)

    def lanes(self) -> Table[LaneEntry]:
        if self.workbook:
            return xlsxread.read_heats(self.data, self.name, self.sheet)
        return csvread.read_heats(self.data, self.name)


def _read_source(settings: _Settings, key: str, base: Path) -> _Source | None:
    """The file a key points at, or None after an error."""
    given = settings.source(key, required=key == "entries")
    if given is None:
        return None
    path = base / given[0]
    try:
        source = _Source(str(path), path.read_bytes(), given[1])
    except OSError as error:
        settings.error((key,), f"cannot read the {key} file '{path}': {error.strerror}")
        return None
    if source.sheet is not None and not source.workbook:
        settings.error((key, "sheet"), Said("day.sheet_of_csv", {"key": key}))
    return source


def read_day(path: str | Path) -> tuple[Day, list[Problem]]:
    """Read and check a day file with its tables (CSVs or workbooks).

    Args:
        path: the TOML day file; its `entries` and `heats` paths are relative to
            its folder. Without `heats`, heats are drawn with the day's seed.

    Returns:
        The day, and the warnings found (malformed phones, athletes left out of
        a heat) which do not stop it.

    Raises:
        DayFileError: with every error found in the TOML and both tables.
    """
    name = str(path)
    doc, text = _load_toml(Path(path), name)
    settings = _Settings(doc, text, name)
    settings.unknown(doc, TOP_KEYS, ())
    title = settings.text("title", required=True)
    date = settings.text("date", required=True)
    venue = settings.text("venue", required=True)
    organiser = settings.text("organiser", required=False)
    rules = settings.rules()
    overrides = settings.overrides()
    seed = settings.seed()
    practice = settings.practice()
    base = Path(path).parent
    entries = _read_source(settings, "entries", base)
    heats = _read_source(settings, "heats", base) if doc.get("heats") != "" else None

    found: list[Problem] = list(settings.problems)
    athletes: list[tuple[int, Athlete]] = []
    entered = False
    if entries is not None:
        table = entries.athletes()
        athletes = table.records
        entered = table.header is not None
        checked = check_athletes(athletes, rules, entries.name, entries.row)
        found += table.located(table.problems + checked)
    day_athletes: dict[str, Athlete] = {}
    for _, athlete in athletes:
        day_athletes.setdefault(athlete.bib, athlete)
    programme = Day(title="", date="", venue="", overrides=overrides).events()
    specs = {spec.id: spec for spec in programme}
    rows: list[tuple[int, LaneEntry]] = []
    if heats is not None:
        lanes = heats.lanes()
        rows = lanes.records
        # Heats are judged against entries that could be read: against none, every row
        # would say its athlete is missing and bury the one error that matters.
        judged = check_lanes(rows, day_athletes, specs, heats.name, heats.row) if entered else []
        found += lanes.located(lanes.problems + judged)
    errors = [p for p in found if not p.warning]
    warnings = [p for p in found if p.warning]
    if errors or title is None or date is None or venue is None:
        raise DayFileError(errors, warnings)
    day = Day(
        title=title,
        date=date,
        venue=venue,
        rules=rules,
        overrides=overrides,
        athletes=tuple(a for _, a in athletes),
        lanes=tuple(LaneEntry.model_validate(e.model_dump()) for _, e in rows),
        practice=practice,
        **({"seed": seed} if seed is not None else {}),
        **({"organiser": organiser} if organiser is not None else {}),
    )
    if heats is None:
        drawn = draw_heats(day.athletes, day.events(), day.seed)
        day = day.model_copy(update={"lanes": tuple(drawn)})
    return day, warnings


def bundled_day_path() -> Path:
    """The sample day shipped with the console, so a fresh install has a day to open.

    Looks in the installed package first (`timing_console/sample`), then in the
    repository's `sample_heats/` next to `src/` for a source checkout.

    Raises:
        FileNotFoundError: when neither holds the sample.
    """
    packaged = _packaged_sample()
    if packaged is not None:
        return packaged
    repo = Path(__file__).resolve().parents[3] / "sample_heats" / SAMPLE
    if repo.is_file():
        return repo
    raise FileNotFoundError(f"the bundled sample day is missing (looked for sample/{SAMPLE})")


def _packaged_sample() -> Path | None:
    """The sample inside the installed package, when it is a real file on disk."""
    try:
        candidate = resources.files("timing_console") / "sample" / SAMPLE
    except (ModuleNotFoundError, TypeError):
        return None
    if isinstance(candidate, Path) and candidate.is_file():
        return candidate
    return None
