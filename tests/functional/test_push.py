"""Stations pushing to the desk over localhost: the code, the order, replays, a flaky network."""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.support.boardkit import LiveBoard
from tests.support.clock import stamp
from tests.support.commands import cli
from tests.support.days import lanes_of
from tests.support.files import fingerprint
from tests.support.pushkit import FlakyProxy
from tests.support.stationkit import (
    an_old_releases_foul,
    held_of,
    identity_of,
    race,
    record_heat,
    record_heat_in,
    results_of,
    station,
)
from timing_console.model import Day
from timing_console.rules.heat.results import parse_result
from timing_console.stations.files import StationFiles, StationRecord
from timing_console.stations.push_client import PushLink, Refused, Tail
from timing_console.stations.view import open_view

RACE = "paddle-ball-run"
COUNT = "rope-skipping"
LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"
PUSHES = 1000 if LONG else 60
"""Pushes through the flaky proxy: the long run's figure, and a short one for CI."""


@pytest.fixture
def desk(tmp_path: Path, sample_day: Day):
    db = station(tmp_path, "desk", sample_day)
    with LiveBoard(db, accept_push=True) as live:
        yield live


def link_for(db: Path, url: str, code: str, client: httpx.Client | None = None) -> PushLink:
    repo = open_view(db, readonly=True)
    try:
        return PushLink(
            db, url=url, code=code, station=repo.me, identity=repo.identity(), client=client
        )
    finally:
        repo.close()


def test_a_push_lands_at_the_desk_and_its_board(desk, tmp_path, sample_day):
    track = station(tmp_path, "track", sample_day)
    race(track, RACE, 1, {lane: 11 + lane / 10 for lane in lanes_of(sample_day, RACE, 1)}, at=50)
    link = link_for(track, desk.url, desk.desk.code)
    assert link.push_once() == open_view(track, readonly=True).seq
    assert results_of(desk.board.follower.paths.day)["results"] == results_of(track)["results"]
    assert link.push_once() == 0  # nothing new: nothing sent again
    wanted = {e.bib for e in sample_day.lineup(RACE, 1)}
    shown: set[str] = set()
    deadline = time.monotonic() + 10  # the board's own thread follows the day (every 20 ms)
    while not wanted <= shown and time.monotonic() < deadline:
        rows = httpx.get(f"{desk.url}api/standings/{RACE}", timeout=10).json()
        shown = {r["bib"] for r in rows}
        time.sleep(0.05)
    assert wanted <= shown


def test_without_the_code_the_desk_answers_401_and_stores_nothing(desk, tmp_path, sample_day):
    track = station(tmp_path, "track", sample_day)
    record_heat(track, COUNT, 1, {lane: "50" for lane in lanes_of(sample_day, COUNT, 1)})
    before = fingerprint(desk.board.follower.paths.day.parent)
    for code in ("", "WRONG-CODE"):
        link = link_for(track, desk.url, code)
        with pytest.raises(Refused, match="pairing code"):
            link.push_once()
    raw = httpx.post(f"{desk.url}push", json={"station": "track"})
    assert raw.status_code == 401
    assert fingerprint(desk.board.follower.paths.day.parent) == before


def test_only_in_order_and_a_replay_changes_nothing(desk, tmp_path, sample_day):
    track = station(tmp_path, "track", sample_day)
    record_heat(track, COUNT, 1, {lane: "50" for lane in lanes_of(sample_day, COUNT, 1)})
    link = link_for(track, desk.url, desk.desk.code)
    link.push_once()
    records = Tail(track, identity_of(track)).read()
    headers = {"authorization": f"Bearer {desk.desk.code}"}
    body = {
        **identity_of(track).doc(),
        "day": link.identity,
        "after": 0,
        "records": [r.line().decode() for r in records],
    }
    before = fingerprint(desk.board.follower.paths.day.parent)
    replay = httpx.post(f"{desk.url}push", json=body, headers=headers)
    assert replay.status_code == 409 and replay.json()["acked"] == records[-1].seq
    ahead = httpx.post(f"{desk.url}push", json=body | {"after": 99}, headers=headers)
    assert ahead.status_code == 409
    damaged = [r.line().decode().replace("50", "51") for r in records]
    bad = httpx.post(
        f"{desk.url}push",
        headers=headers,
        json=body | {"after": records[-1].seq, "records": damaged},
    )
    assert bad.status_code == 400
    other_day = httpx.post(f"{desk.url}push", json=body | {"day": "0" * 16}, headers=headers)
    assert other_day.status_code == 409 and "another day" in other_day.json()["error"]
    as_desk = httpx.post(f"{desk.url}push", json=body | {"station": "desk"}, headers=headers)
    assert as_desk.status_code == 409
    assert fingerprint(desk.board.follower.paths.day.parent) == before


def test_a_push_with_a_result_its_event_cannot_have_is_refused(desk, tmp_path, sample_day):
    """Issue 19: the desk holds a pushed record to the heat machine's rules (422, nothing kept)."""
    track = station(tmp_path, "track", sample_day)
    an_old_releases_foul(track, sample_day)
    before = fingerprint(desk.board.follower.paths.day.parent)
    link = link_for(track, desk.url, desk.desk.code)
    with pytest.raises(Refused, match="no foul"):
        link.push_once()
    assert fingerprint(desk.board.follower.paths.day.parent) == before


