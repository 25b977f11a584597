"""Heats started by their start signal, on a fake clock and a fake speaker.

The fake sink records what was played and when, and reports the first
sample as heard `LATENCY` after the call, as a real device would. The rule
under test: a heat's start stamp is the start beep's time from the sink
(first sample + the track's lead), never the key's, and nothing is recorded
before the beep.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from tests.support.screenkit import count_bells, lanes_in, open_screen, status_line
from timing_console.model import HeatPhase
from timing_console.rules.heat.signals import Call, lead_s, schedule
from timing_console.sound.speaker import Speaker, Started
from timing_console.sound.synth import RATE, render
from timing_console.ui.heat.countdown import CountdownScreen
from timing_console.ui.heat.race import RaceScreen

COUNT = "rope-skipping"
RACE = "paddle-ball-run"
LATENCY = 0.040
"""From the play call to the first sample leaving the speaker."""


@dataclass
class FakeSink:
    """Plays nothing; remembers every track and stop, on the test's clock."""

    clock: object
    name: str = "fake"
    plays: list[tuple[bytes, int, float]] = field(default_factory=list)
    """(pcm, rate, first sample heard) of each track."""
    stops: int = 0
    closed: bool = False
    report: bool = True
    """Whether the device reports its start (False: a speaker that never begins)."""
    pending: list[tuple[Started, float]] = field(default_factory=list)

    def play(self, pcm, rate, started, failed) -> None:
        first = self.clock.now() + LATENCY  # type: ignore[attr-defined]
        self.plays.append((pcm, rate, first))
        if self.report:
            started(first)

    def stop(self) -> None:
        self.stops += 1

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def sink(clock) -> FakeSink:
    return FakeSink(clock)


@pytest.fixture
def loud_app(make_app, sink):
    def build(lang: str = "en"):
        return make_app(lang, speaker=Speaker(sink))

    return build


def beep_of(sink: FakeSink, event: str) -> float:
    """When the sink says the start beep of its last track was heard."""
    first = sink.plays[-1][2]
    return first + lead_s(schedule_of(event))


def schedule_of(event: str):
    from timing_console.model import CATALOGUE

    return schedule(CATALOGUE[event])


async def until_beep(screen, pilot, clock, sink, event, after: float = 0.0) -> None:
    """Let the fake clock reach the beep (plus `after`) and the repaint tick see it."""
    clock.t = beep_of(sink, event) + after
    screen.tick()
    await pilot.pause()


async def test_a_countdown_starts_on_the_beep_the_sink_played_not_on_the_key(
    loud_app, press_at, clock, repo, sink
):
    app = loud_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot, CountdownScreen, COUNT)
        played_at = clock.t
        await press_at(pilot, "space", at=played_at - 0.3)  # the key is older than its handling
        assert len(sink.plays) == 1
        pcm, rate, _first = sink.plays[0]
        assert (pcm, rate) == (render(schedule_of(COUNT)), RATE)  # the whole track at once
        assert repo.board(COUNT, 1).state.phase is HeatPhase.READY  # nothing yet
        assert "beep" in status_line(screen)
        await until_beep(screen, pilot, clock, sink, COUNT, after=-0.001)
        assert repo.board(COUNT, 1).state.phase is HeatPhase.READY
        await until_beep(screen, pilot, clock, sink, COUNT, after=0.07)
        state = repo.board(COUNT, 1).state
        assert state.phase is HeatPhase.RUNNING
        assert state.started_mono == pytest.approx(beep_of(sink, COUNT), abs=1e-9)
        assert state.started_mono == pytest.approx(played_at + LATENCY + 3.0, abs=1e-9)


async def test_a_key_after_the_beep_but_before_the_tick_counts_on_a_started_heat(
    loud_app, press_at, clock, repo, sink
):
    app = loud_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_screen(app, pilot, CountdownScreen, COUNT)
        lane = lanes_in(repo, COUNT)[0]
        await press_at(pilot, "space")
        clock.t = beep_of(sink, COUNT) + 0.5
        await press_at(pilot, str(lane))  # no tick in between: the key itself catches up
        board = repo.board(COUNT, 1)
        assert board.state.started_mono == pytest.approx(beep_of(sink, COUNT))
        assert board.lanes[lane].count == 1


async def test_escape_before_the_beep_stops_the_sound_and_records_nothing(
    loud_app, press_at, clock, repo, sink
):
    app = loud_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot, CountdownScreen, COUNT)
        before = repo.seq
        await press_at(pilot, "space")
        clock.advance(2.0)
        await press_at(pilot, "escape")
        assert sink.stops == 1
        assert isinstance(app.screen, CountdownScreen)  # escape stopped the signal, not the screen
        await until_beep(screen, pilot, clock, sink, COUNT, after=1.0)
        assert repo.seq == before
        assert repo.board(COUNT, 1).state.phase is HeatPhase.READY
        assert "nothing recorded" in status_line(screen)
        await press_at(pilot, "space")  # and it can be started again
        await until_beep(screen, pilot, clock, sink, COUNT)
        assert repo.board(COUNT, 1).state.started_mono == pytest.approx(beep_of(sink, COUNT))


