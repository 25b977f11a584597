"""The laptop's speakers: sounddevice where PortAudio finds an output, else the system's player.

`open_speaker` never raises: a laptop with no audio still opens the console,
which then says why it is silent and falls back to the bell and a flash.

`sounddevice` (PortAudio, kept up by its authors for a decade, wheels with
PortAudio inside for Windows and macOS) is tried first because its stream
callback says when the first sample reaches the speaker (PortAudio's DAC
time), so a countdown's start is the beep the field heard, within the
device's own latency. Where it cannot run (Linux without libportaudio2, no
default output) the platform's own player plays a WAV file instead: winsound
on Windows, afplay on macOS, pw-play / paplay / aplay on Linux. A player only
says when it was started, not when its first sample is heard: its own
start-up latency is unknown and not accounted for (the start is that early).

Every sink does its slow work (opening a device, writing a file, spawning a
process) on one daemon thread of its own, so `play` and `stop` return at
once and never hold the console's event loop or input thread.
"""

from __future__ import annotations

import contextlib
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from itertools import count
from pathlib import Path
from types import ModuleType
from typing import Any

from timing_console import oscompat
from timing_console.sound.speaker import SOUND_OFF, Failed, Speaker, Started
from timing_console.sound.synth import RATE, write_wav

FAIL_WINDOW_S = 1.0
"""A player that exits non-zero this soon after it was spawned never played (no device)."""
LINUX_PLAYERS: tuple[tuple[str, ...], ...] = (("pw-play",), ("paplay",), ("aplay", "-q"))
"""PipeWire's, PulseAudio's and ALSA's players, the first found on PATH is used."""
MACOS_PLAYERS: tuple[tuple[str, ...], ...] = (("afplay",),)
COULD_NOT_PLAY = "声音无法播放 · could not play"


def now() -> float:
    """The monotonic clock every sink reports in (a seam: tests move it by hand)."""
    return time.monotonic()


def open_speaker(mode: str) -> Speaker:
    """The console's speaker for `--sound MODE` ("on" or "off"); silent, with a reason, if none."""
    if mode != "on":
        return Speaker.silent(SOUND_OFF)
    try:
        sd, device, why_not_sd = probe_sounddevice()
        if sd is not None:
            return Speaker(SoundDeviceSink(sd, device))
        sink, why_no_player = platform_sink()
        if sink is not None:
            return Speaker(sink)
        why = f"{why_not_sd}; {why_no_player}"
    except Exception as exc:  # the console must open whatever the audio stack does
        why = repr(exc)
    return Speaker.silent(f"没有可用的音频设备 · no audio device: {why}")


def probe_sounddevice() -> tuple[ModuleType | None, str, str]:
    """sounddevice and its default output's name if it can play our PCM; else None and why.

    Imported here, not at the top: on Linux without libportaudio2 the import
    itself raises OSError, and a console with sound off never loads PortAudio.
    """
    try:
        import sounddevice as sd  # type: ignore[import-untyped]  # noqa: PLC0415 - see above
    except Exception as exc:  # OSError: no PortAudio; ImportError: not installed
        return None, "", f"sounddevice: {exc}"
    try:
        info = sd.query_devices(kind="output")
        if not info:
            return None, "", "sounddevice: no default output device"
        sd.check_output_settings(samplerate=RATE, channels=1, dtype="int16")
    except Exception as exc:  # PortAudioError, ValueError: no device, or not this format
        return None, "", f"sounddevice: {exc}"
    return sd, str(info.get("name", "?")), ""


def platform_sink() -> tuple[WinSoundSink | CommandSink | None, str]:
    """This system's own player, or None and why (read at call time, so tests can patch it)."""
    if oscompat.WINDOWS:
        try:
            import winsound  # noqa: PLC0415 - Windows only
        except ImportError as exc:
            return None, f"winsound: {exc}"
        return WinSoundSink(winsound), ""
    players = MACOS_PLAYERS if sys.platform == "darwin" else LINUX_PLAYERS
    for argv in players:
        found = shutil.which(argv[0])
        if found:
            return CommandSink((found, *argv[1:]), argv[0]), ""
    names = ", ".join(argv[0] for argv in players)
    return None, f"未找到播放程序 · no player found ({names})"


