"""Event standings: rounding, shared places, free-throw tie-breaks, voids, pending, prizes."""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.days import att, entrant, make_day
from timing_console.model import (
    Athlete,
    Attempt,
    LaneEntry,
    PlacesRule,
    Rules,
    Status,
    bib_key,
)
from timing_console.rules.ranking import EventStandings, rank_all, rank_event


def table(standings: EventStandings) -> list[tuple[str, int | None, str]]:
    return [(r.bib, r.place, r.result) for r in standings.rows]


def test_times_round_up_to_hundredths_and_equal_hundredths_share() -> None:
    attempts = [
        att("1", "paddle-ball-run", time_ms=12_341),
        att("2", "paddle-ball-run", time_ms=12_349),
        att("3", "paddle-ball-run", time_ms=12_340),
        att("4", "paddle-ball-run", time_ms=12_351),
    ]
    result = rank_event(make_day(), "paddle-ball-run", attempts)
    assert table(result) == [
        ("3", 1, "12.34"),
        ("1", 2, "12.35"),
        ("2", 2, "12.35"),
        ("4", 4, "12.36"),
    ]
    assert [r.time_ms for r in result.rows] == [12_340, 12_341, 12_349, 12_351]


def test_counts_more_is_better_and_shared_places_skip_the_next() -> None:
    attempts = [
        att("1", "rope-skipping", count=80),
        att("2", "rope-skipping", count=90),
        att("3", "rope-skipping", count=70),
        att("4", "rope-skipping", count=80),
        att("5", "rope-skipping", count=60),
    ]
    result = rank_event(make_day(), "rope-skipping", attempts)
    assert table(result) == [
        ("2", 1, "90"),
        ("1", 2, "80"),
        ("4", 2, "80"),
        ("3", 4, "70"),
        ("5", 5, "60"),
    ]


def test_free_throws_rank_by_baskets_then_earlier_first_basket() -> None:
    attempts = [
        att("1", "free-throw", shots="1110111100"),  # 7, first at 1
        att("2", "free-throw", shots="0011111110"),  # 7, first at 3
        att("3", "free-throw", shots="1011110110"),  # 7, first at 1
        att("4", "free-throw", shots="0011111111"),  # 8, first at 3
        att("5", "free-throw", shots="0000000000"),
        att("6", "free-throw", shots="0000000000"),
        att("7", "free-throw", shots="0000000001"),  # 1, first at 10
    ]
    result = rank_event(make_day(), "free-throw", attempts)
    assert table(result) == [
        ("4", 1, "8"),
        ("1", 2, "7"),
        ("3", 2, "7"),
        ("2", 4, "7"),
        ("7", 5, "1"),
        ("5", 6, "0"),
        ("6", 6, "0"),
    ]
    first = {r.bib: r.first_basket for r in result.rows}
    assert first == {"4": 3, "1": 1, "3": 1, "2": 3, "7": 10, "5": None, "6": None}
    assert {r.bib: r.count for r in result.rows}["4"] == 8


def test_free_throws_known_only_as_a_count_rank_after_known_first_baskets() -> None:
    attempts = [
        att("1", "free-throw", count=5),
        att("2", "free-throw", shots="0000011111"),
        att("3", "free-throw", count=0),
        att("4", "free-throw", shots="0000000000"),
    ]
    result = rank_event(make_day(), "free-throw", attempts)
    assert table(result) == [("2", 1, "5"), ("1", 2, "5"), ("3", 3, "0"), ("4", 3, "0")]


def test_voids_list_below_ranked_in_code_order_then_bib_with_no_result() -> None:
    attempts = [
        att("9", "stepping-stones", Status.DNS),
        att("3", "stepping-stones", Status.DQ),
        att("8", "stepping-stones", Status.FOUL, time_ms=15_000),
        att("2", "stepping-stones", Status.DNF),
        att("1", "stepping-stones", Status.FOUL),
        att("5", "stepping-stones", time_ms=20_000),
    ]
    result = rank_event(make_day(), "stepping-stones", attempts)
    assert [(r.bib, r.place, r.status, r.result) for r in result.rows] == [
        ("5", 1, Status.OK, "20.00"),
        ("1", None, Status.FOUL, "FOUL"),
        ("8", None, Status.FOUL, "FOUL"),
        ("2", None, Status.DNF, "DNF"),
        ("3", None, Status.DQ, "DQ"),
        ("9", None, Status.DNS, "DNS"),
    ]
    fouled = result.rows[2]
    assert fouled.time_ms is None
    assert not fouled.prize


