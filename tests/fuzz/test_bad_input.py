"""Bad day files and bad results never load quietly and never touch the day.

A day file (TOML) either loads, and the day obeys its rules, or fails with
problems that each name the file and a line that exists in it, in one sentence.
The generator knows which of its own choices are wrong, so the check is exact,
beyond tests/unit/test_dayfile.py: a clean file loads; a wrong key is reported
on exactly its line, and no line without a wrong key is blamed.

Through the CLI, against a day that already holds results (closed cleanly, or
as a killed console leaves it): a failed `load` or `record` leaves every file of
the day byte-for-byte as it was; a `record` that succeeds saves exactly what
the typed text means and only appends to the journal.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import event as label
from hypothesis import given
from hypothesis import strategies as st

from tests.support.clock import stamp
from tests.support.commands import run_cli
from tests.support.daykit import (
    DAY,
    ENTRIES,
    HEATS,
    NAMES,
    RACES,
    budget,
    error_lines,
    outcome,
    write_day,
)
from tests.support.files import fingerprint
from tests.support.paths import SAMPLE
from timing_console.dayio.dayfile import calendar_date
from timing_console.model import CATALOGUE, Attempt, Day, EventKind, Incident, find_event
from timing_console.rules.heat.results import BeyondCeiling, ParsedResult, ResultError, parse_result
from timing_console.stations.view import open_view

# ----- day files ----------------------------------------------------------------

OK, BAD, BREAKS = "ok", "bad", "breaks"
"""A value is right; wrong and must be reported on its own line; or right for the
TOML but breaks the sample entries or heats (reported in that file)."""
Value = tuple[str, str]
BREAKERS = "\u2028\u2029\x85"
"""Characters TOML keeps inside a string or comment but `str.splitlines` breaks lines at."""
SAFE_TEXT = st.text(
    st.one_of(st.characters(exclude_categories=("Cs", "Cc")), st.sampled_from(BREAKERS)),
    min_size=1,
    max_size=12,
)
NOT_WHOLE = st.sampled_from(['"3"', "true", "2.5", "4.0", "[3]"])
"""Numbers as a spreadsheet user might type them, none of them a TOML integer."""
MOST_LANES = {e: max(x.lane for x in DAY.lanes if x.event == e) for e in CATALOGUE}


def quoted(text: str) -> str:
    """A TOML basic string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass(frozen=True)
class Setting:
    """The literals one key may be given, by what they must do."""

    good: st.SearchStrategy[str] | None
    bad: st.SearchStrategy[str] | None = None
    breaks: st.SearchStrategy[str] | None = None


def whole(good: tuple[int, int], breaks: tuple[int, int] | None, bad: int) -> Setting:
    """A whole-number setting: in range, breaking the sample, refused, or not an integer."""
    return Setting(
        st.integers(*good).map(str),
        st.one_of(st.just(str(bad)), NOT_WHOLE),
        st.integers(*breaks).map(str) if breaks else None,
    )


TEXT = Setting(SAFE_TEXT.filter(str.strip).map(quoted), st.sampled_from(['""', '"  "', "5", "[]"]))
TYPO = Setting(None, st.just("2"))
TOP = {
    "title": TEXT,
    "date": Setting(
        st.one_of(
            st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)).map(lambda d: quoted(str(d))),
            st.sampled_from(["2026-09-20", "2026-09-20T08:30:00"]),
        ),
        st.one_of(
            SAFE_TEXT.filter(lambda text: text.strip() and not calendar_date(text.strip())).map(
                quoted
            ),
            st.sampled_from(['"2026-13-45"', '"2026-02-30"', '"next saturday"', '"20260920"']),
        ),
    ),
    "venue": TEXT,
    "entries": Setting(st.just('"entries.csv"'), st.sampled_from(['"missing.csv"', "5"])),
    "heats": Setting(st.sampled_from(['"heats.csv"', '""']), st.sampled_from(['"nope.csv"', "7"])),
    "seed": Setting(st.integers(-(2**40), 2**40).map(str), st.sampled_from(['"x"', "true", "1.5"])),
    "titel": TYPO,
}
RULES = {
    "max_events": whole((3, 9), (1, 2), 0),
    "athletes_per_unit": whole((2, 9), (1, 1), 0),
    "team_points": Setting(
        st.lists(st.integers(0, 20), max_size=6).map(str),
        st.sampled_from(["[-1]", '["7"]', "[true]", "7"]),
    ),
    "max_event": TYPO,
}
PLACES = {
    "top": whole((1, 9), None, 0),
    "small_field_minus_one": Setting(st.sampled_from(["true", "false"]), st.just("1")),
    "minus_one": TYPO,
}


