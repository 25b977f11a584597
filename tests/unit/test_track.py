"""`timing-console track`: the WAV the PA plays, checked by analysis of its samples.

The beeps are found in the written file (`soundkit`), not taken from the
renderer, and each must sit within `TOLERANCE_S` of where the schedule puts
it. The intervals that matter to the athletes (start to warning, start to
end, the cadence before the start) are also checked against the event's
duration and the documented rule, so a wrong schedule fails here too.
"""

from __future__ import annotations

import re
import shutil
import stat
import sys
from pathlib import Path

import pytest

from tests.support.commands import cli
from tests.support.paths import SAMPLE_DIR
from tests.support.soundkit import Burst, bursts, read_wav
from timing_console.cli import main
from timing_console.model import CATALOGUE, EventSpec
from timing_console.rules.heat.signals import WARNING_LEFT_S, Call, lead_s, schedule, track_length_s
from timing_console.sound import synth

TOLERANCE_S = 0.005
"""The issue's bound: every beep within 5 ms of the schedule."""
LINE = re.compile(r"^\s*(\d+\.\d{3}) s  (\S+) (.+)$")
NAMES = {
    Call.MARKS: ("各就位", "on your marks"),
    Call.START: ("开始", "start"),
    Call.WARNING: ("还剩10秒", "10 s left"),
    Call.END: ("停", "time"),
}


def load_day(folder: Path, db: Path, extra_toml: str = "") -> None:
    """Load a copy of the sample day (plus `extra_toml`) into `db`."""
    shutil.copytree(SAMPLE_DIR, folder)
    dayfile = folder / "sports-day.toml"
    dayfile.write_text(dayfile.read_text(encoding="utf-8") + extra_toml, encoding="utf-8")
    assert main(["load", str(dayfile), "--db", str(db)]) == 0


@pytest.fixture(scope="module")
def day_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample day, loaded once for the module."""
    root = tmp_path_factory.mktemp("day")
    db = root / "day.json"
    load_day(root / "sample", db)
    return db


def check_track(path: Path, spec: EventSpec, *, cadence: bool) -> list[Burst]:
    """The WAV's format, length, and every beep where the schedule puts it, by analysis."""
    tones = schedule(spec, cadence=cadence)
    assert tones
    wav = read_wav(path)
    assert (wav.channels, wav.sample_width, wav.rate) == (1, 2, synth.RATE)
    exact = (track_length_s(tones) + synth.TAIL_S) * synth.RATE
    assert abs(len(wav.samples) - exact) < 1
    found = bursts(wav)
    assert len(found) == len(tones)
    lead = lead_s(tones)
    for beep, tone in zip(found, tones, strict=True):
        assert abs(beep.onset_s - (tone.at_s + lead)) <= TOLERANCE_S, (tone, beep)
        assert beep.freq_hz == pytest.approx(tone.freq_hz, rel=0.02), (tone, beep)
    return found


def check_printed(out: str, path: Path, spec: EventSpec, *, cadence: bool, found: list[Burst]):
    """The path, then one line per tone: its onset (3 decimals) and its name in both languages."""
    tones = schedule(spec, cadence=cadence)
    lines = out.splitlines()
    assert lines[0] == str(path)
    assert len(lines) == 1 + len(tones)
    lead = lead_s(tones)
    for line, tone, beep in zip(lines[1:], tones, found, strict=True):
        match = LINE.match(line)
        assert match, line
        assert match[1] == f"{tone.at_s + lead:.3f}"
        assert abs(float(match[1]) - beep.onset_s) <= TOLERANCE_S
        zh, en = NAMES.get(tone.call, ("预备", "set") if spec.timed else ("准备", "ready"))
        assert (match[2], match[3]) == (zh, en)


def start_beep(found: list[Burst]) -> Burst:
    """The start beep as heard: the highest tone of the track."""
    return max(found, key=lambda b: b.freq_hz)


def check_countdown(found: list[Burst], duration: float, *, cadence: bool) -> None:
    """Start, warning and end at the intervals the rule gives for `duration`, from the samples."""
    start = start_beep(found)
    at = found.index(start)
    end = found[-1]
    assert abs(end.onset_s - start.onset_s - duration) <= TOLERANCE_S
    warning = found[at + 1]
    assert abs(warning.onset_s - start.onset_s - (duration - WARNING_LEFT_S)) <= TOLERANCE_S
    pips = [start.onset_s - b.onset_s for b in found[:at]]
    assert pips == pytest.approx([3.0, 2.0, 1.0] if cadence else [], abs=TOLERANCE_S)
    assert abs(end.freq_hz - start.freq_hz) > 0.2 * start.freq_hz


