"""Heat drawing: reproducible, within lanes, units spread, no back-to-back heats."""

from __future__ import annotations

import itertools
import json
import math
import os
import random
import subprocess
import sys

import pytest

from timing_console.dayio.dayfile import bundled_day_path, read_day
from timing_console.model import CATALOGUE, Athlete, EventSpec, LaneEntry
from timing_console.rules.draw import draw_heats
from timing_console.rules.entries import check_lanes

EVENTS = list(CATALOGUE.values())


def person(bib: str, unit: str, *events: str) -> Athlete:
    return Athlete(bib=bib, name=f"选手{bib}", unit=unit, phone="13800000000", events=events)


def heats_of(lanes: list[LaneEntry], event: str) -> list[set[str]]:
    numbers = sorted({e.heat for e in lanes if e.event == event})
    return [{e.bib for e in lanes if e.event == event and e.heat == h} for h in numbers]


def back_to_back(lanes: list[LaneEntry]) -> int:
    """Athletes in the last heat of one event and the first heat of the next."""
    programme = [heats_of(lanes, s.id) for s in EVENTS]
    programme = [p for p in programme if p]
    return sum(len(a[-1] & b[0]) for a, b in itertools.pairwise(programme))


def assert_valid(lanes: list[LaneEntry], athletes: list[Athlete], events: list[EventSpec]):
    """Every entrant once, fewest balanced heats, lanes 1..n, and the checks agree."""
    by_id = {s.id: s for s in events}
    for spec in events:
        entrants = {a.bib for a in athletes if spec.id in a.events}
        rows = [e for e in lanes if e.event == spec.id]
        assert sorted(e.bib for e in rows) == sorted(entrants)
        heats = heats_of(lanes, spec.id)
        assert len(heats) == (math.ceil(len(entrants) / spec.lanes) if entrants else 0)
        sizes = [len(h) for h in heats]
        assert sizes == sorted(sizes, reverse=True)
        assert not sizes or max(sizes) - min(sizes) <= 1
        for number in range(1, len(heats) + 1):
            got = sorted(e.lane for e in rows if e.heat == number)
            assert got == list(range(1, len(got) + 1))
            assert max(got) <= spec.lanes
    people = {a.bib: a for a in athletes}
    assert check_lanes([(i + 2, e) for i, e in enumerate(lanes)], people, by_id, "x.csv") == []


@pytest.fixture(scope="module")
def sample_athletes() -> list[Athlete]:
    day, _ = read_day(bundled_day_path())
    return list(day.athletes)


def test_reproducible_for_a_seed_and_different_for_another(sample_athletes):
    first = draw_heats(sample_athletes, EVENTS, seed=7)
    assert draw_heats(sample_athletes, EVENTS, seed=7) == first
    assert draw_heats(sample_athletes, EVENTS, seed=8) != first
    assert_valid(first, sample_athletes, EVENTS)


def test_input_order_does_not_change_the_draw(sample_athletes):
    shuffled = list(sample_athletes)
    random.Random(1).shuffle(shuffled)
    assert draw_heats(shuffled, EVENTS, 5) == draw_heats(sample_athletes, EVENTS, 5)


def test_does_not_use_the_global_random(sample_athletes):
    random.seed(1)
    a = draw_heats(sample_athletes, EVENTS, 3)
    random.seed(2)
    state = random.getstate()
    assert draw_heats(sample_athletes, EVENTS, 3) == a
    assert random.getstate() == state