class Toml:
    """A day file being written, remembering the lines that must be reported."""

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw
        self.clean = draw(st.integers(0, 3)) == 0
        """Every choice right: the day must load."""
        self.lines: list[str] = []
        self.bad: set[int] = set()
        self.fails = False

    def pick(self, setting: Setting) -> Value:
        """A literal for a key and what it must do (only right ones in a clean file)."""
        kinds = [
            (s, v)
            for s, v in ((setting.good, OK), (setting.bad, BAD), (setting.breaks, BREAKS))
            if s is not None and (v == OK or not self.clean)
        ]
        strategy, verdict = self.draw(st.sampled_from(kinds))
        return self.draw(strategy), verdict

    def keys(self, table: dict[str, Setting]) -> list[tuple[str, str, str]]:
        """Some keys of a table, typos only in a file that may be wrong."""
        names = [k for k, s in table.items() if s.good is not None or not self.clean]
        return [
            (k, *self.pick(table[k]))
            for k in self.draw(st.lists(st.sampled_from(names), unique=True))
        ]

    def add(self, text: str, verdict: str = OK) -> None:
        self.lines.append(text)
        if verdict == BAD:
            self.bad.add(len(self.lines))
        self.fails |= verdict != OK


def marked(doc: Toml) -> list[tuple[str, str, str]]:
    """rules.required_events and maybe rules.min_required: [(key, literal, verdict)]."""
    draw = doc.draw
    pick = draw(
        st.sampled_from(["races", "more"] + ([] if doc.clean else ["fewer", "unknown", "text"]))
    )
    names = [draw(st.sampled_from(NAMES[e])) for e in RACES]
    names += [draw(st.sampled_from(NAMES["free-throw"]))] if pick == "more" else []
    names = names[:1] if pick == "fewer" else names + (["跳远"] if pick == "unknown" else [])
    literal = "[" + ", ".join(quoted(n) for n in draw(st.permutations(names))) + "]"
    keeps = len(names) if pick in ("races", "more", "fewer") else 3
    need = draw(st.one_of(st.none(), st.integers(0, 1) if doc.clean else st.integers(-1, 4)))
    fit = OK if need is None or need in (0, 1) else BREAKS if 2 <= need <= keeps else BAD
    given = BAD if pick in ("unknown", "text") else BREAKS if pick == "fewer" and need != 0 else OK
    keys = [("required_events", '"托球跑"' if pick == "text" else literal, given)]
    return keys + ([] if need is None else [("min_required", str(need), fit)])


def override(doc: Toml, event: str, heats_file: bool) -> list[tuple[str, str, str]]:
    """Keys of one [events.X] table: (key, literal, verdict)."""
    draw, spec = doc.draw, CATALOGUE[event]
    need = MOST_LANES[event] if heats_file else 1
    lanes = whole((need, 8), (1, need - 1) if need > 1 else None, draw(st.sampled_from([0, 9])))
    seconds = Setting(
        st.integers(10, 600).map(str) if spec.duration_s else None,
        st.one_of(st.integers(1, 9).map(str), st.integers(601, 700).map(str), NOT_WHOLE),
    )
    table = {"lanes": lanes, "duration_s": seconds, "shots": TYPO}
    return [
        (k, *doc.pick(table[k]))
        for k in draw(st.lists(st.sampled_from(list(table)), unique=True))
        if table[k].good is not None or not doc.clean
    ]