async def test_keys_during_the_cadence_are_refused_and_are_no_action(
    loud_app, press_at, clock, repo, sink
):
    app = loud_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot, CountdownScreen, COUNT)
        lane = lanes_in(repo, COUNT)[0]
        bells = count_bells(app)
        await press_at(pilot, "space")
        before = repo.seq
        await press_at(pilot, str(lane), "n", str(lane), "space", "backspace", "v", "y")
        assert repo.seq == before
        assert len(sink.plays) == 1  # a second space is no second signal
        assert len(bells) == 7
        await until_beep(screen, pilot, clock, sink, COUNT)
        board = repo.board(COUNT, 1)
        assert board.running and board.lanes[lane].count in (None, 0)
        assert [a.kind for a in board.actions] == ["start"]  # undo has only the start to take


async def test_a_speaker_that_fails_gives_the_start_back_to_the_key(
    loud_app, press_at, clock, repo, sink
):
    app = loud_app()
    sink.play = lambda pcm, rate, started, failed: failed("device unplugged")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot, CountdownScreen, COUNT)
        await press_at(pilot, "space")
        await pilot.pause()
        assert "device unplugged" in status_line(screen)
        assert repo.board(COUNT, 1).state.phase is HeatPhase.READY
        assert app.session.speaker.sink is None
        assert sink.closed  # the failed device is let go of, not kept open all day
        await press_at(pilot, "space", at=clock.t - 0.1)
        assert repo.board(COUNT, 1).state.started_mono == pytest.approx(clock.t - 0.1)


async def test_a_speaker_that_never_begins_is_given_up_and_nothing_is_recorded(
    loud_app, press_at, clock, repo, sink
):
    sink.report = False
    app = loud_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot, CountdownScreen, COUNT)
        await press_at(pilot, "space")
        clock.advance(2.5)
        screen.tick()
        await pilot.pause()
        assert repo.board(COUNT, 1).state.phase is HeatPhase.READY
        assert "did not start" in status_line(screen)
        assert not screen.starter.active


async def test_undoing_a_start_made_by_the_beep_stops_its_track(
    loud_app, press_at, clock, repo, sink
):
    app = loud_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot, CountdownScreen, COUNT)
        await press_at(pilot, "space")
        await until_beep(screen, pilot, clock, sink, COUNT)
        assert sink.stops == 0  # the warning and the end are still to sound
        await press_at(pilot, "backspace", "y")
        assert repo.board(COUNT, 1).state.phase is HeatPhase.READY
        assert sink.stops == 1


async def test_with_the_track_sounding_the_alerts_do_not_ring_the_bell(
    loud_app, press_at, clock, repo, sink
):
    app = loud_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot, CountdownScreen, COUNT)
        bells = count_bells(app)
        await press_at(pilot, "space")
        await until_beep(screen, pilot, clock, sink, COUNT)
        warning = next(t for t in schedule_of(COUNT) if t.call is Call.WARNING)
        await until_beep(screen, pilot, clock, sink, COUNT, after=warning.at_s + 0.05)
        await until_beep(screen, pilot, clock, sink, COUNT, after=60.05)
        assert "Time!" in status_line(screen)
        assert bells == []


async def test_a_race_started_by_its_signal_has_the_beep_as_its_gun(
    loud_app, press_at, clock, repo, sink
):
    app = loud_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot, RaceScreen, RACE)
        await press_at(pilot, "g")
        assert sink.plays[0][0] == render(schedule_of(RACE))
        assert lead_s(schedule_of(RACE)) == 4.0
        await until_beep(screen, pilot, clock, sink, RACE, after=3.5)
        lane = lanes_in(repo, RACE)[0]
        await press_at(pilot, str(lane))
        board = repo.board(RACE, 1)
        assert board.state.started_mono == pytest.approx(beep_of(sink, RACE))
        assert board.lanes[lane].time_ms == 3500


async def test_without_sound_g_is_refused_and_space_is_still_the_gun(
    make_app, press_at, clock, repo
):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot, RaceScreen, RACE)
        await press_at(pilot, "g")
        assert "no start signal" in status_line(screen)
        assert repo.board(RACE, 1).state.phase is HeatPhase.READY
        await press_at(pilot, "space", at=clock.t - 0.2)
        assert repo.board(RACE, 1).state.started_mono == pytest.approx(clock.t - 0.2)


async def test_a_muted_console_starts_a_countdown_on_the_key(loud_app, press_at, clock, repo, sink):
    app = loud_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_screen(app, pilot, CountdownScreen, COUNT)
        await press_at(pilot, "x")
        assert app.session.speaker.muted
        await press_at(pilot, "space", at=clock.t - 0.2)
        assert sink.plays == []
        assert repo.board(COUNT, 1).state.started_mono == pytest.approx(clock.t - 0.2)
        await press_at(pilot, "x")
        assert not app.session.speaker.muted


async def test_a_chinese_console_says_the_signal_in_chinese(loud_app, press_at, clock, repo, sink):
    app = loud_app("zh")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot, CountdownScreen, COUNT)
        await press_at(pilot, "space")
        assert "发令信号" in status_line(screen)
        await press_at(pilot, "escape")
        assert "未记录" in status_line(screen)


async def test_a_silent_console_says_so_on_opening_a_countdown(make_app, press_at, clock, repo):
    app = make_app()  # --sound off
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot, CountdownScreen, COUNT)
        assert "No sound" in status_line(screen) and "--sound off" in status_line(screen)
        await press_at(pilot, "space", at=clock.t - 0.1)
        assert repo.board(COUNT, 1).state.started_mono == pytest.approx(clock.t - 0.1)
