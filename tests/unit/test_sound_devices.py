"""The speaker the console opens: sounddevice, else the platform's player, else silence and why.

No test touches real audio. A fake `sounddevice` module in `sys.modules`
lets a test play PortAudio: it drives the stream callback with buffers and
DAC times it chooses. The Windows and macOS players are walked on Linux with
`oscompat.WINDOWS`, `sys.platform`, `shutil.which`, a fake `winsound` and a
fake `subprocess.Popen` patched in (the fakes are in `tests/support/speakerkit.py`).
Time is the fake clock of conftest; the threads are waited for by events,
never by sleeping.
"""

from __future__ import annotations

import queue
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from tests.support.speakerkit import (
    PCM,
    WAIT,
    CallbackAbort,
    FakePopen,
    FakeSoundDevice,
    FakeWinSound,
    NoPortAudio,
    PortAudioError,
    drain,
    play,
)
from timing_console import oscompat
from timing_console.sound import devices
from timing_console.sound.devices import CommandSink, SoundDeviceSink, WinSoundSink, open_speaker


def sink_on() -> Any:
    """The sink `--sound on` opens (there must be one)."""
    sink = open_speaker("on").sink
    assert sink is not None
    return sink


@pytest.fixture
def fake_clock(monkeypatch, clock):
    monkeypatch.setattr(devices, "now", clock.now)
    return clock


@pytest.fixture
def sd(monkeypatch):
    fake = FakeSoundDevice()
    monkeypatch.setitem(sys.modules, "sounddevice", fake)
    return fake


@pytest.fixture
def sink(sd, fake_clock):
    speaker = open_speaker("on")
    assert isinstance(speaker.sink, SoundDeviceSink)
    yield speaker.sink
    speaker.close()


def test_sound_off_is_silent_and_says_so_in_chinese_then_english(sd):
    speaker = open_speaker("off")
    assert speaker.sink is None and not speaker.ready
    assert speaker.why_silent == "声音已关闭（--sound off）· sound off (--sound off)"
    assert sd.opened.empty()


def test_sound_on_with_an_output_device_plays_through_sounddevice(sd, fake_clock):
    speaker = open_speaker("on")
    try:
        assert isinstance(speaker.sink, SoundDeviceSink) and speaker.ready
        assert speaker.sink.name == "sounddevice (Fake Speakers)"
        assert sd.settings == [{"samplerate": 22_050, "channels": 1, "dtype": "int16"}]
    finally:
        speaker.close()


def test_the_track_comes_out_byte_for_byte_then_zeros_and_the_stream_stops(sd, sink):
    play(sink, rate=16_000)
    stream = sd.stream()
    assert stream.events["start"].wait(WAIT)
    assert {k: stream.kwargs[k] for k in ("samplerate", "channels", "dtype")} == {
        "samplerate": 16_000,
        "channels": 1,
        "dtype": "int16",
    }
    heard: list[bytes] = []
    stopped = False
    while not stopped:
        assert len(heard) < 10, "the stream never stopped"
        out, stopped = stream.fill(100)
        heard.append(out)
    assert len(heard) == 4  # 772 bytes in buffers of 200
    assert b"".join(heard) == PCM + bytes(4 * 200 - len(PCM))


def test_a_track_ending_on_a_buffer_boundary_stops_with_its_last_buffer(sd, sink):
    play(sink, pcm=PCM[:600])
    stream = sd.stream()
    assert stream.fill(150) == (PCM[:300], False)
    assert stream.fill(150) == (PCM[300:600], True)


def test_started_is_told_once_the_time_the_first_sample_reaches_the_dac(sd, sink, fake_clock):
    told = play(sink)
    stream = sd.stream()
    stream.fill(100, dac=52.075, current=52.000)
    fake_clock.advance(1.0)
    stream.fill(100, dac=53.2, current=53.0)
    drain(sink)
    assert told.started == [pytest.approx(1000.075)]
    assert told.failed == []


@pytest.mark.parametrize(("dac", "current"), [(0.0, 0.0), (0.0, 7.0), (7.0, 7.0)])
def test_without_a_dac_time_ahead_started_adds_the_streams_latency(sd, sink, dac, current):
    sd.latency = 0.0425
    told = play(sink)
    sd.stream().fill(100, dac=dac, current=current)
    told.wait()
    assert told.started == [pytest.approx(1000.0425)]


def test_play_returns_before_the_stream_is_even_opened(sd, sink):
    sd.gate.clear()
    told = play(sink)
    assert sd.opened.empty() and told.started == []
    sd.gate.set()
    assert sd.stream().events["start"].wait(WAIT)