@dataclass(eq=False)
class Track:
    """One play of a track: its PCM, whom to tell, and how far the device has read it."""

    pcm: bytes
    rate: int
    started: Started
    failed: Failed
    cancelled: bool = False
    """Stopped or replaced: neither `started` nor `failed` is told any more."""
    offset: int = 0
    heard: bool = False
    latency: float = 0.0
    """The stream's output latency, for a host API that gives no DAC time."""

    def tell_started(self, at: float) -> None:
        """Tell `started`, unless the console has stopped this track since."""
        if not self.cancelled:
            self.started(at)

    def tell_failed(self, why: str) -> None:
        """Tell `failed`, unless the console has stopped this track since."""
        if not self.cancelled:
            self.failed(why)


class QueuedSink:
    """A sink whose slow work runs in order on one daemon thread of its own, off the caller.

    A queued call that raises (the console's `started` on a closing app, say)
    is dropped so the speaker lives on: printing it would scribble over the
    console's screen.
    """

    def __init__(self, name: str) -> None:
        """A sink shown as `name`; its thread starts with its first call."""
        self.name = name
        self._lock = threading.Lock()
        self._current: Track | None = None
        self._calls: queue.SimpleQueue[Callable[[], object] | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None

    def play(self, pcm: bytes, rate: int, started: Started, failed: Failed) -> None:
        """Stop the track playing, queue this one, and return."""
        track = Track(pcm, rate, started, failed)
        self._replace(track)
        self._submit(partial(self._start, track))

    def stop(self) -> None:
        """Stop the track playing."""
        self._replace(None)

    def close(self) -> None:
        """Stop, run what is queued and end the thread (waiting at most 2 s), release."""
        self.stop()
        with self._lock:
            thread = self._thread
        if thread is not None:
            self._calls.put(None)
            thread.join(2.0)
        self._release()

    def _replace(self, track: Track | None) -> None:
        with self._lock:
            if self._current is not None:
                self._current.cancelled = True
            self._current = track
        self._halt()

    def _submit(self, call: Callable[[], object]) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
                self._thread.start()
        self._calls.put(call)

    def _run(self) -> None:
        while (call := self._calls.get()) is not None:
            with contextlib.suppress(Exception):  # see the class docstring
                call()

    def _start(self, track: Track) -> None:
        """On the thread: start playing `track`."""
        raise NotImplementedError

    def _halt(self) -> None:
        """Silence the track playing (from any thread, without waiting on a device)."""
        raise NotImplementedError

    def _release(self) -> None:
        """After the thread has ended: let go of what the sink holds."""


class SoundDeviceSink(QueuedSink):
    """Plays through a PortAudio output stream opened per track on the sink's thread.

    `stop` returns at once: the callback aborts at its next buffer, and the
    thread closes the stream (PortAudio's abort waits on the device).
    """

    def __init__(self, sd: ModuleType, device: str) -> None:
        """A sink on `sd`'s default output device, named `device`."""
        super().__init__(f"sounddevice ({device})")
        self._sd = sd
        self._stream: Any = None
        """The open stream and its track: touched only on the sink's thread."""
        self._streaming: Track | None = None

    def _halt(self) -> None:
        self._submit(self._end)

    def _start(self, track: Track) -> None:
        self._end()
        if track.cancelled:
            return
        try:
            stream = self._sd.RawOutputStream(
                samplerate=track.rate,
                channels=1,
                dtype="int16",
                callback=partial(self._fill, track),
                finished_callback=partial(self._submit, partial(self._finished, track)),
            )
        except Exception as exc:
            track.tell_failed(f"{COULD_NOT_PLAY}: {exc}")
            return
        self._stream, self._streaming = stream, track
        try:
            track.latency = float(stream.latency)
            stream.start()
        except Exception as exc:
            self._end()
            track.tell_failed(f"{COULD_NOT_PLAY}: {exc}")

    def _fill(self, track: Track, outdata: Any, frames: int, time_info: Any, status: Any) -> None:
        """PortAudio's callback: the next bytes of the track, zeros after its end."""
        if track.cancelled:
            outdata[:] = bytes(len(outdata))
            raise self._sd.CallbackAbort
        if not track.heard:
            track.heard = True
            dac, current = time_info.outputBufferDacTime, time_info.currentTime
            # No DAC time (0), or none ahead of now (ALSA's pulse plugin): the stream's latency.
            ahead = dac - current if dac and current and dac > current else track.latency
            self._calls.put(partial(track.tell_started, now() + ahead))  # no lock taken
        size = len(outdata)
        chunk = memoryview(track.pcm)[track.offset : track.offset + size]
        track.offset += len(chunk)
        outdata[: len(chunk)] = chunk
        if len(chunk) < size:
            outdata[len(chunk) :] = bytes(size - len(chunk))
        if track.offset >= len(track.pcm):
            raise self._sd.CallbackStop

    def _finished(self, track: Track) -> None:
        if track is self._streaming:
            self._end()

    def _end(self) -> None:
        stream, self._stream, self._streaming = self._stream, None, None
        if stream is not None:
            with contextlib.suppress(Exception):  # a device gone away is closed already
                stream.abort()
                stream.close()


class PlayerSink(QueuedSink):
    """What the two file-player sinks share: a temporary WAV file per track."""

    def __init__(self, name: str) -> None:
        """A sink shown as `name`, its folder made with its first track."""
        super().__init__(name)
        self._folder: Path | None = None
        self._numbers = count(1)

    def _release(self) -> None:
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)

    def _wav(self, track: Track) -> Path:
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="timing-console-sound-"))
        path = self._folder / f"track-{next(self._numbers)}.wav"
        write_wav(path, track.pcm, track.rate)
        return path


