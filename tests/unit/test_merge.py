"""The union of stations' views, pure: any order, conflicts grouped, choices that stop holding."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from timing_console.model import (
    Athlete,
    Attempt,
    Change,
    Day,
    HeatPhase,
    HeatState,
    LaneEntry,
    Status,
)
from timing_console.stations.daymerge import merge_days
from timing_console.stations.merge import RESOLUTIONS, StationView, decide, union

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


def test_two_stations_timing_one_lane_differently_is_a_conflict_no_name_decides():
    a = view("a", [attempt("x1", 1, 1, 50)], [heat_state(1, 100.0)])
    b = view("b", [attempt("y1", 1, 1, 55)], [heat_state(1, 130.0)])
    merged = union([b, a])
    [conflict] = merged.conflicts
    assert (conflict.kind, conflict.event, conflict.heat, conflict.lane) == (
        "lane",
        "rope-skipping",
        1,
        1,
    )
    assert conflict.values == {
        "a": [{"lane": 1, "bib": "1", "status": "OK", "count": 50}],
        "b": [{"lane": 1, "bib": "1", "status": "OK", "count": 55}],
    }
    assert merged.held_back() == {("rope-skipping", "1")}  # unranked, off the prizes


def test_two_stations_recording_the_same_result_agree():
    a = view("a", [attempt("x1", 1, 3, 50)], [])
    b = view("b", [attempt("y1", 1, 3, 50)], [])
    merged = union([a, b])
    assert merged.conflicts == []
    assert sum(a.void is None for a in merged.tables["attempts"].values()) == 2


def corrected(base: Attempt, at: str, n: int, count: int) -> Attempt:
    """`base` corrected at station `at` (its n-th write of it), made from what it saw."""
    seen = tuple(sorted({base.rev or "", *base.parents} - {""}))
    return base.model_copy(update={"count": count, "rev": f"{at}:{n}", "parents": seen})


def test_a_correction_that_saw_what_it_replaces_wins_everywhere():
    """Issue 20, finding 4: the desk's correction lost to the station whose name sorts first."""
    timed = attempt("x1", 1, 1, 50).model_copy(update={"rev": "track:1"})
    fixed = corrected(timed, "desk", 1, 52)
    for views in ([view("track", [timed], []), view("desk", [fixed], [])],) * 2:
        merged = union(views)
        assert merged.conflicts == []
        assert merged.tables["attempts"]["x1"].count == 52
    again = corrected(fixed, "yard", 1, 53)  # a third station corrects the desk's value
    merged = union(
        [view("track", [timed], []), view("desk", [fixed], []), view("yard", [again], [])]
    )
    assert merged.conflicts == [] and merged.tables["attempts"]["x1"].count == 53


def test_two_corrections_of_one_value_that_did_not_see_each_other_conflict():
    timed = attempt("x1", 1, 1, 50).model_copy(update={"rev": "track:1"})
    desk, yard = corrected(timed, "desk", 1, 52), corrected(timed, "yard", 1, 49)
    merged = union([view("track", [timed], []), view("desk", [desk], []), view("yard", [yard], [])])
    [conflict] = merged.conflicts
    assert set(conflict.values) == {"desk", "yard"}  # the value both replaced is history
    decided = decide(conflict, "yard", "video", "2026-09-20T10:00:00+08:00", "console")
    [(chosen, change)] = decided
    chosen = chosen.model_copy(update={"rev": "desk:2"})
    final = union(
        [view("track", [timed], []), view("desk", [chosen], []), view("yard", [yard], [])]
    )
    assert final.conflicts == [] and final.tables["attempts"]["x1"].count == 49
    assert (change.kind, change.reason) == ("resolve", "video")


def test_a_decision_over_two_first_values_leaves_one_attempt_in_the_lane():
    a = view("a", [attempt("x1", 1, 1, 50).model_copy(update={"rev": "a:1"})], [])
    b = view("b", [attempt("y1", 1, 1, 55).model_copy(update={"rev": "b:1"})], [])
    [conflict] = union([a, b]).conflicts
    edits = {
        new.id: new.model_copy(update={"rev": f"desk:{n}"})
        for n, (new, _) in enumerate(decide(conflict, "a", "r", "t", "cli"), 1)
    }
    desk = view("desk", list(edits.values()), [])
    merged = union([a, b, desk])
    assert merged.conflicts == []
    live = [x for x in merged.tables["attempts"].values() if x.void is None]
    assert [(x.id, x.count) for x in live] == [("x1", 50)]