def test_same_draw_whatever_the_hash_seed():
    code = (
        "import json;from timing_console.dayio.dayfile import read_day, bundled_day_path;"
        "from timing_console.rules.draw import draw_heats;"
        "from timing_console.model import CATALOGUE;"
        "d,_=read_day(bundled_day_path());"
        "print(json.dumps([e.model_dump() for e in "
        "draw_heats(d.athletes, list(CATALOGUE.values()), 11)]))"
    )
    outputs = []
    for hash_seed in ("0", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        done = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        outputs.append(json.loads(done.stdout))
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize("seed", range(10))
def test_respects_lanes_with_overrides(seed, sample_athletes):
    events = [s.model_copy(update={"lanes": 3}) if s.id == "rope-skipping" else s for s in EVENTS]
    lanes = draw_heats(sample_athletes, events, seed)
    assert_valid(lanes, sample_athletes, events)
    assert len(heats_of(lanes, "rope-skipping")) == 4  # 10 entrants, 3 lanes: 3+3+2+2


def test_events_without_entrants_get_no_heats():
    athletes = [person("1", "甲", "free-throw"), person("2", "乙", "free-throw")]
    lanes = draw_heats(athletes, EVENTS, 1)
    assert {e.event for e in lanes} == {"free-throw"}
    assert draw_heats([], EVENTS, 1) == []


@pytest.mark.parametrize("seed", range(20))
def test_units_are_spread_across_heats(seed):
    units = ["区教育局", "区财政局", "区卫健局", "区人社局", "区住建局", "区文旅局"]
    athletes = [
        person(f"{u}{k}", unit, "paddle-ball-run") for u, unit in enumerate(units) for k in (1, 2)
    ]
    lanes = draw_heats(athletes, EVENTS, seed)
    unit_of = {a.bib: a.unit for a in athletes}
    heats = heats_of(lanes, "paddle-ball-run")
    assert len(heats) == 2
    for heat in heats:
        assert len({unit_of[b] for b in heat}) == len(heat) == 6


@pytest.mark.parametrize("seed", range(20))
def test_a_crowded_unit_is_split_as_evenly_as_possible(seed):
    athletes = [person(str(i), "区教育局", "free-throw") for i in range(5)]
    athletes += [person(str(i), f"单位{i}", "free-throw") for i in range(5, 8)]
    lanes = draw_heats(athletes, EVENTS, seed)
    counts = sorted(
        sum(b in heat for b in map(str, range(5))) for heat in heats_of(lanes, "free-throw")
    )
    assert counts == [2, 3]


def tight_programme(shared_with_second: int) -> list[Athlete]:
    """Paddle-ball run (7, two heats) -> knee-ball walk (one heat) -> stepping stones (7).

    The first `shared_with_second` paddle-ball runners also walk; three walkers
    also do stepping stones. With four shared, exactly one split avoids every
    back-to-back heat: all four in paddle-ball heat 1, the three in stones heat 2.
    """
    run, walk, stones = "paddle-ball-run", "knee-ball-walk", "stepping-stones"
    athletes = []
    for i in range(7):
        events = [run]
        if i < shared_with_second:
            events.append(walk)
        athletes.append(person(f"a{i}", f"单位a{i}", *events))
    walkers = [a.bib for a in athletes if walk in a.events]
    extra = 5 - len(walkers)
    athletes += [person(f"w{i}", f"单位w{i}", walk) for i in range(extra)]
    walkers += [f"w{i}" for i in range(extra)]
    athletes = [
        a.model_copy(update={"events": (*a.events, stones)}) if a.bib in walkers[-3:] else a
        for a in athletes
    ]
    athletes += [person(f"s{i}", f"单位s{i}", stones) for i in range(4)]
    return athletes


@pytest.mark.parametrize("seed", range(25))
def test_no_back_to_back_heats_when_the_programme_allows(seed):
    athletes = tight_programme(4)
    lanes = draw_heats(athletes, EVENTS, seed)
    assert_valid(lanes, athletes, EVENTS)
    assert back_to_back(lanes) == 0
    assert heats_of(lanes, "paddle-ball-run")[0] == {"a0", "a1", "a2", "a3"}


@pytest.mark.parametrize("seed", range(10))
def test_impossible_programme_still_draws_with_fewest_clashes(seed):
    athletes = tight_programme(5)  # five walkers cannot all fit the four-lane first heat
    lanes = draw_heats(athletes, EVENTS, seed)
    assert_valid(lanes, athletes, EVENTS)
    assert back_to_back(lanes) == 1


def test_consecutive_single_heat_events_keep_their_unavoidable_overlap():
    athletes = [person(str(i), f"单位{i}", "rope-skipping", "shuttlecock") for i in range(4)]
    lanes = draw_heats(athletes, EVENTS, 3)
    assert_valid(lanes, athletes, EVENTS)
    assert back_to_back(lanes) == 4


@pytest.mark.parametrize("seed", range(5))
def test_the_sample_entries_draw_without_back_to_back_or_unit_clashes(seed, sample_athletes):
    lanes = draw_heats(sample_athletes, EVENTS, seed)
    assert_valid(lanes, sample_athletes, EVENTS)
    assert back_to_back(lanes) == 0
    unit_of = {a.bib: a.unit for a in sample_athletes}
    for spec in EVENTS:
        for heat in heats_of(lanes, spec.id):
            assert len({unit_of[b] for b in heat}) == len(heat)


def test_a_large_day_still_draws_validly():
    rng = random.Random(0)
    ids = list(CATALOGUE)
    athletes = [person(str(i), f"单位{i // 2}", *rng.sample(ids, 3)) for i in range(200)]
    lanes = draw_heats(athletes, EVENTS, 9)
    assert_valid(lanes, athletes, EVENTS)
    assert back_to_back(lanes) == 0
