"""The real console, instrumented for the timing benchmark (run inside a pty).

Usage: python -m tests.support.stamp_console DB LOG [--load] [--fast-races] [--no-gc] [--no-table]

Writes one line per race key to LOG: `key event_time handler_time`, where
`event_time` is the key event's own stamp (what the console records) and
`handler_time` is `time.monotonic()` when the screen's handler ran (what a
handler-time stopwatch would record), and `lag T SECONDS` for every
event-loop stall over 2 ms.
`--load` adds a thread that ranks every event in a loop, so the input thread
must compete for the GIL with pure Python all the time: a worst case (the
console itself ranks nothing while a heat screen covers the standings). `--fast-races`
lowers the races' believable minimum so a benchmark round can be short.
`--no-gc` and `--no-table` are diagnostics that attribute the error: they
switch off cyclic GC, or the lanes table's repaint, for the whole run.
With `BENCH_SOUND_TRACK=1` in its environment (the sound bench sets it: the
console bench's `drive_rounds` builds this argv) the console opens the
speakers as `--sound on` does and keeps a bean-moving track playing for the
whole run, so finishes are stamped while audio really plays; LOG gets
`sound sink NAME` or `sound none WHY`, then `sound started T` per play.
With `BENCH_PUSH="URL CODE"` the console pushes every save to that desk, as
`--push URL --code CODE` does (`bench/bench_push.py` sets it).
"""

from __future__ import annotations

import asyncio
import os
import sys
import threading
import time
from pathlib import Path

from timing_console.app import TimingConsoleApp
from timing_console.model import events as catalogue
from timing_console.rules.heat.signals import schedule
from timing_console.rules.ranking import rank_all
from timing_console.sound.devices import open_speaker
from timing_console.sound.speaker import Speaker
from timing_console.sound.synth import RATE, render
from timing_console.ui.heat import base as heat_base

SOUND_TRACK_ENV = "BENCH_SOUND_TRACK"
PUSH_ENV = "BENCH_PUSH"
"""`URL CODE`: push every save to that desk, as `timing-console --push URL --code CODE` does."""


def sound_track(fd: int, stop: threading.Event) -> Speaker:
    """The speakers as `--sound on` opens them, playing a 2-minute track again and again."""
    speaker = open_speaker("on")
    sink = speaker.sink
    if sink is None:
        os.write(fd, f"sound none {speaker.why_silent}\n".encode())
        return speaker
    os.write(fd, f"sound sink {sink.name}\n".encode())
    pcm = render(schedule(catalogue.CATALOGUE["bean-moving"]))

    def started(at: float) -> None:
        os.write(fd, f"sound started {at:.6f}\n".encode())

    def failed(why: str) -> None:
        os.write(fd, f"sound failed {why}\n".encode())

    def keep_playing() -> None:
        while True:
            sink.play(pcm, RATE, started, failed)
            if stop.wait(len(pcm) / 2 / RATE):
                return

    threading.Thread(target=keep_playing, daemon=True).start()
    return speaker


def main() -> None:
    """Run the console with the instrumentation switched on."""
    db, log = sys.argv[1], sys.argv[2]
    if "--fast-races" in sys.argv:
        for key in ("paddle-ball-run", "knee-ball-walk", "stepping-stones"):
            catalogue.CATALOGUE[key] = catalogue.CATALOGUE[key].model_copy(
                update={"min_time_ms": 20}
            )
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_APPEND, 0o644)
    original = heat_base.HeatScreen.on_key

    async def on_key(self: heat_base.HeatScreen, event: object) -> None:
        handler_time = time.monotonic()
        os.write(fd, f"key {event.key} {event.time:.9f} {handler_time:.9f}\n".encode())  # type: ignore[attr-defined]
        await original(self, event)  # type: ignore[arg-type]

    heat_base.HeatScreen.on_key = on_key  # type: ignore[method-assign]

    async def watch_loop() -> None:
        while True:
            before = time.monotonic()
            await asyncio.sleep(0.001)
            after = time.monotonic()
            lag = after - before - 0.001
            if lag > 0.002:
                os.write(fd, f"lag {after:.6f} {lag:.6f}\n".encode())

    class BenchApp(TimingConsoleApp):
        def on_mount(self) -> None:
            # Textual also runs TimingConsoleApp.on_mount (handlers run along the MRO).
            self.run_worker(watch_loop(), exclusive=False)

    stop = threading.Event()
    speaker = sound_track(fd, stop) if os.environ.get(SOUND_TRACK_ENV) == "1" else None
    push = os.environ.get(PUSH_ENV)
    link = None
    if push:
        from timing_console.stations.push_client import PushLink
        from timing_console.stations.view import open_view

        url, code = push.split()
        probe = open_view(db, readonly=True)
        station, identity = probe.me, probe.identity()
        probe.close()
        link = PushLink(Path(db), url=url, code=code, station=station, identity=identity)
    app = BenchApp(db_path=db, lang="en", speaker=speaker, link=link)
    if "--load" in sys.argv:
        day = app.view.require_day()

        def churn() -> None:
            while not stop.is_set():
                rank_all(day, app.view.attempts())

        threading.Thread(target=churn, daemon=True).start()

    if "--no-table" in sys.argv:
        from textual.widgets import DataTable

        DataTable.update_cell = lambda *a, **k: None  # type: ignore[method-assign]
    if "--no-gc" in sys.argv:
        import gc

        gc.disable()
    try:
        app.run()
    finally:
        stop.set()
        os.close(fd)


if __name__ == "__main__":
    main()