def test_a_choice_on_the_day_settles_it_until_a_new_value_arrives():
    late = Athlete(bib="99", name="Late", unit="U")
    a_day = DAY.model_copy(update={"athletes": (*DAY.athletes, late)})
    b_day = DAY.model_copy(
        update={"athletes": (*DAY.athletes, late.model_copy(update={"unit": "V"}))}
    )
    a = StationView("a", {"meta": {"day": a_day}}, DAY)
    b = StationView("b", {"meta": {"day": b_day}}, DAY)
    [conflict] = union([a, b]).conflicts
    choice = {conflict.id: {"choice": "b", "digest": conflict.digest(), "reason": "r"}}
    a_chose = StationView("a", {"meta": {"day": a_day}, RESOLUTIONS: choice}, DAY)
    merged = union([a_chose, b])
    assert merged.conflicts == [] and merged.resolved == [conflict.id]
    chosen = merged.tables["meta"]["day"].athlete("99")
    assert chosen is not None and chosen.unit == "V"


def test_two_referees_choosing_differently_decide_nothing():
    late = Athlete(bib="99", name="Late", unit="U")
    a_day = DAY.model_copy(update={"athletes": (*DAY.athletes, late)})
    b_day = DAY.model_copy(
        update={"athletes": (*DAY.athletes, late.model_copy(update={"unit": "V"}))}
    )
    [conflict] = union(
        [
            StationView("a", {"meta": {"day": a_day}}, DAY),
            StationView("b", {"meta": {"day": b_day}}, DAY),
        ]
    ).conflicts
    pick = lambda who: {conflict.id: {"choice": who, "digest": conflict.digest()}}  # noqa: E731
    merged = union(
        [
            StationView("a", {"meta": {"day": a_day}, RESOLUTIONS: pick("a")}, DAY),
            StationView("b", {"meta": {"day": b_day}, RESOLUTIONS: pick("b")}, DAY),
        ]
    )
    assert conflict.id in [c.id for c in merged.conflicts]


def test_every_stations_change_records_are_kept_in_the_audit():
    change = Change(
        attempt_id="x1", n=0, event="rope-skipping", heat=1, lane=1, bib="1", kind="correction",
        at="2026-09-20T09:00:00+08:00", reason="card", old={}, new={},
    )  # fmt: skip
    a = view("a", [], [], changes={change.key: change})
    b = view("b", [], [], changes={change.key: change.model_copy(update={"reason": "video"})})
    merged = union([a, b])
    assert sorted((s, c.reason) for s, c in merged.changes) == [("a", "card"), ("b", "video")]


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
    from timing_console.stations.absorb import Foreign, absorb

    others = [view("b", [attempt("y1", 2, 1, 70)], [heat_state(2, 100.0)])]
    mine = [attempt("x1", 1, 1, 50)]
    merged = union([view("a", mine, [heat_state(1, 100.0)]), *others])
    foreign = Foreign.of(others)
    new = attempt("x2", 1, 2, 61)
    later = heat_state(1, 100.0).model_copy(update={"logged": 3})
    assert absorb(merged, [("attempts", "x2", new), ("heats", later.key, later)], foreign, "a")
    again = union([view("a", [*mine, new], [later]), *others])
    assert merged.tables == again.tables and merged.conflicts == again.conflicts

    in_their_heat = attempt("x3", 2, 2, 40)
    before = {t: dict(rows) for t, rows in merged.tables.items()}
    assert not absorb(merged, [("attempts", "x3", in_their_heat)], foreign, "a")
    assert merged.tables == before  # left as it was: the union must be built again
    started = heat_state(1, 200.0)
    assert not absorb(merged, [("heats", started.key, started)], foreign, "a")  # a clash may
