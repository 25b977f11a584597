"""The signal schedule against each event's duration: when the field hears start, warning, end.

Each expectation is derived from the event itself (its kind and duration) and
the rule's constants, never from `schedule`'s own output, so a wrong offset in
the rule fails here.
"""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timing_console.model import CATALOGUE, EventKind
from timing_console.rules.heat.signals import (
    START_S,
    WARNING_LEFT_S,
    Call,
    Tone,
    lead_s,
    schedule,
    track_length_s,
)

COUNTDOWNS = [s for s in CATALOGUE.values() if s.kind is EventKind.COUNT]
RACES = [s for s in CATALOGUE.values() if s.kind is EventKind.RACE]
ROPE = CATALOGUE["rope-skipping"]


def calls(tones: tuple[Tone, ...], call: Call) -> list[Tone]:
    return [t for t in tones if t.call is call]


def the(tones: tuple[Tone, ...], call: Call) -> Tone:
    (tone,) = calls(tones, call)
    return tone


def test_the_catalogue_has_countdowns_and_races_to_test():
    assert {s.id for s in COUNTDOWNS} == {"rope-skipping", "shuttlecock", "bean-moving"}
    assert len(RACES) == 3


@pytest.mark.parametrize("spec", COUNTDOWNS, ids=lambda s: s.id)
@pytest.mark.parametrize("cadence", [True, False])
def test_a_countdown_starts_at_zero_warns_before_its_end_and_ends_at_its_duration(spec, cadence):
    assert spec.duration_s is not None
    tones = schedule(spec, cadence=cadence)
    assert the(tones, Call.START).at_s == 0.0
    assert calls(tones, Call.WARNING)[0].at_s == spec.duration_s - WARNING_LEFT_S
    assert the(tones, Call.END).at_s == spec.duration_s
    assert tones[-1].call is Call.END


@pytest.mark.parametrize("spec", COUNTDOWNS, ids=lambda s: s.id)
def test_a_countdown_cadence_counts_down_to_the_start_in_time_order(spec):
    tones = schedule(spec)
    start = tones.index(the(tones, Call.START))
    cadence = tones[:start]
    assert len(cadence) == 3
    assert all(t.call is Call.READY for t in cadence)
    assert [t.at_s for t in cadence] == [-3.0, -2.0, -1.0]
    assert all(t.end_s < 0 for t in cadence)
    assert schedule(spec, cadence=False) == tones[start:]


@pytest.mark.parametrize("spec", RACES, ids=lambda s: s.id)
def test_a_race_has_its_cadence_then_the_gun_and_no_warning_or_end(spec):
    tones = schedule(spec)
    assert [t.call for t in tones] == [Call.MARKS, Call.READY, Call.START]
    assert [t.at_s for t in tones] == [-4.0, -2.0, 0.0]
    assert all(t.end_s < 0 for t in tones[:-1])
    assert schedule(spec, cadence=False) == tones[-1:]


def test_free_throws_have_no_clock_and_no_track():
    free = CATALOGUE["free-throw"]
    assert schedule(free) == ()
    assert schedule(free, cadence=False) == ()
    assert lead_s(()) == 0.0
    assert track_length_s(()) == 0.0


def test_a_countdown_without_a_duration_has_no_track():
    assert schedule(ROPE.model_copy(update={"duration_s": None})) == ()


@pytest.mark.parametrize("duration", [1, 5, 10])
def test_a_countdown_of_ten_seconds_or_less_gets_no_warning(duration):
    tones = schedule(ROPE.model_copy(update={"duration_s": duration}))
    assert calls(tones, Call.WARNING) == []
    assert the(tones, Call.END).at_s == duration


def test_the_end_is_unlike_the_start():
    tones = schedule(ROPE)
    start, end = the(tones, Call.START), the(tones, Call.END)
    assert end.freq_hz != start.freq_hz
    assert max(t.freq_hz for t in tones) == start.freq_hz
    assert all(end.freq_hz < t.freq_hz for t in tones if t is not end)


def test_lead_and_length_of_a_track():
    tones = schedule(ROPE)
    end = the(tones, Call.END)
    assert lead_s(tones) == 3.0
    assert track_length_s(tones) == 3.0 + 60 + end.length_s
    race = schedule(RACES[0])
    assert lead_s(race) == 4.0
    assert track_length_s(race) == 4.0 + the(race, Call.START).length_s
    bare = schedule(ROPE, cadence=False)
    assert lead_s(bare) == 0.0
    assert track_length_s(bare) == 60 + end.length_s


@given(st.integers(min_value=1, max_value=600), st.booleans())
def test_any_countdown_length_keeps_its_signals_where_the_rule_says(duration, cadence):
    spec = ROPE.model_copy(update={"duration_s": duration})
    tones = schedule(spec, cadence=cadence)
    offsets = [t.at_s for t in tones]
    assert offsets == sorted(offsets)
    assert all(a.end_s <= b.at_s for a, b in pairwise(tones))
    assert the(tones, Call.START).at_s == 0.0
    assert the(tones, Call.END).at_s == duration
    warnings = calls(tones, Call.WARNING)
    if duration > WARNING_LEFT_S + START_S:
        assert warnings and warnings[0].at_s == duration - WARNING_LEFT_S
    else:
        assert warnings == []
    assert all(t.at_s >= START_S for t in warnings)
    assert all(t.at_s < 0 for t in tones if t.call is Call.READY)
    assert len(tones) == (3 if cadence else 0) + 2 + len(warnings)
    assert lead_s(tones) == (3.0 if cadence else 0.0)
    assert track_length_s(tones) == lead_s(tones) + duration + the(tones, Call.END).length_s
