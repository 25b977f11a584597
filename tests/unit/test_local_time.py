"""What the officers read as a time is their own clock's, with its offset: the records keep
UTC (a moment is the same at every station), the history shows the reader's local time."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta, timezone

import pytest

from timing_console.model import Change
from timing_console.rules.report import history_records, local_label

CHINA = timezone(timedelta(hours=8))


def change(at: str, n: int = 0) -> Change:
    return Change(
        attempt_id="a1", n=n, event="rope-skipping", heat=1, lane=2, bib="202",
        kind="correction", at=at, reason="recount", old={"count": 98}, new={"count": 89},
    )  # fmt: skip


def test_a_heat_run_at_three_in_the_afternoon_in_china_shows_as_15h_there():
    [row] = history_records([("s1", change("2026-09-20T07:05:01.250+00:00"))], zone=CHINA)
    assert row["at"] == "2026-09-20T15:05:01.250+08:00"


def test_the_same_moment_keeps_its_place_in_the_order_and_its_instant():
    before, after = "2026-09-20T23:59:59.000+00:00", "2026-09-21T00:00:01.000+00:00"
    choice = {"id": "day:slot:rope-skipping#1#2", "choice": "s1", "at": "2026-09-21T00:00:00+00:00"}
    audit = [("s1", change(before)), ("s1", change(after, 1))]
    rows = history_records(audit, choices=[("s2", choice)], zone=CHINA)
    assert [r["at"][11:19] for r in rows] == ["07:59:59", "08:00:00", "08:00:01"]
    moments = [datetime.fromisoformat(r["at"]).astimezone(UTC) for r in rows]
    assert moments == sorted(moments) and moments[0].hour == 23


def test_what_is_no_moment_is_shown_as_it_was_written():
    assert local_label(None, CHINA) is None
    assert local_label("yesterday", CHINA) == "yesterday"
    assert local_label("2026-09-20T07:05:01", CHINA) == "2026-09-20T07:05:01"  # no offset: unknown


@pytest.mark.skipif(not hasattr(time, "tzset"), reason="the zone is set by TZ where tzset exists")
def test_without_a_zone_the_machine_s_own_is_used(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        [row] = history_records([("s1", change("2026-09-20T07:05:01.250+00:00"))])
    finally:
        monkeypatch.undo()
        time.tzset()
    assert row["at"] == "2026-09-20T15:05:01.250+08:00"
