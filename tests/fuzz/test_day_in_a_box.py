"""Issue 20's proof, short: whole days of a desk and four stations, faults injected.

`daybox.simulate` runs each day (practice then real, pushes through a flaky
proxy to a board it SIGKILLs, bundles doubled and cut, slips and corrections,
late athletes, one of them at two stations, a station killed mid-heat and
replaced by a spare) and checks the desk's standings, prizes and history
against a model of what the referees meant, and every station against the
desk after a final exchange. CI runs a few sample-sized days from fixed seeds;
`HYPOTHESIS_PROFILE=long` runs 200 days, every tenth of 200 athletes, from a
fresh seed (about half an hour).
"""

from __future__ import annotations

import random

from hypothesis import settings

from tests.support import (
    daybox,
    profiles,  # noqa: F401  (registers and loads the Hypothesis profiles)
)

DAYS = {"ci": 4, "long": 200}
"""Days per run, by profile (a sample-sized day takes 5 to 7 s on two cores, a day of 200
athletes about 35 s: the long run has one in ten)."""


def test_days_in_a_box_falsify_lose_and_double_nothing() -> None:
    profile = settings.get_current_profile_name()
    long = profile == "long"
    seed = random.SystemRandom().randrange(2**32) if long else 20
    figures = daybox.simulate(DAYS.get(profile, DAYS["ci"]), seed, big_every=10 if long else 0)
    report = f"seed {seed}\n{daybox.render(figures.as_row())}"
    assert figures.days == DAYS.get(profile, DAYS["ci"]), report
    assert sum(figures.faults.values()) > 0, report
    assert (figures.falsified, figures.lost, figures.doubled) == (0, 0, 0), report
    assert figures.mismatched == 0 and not figures.problems, report
