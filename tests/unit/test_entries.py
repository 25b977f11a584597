"""Entry checks: each rule fires on the right line, alone, and only when broken."""

from __future__ import annotations

import pytest

from timing_console.model import CATALOGUE, Athlete, LaneEntry, Rules
from timing_console.rules.entries import Problem, check_athletes, check_lanes, valid_phone

F = "entries.csv"
H = "heats.csv"


def athlete(
    bib: str,
    unit: str = "区教育局",
    events: tuple[str, ...] = ("paddle-ball-run",),
    name: str = "王建国",
    phone: str = "13808231045",
) -> Athlete:
    return Athlete(bib=bib, name=name, unit=unit, role="工会主席", phone=phone, events=events)


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, problems
    return problems[0]


def test_valid_athletes_have_no_problems():
    rows = [
        (2, athlete("1", "区教育局", ("paddle-ball-run", "free-throw", "bean-moving"))),
        (3, athlete("2", "区教育局", ("stepping-stones",))),
        (4, athlete("3", "区财政局", ("knee-ball-walk", "shuttlecock"))),
    ]
    assert check_athletes(rows, Rules(), F) == []


def test_unknown_event_is_reported_with_the_typed_text():
    rows = [(2, athlete("1")), (3, athlete("2", "区财政局", ("paddle-ball-run", "跳远")))]
    p = only(check_athletes(rows, Rules(), F))
    assert (p.file, p.line, p.warning) == (F, 3, False)
    assert "跳远" in p.message


def test_more_than_max_events():
    events = ("paddle-ball-run", "free-throw", "rope-skipping", "bean-moving")
    p = only(check_athletes([(2, athlete("12", events=events))], Rules(), F))
    assert str(p) == "entries.csv:2: bib 12 enters 4 events; the limit is 3"


def test_max_events_follows_the_rules():
    events = ("paddle-ball-run", "free-throw", "rope-skipping")
    assert check_athletes([(2, athlete("1", events=events))], Rules(), F) == []
    p = only(check_athletes([(2, athlete("1", events=events))], Rules(max_events=2), F))
    assert "limit is 2" in p.message


def test_no_required_event():
    p = only(check_athletes([(5, athlete("7", events=("free-throw", "shuttlecock")))], Rules(), F))
    assert p.line == 5
    assert "marked events" in p.message and "at least 1" in p.message


def test_min_required_and_custom_required_events():
    rules = Rules(required_events=("free-throw", "paddle-ball-run"), min_required=2)
    ok = athlete("1", events=("free-throw", "paddle-ball-run"))
    short = athlete("2", "区财政局", events=("free-throw", "knee-ball-walk"))
    p = only(check_athletes([(2, ok), (3, short)], rules, F))
    assert p.line == 3 and "enters 1 of the marked events" in p.message


def test_no_events_at_all():
    p = only(check_athletes([(2, athlete("1", events=()))], Rules(), F))
    assert "enters no events" in p.message


def test_same_event_twice():
    events = ("paddle-ball-run", "paddle-ball-run")
    p = only(check_athletes([(2, athlete("1", events=events))], Rules(), F))
    assert p.line == 2 and "twice" in p.message and "托球跑" in p.message


def test_twice_counts_once_towards_the_limit():
    events = ("paddle-ball-run", "free-throw", "free-throw", "bean-moving")
    p = only(check_athletes([(2, athlete("1", events=events))], Rules(), F))
    assert "twice" in p.message


def test_duplicate_bib_points_at_the_first():
    rows = [(2, athlete("8")), (3, athlete("9")), (6, athlete("8", "区财政局", name="张志强"))]
    p = only(check_athletes(rows, Rules(), F))
    assert (p.line, p.message) == (6, "bib 8 is already used on line 2")


def test_empty_name_and_empty_bib():
    p = only(check_athletes([(4, athlete("3", name=""))], Rules(), F))
    assert (p.line, p.message) == (4, "bib 3 has no name")
    p = only(check_athletes([(4, athlete("", phone=""))], Rules(), F))
    assert (p.line, p.message) == (4, "the bib is empty")


def test_empty_unit():
    p = only(check_athletes([(4, athlete("3", unit=""))], Rules(), F))
    assert p.message == "bib 3 has no unit"


def test_unit_over_the_limit_is_reported_on_the_first_athlete_over():
    rows = [
        (2, athlete("1", "区教育局")),
        (3, athlete("2", "区财政局")),
        (4, athlete("3", "区教育局")),
        (7, athlete("4", "区教育局")),
        (8, athlete("5", "区教育局")),
    ]
    p = only(check_athletes(rows, Rules(), F))
    assert p.line == 7 and "区教育局" in p.message and "sends 4 athletes" in p.message
    assert check_athletes(rows, Rules(athletes_per_unit=4), F) == []