@pytest.mark.parametrize("event", ["rope-skipping", "金豆搬家"])
@pytest.mark.parametrize("cadence", [True, False])
def test_a_countdown_track_has_its_beeps_where_the_schedule_says(
    event, cadence, day_db, tmp_path, capsys
):
    out = tmp_path / "track.wav"
    args = ["track", event, str(out), "--db", str(day_db)]
    code, printed, _ = cli(capsys, *args, *([] if cadence else ["--no-cadence"]))
    assert code == 0
    spec = next(s for s in CATALOGUE.values() if event in (s.id, s.zh))
    found = check_track(out, spec, cadence=cadence)
    assert spec.duration_s is not None
    check_countdown(found, spec.duration_s, cadence=cadence)
    check_printed(printed, out, spec, cadence=cadence, found=found)


@pytest.mark.parametrize("cadence", [True, False])
def test_a_race_track_is_its_cadence_and_the_gun(cadence, day_db, tmp_path, capsys):
    out = tmp_path / "race.wav"
    args = ["track", "托球跑", str(out), "--db", str(day_db)]
    code, printed, _ = cli(capsys, *args, *([] if cadence else ["--no-cadence"]))
    assert code == 0
    spec = CATALOGUE["paddle-ball-run"]
    found = check_track(out, spec, cadence=cadence)
    gun = start_beep(found)
    assert gun is found[-1]
    before = [gun.onset_s - b.onset_s for b in found[:-1]]
    assert before == pytest.approx([4.0, 2.0] if cadence else [], abs=TOLERANCE_S)
    check_printed(printed, out, spec, cadence=cadence, found=found)


def test_a_day_file_that_changes_a_countdown_moves_its_warning_and_end(tmp_path, capsys):
    db = tmp_path / "day.json"
    load_day(tmp_path / "sample", db, "\n[events.rope-skipping]\nduration_s = 45\n")
    capsys.readouterr()
    out = tmp_path / "rope.wav"
    code, printed, _ = cli(capsys, "track", "一分钟跳绳", str(out), "--db", str(db))
    assert code == 0
    spec = CATALOGUE["rope-skipping"].model_copy(update={"duration_s": 45})
    found = check_track(out, spec, cadence=True)
    check_countdown(found, 45, cadence=True)
    check_printed(printed, out, spec, cadence=True, found=found)


def test_with_no_day_the_catalogue_event_is_used(tmp_path, capsys):
    out = tmp_path / "bean.wav"
    code, printed, err = cli(capsys, "track", "bean-moving", str(out), "--db", str(tmp_path / "x"))
    assert code == 0
    assert "catalogue" in err
    spec = CATALOGUE["bean-moving"]
    found = check_track(out, spec, cadence=True)
    check_printed(printed, out, spec, cadence=True, found=found)
    assert not (tmp_path / "x").exists()


def test_a_track_changes_no_byte_of_the_day(day_db, tmp_path, capsys):
    before = {p.name: p.read_bytes() for p in day_db.parent.iterdir() if p.is_file()}
    assert cli(capsys, "track", "shuttlecock", str(tmp_path / "s.wav"), "--db", str(day_db))[0] == 0
    after = {p.name: p.read_bytes() for p in day_db.parent.iterdir() if p.is_file()}
    assert after == before


@pytest.mark.parametrize(
    ("event", "named"), [("no-such-event", "no-such-event"), ("定点投篮", "free-throw")]
)
def test_an_event_without_a_track_is_refused_and_nothing_is_written(
    event, named, day_db, tmp_path, capsys
):
    out = tmp_path / "out.wav"
    code, printed, err = cli(capsys, "track", event, str(out), "--db", str(day_db))
    assert code == 2
    assert printed == ""
    assert len(err.strip().splitlines()) == 1
    assert named in err
    assert all(spec.id in err for spec in CATALOGUE.values() if schedule(spec))
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_place_is_an_error_not_a_traceback(day_db, tmp_path, capsys):
    out = tmp_path / "missing" / "out.wav"
    code, _, err = cli(capsys, "track", "rope-skipping", str(out), "--db", str(day_db))
    assert code == 1
    assert str(out) in err
    assert not out.parent.exists()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_the_track_is_readable_by_everyone(day_db, tmp_path, capsys):
    out = tmp_path / "race.wav"
    assert cli(capsys, "track", "knee-ball-walk", str(out), "--db", str(day_db))[0] == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