def test_voided_and_in_progress_attempts_do_not_count() -> None:
    day = make_day([entrant("1", "paddle-ball-run"), entrant("2", "paddle-ball-run")])
    attempts = [
        att("1", "paddle-ball-run", time_ms=10_000, void="re-run"),
        att("1", "paddle-ball-run", time_ms=14_000),
        att("2", "paddle-ball-run", Status.DNS, void="undo"),
        att("2", "paddle-ball-run", None, time_ms=9_000),
    ]
    result = rank_event(day, "paddle-ball-run", attempts)
    assert [(r.bib, r.place, r.status, r.result) for r in result.rows] == [
        ("1", 1, Status.OK, "14.00"),
        ("2", None, None, ""),
    ]


def test_latest_recorded_counting_attempt_wins() -> None:
    attempts = [
        att("1", "rope-skipping", count=50, recorded_at="2026-09-20T10:00:00"),
        att("1", "rope-skipping", count=99, recorded_at="2026-09-20T09:00:00"),
    ]
    result = rank_event(make_day(), "rope-skipping", attempts)
    assert table(result) == [("1", 1, "50")]


def test_pending_are_entered_athletes_without_result_after_voids() -> None:
    day = make_day(
        [entrant("1", "rope-skipping"), entrant("2", "rope-skipping"), entrant("3")],
        [
            LaneEntry(event="rope-skipping", heat=2, lane=5, bib="3"),
            LaneEntry(event="rope-skipping", heat=1, lane=1, bib="4"),
        ],
    )
    attempts = [att("4", "rope-skipping", count=10), att("2", "rope-skipping", Status.DNS)]
    result = rank_event(day, "rope-skipping", attempts)
    assert [(r.bib, r.place, r.status, r.heat, r.lane) for r in result.rows] == [
        ("4", 1, Status.OK, 1, 1),
        ("2", None, Status.DNS, 1, 1),
        ("1", None, None, None, None),
        ("3", None, None, 2, 5),
    ]
    assert result.entrants == 4
    assert result.rows[2].name == "n1"
    assert result.rows[0].name == "?"


def test_ok_without_a_value_stays_pending() -> None:
    result = rank_event(make_day(), "paddle-ball-run", [att("1", "paddle-ball-run")])
    assert [(r.bib, r.place, r.status) for r in result.rows] == [("1", None, None)]


@pytest.mark.parametrize(("entrants", "awarded"), [(1, 1), (2, 1), (3, 2), (6, 5), (7, 6), (20, 6)])
def test_places_awarded_follow_the_field_size(entrants: int, awarded: int) -> None:
    bibs = [str(i) for i in range(1, entrants + 1)]
    day = make_day([entrant(b, "bean-moving") for b in bibs])
    attempts = [att(b, "bean-moving", count=100 - int(b)) for b in bibs]
    result = rank_event(day, "bean-moving", attempts)
    assert result.entrants == entrants
    assert result.places_awarded == awarded
    assert [r.prize for r in result.rows] == [i < awarded for i in range(entrants)]


def test_never_more_places_than_valid_results() -> None:
    bibs = [str(i) for i in range(1, 21)]
    day = make_day([entrant(b, "bean-moving") for b in bibs])
    attempts = [att(b, "bean-moving", count=50 + int(b)) for b in bibs[:3]]
    attempts += [att(b, "bean-moving", Status.DNS) for b in bibs[3:6]]
    result = rank_event(day, "bean-moving", attempts)
    assert result.entrants == 20
    assert result.places_awarded == 3
    assert sum(r.prize for r in result.rows) == 3


def test_places_rule_is_a_day_setting() -> None:
    rules = Rules(places=PlacesRule(top=3, small_field_minus_one=False))
    bibs = [str(i) for i in range(1, 4)]
    day = make_day([entrant(b, "bean-moving") for b in bibs], rules=rules)
    result = rank_event(day, "bean-moving", [att(b, "bean-moving", count=int(b)) for b in bibs])
    assert result.places_awarded == 3