def test_stop_aborts_the_stream_and_silences_the_callback(sd, sink):
    told = play(sink)
    stream = sd.stream()
    assert stream.fill(50) == (PCM[:100], False)
    sink.stop()
    assert stream.events["abort"].wait(WAIT) and stream.events["close"].wait(WAIT)
    out = bytearray(b"\xee" * 100)
    with pytest.raises(CallbackAbort):
        stream.kwargs["callback"](out, 50, SimpleNamespace(outputBufferDacTime=0, currentTime=0), 0)
    assert out == bytes(100)
    drain(sink)
    assert told.started == [] and told.failed == []  # stopped before the first sample was told


def test_a_new_track_replaces_the_one_playing(sd, sink):
    play(sink)
    first = sd.stream()
    play(sink, pcm=PCM[::-1])
    second = sd.stream()
    assert first.events["abort"].is_set() and first.events["close"].is_set()
    assert second.fill(50)[0] == PCM[::-1][:100]


def test_a_finished_stream_is_closed(sd, sink):
    play(sink)
    stream = sd.stream()
    stream.kwargs["finished_callback"]()
    assert stream.events["close"].wait(WAIT)


def test_a_stream_that_will_not_open_is_reported_failed(sd, sink):
    sd.open_error = PortAudioError("Error opening RawOutputStream: Device unavailable")
    told = play(sink)
    told.wait()
    assert told.started == []
    assert told.failed == [
        "声音无法播放 · could not play: Error opening RawOutputStream: Device unavailable"
    ]


def test_a_stream_that_will_not_start_is_reported_failed_and_closed(sd, sink):
    sd.start_error = PortAudioError("Error starting stream")
    told = play(sink)
    told.wait()
    assert told.failed == ["声音无法播放 · could not play: Error starting stream"]
    assert sd.stream().events["close"].is_set()


# ----- no PortAudio: the platform's player, or no device -------------------------


@pytest.fixture
def no_portaudio(monkeypatch):
    monkeypatch.delitem(sys.modules, "sounddevice", raising=False)
    monkeypatch.setattr(sys, "meta_path", [NoPortAudio(), *sys.meta_path])
    monkeypatch.setattr(oscompat, "WINDOWS", False)
    monkeypatch.setattr(sys, "platform", "linux")


def on_path(monkeypatch, *names: str) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: f"/usr/bin/{name}" if name in names else None)


def test_without_portaudio_the_first_linux_player_on_path_is_used(no_portaudio, monkeypatch):
    on_path(monkeypatch, "paplay", "aplay")
    sink = sink_on()
    assert isinstance(sink, CommandSink)
    assert (sink.name, sink.argv) == ("paplay", ("/usr/bin/paplay",))
    on_path(monkeypatch, "pw-play", "paplay")
    assert sink_on().argv == ("/usr/bin/pw-play",)
    on_path(monkeypatch, "aplay")
    assert sink_on().argv == ("/usr/bin/aplay", "-q")


def test_with_no_portaudio_and_no_player_the_console_is_told_why(no_portaudio, monkeypatch):
    on_path(monkeypatch)
    speaker = open_speaker("on")
    assert speaker.sink is None
    assert speaker.why_silent.startswith("没有可用的音频设备 · no audio device: ")
    assert "sounddevice: PortAudio library not found" in speaker.why_silent
    assert "(pw-play, paplay, aplay)" in speaker.why_silent


def test_with_no_default_output_device_the_player_is_used(sd, monkeypatch):
    monkeypatch.setattr(oscompat, "WINDOWS", False)
    monkeypatch.setattr(sys, "platform", "linux")
    sd.device = PortAudioError("Error querying device -1")
    on_path(monkeypatch, "aplay")
    assert isinstance(open_speaker("on").sink, CommandSink)
    on_path(monkeypatch)
    assert "Error querying device -1" in open_speaker("on").why_silent


@pytest.fixture
def popen(monkeypatch):
    FakePopen.spawned = queue.SimpleQueue()
    FakePopen.spawning, FakePopen.gate = threading.Event(), threading.Event()
    FakePopen.gate.set()
    monkeypatch.setattr(subprocess, "Popen", FakePopen)
    return FakePopen


@pytest.fixture
def watched(monkeypatch):
    """Each player process a sink has finished watching (the watch is a thread of its own)."""
    done: queue.SimpleQueue[Any] = queue.SimpleQueue()
    real = CommandSink._watch

    def watch(self: CommandSink, track: Any, process: Any, *args: Any) -> None:
        real(self, track, process, *args)
        done.put(process)

    monkeypatch.setattr(CommandSink, "_watch", watch)
    return done


