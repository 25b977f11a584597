"""`timing-console track EVENT OUT.wav`: an event's timing track for the public-address system.

A station whose laptop speakers do not carry over the field plays this file
instead: the same cadence, start beep, warning and end signal the console
plays, at the same offsets. The day's own event is used when a day is loaded
(a day file may change a countdown's length), else the catalogue's. The
tones and their offsets are printed so the organisers know where each beep
sits in the file.
"""

from __future__ import annotations

import sys
from pathlib import Path

from timing_console.model import CATALOGUE, EventSpec, find_event
from timing_console.rules.heat.signals import WARNING_LEFT_S, Call, Tone, lead_s, schedule
from timing_console.sound.synth import render, write_wav
from timing_console.stations.view import open_view
from timing_console.words import Words

USAGE_ERROR = 2
"""Exit code of a command given an event it cannot make a track of (as argparse's)."""


def write_track(
    db: Path, event: str, out: Path, *, cadence: bool = True, words: Words | None = None
) -> int:
    """Write `event`'s timing track to `out` atomically; print where each tone sits.

    Returns the exit code: 0, 2 for an unknown event or one without a clock
    (nothing is written), 1 if the file cannot be written.
    """
    words = words or Words("en")
    events, notes = _programme(db, words)
    spec = find_event(event)
    if spec is None:
        choices = _choices(events, words)
        refusal = words("cli.unknown_track_event", event=repr(event), choices=choices)
        print(words("cli.error", text=refusal), file=sys.stderr)
        return USAGE_ERROR
    spec = events[spec.id]
    tones = schedule(spec, cadence=cadence)
    if not tones:
        name = spec.zh if words.lang == "zh" else spec.label
        refusal = words("cli.no_clock", event=name, id=spec.id, choices=_choices(events, words))
        print(words("cli.error", text=refusal), file=sys.stderr)
        return USAGE_ERROR
    for note in notes:
        print(words("cli.note", text=note), file=sys.stderr)
    try:
        write_wav(out, render(tones))
    except OSError as exc:
        print(
            words("cli.error", text=words("cli.cannot_write", path=out, why=exc)), file=sys.stderr
        )
        return 1
    print(out)
    for line in describe(spec, tones):
        print(line)
    return 0


def describe(spec: EventSpec, tones: tuple[Tone, ...]) -> list[str]:
    """One line per tone: its onset in seconds from the file's first sample, then its meaning."""
    lead = lead_s(tones)
    return [f"{tone.at_s + lead:8.3f} s  {call_name(spec, tone.call)}" for tone in tones]


def call_name(spec: EventSpec, call: Call) -> str:
    """What a tone tells the field, in Chinese then English (a race's second call is 预备 / set)."""
    if call is Call.READY and spec.timed:
        return "预备 set"
    left = f"{WARNING_LEFT_S:g}"
    return {
        Call.MARKS: "各就位 on your marks",
        Call.READY: "准备 ready",
        Call.START: "开始 start",
        Call.WARNING: f"还剩{left}秒 {left} s left",
        Call.END: "停 time",
    }[call]


def _programme(db: Path, words: Words) -> tuple[dict[str, EventSpec], list[str]]:
    """The day's events by id, with its overrides (the catalogue's when no day is loaded).

    Opened read-only: a track changes nothing, takes no lock, and can be
    written while the console holds the day. The notes (how the day was
    read) are said only when a track is written, so a refusal stays one line.
    """
    if not db.exists() and not Path(f"{db}.journal").exists():
        return dict(CATALOGUE), [words("cli.catalogue_used", db=db)]
    view = open_view(db, readonly=True)
    try:
        notes = list(view.notices)
        day = view.day()
    finally:
        view.close(snapshot=False)
    if day is None:
        notes.append(words("cli.catalogue_used_no_day", db=db))
        return dict(CATALOGUE), notes
    return {spec.id: spec for spec in day.events()}, notes


def _choices(events: dict[str, EventSpec], words: Words) -> str:
    """The events that have a track, as the organisers may name them."""
    named = ", ".join(f"{s.id} ({s.zh})" for s in events.values() if schedule(s))
    return words("cli.track_choices", events=named)
