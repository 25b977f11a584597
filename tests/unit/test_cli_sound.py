"""`--sound` reaches the console: off never opens an audio device, on (the default) does."""

from __future__ import annotations

import pytest

from timing_console import app as app_module
from timing_console.cli import main
from timing_console.sound import devices
from timing_console.sound.speaker import SOUND_OFF, Speaker


@pytest.fixture
def opened(monkeypatch):
    """Run the console without a terminal: remember the speaker it was given."""
    seen: list[Speaker] = []
    monkeypatch.setattr(
        app_module.TimingConsoleApp, "run", lambda self: seen.append(self.session.speaker)
    )
    return seen


def test_sound_off_is_silent_and_never_probes_a_device(tmp_path, monkeypatch, opened):
    monkeypatch.setattr(devices, "probe_sounddevice", lambda: pytest.fail("probed"))
    assert main(["--sound", "off", "--db", str(tmp_path / "day.json")]) == 0
    assert opened[0].sink is None and opened[0].why_silent == SOUND_OFF


def test_sound_is_on_unless_told_and_a_missing_device_is_named(tmp_path, monkeypatch, opened):
    monkeypatch.setattr(devices, "probe_sounddevice", lambda: (None, "", "sounddevice: none"))
    monkeypatch.setattr(devices, "platform_sink", lambda: (None, "no player found"))
    assert main(["--db", str(tmp_path / "day.json")]) == 0
    assert opened[0].sink is None
    assert "no audio device" in opened[0].why_silent and "sounddevice: none" in opened[0].why_silent
