"""Reading a result as a referee types it or a paper card shows it.

One parser serves the console's edit box and the CLI's `record` command, so a
result refused in one place is refused in the other with the same sentence.

Choices the notice leaves open:

- Input is NFKC-normalised first, so full-width digits, stops and colons from
  a Chinese input method read as ASCII; the ideographic full stop '。' also reads
  as a decimal point.
- Codes DNS, DNF, DQ and FOUL are case-insensitive. FOUL is accepted only in
  an event that has a foul (knee-ball walk, stepping stones): the console's `f`
  key is refused in the others, so a FOUL typed for them is refused too.
- A time over the event's plausible ceiling (`EventSpec.max_time_ms`, a minute
  for the 20 m races) is refused with a hint (`1210` -> "did you mean 12.10?");
  it stands only with an explicit override and a reason (`BeyondCeiling`).
- Free throws are typed as exactly `spec.shots` characters of '1' (basket) and
  '0' (miss); spaces between groups are ignored. 'x'/'o' are refused because
  cards disagree on which of them marks a basket.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from timing_console.model import (
    MAX_TIME_MS,
    VOID_CODES,
    Attempt,
    EventKind,
    EventSpec,
    Incident,
    Status,
    format_time,
)
from timing_console.rules.refusal import Refusal, event_named
from timing_console.words import Said


class ResultError(Refusal):
    """A typed result that cannot be right; `str()` is one sentence for the referee."""


class BeyondCeiling(ResultError):
    """A time over the event's plausible ceiling: it stands only with an override and a reason."""

    def __init__(self, key: str, *, ms: int, **params: Any) -> None:
        """The sentence by key, and the time refused (to show it, or to record it overridden)."""
        super().__init__(key, **params)
        self.ms = ms


@dataclass(frozen=True)
class ParsedResult:
    """A result read from text: a void code, or OK with the one value its event keeps."""

    status: Status
    time_ms: int | None = None
    count: int | None = None
    shots: str | None = None


_TIME = re.compile(
    r"(?:(?P<min>\d{1,2}):(?P<sec2>\d{2})|(?P<sec>\d+))(?:\.(?P<frac>\d+))?", re.ASCII
)
_CODES = {code.value: code for code in VOID_CODES}


def _normalise(text: str) -> str:
    """ASCII view of what was typed: full-width forms folded, outer blanks dropped."""
    folded = unicodedata.normalize("NFKC", text)
    return folded.replace("。", ".").replace("\u2212", "-").strip()


def _hint(spec: EventSpec) -> Said:
    """What a valid entry looks like for this event, to end an error sentence."""
    if spec.kind is EventKind.RACE and Incident.FOUL in spec.incidents:
        return Said("hint_race_foul")
    if spec.kind is EventKind.RACE:
        return Said("hint_race")
    if spec.kind is EventKind.SHOTS:
        return Said("hint_shots", {"shots": spec.shots})
    return Said("hint_count")


def check_time(
    spec: EventSpec, ms: int, *, shown: str | None = None, override: bool = False
) -> None:
    """Refuse a race time no athlete can have run, which is always a keying error.

    Args:
        spec: The event, for its fastest believable and slowest plausible time.
        ms: The time in milliseconds.
        shown: The text as typed, to quote back; defaults to the time in seconds.
        override: The referee confirmed a time over the plausible ceiling (with a reason).

    Raises:
        ResultError: The time is not positive, faster than `spec.min_time_ms`
            or slower than `MAX_TIME_MS`.
        BeyondCeiling: The time is over `spec.max_time_ms` and not overridden.
    """
    quoted = shown if shown is not None else f"{ms / 1000:.3f}"
    if ms <= 0:
        raise ResultError("time_not_positive", typed=quoted, event=event_named(spec))
    if spec.min_time_ms is not None and ms < spec.min_time_ms:
        raise ResultError(
            "time_too_fast",
            typed=quoted,
            event=event_named(spec),
            least=format_time(spec.min_time_ms),
        )
    if ms > MAX_TIME_MS:
        raise ResultError(
            "time_too_slow", typed=quoted, event=event_named(spec), minutes=MAX_TIME_MS // 60_000
        )
    ceiling = spec.max_time_ms
    if ceiling is not None and spec.beyond_ceiling(ms) and not override:
        meant = did_you_mean(spec, quoted)
        raise BeyondCeiling(
            "over_ceiling_meant" if meant else "over_ceiling",
            ms=ms,
            typed=quoted,
            ceiling=format_time(ceiling),
            event=event_named(spec),
            **({"meant": meant} if meant else {}),
        )


def did_you_mean(spec: EventSpec, typed: str) -> str | None:
    """The time a referee probably meant by digits typed without their decimal point.

    `1210` -> `12.10`, `950` -> `9.50`: only when that reading is itself a
    believable time for the event, so the hint never suggests another slip.
    """
    digits = _normalise(typed)
    if not (digits.isdigit() and digits.isascii() and len(digits) >= 3):
        return None
    meant = f"{int(digits[:-2])}.{digits[-2:]}"
    ms = int(digits[:-2]) * 1000 + int(digits[-2:]) * 10
    low = spec.min_time_ms or 1
    high = spec.max_time_ms or MAX_TIME_MS
    return meant if low <= ms <= high else None