def test_a_shared_last_prize_place_is_a_prize_for_both() -> None:
    bibs = [str(i) for i in range(1, 5)]
    day = make_day([entrant(b, "shuttlecock") for b in bibs])
    counts = {"1": 30, "2": 20, "3": 10, "4": 10}
    attempts = [att(b, "shuttlecock", count=c) for b, c in counts.items()]
    result = rank_event(day, "shuttlecock", attempts)
    assert result.places_awarded == 3
    assert [(r.bib, r.place, r.prize) for r in result.rows] == [
        ("1", 1, True),
        ("2", 2, True),
        ("3", 3, True),
        ("4", 3, True),
    ]


def test_rank_all_is_programme_order_and_matches_rank_event() -> None:
    day = make_day([entrant("1", "bean-moving", "paddle-ball-run")])
    attempts = [
        att("1", "bean-moving", count=12),
        att("1", "paddle-ball-run", time_ms=11_111),
        att("1", "no-such-event", count=1),
    ]
    every = rank_all(day, attempts)
    assert [s.event.id for s in every] == [e.id for e in day.events()]
    for standings in every:
        assert standings == rank_event(day, standings.event.id, attempts)


def test_unknown_event_is_refused() -> None:
    with pytest.raises(KeyError):
        rank_event(make_day(), "sack-race", [])


def test_bibs_sort_numerically() -> None:
    assert sorted(["10", "9", "A1", "009"], key=bib_key) == ["009", "9", "10", "A1"]


_EVENTS = ("paddle-ball-run", "free-throw", "rope-skipping")


@st.composite
def _fields(draw: st.DrawFn) -> tuple[list[Athlete], list[Attempt]]:
    event = draw(st.sampled_from(_EVENTS))
    bibs = [str(b) for b in draw(st.sets(st.integers(1, 30), max_size=12))]
    entered = [entrant(b, event) for b in bibs if draw(st.booleans())]
    attempts = []
    for i, bib in enumerate(draw(st.lists(st.sampled_from(bibs), max_size=25)) if bibs else []):
        status = draw(st.sampled_from([Status.OK, Status.OK, Status.DNF, Status.DNS, None]))
        attempts.append(
            att(
                bib,
                event,
                status,
                time_ms=draw(st.integers(3_000, 3_100)) if event == "paddle-ball-run" else None,
                count=draw(st.integers(0, 5)) if event == "rope-skipping" else None,
                shots=draw(st.text("01", min_size=10, max_size=10))
                if event == "free-throw"
                else None,
                recorded_at=f"2026-09-20T09:00:{i:02d}",
                void="re-run" if draw(st.integers(0, 4)) == 0 else None,
            )
        )
    return entered, attempts


@settings(max_examples=150)
@given(_fields(), st.randoms())
def test_ranking_is_order_invariant_and_consistent(
    field: tuple[list[Athlete], list[Attempt]], rnd: random.Random
) -> None:
    athletes, attempts = field
    day = make_day(athletes)
    event = attempts[0].event if attempts else "rope-skipping"
    result = rank_event(day, event, attempts)
    shuffled = list(attempts)
    rnd.shuffle(shuffled)
    assert rank_event(day, event, shuffled) == result

    counted = {a.bib for a in attempts if a.void is None}
    entered = {a.bib for a in athletes if event in a.events}
    assert sorted(r.bib for r in result.rows) == sorted(counted | entered)
    assert result.entrants == len(entered)

    ranked = [r for r in result.rows if r.place is not None]
    places = [r.place or 0 for r in ranked]
    assert places == sorted(places)
    if ranked:
        assert ranked[0].place == 1
    for i, row in enumerate(ranked):
        assert row.place == 1 + next(j for j, o in enumerate(ranked) if o.place == row.place)
        assert row.place <= i + 1
    for before, after in itertools.pairwise(ranked):
        same = (before.result, before.first_basket) == (after.result, after.first_basket)
        assert same == (before.place == after.place)
    tail = result.rows[len(ranked) :]
    assert all(r.place is None and not r.prize for r in tail)
    assert sum(r.prize for r in result.rows) >= result.places_awarded
