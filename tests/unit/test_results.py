"""Reading typed results: what a referee or a paper card may give, and what is refused."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timing_console.model import CATALOGUE, MAX_TIME_MS, Attempt, Status
from timing_console.rules.heat.results import (
    BeyondCeiling,
    ParsedResult,
    ResultError,
    check_count,
    check_time,
    did_you_mean,
    parse_result,
    result_text,
)


def wide(text: str) -> str:
    """The full-width form a Chinese input method types for ASCII text."""
    return "".join(chr(ord(c) + 0xFEE0) for c in text)


RUN = CATALOGUE["paddle-ball-run"]
STONES = CATALOGUE["stepping-stones"]
THROWS = CATALOGUE["free-throw"]
ROPE = CATALOGUE["rope-skipping"]
KICKS = CATALOGUE["shuttlecock"]
BEANS = CATALOGUE["bean-moving"]


@pytest.mark.parametrize(
    ("event", "text", "expected"),
    [
        ("paddle-ball-run", "12.34", ParsedResult(Status.OK, time_ms=12_340)),
        ("paddle-ball-run", "12.3", ParsedResult(Status.OK, time_ms=12_300)),
        ("paddle-ball-run", "12", ParsedResult(Status.OK, time_ms=12_000)),
        ("paddle-ball-run", "12.345", ParsedResult(Status.OK, time_ms=12_345)),
        ("paddle-ball-run", "0:59.35", ParsedResult(Status.OK, time_ms=59_350)),
        ("paddle-ball-run", "0:42", ParsedResult(Status.OK, time_ms=42_000)),
        ("paddle-ball-run", "60", ParsedResult(Status.OK, time_ms=60_000)),
        ("paddle-ball-run", "  12.34 ", ParsedResult(Status.OK, time_ms=12_340)),
        ("paddle-ball-run", wide("12.34"), ParsedResult(Status.OK, time_ms=12_340)),
        ("paddle-ball-run", "12。34", ParsedResult(Status.OK, time_ms=12_340)),
        ("paddle-ball-run", wide("0:52.35"), ParsedResult(Status.OK, time_ms=52_350)),
        ("paddle-ball-run", "3", ParsedResult(Status.OK, time_ms=3_000)),
        ("paddle-ball-run", "dns", ParsedResult(Status.DNS)),
        ("knee-ball-walk", "Dnf", ParsedResult(Status.DNF)),
        ("stepping-stones", "DQ", ParsedResult(Status.DQ)),
        ("stepping-stones", "foul", ParsedResult(Status.FOUL)),
        ("knee-ball-walk", wide("FOUL"), ParsedResult(Status.FOUL)),
        ("rope-skipping", "87", ParsedResult(Status.OK, count=87)),
        ("rope-skipping", "0", ParsedResult(Status.OK, count=0)),
        ("rope-skipping", "300", ParsedResult(Status.OK, count=300)),
        ("rope-skipping", wide("087"), ParsedResult(Status.OK, count=87)),
        ("shuttlecock", "270", ParsedResult(Status.OK, count=270)),
        ("bean-moving", "180", ParsedResult(Status.OK, count=180)),
        ("bean-moving", "DNS", ParsedResult(Status.DNS)),
        ("free-throw", "1101100110", ParsedResult(Status.OK, shots="1101100110")),
        ("free-throw", "0000000000", ParsedResult(Status.OK, shots="0000000000")),
        ("free-throw", wide("1101100110"), ParsedResult(Status.OK, shots="1101100110")),
        ("free-throw", "11011 00110", ParsedResult(Status.OK, shots="1101100110")),
        ("free-throw", "dq", ParsedResult(Status.DQ)),
    ],
)
def test_accepts(event: str, text: str, expected: ParsedResult) -> None:
    assert parse_result(CATALOGUE[event], text) == expected


@pytest.mark.parametrize(
    ("event", "text", "fragment"),
    [
        ("paddle-ball-run", "", "A result is needed"),
        ("paddle-ball-run", "   ", "A result is needed"),
        ("paddle-ball-run", "abc", "is not a time"),
        ("paddle-ball-run", "-12.34", "negative"),
        ("paddle-ball-run", wide("-") + "12.34", "negative"),
        ("paddle-ball-run", "12.3456", "more than 3 decimals"),
        ("paddle-ball-run", "2.99", "not believable"),
        ("paddle-ball-run", "0", "above 0"),
        ("stepping-stones", "5.99", "under 6.00 s"),
        ("paddle-ball-run", "30:00.001", "over 30 minutes"),
        ("paddle-ball-run", "1101100110", "over 30 minutes"),
        ("paddle-ball-run", "1:60.00", "below 60"),
        ("paddle-ball-run", "1:2.35", "is not a time"),
        ("paddle-ball-run", "12,34", "is not a time"),
        ("paddle-ball-run", "1e3", "is not a time"),
        ("paddle-ball-run", "12.34.5", "is not a time"),
        ("paddle-ball-run", ".5", "is not a time"),
        ("paddle-ball-run", "DNSX", "is not a time"),
        ("rope-skipping", "-3", "negative"),
        ("rope-skipping", "301", "at most 300 in 60 s"),
        ("shuttlecock", "271", "at most 270 in 60 s"),
        ("bean-moving", "181", "at most 180 in 120 s"),
        ("rope-skipping", "12.5", "is not a count"),
        ("rope-skipping", "x", "is not a count"),
        ("rope-skipping", "FOUL", "FOUL does not apply"),
        ("paddle-ball-run", "FOUL", "FOUL does not apply"),
        ("paddle-ball-run", "foul", "it has no foul"),
        ("paddle-ball-run", "1210", "Did you mean 12.10?"),
        ("paddle-ball-run", "950", "Did you mean 9.50?"),
        ("paddle-ball-run", "60.001", "plausibly takes"),
        ("paddle-ball-run", "1:02.35", "needs an override and a reason"),
        ("knee-ball-walk", "30:00", "plausibly takes"),
        ("free-throw", "110110011", "has 9 shots"),
        ("free-throw", "11011001101", "has 11 shots"),
        ("free-throw", "7", "is not a shot string"),
        ("free-throw", "1", "'1' has 1 shot: 定点投篮 Free throws takes exactly 10"),
        ("free-throw", "11o1100110", "is not a shot string"),
        ("free-throw", "xoxoxoxoxo", "is not a shot string"),
        ("free-throw", "foul", "FOUL does not apply"),
    ],
)
def test_refuses(event: str, text: str, fragment: str) -> None:
    spec = CATALOGUE[event]
    with pytest.raises(ResultError) as caught:
        parse_result(spec, text)
    message = str(caught.value)
    assert fragment in message
    assert spec.label in message
    assert "\n" not in message


def test_impossible_count_message_is_one_clear_sentence() -> None:
    with pytest.raises(ResultError) as caught:
        parse_result(ROPE, "301")
    assert str(caught.value) == (
        "'301' is not believable for 一分钟跳绳 One-minute rope skipping: at most 300 in 60 s"
    )


def test_result_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        parse_result(ROPE, "lots")


def test_check_time_bounds() -> None:
    check_time(RUN, 3_000)
    check_time(RUN, 60_000)
    check_time(RUN, MAX_TIME_MS, override=True)
    for bad in (2_999, MAX_TIME_MS + 1, 0, -5):
        with pytest.raises(ResultError):
            check_time(RUN, bad, override=True)
    with pytest.raises(BeyondCeiling) as over:
        check_time(RUN, 60_001)
    assert over.value.ms == 60_001


def test_a_time_over_the_ceiling_reads_with_an_override_and_hints_only_a_believable_time() -> None:
    assert parse_result(RUN, "1:02.35", override=True).time_ms == 62_350
    assert parse_result(RUN, "30:00", override=True).time_ms == MAX_TIME_MS
    assert did_you_mean(RUN, "1210") == "12.10"
    assert did_you_mean(RUN, "１２１０") == "12.10"  # full-width digits from an input method
    assert did_you_mean(RUN, "99999") is None  # 999.99 is no better
    assert did_you_mean(RUN, "210") is None  # 2.10 is faster than anyone covers 20 m
    assert did_you_mean(RUN, "12.10") is None


def test_check_count_bounds() -> None:
    check_count(ROPE, 0)
    check_count(ROPE, 300)
    check_count(THROWS, 10)
    for spec, bad in ((ROPE, 301), (ROPE, -1), (KICKS, 271), (BEANS, 181), (THROWS, 11)):
        with pytest.raises(ResultError):
            check_count(spec, bad)


def _attempt(**fields: object) -> Attempt:
    base: dict[str, object] = {
        "id": "a1",
        "event": "paddle-ball-run",
        "heat": 1,
        "lane": 1,
        "bib": "1",
        "recorded_at": "2026-09-20T09:00:00",
    }
    return Attempt.model_validate(base | fields)


@pytest.mark.parametrize(
    ("result", "text"),
    [
        (ParsedResult(Status.OK, time_ms=12_341), "12.35"),
        (ParsedResult(Status.OK, time_ms=12_340), "12.34"),
        (ParsedResult(Status.OK, time_ms=12_000), "12.00"),
        (ParsedResult(Status.OK, count=87), "87"),
        (ParsedResult(Status.OK, count=0), "0"),
        (ParsedResult(Status.OK, shots="1101100110"), "6"),
        (ParsedResult(Status.FOUL), "FOUL"),
        (ParsedResult(Status.DNS), "DNS"),
        (_attempt(status="OK", time_ms=9_999), "10.00"),
        (_attempt(status="OK", count=42, event="rope-skipping"), "42"),
        (_attempt(status="DQ"), "DQ"),
        (_attempt(), ""),
    ],
)
def test_result_text(result: Attempt | ParsedResult, text: str) -> None:
    assert result_text(result) == text


@given(st.integers(min_value=RUN.min_time_ms or 1, max_value=MAX_TIME_MS))
def test_any_believable_time_reads_back_to_the_millisecond(ms: int) -> None:
    minutes, rest = divmod(ms, 60_000)
    plain = f"{ms // 1000}.{ms % 1000:03d}"
    clock = f"{minutes}:{rest // 1000:02d}.{rest % 1000:03d}"
    over = ms > (RUN.max_time_ms or MAX_TIME_MS)
    assert parse_result(RUN, plain, override=over).time_ms == ms
    if minutes < 100:
        assert parse_result(RUN, clock, override=over).time_ms == ms
    if over:
        with pytest.raises(BeyondCeiling):
            parse_result(RUN, plain)


@given(st.integers(min_value=0, max_value=ROPE.max_count or 0))
def test_any_believable_count_reads_back(count: int) -> None:
    assert parse_result(ROPE, str(count)) == ParsedResult(Status.OK, count=count)


@given(st.text(alphabet="01", min_size=10, max_size=10))
def test_any_ten_shots_read_back(shots: str) -> None:
    parsed = parse_result(THROWS, shots)
    assert parsed.shots == shots
    assert result_text(parsed) == str(shots.count("1"))
