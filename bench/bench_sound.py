"""Sound: how soon a play call returns and its first sample is heard, and what audio costs.

    python -m bench.bench_sound [--plays 50] [--attempts 10000] [--rounds 40] [--blocks 3]

(a) With the speakers the console opens (`open_speaker("on")`), `--plays`
plays of the rope-skipping track: how long the `play` call takes to return
(the console's event loop waits that long; goal p99 ≤ 1 ms, the whole
time-error budget) and from the call to the time the sink reports its
first sample heard (PortAudio's DAC time, or a player's spawn; goal: every
play reported within the console's patience, `starter.NO_START_S`). With no
audio device it prints "no device: WHY".

(b) The console's key-stamp error p99 with sound off and with sound on, in
blocks of runs off on on off, each side's finishes pooled
(`bench_board_console.abba`). With sound on the console opens the speakers
itself and a bean-moving track plays for the whole run (`tests/support/stamp_console.py`,
`BENCH_SOUND_TRACK=1`), so finishes are stamped while audio really plays.
Goal: on no worse than off by more than 0.5 ms. With no device the "on"
side measures the silent fallback, and the figure line says so.

A Linux virtual machine with no sound card (no /dev/snd) still plays
through PortAudio into a PulseAudio null sink, as root:

    apt-get install -y libportaudio2 pulseaudio libasound2-plugins alsa-utils
    pulseaudio -D --exit-idle-time=-1 --system=false --disallow-exit -n \\
        --load="module-null-sink sink_name=field" --load=module-native-protocol-unix

(`-n` skips the default script, whose hardware detection fails without a
card; pulseaudio warns that it runs as root and runs.) PortAudio's ALSA host
API then lists `pulse` and `default` (ALSA's pulse plugin), `paplay` and
`aplay` play too, and `parec --device=field.monitor` records what was heard.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench.bench_board_console import (
    GOAL_MS,
    RACE_S,
    REST_S,
    abba,
    console_alone,
    runs_text,
)
from bench.bench_console import build_day, drive_rounds, errors, pct
from tests.support.stamp_console import SOUND_TRACK_ENV
from timing_console.model.events import CATALOGUE
from timing_console.rules.heat.signals import schedule
from timing_console.sound.devices import open_speaker
from timing_console.sound.synth import RATE, render
from timing_console.ui.heat.starter import NO_START_S

RETURN_GOAL_MS = 1.0
HEARD_GOAL_S = NO_START_S
"""The console gives up a start signal whose first sample is not reported by then."""
SOUNDING_S = 0.3
"""How long each play sounds before it is stopped: past its first buffers, as at a start line."""


def plays(count: int) -> dict[str, Any]:
    """`count` plays of the rope-skipping track through the console's speakers, one at a time."""
    speaker = open_speaker("on")
    sink = speaker.sink
    if sink is None:
        return {"sink": None, "why": speaker.why_silent, "plays": count}
    pcm = render(schedule(CATALOGUE["rope-skipping"]))
    returned: list[float] = []
    heard: list[float] = []
    failed: list[str] = []
    try:
        for _ in range(count):
            told = threading.Event()
            first: list[float] = []

            def started(
                at: float, first: list[float] = first, told: threading.Event = told
            ) -> None:
                first.append(at)
                told.set()

            def fail(why: str, told: threading.Event = told) -> None:
                failed.append(why)
                told.set()

            called = time.monotonic()
            sink.play(pcm, RATE, started, fail)
            returned.append((time.monotonic() - called) * 1000)
            told.wait(HEARD_GOAL_S)
            if first:
                heard.append((first[0] - called) * 1000)
            time.sleep(SOUNDING_S)
            sink.stop()
    finally:
        speaker.close()
    return {
        "sink": sink.name,
        "plays": count,
        "track_s": len(pcm) / 2 / RATE,
        "return_p50": statistics.median(returned),
        "return_p99": pct(returned, 99),
        "heard": len(heard),
        "heard_p50": statistics.median(heard) if heard else float("nan"),
        "heard_p99": pct(heard, 99) if heard else float("nan"),
        "heard_max": max(heard, default=float("nan")),
        "failed": failed[:3],
    }


