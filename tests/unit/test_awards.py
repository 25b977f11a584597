"""Prize list, participation list and team table, built from small event days."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.support.days import att, entrant, make_day
from timing_console.model import Attempt, Rules, Status
from timing_console.rules.awards import (
    ParticipationRow,
    PrizeRow,
    participation_list,
    prize_list,
    team_table,
)
from timing_console.rules.ranking import rank_all


def counts(event: str, results: dict[str, int]) -> list[Attempt]:
    return [att(bib, event, count=c) for bib, c in results.items()]


# Eight athletes in four units; four events enough for each rule to bite.
ROSTER = [
    entrant("1", "paddle-ball-run", "rope-skipping", "bean-moving", unit="甲"),
    entrant("2", "paddle-ball-run", "rope-skipping", "bean-moving", unit="甲"),
    entrant("3", "paddle-ball-run", "rope-skipping", "bean-moving", unit="乙"),
    entrant("4", "paddle-ball-run", "rope-skipping", "bean-moving", unit="乙"),
    entrant("5", "paddle-ball-run", "rope-skipping", "bean-moving", unit="丙"),
    entrant("6", "paddle-ball-run", "rope-skipping", "bean-moving", unit="丙"),
    entrant("7", "paddle-ball-run", unit="丁"),
    entrant("8", "paddle-ball-run", unit="丁"),
]


def test_prize_list_names_each_athlete_once_for_the_best_place() -> None:
    day = make_day(ROSTER)
    attempts = [
        *counts("rope-skipping", {"1": 90, "2": 80, "3": 70, "4": 60, "5": 50, "6": 40}),
        *counts("bean-moving", {"2": 90, "1": 80, "3": 70, "4": 60, "5": 50, "6": 40}),
    ]
    prizes = prize_list(rank_all(day, attempts))
    # 6 entrants -> 5 places; bib 6 is 6th in both and wins nothing.
    assert [(p.bib, p.event, p.place) for p in prizes] == [
        ("1", "rope-skipping", 1),
        ("3", "rope-skipping", 3),
        ("4", "rope-skipping", 4),
        ("5", "rope-skipping", 5),
        ("2", "bean-moving", 1),
    ]
    one = prizes[0]
    assert one == PrizeRow(
        bib="1",
        name="n1",
        unit="甲",
        event="rope-skipping",
        place=1,
        event_order=5,
        other_places=(("bean-moving", 2),),
    )
    assert prizes[-1].other_places == (("rope-skipping", 2),)


def test_equal_best_places_go_to_the_event_earlier_in_the_programme() -> None:
    day = make_day(ROSTER)
    attempts = [
        *counts("bean-moving", {"1": 90, "2": 80, "3": 70}),
        att("1", "paddle-ball-run", time_ms=12_000),
        att("2", "paddle-ball-run", time_ms=13_000),
        att("3", "paddle-ball-run", time_ms=14_000),
        att("4", "paddle-ball-run", time_ms=15_000),
    ]
    prizes = prize_list(rank_all(day, attempts))
    best = {p.bib: (p.event, p.place) for p in prizes}
    assert best["1"] == ("paddle-ball-run", 1)
    assert best["2"] == ("paddle-ball-run", 2)
    assert best["3"] == ("paddle-ball-run", 3)
    assert [p.bib for p in prizes] == ["1", "2", "3", "4"]


def test_shared_prize_places_sort_by_bib_and_both_win() -> None:
    day = make_day(ROSTER)
    attempts = counts("rope-skipping", {"10": 5, "9": 9, "2": 9, "1": 1})
    prizes = prize_list(rank_all(day, attempts))
    assert [(p.bib, p.place) for p in prizes] == [("2", 1), ("9", 1), ("10", 3), ("1", 4)]
    assert prizes[1].name == "?"


def test_participation_is_everyone_who_started_but_not_dns_only() -> None:
    day = make_day(ROSTER)
    attempts = [
        att("1", "rope-skipping", Status.DNS),
        att("2", "rope-skipping", Status.DNS),
        att("2", "bean-moving", Status.DNF),
        att("2", "paddle-ball-run", Status.FOUL),
        att("3", "rope-skipping", None),
        att("4", "rope-skipping", count=10, void="re-run"),
        att("4", "rope-skipping", Status.DNS),
        att("7", "paddle-ball-run", time_ms=15_000),
        att("5", "bean-moving", count=3),
    ]
    rows = participation_list(day, attempts)
    assert rows == [
        ParticipationRow(bib="7", name="n7", unit="丁", events=("paddle-ball-run",)),
        ParticipationRow(bib="5", name="n5", unit="丙", events=("bean-moving",)),
        ParticipationRow(bib="3", name="n3", unit="乙", events=("rope-skipping",)),
        ParticipationRow(bib="2", name="n2", unit="甲", events=("paddle-ball-run", "bean-moving")),
    ]
    assert [r.unit for r in rows] == sorted(r.unit for r in rows)


def test_team_points_with_shared_places_and_every_unit_listed() -> None:
    day = make_day(ROSTER)
    attempts = [
        # 6 entrants -> 5 places; 甲 1st (7), 乙 and 丙 share 2nd (5 each), 4th 3 points.
        *counts("rope-skipping", {"1": 90, "3": 80, "5": 80, "4": 60, "2": 50, "6": 40}),
    ]
    rows = team_table(day, rank_all(day, attempts))
    by_unit = {r.unit: r for r in rows}
    assert by_unit["甲"].points == 7 + 2
    assert by_unit["乙"].points == 5 + 3
    assert by_unit["丙"].points == 5
    assert by_unit["丁"].points == 0
    assert [(r.place, r.unit) for r in rows] == [(1, "甲"), (2, "乙"), (3, "丙"), (4, "丁")]
    assert by_unit["甲"].golds == 1
    assert by_unit["乙"].places == (0, 1, 0, 1, 0, 0)
    assert by_unit["甲"].places == (1, 0, 0, 0, 1, 0)


def test_places_outside_the_prize_places_score_nothing() -> None:
    day = make_day(ROSTER)
    # 6 entrants -> 5 places: the 6th would be worth 1 point by the table but is no prize.
    attempts = counts("bean-moving", {"1": 90, "2": 80, "3": 70, "4": 60, "5": 50, "6": 40})
    by_unit = {r.unit: r.points for r in team_table(day, rank_all(day, attempts))}
    assert by_unit == {"甲": 12, "乙": 7, "丙": 2, "丁": 0}


def test_team_ties_break_on_more_firsts() -> None:
    day = make_day(ROSTER, rules=Rules(team_points=(5, 3, 2, 1)))
    # 6 entrants -> 5 places. 甲: 1st = 5; 乙: 2nd + 3rd = 5; 丙: 4th (1) + 5th (0).
    attempts = counts("rope-skipping", {"1": 90, "3": 80, "4": 70, "5": 60, "6": 50, "2": 40})
    rows = team_table(day, rank_all(day, attempts))
    assert [(r.place, r.unit, r.points, r.golds) for r in rows] == [
        (1, "甲", 5, 1),
        (2, "乙", 5, 0),
        (3, "丙", 1, 0),
        (4, "丁", 0, 0),
    ]


def test_team_ties_break_on_more_seconds_when_firsts_are_equal() -> None:
    day = make_day(ROSTER, rules=Rules(team_points=(5, 3, 2, 1)))
    # 丙: 1st = 5; 甲: 2nd = 3; 乙: 3rd + 4th = 3 (乙 would sort before 甲 by name).
    attempts = counts("rope-skipping", {"5": 90, "1": 80, "3": 70, "4": 60, "6": 50, "2": 40})
    rows = team_table(day, rank_all(day, attempts))
    assert [(r.place, r.unit, r.points) for r in rows] == [
        (1, "丙", 5),
        (2, "甲", 3),
        (3, "乙", 3),
        (4, "丁", 0),
    ]


def test_equal_teams_share_and_skip() -> None:
    day = make_day(ROSTER)
    attempts = [
        # 3 valid results -> 3 places: 甲 and 乙 share 1st (7 each), 丙 3rd (4).
        *counts("rope-skipping", {"1": 90, "3": 90, "5": 80}),
    ]
    rows = team_table(day, rank_all(day, attempts))
    assert [(r.place, r.unit, r.points) for r in rows] == [
        (1, "乙", 7),
        (1, "甲", 7),
        (3, "丙", 4),
        (4, "丁", 0),
    ]


@given(st.lists(st.integers(0, 20), min_size=6, max_size=6), st.permutations(range(6)))
def test_each_prize_winner_listed_once_at_their_best(
    rope: list[int], beans_order: list[int]
) -> None:
    day = make_day(ROSTER)
    bibs = [str(i) for i in range(1, 7)]
    attempts = [
        *counts("rope-skipping", dict(zip(bibs, rope, strict=True))),
        *counts("bean-moving", {bibs[i]: 100 - n for n, i in enumerate(beans_order)}),
    ]
    standings = rank_all(day, attempts)
    prizes = prize_list(standings)
    assert len({p.bib for p in prizes}) == len(prizes)
    won: dict[str, list[int]] = {}
    for event in standings:
        for row in event.rows:
            if row.prize and row.place is not None:
                won.setdefault(row.bib, []).append(row.place)
    assert {p.bib: p.place for p in prizes} == {b: min(ps) for b, ps in won.items()}
    keys = [(p.event_order, p.place) for p in prizes]
    assert keys == sorted(keys)
    total = sum(r.points for r in team_table(day, standings))
    table = day.rules.team_points
    assert total == sum(table[p - 1] for ps in won.values() for p in ps if p <= len(table))