@pytest.mark.parametrize(
    "phone",
    [
        "13808231045",
        "19938204615",
        "138 0823 1045",
        "138-0823-1045",
        "+86 13808231045",
        "028-12345678",
        "02812345678",
        "0831-1234567",
        "010-87654321",
    ],
)
def test_good_phones(phone):
    assert valid_phone(phone)
    assert check_athletes([(2, athlete("1", phone=phone))], Rules(), F) == []


@pytest.mark.parametrize(
    "phone", ["12808231045", "1380823104", "138082310456", "abc", "28-1234567", "1.38082E+10"]
)
def test_bad_phone_is_a_warning(phone):
    p = only(check_athletes([(9, athlete("1", phone=phone))], Rules(), F))
    assert (p.line, p.warning) == (9, True)
    assert str(p).startswith("entries.csv:9: warning: ")


def test_excel_mangled_phone_says_so():
    p = only(check_athletes([(2, athlete("1", phone="1.38082E+10"))], Rules(), F))
    assert "Excel" in p.message


def test_missing_phone_is_a_warning():
    p = only(check_athletes([(2, athlete("1", phone=""))], Rules(), F))
    assert p.warning and "no phone" in p.message


def test_problem_str_without_line():
    assert str(Problem("heats.csv", None, "x")) == "heats.csv: x"


# --- heats -----------------------------------------------------------------

EVENTS = dict(CATALOGUE)
PEOPLE = {
    "1": athlete("1", events=("paddle-ball-run", "free-throw")),
    "2": athlete("2", "区财政局", events=("paddle-ball-run",)),
    "3": athlete("3", "区卫健局", events=("paddle-ball-run", "free-throw")),
}


def lane(event: str, heat: int, lane_no: int, bib: str) -> LaneEntry:
    return LaneEntry.model_construct(event=event, heat=heat, lane=lane_no, bib=bib)


GOOD = [
    (2, lane("paddle-ball-run", 1, 1, "1")),
    (3, lane("paddle-ball-run", 1, 2, "2")),
    (4, lane("paddle-ball-run", 2, 1, "3")),
    (5, lane("free-throw", 1, 1, "1")),
    (6, lane("free-throw", 1, 2, "3")),
]


def test_good_lanes_have_no_problems():
    assert check_lanes(GOOD, PEOPLE, EVENTS, H) == []


@pytest.mark.parametrize(
    ("row", "needle"),
    [
        (lane("long-jump", 1, 3, "2"), "unknown event 'long-jump'"),
        (lane("free-throw", 1, 3, "99"), "bib 99 is not in the entries"),
        (lane("free-throw", 1, 3, "2"), "bib 2 (王建国) is not entered in 定点投篮"),
        (lane("paddle-ball-run", 1, 3, "1"), "bib 1 is already in this heat (line 2)"),
        (lane("paddle-ball-run", 2, 3, "1"), "bib 1 is already in heat 1 of 托球跑 (line 2)"),
        (lane("free-throw", 1, 2, "2"), "lane 2 of 定点投篮 heat 1 is already taken by bib 3"),
        (lane("free-throw", 2, 5, "2"), "lane 5 is beyond 定点投篮's 4 lanes"),
        (lane("free-throw", 0, 1, "2"), "heat must be a positive whole number, not 0"),
        (lane("free-throw", 1, -1, "2"), "lane must be a positive whole number, not -1"),
    ],
)
def test_each_lane_check_fires_on_its_line(row, needle):
    people = dict(PEOPLE)
    if needle.startswith(("lane 2 of", "lane 5", "heat must", "lane must")):
        people["2"] = athlete("2", "区财政局", events=("paddle-ball-run", "free-throw"))
    rows = [*GOOD, (9, row)]
    problems = [p for p in check_lanes(rows, people, EVENTS, H) if not p.warning]
    p = only(problems)
    assert (p.file, p.line) == (H, 9)
    assert needle in p.message


def test_lane_count_follows_overrides():
    spec = CATALOGUE["free-throw"].model_copy(update={"lanes": 2})
    events = {**EVENTS, "free-throw": spec}
    rows = [*GOOD, (7, lane("free-throw", 1, 3, "2"))]
    people = {**PEOPLE, "2": athlete("2", "区财政局", events=("paddle-ball-run", "free-throw"))}
    p = only(check_lanes(rows, people, events, H))
    assert p.line == 7 and "2 lanes" in p.message
    assert check_lanes(rows, people, EVENTS, H) == []


def test_entered_athlete_missing_from_heats_is_a_warning():
    p = only(check_lanes(GOOD[:-1], PEOPLE, EVENTS, H))
    assert p.warning and p.line is None and "bib 3" in p.message and "定点投篮" in p.message


def test_event_without_any_heats_is_one_warning():
    p = only(check_lanes(GOOD[:3], PEOPLE, EVENTS, H))
    assert p.warning and p.message == "定点投篮 has 2 entrants but no heats"
