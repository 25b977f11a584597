"""The union of stations' views, pure: any order, conflicts grouped, choices that stop holding."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from timing_console.model import Athlete, Attempt, Day, HeatPhase, HeatState, LaneEntry, Status
from timing_console.rules.daymerge import merge_days
from timing_console.rules.merge import RESOLUTIONS, StationView, union

DAY = Day(
    title="运动会",
    date="2026-09-20",
    venue="操场",
    athletes=tuple(Athlete(bib=str(b), name=f"A{b}", unit="U") for b in range(1, 9)),
    lanes=tuple(
        LaneEntry(event="rope-skipping", heat=h, lane=n, bib=str(n + 4 * (h - 1)))
        for h in (1, 2)
        for n in range(1, 5)
    ),
)


def attempt(aid: str, heat: int, lane: int, count: int, void: str | None = None) -> Attempt:
    return Attempt(
        id=aid,
        event="rope-skipping",
        heat=heat,
        lane=lane,
        bib=str(lane + 4 * (heat - 1)),
        status=Status.OK,
        count=count,
        recorded_at="2026-09-20T09:00:00+08:00",
        void=void,
    )


def heat_state(heat: int, started: float = 0.0) -> HeatState:
    return HeatState(
        event="rope-skipping",
        heat=heat,
        phase=HeatPhase.DONE,
        started_wall=started or None,
        closed_at=None,
    )


def view(name: str, attempts: list[Attempt], heats: list[HeatState], **extra: Any) -> StationView:
    tables: dict[str, Any] = {
        "meta": {"day": DAY},
        "attempts": {a.id: a for a in attempts},
        "heats": {h.key: h for h in heats},
        "station": {"self": {"name": name}},
        **extra,
    }
    return StationView(name, tables, DAY)


def test_stations_of_different_heats_merge_without_conflict():
    a = view("a", [attempt("x1", 1, 1, 50), attempt("x2", 1, 2, 60)], [heat_state(1)])
    b = view("b", [attempt("y1", 2, 1, 70)], [heat_state(2)])
    merged = union([a, b])
    assert merged.conflicts == []
    assert set(merged.tables["attempts"]) == {"x1", "x2", "y1"}
    assert merged.tables["meta"]["day"] == DAY
    assert "station" not in merged.tables  # each station's own name never merges


def test_two_stations_timing_one_heat_is_one_heat_conflict_showing_the_first_name():
    a = view("a", [attempt("x1", 1, 1, 50)], [heat_state(1, 100.0)])
    b = view("b", [attempt("y1", 1, 1, 55)], [heat_state(1, 130.0)])
    merged = union([b, a])
    [conflict] = merged.conflicts
    assert (conflict.kind, conflict.event, conflict.heat, conflict.lane) == (
        "heat",
        "rope-skipping",
        1,
        None,
    )
    assert conflict.values == {
        "a": [{"lane": 1, "bib": "1", "status": "OK", "count": 50}],
        "b": [{"lane": 1, "bib": "1", "status": "OK", "count": 55}],
    }
    assert list(merged.tables["attempts"]) == ["x1"]  # a's stands until chosen; b's is not counted
    assert merged.held_back() == {("rope-skipping", b) for b in ("1", "2", "3", "4")}


def test_a_lane_timed_at_two_stations_without_a_heat_record_is_a_lane_conflict():
    a = view("a", [attempt("x1", 1, 3, 50)], [])
    b = view("b", [attempt("y1", 1, 3, 50)], [])
    [conflict] = union([a, b]).conflicts
    assert (conflict.kind, conflict.lane, conflict.bib) == ("lane", 3, "3")


def test_a_choice_settles_a_conflict_until_a_new_value_arrives():
    a = view("a", [attempt("x1", 1, 1, 50)], [heat_state(1, 100.0)])
    b = view("b", [attempt("y1", 1, 1, 55)], [heat_state(1, 130.0)])
    [conflict] = union([a, b]).conflicts
    choice = {conflict.id: {"choice": "b", "digest": conflict.digest(), "reason": "r"}}
    a_chose = view("a", [attempt("x1", 1, 1, 50)], [heat_state(1, 100.0)], resolutions=choice)
    merged = union([a_chose, b])
    assert merged.conflicts == [] and merged.resolved == [conflict.id]
    assert list(merged.tables["attempts"]) == ["y1"]
    assert merged.tables[RESOLUTIONS][conflict.id]["choice"] == "b"
    c = view("c", [attempt("z1", 1, 1, 58)], [heat_state(1, 160.0)])
    reopened = union([a_chose, b, c])
    assert [x.id for x in reopened.conflicts] == [conflict.id]  # a third value: decide again


def test_two_referees_choosing_differently_decide_nothing():
    a = view("a", [attempt("x1", 1, 1, 50)], [heat_state(1, 100.0)])
    b = view("b", [attempt("y1", 1, 1, 55)], [heat_state(1, 130.0)])
    [conflict] = union([a, b]).conflicts
    pick = lambda who: {conflict.id: {"choice": who, "digest": conflict.digest()}}  # noqa: E731
    merged = union(
        [
            view("a", [attempt("x1", 1, 1, 50)], [heat_state(1, 100.0)], resolutions=pick("a")),
            view("b", [attempt("y1", 1, 1, 55)], [heat_state(1, 130.0)], resolutions=pick("b")),
        ]
    )
    assert conflict.id in [c.id for c in merged.conflicts]


def test_late_athletes_merge_three_ways():
    late = Athlete(bib="99", name="Late", unit="U")
    added = DAY.model_copy(update={"athletes": (*DAY.athletes, late)})
    merged = merge_days({"a": DAY, "b": DAY}, {"a": added, "b": DAY})
    assert merged.day == added and merged.disagreements == ()
    other = DAY.model_copy(
        update={"athletes": (*DAY.athletes, late.model_copy(update={"unit": "V"}))}
    )
    fight = merge_days({"a": DAY, "b": DAY}, {"a": added, "b": other})
    assert [d.item for d in fight.disagreements] == ["athlete:99"]
    assert fight.day.athlete("99") is None  # the base stands until a referee chooses
    chosen = merge_days({"a": DAY, "b": DAY}, {"a": added, "b": other}, {"athlete:99": "b"})
    chosen_late = chosen.day.athlete("99")
    assert chosen_late is not None and chosen_late.unit == "V" and chosen.disagreements == ()


def test_athletes_in_two_heats_at_once_at_two_stations_are_found():
    both = DAY.model_copy(
        update={"lanes": (*DAY.lanes, LaneEntry(event="bean-moving", heat=1, lane=1, bib="1"))}
    )
    a = StationView(
        "a", {"meta": {"day": both}, "heats": {"rope-skipping#1": heat_state(1, 100.0)}}, both
    )
    b = StationView(
        "b",
        {
            "meta": {"day": both},
            "heats": {"bean-moving#1": HeatState(event="bean-moving", heat=1, started_wall=160.0)},
        },
        both,
    )
    [clash] = union([a, b]).clashes
    assert clash.bib == "1" and {h[2] for h in clash.heats} == {"a", "b"}
    far = StationView(
        "b",
        {
            "meta": {"day": both},
            "heats": {
                "bean-moving#1": HeatState(event="bean-moving", heat=1, started_wall=100.0 + 3600)
            },
        },
        both,
    )
    assert union([a, far]).clashes == []


ATTEMPTS = st.builds(
    attempt,
    aid=st.sampled_from(["p", "q", "r", "s", "t"]),
    heat=st.sampled_from([1, 2]),
    lane=st.integers(1, 4),
    count=st.integers(0, 99),
    void=st.sampled_from([None, None, "re-run"]),
)


@settings(max_examples=60)
@given(
    st.lists(
        st.tuples(st.sampled_from("abcd"), st.lists(ATTEMPTS, max_size=4)),
        min_size=1,
        max_size=4,
        unique_by=lambda t: t[0],
    ),
    st.randoms(use_true_random=False),
)
def test_the_union_does_not_depend_on_the_order_of_stations(stations, rng):
    views = [view(name, rows, []) for name, rows in stations]
    shuffled = list(views)
    rng.shuffle(shuffled)
    one, other = union(views), union(shuffled)
    assert one.tables == other.tables
    assert [(c.id, c.values) for c in one.conflicts] == [(c.id, c.values) for c in other.conflicts]
    assert union(views + views).tables == one.tables  # a station merged twice adds nothing


def test_absorbing_a_save_no_other_station_touches_equals_building_the_union_again():
    from timing_console.rules.absorb import Foreign, absorb

    others = [view("b", [attempt("y1", 2, 1, 70)], [heat_state(2, 100.0)])]
    mine = [attempt("x1", 1, 1, 50)]
    merged = union([view("a", mine, [heat_state(1, 100.0)]), *others])
    foreign = Foreign.of(others)
    new = attempt("x2", 1, 2, 61)
    later = heat_state(1, 100.0).model_copy(update={"logged": 3})
    assert absorb(merged, [("attempts", "x2", new), ("heats", later.key, later)], foreign)
    again = union([view("a", [*mine, new], [later]), *others])
    assert merged.tables == again.tables and merged.conflicts == again.conflicts

    in_their_heat = attempt("x3", 2, 2, 40)
    before = {t: dict(rows) for t, rows in merged.tables.items()}
    assert not absorb(merged, [("attempts", "x3", in_their_heat)], foreign)
    assert merged.tables == before  # left as it was: the union must be built again
    started = heat_state(1, 200.0)
    assert not absorb(merged, [("heats", started.key, started)], foreign)  # a clash may change