def with_sound(db: Path, rounds: int, sinks: list[str]) -> list[float]:
    """The key-stamp error of every finish (ms) while the console plays a track; notes its sink."""
    os.environ[SOUND_TRACK_ENV] = "1"
    try:
        sent, log = drive_rounds(db, rounds, load=False, race_s=RACE_S, rest_s=REST_S)
    finally:
        del os.environ[SOUND_TRACK_ENV]
    said = [
        line.split(" ", 2) for line in log.read_text().splitlines() if line.startswith("sound ")
    ]
    sink = next((f"{what}: {rest}" for _, what, rest in said if what in ("sink", "none")), "?")
    playing = any(what == "started" for _, what, _ in said)
    sinks.append(sink if playing or sink.startswith("none") else f"{sink}, never started")
    return errors(sent, log)[0]


def console(attempts: int = 10_000, rounds: int = 40, blocks: int = 3) -> dict[str, Any]:
    """p99 of the key-stamp error with sound off and on, over `blocks` blocks off on on off."""
    sinks: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "day.json"
        build_day(db, attempts)
        f = abba(blocks, lambda: console_alone(db, rounds), lambda: with_sound(db, rounds, sinks))
    return {
        "attempts": attempts,
        "finishes": f["finishes"],
        "off_p99": f["a_p99"],
        "on_p99": f["b_p99"],
        "off_runs": f["a_runs"],
        "on_runs": f["b_runs"],
        "sinks": sorted(set(sinks)),
    }


def plays_ok(p: dict[str, Any]) -> bool:
    """Every play returned within the goal and was heard within the console's patience."""
    if p["sink"] is None:
        return True  # no device: the console is silent, and says why
    return bool(
        p["return_p99"] <= RETURN_GOAL_MS
        and p["heard"] == p["plays"]
        and p["heard_max"] <= HEARD_GOAL_S * 1000
    )


def console_ok(c: dict[str, Any]) -> bool:
    """Sound costs the console at most `GOAL_MS` of time-error p99."""
    return bool(c["on_p99"] - c["off_p99"] <= GOAL_MS)


def render_plays(p: dict[str, Any]) -> str:
    """The play figures as lines a person reads."""
    if p["sink"] is None:
        return f"no device: {p['why']}"
    lines = [
        f"sound through {p['sink']}: {p['plays']} plays of the rope-skipping track "
        f"({p['track_s']:.1f} s), each stopped after {SOUNDING_S} s:",
        f"  play call returns: p50 {p['return_p50']:.3f} ms, p99 {p['return_p99']:.3f} ms "
        f"(goal p99 ≤ {RETURN_GOAL_MS} ms)",
        f"  call to first sample heard: p50 {p['heard_p50']:.1f} ms, p99 {p['heard_p99']:.1f} ms, "
        f"{p['heard']} of {p['plays']} reported (goal: all, within {HEARD_GOAL_S} s)",
    ]
    if p["failed"]:
        lines.append(f"  failed: {'; '.join(p['failed'])}")
    return "\n".join(lines)


def render_console(c: dict[str, Any]) -> str:
    """The console figures as lines a person reads."""
    sinks = "; ".join(c["sinks"])
    on = (
        f"sound on, no device ({sinks}): the silent fallback"
        if all(s.startswith("none") for s in c["sinks"])
        else f"sound on ({sinks}), a bean-moving track playing"
    )
    return "\n".join(
        [
            f"console time error p99 at {c['attempts']:,.0f} attempts, {c['finishes']:,} "
            "finishes on each side (blocks off on on off, every run's finishes pooled):",
            f"  sound off: {c['off_p99']:.3f} ms (runs: {runs_text(c['off_runs'])})",
            f"  {on}: {c['on_p99']:.3f} ms (runs: {runs_text(c['on_runs'])})",
            f"  difference: {c['on_p99'] - c['off_p99']:+.3f} ms (goal ≤ +{GOAL_MS} ms)",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    """Print the figures; exit 1 if a goal is missed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plays", type=int, default=50)
    parser.add_argument("--attempts", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--blocks", type=int, default=3, help="blocks of runs off on on off")
    args = parser.parse_args(argv)
    p = plays(args.plays)
    print(render_plays(p), flush=True)
    c = console(args.attempts, args.rounds, args.blocks)
    print(render_console(c))
    return 0 if plays_ok(p) and console_ok(c) else 1


if __name__ == "__main__":
    raise SystemExit(main())
