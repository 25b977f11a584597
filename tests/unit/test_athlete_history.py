"""An athlete's history says what was recorded, then each change: never the corrected
value on the line of the original record."""

from __future__ import annotations

from timing_console.model import Attempt, Change, Status
from timing_console.ui.screens.athlete import attempt_text
from timing_console.words import Words

WORDS = Words("en")


def finish(time_ms: int) -> Attempt:
    return Attempt(
        id="a1",
        event="paddle-ball-run",
        heat=1,
        lane=3,
        bib="802",
        status=Status.OK,
        time_ms=time_ms,
        recorded_at="2026-09-20T09:00:12.000+08:00",
    )


def correction(old_ms: int, new_ms: int) -> Change:
    return Change(
        attempt_id="a1",
        n=0,
        event="paddle-ball-run",
        heat=1,
        lane=3,
        bib="802",
        kind="correction",
        at="2026-09-20T09:05:00.000+08:00",
        reason="card",
        old={"status": "OK", "time_ms": old_ms},
        new={"status": "OK", "time_ms": new_ms},
    )


def test_the_record_line_shows_what_was_recorded_before_the_correction() -> None:
    assert attempt_text(WORDS, finish(3300), correction(3210, 3300)) == "recorded: 3.21"


def test_an_attempt_never_changed_shows_its_result() -> None:
    assert attempt_text(WORDS, finish(3210)) == "recorded: 3.21"