def test_the_read_only_board_takes_no_push(tmp_path, sample_day):
    db = station(tmp_path, "desk", sample_day)
    with LiveBoard(db) as live:
        assert httpx.post(f"{live.url}push", json={}).status_code == 405
        assert httpx.get(f"{live.url}push/track").status_code == 404


def test_a_push_never_waits_for_the_desks_console(desk, tmp_path, sample_day):
    console = open_view(desk.board.follower.paths.day)  # the desk's console holds the day's lock
    try:
        track = station(tmp_path, "track", sample_day)
        record_heat(track, COUNT, 2, {lane: "61" for lane in lanes_of(sample_day, COUNT, 2)})
        assert link_for(track, desk.url, desk.desk.code).push_once() > 0
        assert console.reload_stations()
        assert len(console.attempts(COUNT)) == len(lanes_of(sample_day, COUNT, 2))
    finally:
        console.close()


def test_a_network_that_drops_delays_duplicates_and_cuts_loses_nothing(desk, tmp_path, sample_day):
    track = station(tmp_path, "track", sample_day)
    proxy = FlakyProxy(("127.0.0.1", desk.port), seed=7)
    link = link_for(
        track, proxy.url, desk.desk.code, client=httpx.Client(timeout=5, trust_env=False)
    )
    heats = [(COUNT, h) for h in sample_day.heat_numbers(COUNT)]
    repo = open_view(track)
    tries = 0
    try:
        for n in range(PUSHES):
            event, heat = heats[n % len(heats)]
            lane = lanes_of(sample_day, event, heat)[n % len(lanes_of(sample_day, event, heat))]
            board = repo.board(event, heat)
            result = str(20 + n % 100)
            spec = sample_day.event(event)
            repo.apply(board.enter(lane, parse_result(spec, result), stamp(n), reason=f"try {n}"))
            tries += 1
            try:
                link.push_once()
            except httpx.HTTPError:
                link.acked = None  # as the link's own loop does after a failure
        for _ in range(200):
            try:
                link.push_once()
                break
            except httpx.HTTPError:
                link.acked = None
        last = repo.seq
    finally:
        repo.close()
        proxy.close()
        link.client.close()
    assert link.acked == last
    files = StationFiles(desk.board.follower.paths.day)
    held = held_of(files, "track")
    assert [r.seq for r in held] == [r.seq for r in Tail(track, identity_of(track)).read()]
    assert files.surplus() == 0  # none twice
    assert results_of(desk.board.follower.paths.day)["results"] == results_of(track)["results"]
    assert all(proxy.fates[f] for f in ("drop", "delay", "twice", "cut")), proxy.fates
    assert tries == PUSHES


def test_push_command(desk, tmp_path, sample_day, capsys, monkeypatch):
    monkeypatch.setattr("timing_console.cli_stations.sleep", lambda _s: None)
    track = station(tmp_path, "track", sample_day)
    record_heat(track, COUNT, 1, {lane: "50" for lane in lanes_of(sample_day, COUNT, 1)})
    code, out, _ = cli(
        capsys, "push", desk.url, "--code", desk.desk.code.lower(), "--db", str(track)
    )
    assert code == 0 and "station track:" in out and "pushed" in out
    code, _, err = cli(capsys, "push", desk.url, "--code", "nope", "--db", str(track))
    assert code == 1 and "refused" in err and "pairing code" in err
    with socket.create_server(("127.0.0.1", 0)) as gone:
        dead = f"http://127.0.0.1:{gone.getsockname()[1]}/"  # closed again: nobody listens
    code, _, err = cli(capsys, "push", dead, "--code", desk.desk.code, "--db", str(track))
    assert code == 1 and "cannot be reached" in err and "nothing was lost" in err


def test_the_consoles_push_runs_in_a_process_of_its_own_and_ends_with_it(
    desk, tmp_path, sample_day, monkeypatch
):
    """`--push` starts `push --follow` beside the console: it pushes each save, writes its
    state for the programme, and ends when the console closes its stdin."""
    from timing_console import oscompat
    from timing_console.stations.push_process import PushProcess

    freed: list[int] = []
    monkeypatch.setattr(oscompat, "free_child", freed.append)
    track = station(tmp_path, "track", sample_day)
    console = open_view(track)  # the console holds the day
    child = PushProcess(track, url=desk.url, code=desk.desk.code)
    try:
        child.start()
        assert child.proc is not None and freed == [child.proc.pid]
        record_heat_in(console, COUNT, 1, {lane: "33" for lane in lanes_of(sample_day, COUNT, 1)})
        held: list[StationRecord] = []
        for _ in range(400):  # the child pushes on its own; look until it has (≤ 20 s)
            state = child.status()
            if state.state == "up" and state.acked == console.seq:
                held = held_of(StationFiles(desk.board.follower.paths.day), "track")
                break
            assert child.proc is not None and child.proc.poll() is None, "the child ended"
            threading.Event().wait(0.05)
        assert held and held[-1].seq == console.seq
        assert child.status().acked_at is not None
    finally:
        proc = child.proc
        child.stop()
        console.close()
    assert proc is not None and proc.returncode is not None  # it ended with the console
