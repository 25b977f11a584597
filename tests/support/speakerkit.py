"""Fakes of the audio stack, for the speaker's tests on a machine with no sound.

`FakeSoundDevice` stands in for the `sounddevice` module: its streams record
how they were opened and let the test play the device, buffer by buffer,
with the DAC times it chooses. `NoPortAudio` makes `import sounddevice`
fail as on Linux without libportaudio2. `FakePopen` is a player process and
`FakeWinSound` Windows' winsound; both read the WAV they are given at once,
so the test sees what would have been heard.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import queue
import threading
import wave
from types import ModuleType, SimpleNamespace
from typing import Any

WAIT = 5.0
"""How long a test waits for a sink's thread before failing (never reached when correct)."""
PCM = bytes(range(256)) * 3 + b"\x01\x02\x03\x04"
"""772 bytes, none of a buffer's worth alike: out of order or lost bytes would show."""


class Told:
    """What a sink told the console: `started` times and `failed` reasons."""

    def __init__(self) -> None:
        self.started: list[float] = []
        self.failed: list[str] = []
        self._any = threading.Event()
        self._failure = threading.Event()

    def on_started(self, at: float) -> None:
        self.started.append(at)
        self._any.set()

    def on_failed(self, why: str) -> None:
        self.failed.append(why)
        self._failure.set()
        self._any.set()

    def wait(self) -> None:
        assert self._any.wait(WAIT), "the sink told nothing"

    def wait_failed(self) -> None:
        assert self._failure.wait(WAIT), "the sink told no failure"


def play(sink: Any, pcm: bytes = PCM, rate: int = 22_050) -> Told:
    told = Told()
    sink.play(pcm, rate, told.on_started, told.on_failed)
    return told


def drain(sink: Any) -> None:
    """Wait until the sink's thread has run everything queued so far."""
    done = threading.Event()
    sink._submit(done.set)
    assert done.wait(WAIT)


class CallbackStop(Exception):
    pass


class CallbackAbort(Exception):
    pass


class PortAudioError(Exception):
    pass


class FakeStream:
    """Records how it was opened; the test plays the device by calling `fill`."""

    def __init__(self, sd: FakeSoundDevice, **kwargs: Any) -> None:
        assert sd.gate.wait(WAIT)
        if sd.open_error:
            raise sd.open_error
        self.sd, self.kwargs = sd, kwargs
        self.latency = sd.latency
        self.events = {name: threading.Event() for name in ("start", "abort", "close")}
        sd.opened.put(self)

    def start(self) -> None:
        if self.sd.start_error:
            raise self.sd.start_error
        self.events["start"].set()

    def abort(self) -> None:
        self.events["abort"].set()

    def close(self) -> None:
        self.events["close"].set()

    def fill(self, frames: int, dac: float = 0.0, current: float = 0.0) -> tuple[bytes, bool]:
        """One buffer as PortAudio asks for it; and whether the callback stopped the stream."""
        out = bytearray(b"\xee" * (2 * frames))
        info = SimpleNamespace(outputBufferDacTime=dac, currentTime=current, inputBufferAdcTime=0)
        try:
            self.kwargs["callback"](out, frames, info, 0)
        except CallbackStop:
            return bytes(out), True
        return bytes(out), False


class FakeSoundDevice(ModuleType):
    """Just enough of `sounddevice` for the sink."""

    CallbackStop = CallbackStop
    CallbackAbort = CallbackAbort
    PortAudioError = PortAudioError

    def __init__(self) -> None:
        super().__init__("sounddevice")
        self.gate = threading.Event()
        self.gate.set()
        self.opened: queue.SimpleQueue[FakeStream] = queue.SimpleQueue()
        self.open_error: Exception | None = None
        self.start_error: Exception | None = None
        self.latency = 0.034
        self.device: dict[str, Any] | Exception = {"name": "Fake Speakers", "index": 3}
        self.settings: list[dict[str, Any]] = []

    def RawOutputStream(self, **kwargs: Any) -> FakeStream:
        return FakeStream(self, **kwargs)

    def query_devices(self, device: Any = None, kind: str | None = None) -> dict[str, Any]:
        assert kind == "output"
        if isinstance(self.device, Exception):
            raise self.device
        return self.device

    def check_output_settings(self, **settings: Any) -> None:
        self.settings.append(settings)

    def stream(self) -> FakeStream:
        return self.opened.get(timeout=WAIT)


class NoPortAudio(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """`import sounddevice` as on Linux without libportaudio2."""

    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        if name != "sounddevice":
            return None
        return importlib.machinery.ModuleSpec(name, self)

    def create_module(self, spec: Any) -> None:
        return None

    def exec_module(self, module: ModuleType) -> None:
        raise OSError("PortAudio library not found")


class FakePopen:
    """A player process: records its argv and the WAV it was given; ends when told to."""

    spawned: queue.SimpleQueue[FakePopen]
    spawning: threading.Event
    gate: threading.Event
    stderr_text = b""

    def __init__(self, argv: list[str], **kwargs: Any) -> None:
        FakePopen.spawning.set()
        assert FakePopen.gate.wait(WAIT)
        self.argv, self.kwargs = argv, kwargs
        with wave.open(argv[-1], "rb") as wav:
            self.wav = (wav.getnchannels(), wav.getframerate(), wav.readframes(10**6))
        self.pid = id(self)  # no process has it: the sink only hands it to `oscompat`
        self.returncode: int | None = None
        self.ended = threading.Event()
        self.killed = False
        FakePopen.spawned.put(self)

    def end(self, code: int) -> None:
        self.returncode = code
        self.ended.set()

    def communicate(self) -> tuple[bytes, bytes]:
        assert self.ended.wait(WAIT)
        return b"", self.stderr_text

    def poll(self) -> int | None:
        return self.returncode

    def kill(self) -> None:
        self.killed = True
        self.end(-9)


class FakeWinSound(ModuleType):
    """Windows' winsound: records each PlaySound with the WAV it named."""

    SND_FILENAME, SND_ASYNC, SND_NODEFAULT, SND_PURGE = 0x20000, 0x1, 0x2, 0x40

    def __init__(self) -> None:
        super().__init__("winsound")
        self.calls: list[tuple[Any, int]] = []
        self.error: RuntimeError | None = None

    def PlaySound(self, sound: str | None, flags: int) -> None:
        if self.error:
            raise self.error
        wav = None
        if sound is not None:
            with wave.open(sound, "rb") as file:
                wav = (file.getframerate(), file.readframes(10**6))
        self.calls.append((wav, flags))