@st.composite
def day_files(draw: st.DrawFn) -> tuple[bytes, Toml, bool]:
    """A day file over the sample CSVs: (bytes, what it should do, still exact?)."""
    doc = Toml(draw)
    keys = doc.keys(TOP)
    for key in ("title", "date", "venue", "entries"):
        if key in (k for k, _, _ in keys):
            continue
        if not doc.clean and draw(st.integers(0, 6)) == 0:
            doc.fails = True  # a required key left out: reported without a line
        else:
            keys.append((key, *doc.pick(TOP[key])))
    keys = draw(st.permutations(keys))
    heats_file = ("heats", '"heats.csv"', OK) in keys
    rules = doc.keys(RULES) + (marked(doc) if draw(st.booleans()) else [])
    places = doc.keys(PLACES)
    dotted = draw(st.booleans())
    for key, literal, verdict in keys + [(f"rules.{k}", v, f) for k, v, f in rules if dotted]:
        if draw(st.integers(0, 4)) == 0:
            doc.add(draw(st.sampled_from(["", "# 备注", f"# {BREAKERS}"])))
        doc.add(f"{key} = {literal}", verdict)
    tables = [("[rules]", rules, OK)] if rules and not dotted else []
    tables += [("[rules.places]", places, OK)] if places else []
    names: set[str] = set()
    events = [*CATALOGUE] + ([] if doc.clean else ["long-jump"])
    for event in draw(st.lists(st.sampled_from(events), max_size=3, unique=doc.clean)):
        name = draw(st.sampled_from(NAMES.get(event, (event,))))
        if name not in names:  # the same table twice is a TOML error that hides all others
            judged = event in CATALOGUE and not {event, *NAMES[event]} & names
            names.add(name)
            keys = override(doc, event, heats_file) if event in CATALOGUE else []
            tables.append((f"[events.{quoted(name)}]", keys, OK if judged else BAD))
    for header, keys, verdict in tables:
        doc.add(header, verdict)
        for key, literal, fit in keys:
            doc.add(f"{key} = {literal}", fit if verdict == OK else OK)
    text = "\n".join(doc.lines) + "\n"
    exact = doc.clean or draw(st.integers(0, 3)) > 0
    if not exact:
        at = draw(st.integers(0, len(text)))
        junk = draw(st.sampled_from("[]=\"'#\n"))
        again = draw(st.sampled_from(doc.lines or [""]))
        cuts = [text[:at] + text[at + 1 :], text[:at] + junk + text[at:], text[:at]]
        text = draw(st.sampled_from([*cuts, f"{text}{again}\n"]))
    codec = draw(st.sampled_from(["utf-8", "utf-8-sig"] + ([] if exact else ["utf-16", "gb18030"])))
    return text.encode(codec), doc, exact


# ----- the day on disk, and the CLI ---------------------------------------------


CARDS = [
    ("paddle-ball-run", 1, 1, "12.34"),
    ("free-throw", 1, 2, "1101100110"),
    ("shuttlecock", 1, 3, "DNS"),
]
"""Results already on the day before the bad input arrives."""


