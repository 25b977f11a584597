"""Hypothesis profiles for the fuzz suite: a short repeatable CI run and a long one.

Imported by `daykit`, which the fuzz modules import (the day in a box imports
this itself), so the profiles are registered and loaded while tests/fuzz is
collected.

`HYPOTHESIS_PROFILE=ci` (the default) keeps `pytest tests/fuzz` near a minute on
a busy two-core machine and draws the same examples on every run, so a red CI
run reproduces anywhere. It reports a failing example as found, without
shrinking it (shrinking a console example can take minutes); the failure
prints a `@reproduce_failure` blob, and the long profile shrinks it.

`HYPOTHESIS_PROFILE=long` is the issue's long harness: 1,000 generated cases
per bad-input property, more console runs, fresh random seeds each time, and
failures kept in `.hypothesis/` so the next run tries them first.

Each test takes its example count from `settings.get_profile(f"{profile}-{kind}")`
(`daykit.budget`), `kind` being `console` (a whole Textual app per example) or
`input` (files or a CLI call per example) or `stations` (a day's
databases, 3 to 10 of them, per example) or `grammar` (a key sequence read by
the pure key grammar, no store) or `writers` (a day on disk and two writers
on one heat, many steps per example). The base profile is loaded for the
session, so other `@given` tests collected along with this folder share its
determinism; their example counts stay their own.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, settings

SLOW_OK = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large]
"""Apps are slow to build, and the clock fixtures are shared by examples on purpose."""

BUDGETS = {
    "ci": {"console": 3, "input": 60, "stations": 8, "grammar": 400, "writers": 40},
    "long": {"console": 50, "input": 1000, "stations": 300, "grammar": 100_000, "writers": 400},
}
"""Examples per test, by profile and by kind of test."""

settings.register_profile(
    "ci",
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=SLOW_OK,
)
settings.register_profile("long", deadline=None, print_blob=True, suppress_health_check=SLOW_OK)
for _profile, _kinds in BUDGETS.items():
    for _kind, _count in _kinds.items():
        settings.register_profile(
            f"{_profile}-{_kind}", settings.get_profile(_profile), max_examples=_count
        )

settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