def check_count(spec: EventSpec, count: int, *, shown: str | None = None) -> None:
    """Refuse a count no human makes in the event's time (or baskets beyond the shots).

    Args:
        spec: The event, for its duration and fastest believable rate.
        count: The count (or baskets, for free throws).
        shown: The text as typed, to quote back; defaults to the number.

    Raises:
        ResultError: The count is negative or above what the event allows.
    """
    quoted = shown if shown is not None else str(count)
    if count < 0:
        raise ResultError("count_negative", typed=quoted, event=event_named(spec))
    if spec.kind is EventKind.SHOTS and spec.shots is not None and count > spec.shots:
        raise ResultError(
            "too_many_baskets", typed=quoted, event=event_named(spec), shots=spec.shots
        )
    limit = spec.max_count
    if limit is not None and count > limit:
        raise ResultError(
            "count_too_high",
            typed=quoted,
            event=event_named(spec),
            limit=limit,
            seconds=spec.duration_s,
        )


def _parse_time(spec: EventSpec, text: str, override: bool) -> ParsedResult:
    match = _TIME.fullmatch(text)
    if match is None:
        raise ResultError("not_a_time", typed=text, event=event_named(spec), hint=_hint(spec))
    frac = match["frac"] or ""
    if len(frac) > 3:
        raise ResultError("too_many_decimals", typed=text, event=event_named(spec))
    if match["min"] is not None:
        seconds = int(match["sec2"])
        if seconds >= 60:
            raise ResultError("seconds_over_59", typed=text, event=event_named(spec))
        whole = int(match["min"]) * 60 + seconds
    else:
        whole = int(match["sec"])
    ms = whole * 1000 + int(frac.ljust(3, "0"))
    check_time(spec, ms, shown=text, override=override)
    return ParsedResult(Status.OK, time_ms=ms)


def _parse_count(spec: EventSpec, text: str) -> ParsedResult:
    if not text.isdigit() or not text.isascii():
        raise ResultError("not_a_count", typed=text, event=event_named(spec), hint=_hint(spec))
    count = int(text)
    check_count(spec, count, shown=text)
    return ParsedResult(Status.OK, count=count)


def _parse_shots(spec: EventSpec, text: str) -> ParsedResult:
    shots = "".join(text.split())
    if not shots or set(shots) - {"0", "1"}:
        raise ResultError("not_shots", typed=text, event=event_named(spec), hint=_hint(spec))
    if spec.shots is not None and len(shots) != spec.shots:
        raise ResultError(
            "wrong_shot_count",
            typed=text,
            shot_count=Said("one_shot") if len(shots) == 1 else Said("n_shots", {"n": len(shots)}),
            event=event_named(spec),
            shots=spec.shots,
        )
    return ParsedResult(Status.OK, shots=shots)


def parse_result(spec: EventSpec, text: str, *, override: bool = False) -> ParsedResult:
    """Read one result for an event, refusing anything that cannot be true.

    Args:
        spec: The event the result belongs to; its kind decides what is read.
        text: What the referee typed or the paper card shows.
        override: The referee confirmed a time over the event's plausible ceiling.

    Returns:
        The status, with the time, count or shot string for an OK result.

    Raises:
        ResultError: The text is empty, garbage, negative, impossible for the
            event, or a code that does not apply to it (FOUL where it has no foul).
        BeyondCeiling: A time over the plausible ceiling, not overridden.
    """
    clean = _normalise(text)
    if not clean:
        raise ResultError("result_needed", event=event_named(spec), hint=_hint(spec))
    code = _CODES.get(clean.upper())
    if code is not None:
        check_code(spec, code)
        return ParsedResult(code)
    if clean.startswith("-"):
        raise ResultError("result_negative", typed=clean, event=event_named(spec))
    if spec.kind is EventKind.RACE:
        return _parse_time(spec, clean, override)
    if spec.kind is EventKind.SHOTS:
        return _parse_shots(spec, clean)
    return _parse_count(spec, clean)


def check_code(spec: EventSpec, code: Status) -> None:
    """Refuse a void code that does not apply to the event: FOUL where it has no foul.

    The console's `f` key is refused in such an event, so a FOUL typed on a card,
    merged or pushed for it is refused with the same words.
    """
    if code is Status.FOUL and Incident.FOUL not in spec.incidents:
        raise ResultError("no_foul_here", event=event_named(spec))


def check_result(
    spec: EventSpec, result: Attempt | ParsedResult, *, override: bool = False
) -> None:
    """Refuse a result the event cannot have, whichever path brought it.

    One rule for the console's keys, a card keyed in, a correction, and a
    station's record merged or pushed: a code that does not apply, a time
    outside what is believable (over the plausible ceiling only with
    `override`), a count no human makes, or a shot string of the wrong length.
    """
    if result.status is None:
        return
    if result.status is not Status.OK:
        check_code(spec, result.status)
        return
    if spec.kind is EventKind.RACE and result.time_ms is not None:
        check_time(spec, result.time_ms, override=override)
    if spec.kind is EventKind.COUNT and result.count is not None:
        check_count(spec, result.count)
    if spec.kind is EventKind.SHOTS and result.shots is not None:
        _parse_shots(spec, result.shots)


def result_text(result: Attempt | ParsedResult) -> str:
    """A result as every list shows it, whichever screen or file it goes to.

    A void shows its code; a race time shows hundredths rounded up; free throws
    show baskets made; a count shows itself. An attempt still in progress (or
    an OK result with no value) shows as empty.
    """
    if result.status is None:
        return ""
    if result.status is not Status.OK:
        return result.status.value
    if result.shots is not None:
        return str(result.shots.count("1"))
    if result.time_ms is not None:
        return format_time(result.time_ms)
    if result.count is not None:
        return str(result.count)
    return ""