@pytest.fixture(scope="module")
def days(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Days with results: closed cleanly, and as a killed console leaves one.

    The killed copy is taken while the day is open after a save: the journal
    holds more than the snapshot, exactly what a SIGKILL leaves on disk.
    """
    root = tmp_path_factory.mktemp("days")
    closed = root / "closed"
    db = str(closed / "day.json")
    assert run_cli("load", str(SAMPLE), "--db", db)[0] == 0
    for event, heat, lane, text in CARDS[:2]:
        assert run_cli("record", "--db", db, "--", event, str(heat), str(lane), text)[0] == 0
    repo = open_view(db)
    event, heat, lane, text = CARDS[2]
    spec = CATALOGUE[event]
    board = repo.board(event, heat)
    repo.apply(board.enter(lane, parse_result(spec, text), stamp(), reason="card"))
    shutil.copytree(closed, root / "killed")
    repo.close()
    return {"closed": closed, "killed": root / "killed"}


@contextlib.contextmanager
def copy_of(day: Path) -> Iterator[Path]:
    """A private copy of a day's folder; yields its database path."""
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "day"
        shutil.copytree(day, target)
        yield target / "day.json"


@budget("input")
@given(case=day_files(), killed=st.booleans())
def test_a_day_file_loads_or_fails_on_exactly_the_lines_at_fault(case, killed, days):
    """Exact verdict and lines for the TOML; then `load` it onto a day with results."""
    data, doc, exact = case
    with tempfile.TemporaryDirectory() as folder:
        files = write_day(Path(folder), data, ENTRIES, HEATS)
        toml = str(Path(folder) / "sports-day.toml")
        result = outcome(Path(toml), files)
        label(("loads" if isinstance(result, Day) else "fails") + (" (exact)" if exact else ""))
        if exact:
            assert isinstance(result, list) == doc.fails, result
            assert error_lines(result, toml) - {None} == doc.bad, [str(p) for p in result]
        with copy_of(days["killed" if killed else "closed"]) as db:
            before = fingerprint(db.parent, skip=())
            code, _, err = run_cli("load", toml, "--db", str(db))
            if isinstance(result, Day) and code == 0:
                return
            if isinstance(result, Day) and (result.title, result.date) != (DAY.title, DAY.date):
                # Another day over one with results: refused whole (issue 9, finding 6).
                assert code == 2 and fingerprint(db.parent, skip=()) == before, err
                assert str(db) in err and "--archive" in err, err
                return
            assert code == 1 and fingerprint(db.parent, skip=()) == before, err
            named = [*files, str(db)]
            assert all(any(f in line for f in named) for line in err.splitlines()), err


# ----- results typed into `timing-console record` -------------------------------

TYPED = st.one_of(
    st.sampled_from(
        ["12.34", "1:02.35", "１２．３４", "12。34", "2.999", "59:59.999", "30:00.001"]
    ),
    st.sampled_from(["12.3456", "12:60", "1e3", "-5", "", "  ", "0", "½", "x1o", "87", "８７"]),
    st.sampled_from(
        ["dns", "Dnf", "DQ", "foul", " FOUL ", "1101100110", "11011 00110", "110110011"]
    ),
    st.floats(0, 2000, allow_nan=False).map(lambda f: f"{f:.{len(str(f)) % 4}f}"),
    st.integers(-10, 1000).map(str),
    st.text("01 ", max_size=12),
    st.text(max_size=8),
)
"""What a paper card or a tired referee might give `record`."""
WHICH = st.sampled_from([*CATALOGUE, *(s.zh for s in CATALOGUE.values()), "跳远", "", " 托球跑 "])


def fair(event: str) -> st.SearchStrategy[str]:
    """A result the event can have, typed the way a card shows it."""
    spec = CATALOGUE[event]
    codes = st.sampled_from(
        ["DNS", "dnf", "DQ"] + (["FOUL"] if Incident.FOUL in spec.incidents else [])
    )
    if spec.timed:
        ms = st.integers(spec.min_time_ms or 1, 120_000)
        return st.one_of(
            codes, ms.map(lambda t: f"{t // 60_000}:{t // 1000 % 60:02}.{t % 1000:03}")
        )
    if spec.kind is EventKind.SHOTS:
        return st.one_of(codes, st.text("01", min_size=10, max_size=10))
    return st.one_of(codes, st.integers(0, spec.max_count or 0).map(str))


CARD = st.one_of(
    st.tuples(WHICH, st.integers(-1, 3), st.integers(-1, 9), TYPED, st.text(max_size=6)),
    st.sampled_from(DAY.lanes).flatmap(
        lambda seat: st.tuples(
            st.sampled_from(NAMES[seat.event]),
            st.just(seat.heat),
            st.just(seat.lane),
            st.one_of(fair(seat.event), TYPED),
            st.text(max_size=6),
        )
    ),
)
"""Where and what `record` is given: anything, or a real seat with a likely result."""


OVER = "over the ceiling"
"""`expected` for a time over the event's plausible ceiling: refused until overridden."""


def expected(event: str, heat: int, lane: int, typed: str) -> tuple[str, ParsedResult] | str | None:
    """The result `record` must save there, `OVER` when it must ask for `--override`, or
    None when it must refuse."""
    spec = find_event(event)
    if spec is None or heat not in DAY.heat_numbers(spec.id):
        return None
    if lane not in [e.lane for e in DAY.lineup(spec.id, heat)]:
        return None
    try:
        result = parse_result(spec, typed)
    except BeyondCeiling:
        return OVER
    except ResultError:
        return None
    return spec.id, result


@budget("input")
@given(killed=st.booleans(), cards=st.lists(CARD, min_size=1, max_size=3))
def test_record_saves_exactly_what_was_typed_or_changes_nothing(killed, cards, days):
    """One to three `record` calls: each saves its parse exactly, or leaves every byte."""
    with copy_of(days["killed" if killed else "closed"]) as db:
        for event, heat, lane, typed, reason in cards:
            journal = (db.parent / "day.json.journal").read_bytes()
            before = fingerprint(db.parent, skip=())
            want = expected(event, heat, lane, typed)
            seat = want if isinstance(want, tuple) else None
            held = holding(db, seat[0], heat, lane) if seat is not None else None
            args = ("record", "--db", str(db), f"--reason={reason}", "--")
            code, out, err = run_cli(*args, event, str(heat), str(lane), typed)
            label("saved" if code == 0 else "refused")
            if want == OVER:  # e.g. 794 for 7.94: a keying slip until the referee says not
                assert code == 2 and out == "" and "--override" in err, (code, out, err)
                assert fingerprint(db.parent, skip=()) == before, err
                continue
            assert not isinstance(want, str)
            if want is not None and held is not None and same(held, want[1]):
                assert code == 0 and out.startswith("nothing changed"), (code, out, err)
                assert fingerprint(db.parent, skip=()) == before, err
                continue
            if want is not None and held is not None and not reason.strip():
                assert code == 2 and out == "" and "reason" in err, (code, out, err)
                assert fingerprint(db.parent, skip=()) == before, err
                continue
            if want is None:
                assert code == 1 and out == "", (code, out, err)
                lines = err.splitlines()
                assert len(lines) == 1 and lines[0].startswith("error: "), err
                assert len(lines[0]) <= 400
                assert fingerprint(db.parent, skip=()) == before, err
                continue
            assert code == 0, err
            assert (db.parent / "day.json.journal").read_bytes().startswith(journal)
            repo = open_view(db, readonly=True)
            saved = repo.board(want[0], heat).lanes[lane]
            history = repo.history(saved.id)
            repo.close()
            result = want[1]
            assert (saved.status, saved.time_ms, saved.count, saved.shots) == (
                result.status,
                result.time_ms,
                result.count,
                result.shots,
            )
            assert not reason.strip() or history[-1].reason == reason.strip()
            assert history[-1].kind == ("correction" if held is not None else "entry")


def holding(db: Path, event: str, heat: int, lane: int) -> Attempt | None:
    """The result a lane holds now (None: nothing, or still in progress)."""
    repo = open_view(db, readonly=True)
    try:
        found = repo.board(event, heat).lanes.get(lane)
    finally:
        repo.close(snapshot=False)
    return found if found is not None and found.status is not None else None


def same(held: Attempt, result: ParsedResult) -> bool:
    return (held.status, held.time_ms, held.count, held.shots) == (
        result.status,
        result.time_ms,
        result.count,
        result.shots,
    )