class CommandSink(PlayerSink):
    """A player program given the WAV file (`afplay`, `pw-play`, `paplay`, `aplay -q`).

    `started` is told the moment the process is spawned: when its first
    sample is heard after that (the player's own start-up) is not known.
    """

    def __init__(self, argv: tuple[str, ...], name: str) -> None:
        """Play with `argv` + the file's path."""
        super().__init__(name)
        self.argv = argv
        self._process: subprocess.Popen[bytes] | None = None

    def _start(self, track: Track) -> None:
        if track.cancelled:
            return
        try:
            path = self._wav(track)
            process = subprocess.Popen(
                [*self.argv, str(path)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
        except OSError as exc:
            track.tell_failed(f"{COULD_NOT_PLAY}: {self.name}: {exc}")
            return
        spawned = now()
        oscompat.free_child(process.pid)
        with self._lock:
            self._process = process
            if track.cancelled:
                process.kill()
        track.tell_started(spawned)
        threading.Thread(
            target=self._watch, args=(track, process, path, spawned), daemon=True
        ).start()

    def _watch(
        self, track: Track, process: subprocess.Popen[bytes], path: Path, spawned: float
    ) -> None:
        """Wait for the player; one that fails at once (no device) is reported, not hidden."""
        _, err = process.communicate()
        code = process.returncode
        path.unlink(missing_ok=True)
        if code != 0 and now() - spawned < FAIL_WINDOW_S:
            said = err.decode(errors="replace").strip().splitlines()[-1:] if err else []
            detail = f": {said[0]}" if said else ""
            track.tell_failed(f"{COULD_NOT_PLAY}: {self.name} exit {code}{detail}")

    def _halt(self) -> None:
        with self._lock:
            process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.kill()


class WinSoundSink(PlayerSink):
    """Windows' own `winsound.PlaySound` of a WAV file, asynchronously.

    winsound plays asynchronously only from a file (from memory it blocks),
    and `PlaySound(None, SND_PURGE)` stops it. `started` is told when
    PlaySound returns; Windows' own start-up after that is not known.
    """

    def __init__(self, winsound: ModuleType) -> None:
        """Play through the given `winsound` module."""
        super().__init__("winsound")
        self._winsound = winsound
        self._last: Path | None = None

    def _start(self, track: Track) -> None:
        if track.cancelled:
            return
        ws = self._winsound
        try:
            path = self._wav(track)
            ws.PlaySound(str(path), ws.SND_FILENAME | ws.SND_ASYNC | ws.SND_NODEFAULT)
        except (OSError, RuntimeError) as exc:
            track.tell_failed(f"{COULD_NOT_PLAY}: winsound: {exc}")
            return
        played = now()
        self._forget(path)
        if track.cancelled:
            self._purge()
            return
        track.tell_started(played)

    def _halt(self) -> None:
        self._submit(self._purge)

    def _purge(self) -> None:
        with contextlib.suppress(RuntimeError):
            self._winsound.PlaySound(None, self._winsound.SND_PURGE)

    def _forget(self, playing: Path) -> None:
        """Remove the previous track's file (Windows may still hold the one playing)."""
        last, self._last = self._last, playing
        if last is not None:
            with contextlib.suppress(OSError):
                last.unlink(missing_ok=True)