def test_macos_plays_a_wav_file_with_afplay(no_portaudio, monkeypatch, popen, fake_clock):
    monkeypatch.setattr(sys, "platform", "darwin")
    on_path(monkeypatch, "afplay", "aplay")
    freed: list[int] = []
    monkeypatch.setattr(oscompat, "free_child", freed.append)
    speaker = open_speaker("on")
    sink = speaker.sink
    assert isinstance(sink, CommandSink) and sink.name == "afplay"
    told = play(sink, rate=16_000)
    player = popen.spawned.get(timeout=WAIT)
    assert freed == [player.pid]  # the player may use the CPU the console keeps off
    assert player.argv[0] == "/usr/bin/afplay" and player.argv[1].endswith(".wav")
    assert player.wav == (1, 16_000, PCM)
    assert player.kwargs["stdin"] == subprocess.DEVNULL and "shell" not in player.kwargs
    told.wait()
    assert told.started == [1000.0]
    sink.stop()
    assert player.killed
    speaker.close()
    assert not Path(player.argv[1]).parent.exists()


def test_a_player_that_fails_at_once_is_reported(
    no_portaudio, monkeypatch, popen, watched, fake_clock
):
    on_path(monkeypatch, "aplay")
    popen.stderr_text = b"ALSA lib ...\naplay: main:831: audio open error: No such device\n"
    told = play(sink_on())
    player = popen.spawned.get(timeout=WAIT)
    assert player.argv[:2] == ["/usr/bin/aplay", "-q"]
    player.end(1)
    told.wait_failed()
    assert told.started == [1000.0]
    assert told.failed == [
        "声音无法播放 · could not play: aplay exit 1: "
        "aplay: main:831: audio open error: No such device"
    ]
    assert watched.get(timeout=WAIT) is player
    assert not Path(player.argv[-1]).exists()


def test_a_player_that_ends_after_a_second_or_is_stopped_is_no_failure(
    no_portaudio, monkeypatch, popen, watched, fake_clock
):
    on_path(monkeypatch, "paplay")
    sink = sink_on()
    told = play(sink)
    first = popen.spawned.get(timeout=WAIT)
    fake_clock.advance(devices.FAIL_WINDOW_S)
    first.end(1)
    assert watched.get(timeout=WAIT) is first
    told_again = play(sink)
    second = popen.spawned.get(timeout=WAIT)
    told_again.wait()
    sink.stop()
    assert second.killed and watched.get(timeout=WAIT) is second
    sink.close()
    assert told.failed == [] and told_again.failed == []


def test_a_stop_while_the_player_is_being_spawned_kills_it(
    no_portaudio, monkeypatch, popen, watched
):
    on_path(monkeypatch, "pw-play")
    popen.gate.clear()
    sink = sink_on()
    told = play(sink)
    assert popen.spawning.wait(WAIT)
    sink.stop()
    popen.gate.set()
    player = popen.spawned.get(timeout=WAIT)
    assert watched.get(timeout=WAIT) is player and player.killed
    assert told.started == [] and told.failed == []


def test_a_real_player_exiting_non_zero_is_reported():
    sink = CommandSink((sys.executable, "-c", "import sys; sys.exit('no device')"), "python")
    told = play(sink)
    told.wait_failed()
    assert told.failed == ["声音无法播放 · could not play: python exit 1: no device"]
    sink.close()


@pytest.fixture
def winsound(no_portaudio, monkeypatch):
    fake = FakeWinSound()
    monkeypatch.setattr(oscompat, "WINDOWS", True)
    monkeypatch.setitem(sys.modules, "winsound", fake)
    return fake


def test_windows_plays_a_wav_file_asynchronously_with_winsound(winsound, fake_clock):
    speaker = open_speaker("on")
    assert isinstance(speaker.sink, WinSoundSink) and speaker.sink.name == "winsound"
    told = play(speaker.sink, rate=16_000)
    told.wait()
    assert told.started == [1000.0]
    async_file = winsound.SND_FILENAME | winsound.SND_ASYNC | winsound.SND_NODEFAULT
    assert winsound.calls[-1] == ((16_000, PCM), async_file)
    speaker.sink.stop()
    speaker.close()
    assert winsound.calls[-1] == (None, winsound.SND_PURGE)


def test_windows_without_a_sound_device_reports_the_play_failed(winsound):
    winsound.error = RuntimeError("Failed to play sound")
    told = play(sink_on())
    told.wait()
    assert told.failed == ["声音无法播放 · could not play: winsound: Failed to play sound"]
