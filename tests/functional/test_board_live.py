"""The board over a real socket: its event stream, its address, its process.

The server is the real uvicorn in a thread (or `timing-console board` as a
process); results are saved through the store from the test's thread. A read
of the stream blocks until the next event arrives (or the client's timeout
fails the test), so no test waits by sleeping.
"""

from __future__ import annotations

import json
import signal
import socket
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.support.boardkit import BoardProcess, LiveBoard, lane_of, record
from tests.support.clock import stamp
from timing_console.rules.heat.results import parse_result
from timing_console.stations.view import open_view
from timing_console.store.beacon import beacon_path, running_board
from timing_console.web.board import server
from timing_console.web.board.qr import qr_svg
from timing_console.words import Words

RACE = "paddle-ball-run"


def events(lines: Iterator[str]) -> Iterator[dict[str, str]]:
    """Server-sent events as dicts of their fields (comments, i.e. pings, skipped)."""
    fields: dict[str, str] = {}
    for line in lines:
        if not line:
            if fields:
                yield fields
            fields = {}
        elif not line.startswith(":"):
            name, _, value = line.partition(":")
            fields[name] = value.removeprefix(" ")


def names(event: dict[str, str], event_id: str = RACE) -> dict[str, str]:
    board = json.loads(event["data"])
    rows = next(e for e in board["events"] if e["id"] == event_id)["rows"]
    return {r["name"]: r["result"] for r in rows}


def test_the_stream_sends_the_board_then_each_save(day, sample_day):
    lane = lane_of(sample_day, RACE, 1, "901")
    with (
        LiveBoard(day) as live,
        httpx.Client(timeout=5) as client,
        client.stream("GET", live.url + "events") as response,
    ):
        assert response.headers["content-type"].startswith("text/event-stream")
        stream = events(response.iter_lines())
        first = next(stream)
        assert first["event"] == "board" and first["retry"] == "1000"
        assert first["id"] == str(live.board.follower.seq)
        assert names(first) == {}
        seq = record(day, RACE, 1, lane, "12.34")
        update = next(stream)
        assert update["id"] == str(seq) and update["event"] == "patch"
        assert names(update) == {"何春燕": "12.34"}
        seq = record(day, RACE, 1, lane, "12.43", reason="re-read")
        update = next(stream)
        assert update["id"] == str(seq) and names(update) == {"何春燕": "12.43"}
        assert json.loads(update["data"])["events"][0]["rows"][0]["corrected"] is True


def test_a_reconnecting_page_gets_what_it_missed(day, sample_day):
    with LiveBoard(day) as live, httpx.Client(timeout=5) as client:
        with client.stream("GET", live.url + "events") as response:
            seen = next(events(response.iter_lines()))
        seq = record(day, RACE, 1, lane_of(sample_day, RACE, 1, "602"), "13.00")
        headers = {"Last-Event-ID": seen["id"]}
        with client.stream("GET", live.url + "events", headers=headers) as response:
            stream = events(response.iter_lines())
            caught_up = next(stream)
            # The follow loop may publish the save just after this page connected:
            # then the first event is the old board and the very next one is the new.
            if caught_up["id"] != str(seq):
                caught_up = next(stream)
        assert caught_up["id"] == str(seq) and names(caught_up) == {"孙婷婷": "13.00"}


def test_the_console_keeps_the_day_open_for_writing_while_the_board_follows(day, sample_day):
    console = open_view(day)  # the console's write lock, held throughout
    try:
        with (
            LiveBoard(day) as live,
            httpx.Client(timeout=5) as client,
            client.stream("GET", live.url + "events") as response,
        ):
            stream = events(response.iter_lines())
            next(stream)
            spec = console.require_day().event(RACE)
            lane = lane_of(sample_day, RACE, 1, "901")
            step = console.board(RACE, 1).enter(
                lane, parse_result(spec, "12.00"), stamp(), reason=""
            )
            console.apply(step)
            assert next(stream)["id"] == str(console.seq)
    finally:
        console.close()


def raw_get(port: int, path: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(b"GET " + path + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.mark.parametrize(
    "path",
    [
        b"/static/../../../../pyproject.toml",
        b"/static/..%2f..%2f..%2f..%2fpyproject.toml",
        b"/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/pyproject.toml",
        b"/../../../../pyproject.toml",
    ],
)
def test_no_traversal_over_the_wire(day, path):
    with LiveBoard(day) as live:
        answer = raw_get(live.port, path)
    assert answer.split(b"\r\n", 1)[0] in (b"HTTP/1.1 404 Not Found", b"HTTP/1.1 400 Bad Request")
    assert b"[project]" not in answer


class FakeServer:
    """Stands in for uvicorn: records where the board would listen, and what it announced."""

    def __init__(self, db):
        self.db = db
        self.sockets: list[socket.socket] = []
        self.beacon: str | None = None
        self.app: Any = None

    def serving(self, app):
        self.app = app
        return self

    def run(self, sockets):
        self.sockets = sockets
        self.beacon = running_board(self.db)


@pytest.mark.parametrize("lan", [False, True])
def test_serve_board_binds_this_pc_unless_lan(day, capsys, monkeypatch, lan):
    fake = FakeServer(day)
    monkeypatch.setattr(server, "server_for", fake.serving)
    monkeypatch.setattr(server, "lan_address", lambda: "192.168.1.20")
    assert server.serve_board(day, port=0, lan=lan) == 0
    host, port = fake.sockets[0].getsockname()
    fake.sockets[0].close()
    said = capsys.readouterr()
    lines = said.out.splitlines()
    assert lines[0] == f"http://127.0.0.1:{port}/"
    served = fake.app.app.state.board  # the day the pages are drawn from (ReadOnly wraps it)
    if lan:
        assert host == "0.0.0.0"
        assert lines[1].startswith(f"http://192.168.1.20:{port}/")
        assert fake.beacon == f"http://192.168.1.20:{port}/"
        assert served.share == f"http://192.168.1.20:{port}/"
        assert served.qr == qr_svg(served.share)  # the code of the address phones reach
    else:
        assert host == "127.0.0.1" and len(lines) == 1
        assert fake.beacon == f"http://127.0.0.1:{port}/"
        assert served.share is None and served.qr is None  # no code a phone could not open
        assert Words("en")("board_share_hint") in said.err
    assert not beacon_path(day).exists()


def test_every_message_carries_the_servers_clock(day, sample_day):
    """The page corrects its own clock by it: a phone minutes off still shows race time."""
    with (
        LiveBoard(day) as live,
        httpx.Client(timeout=5) as client,
        client.stream("GET", live.url + "events") as response,
    ):
        stream = events(response.iter_lines())
        whole = next(stream)
        record(day, RACE, 1, lane_of(sample_day, RACE, 1, "901"), "12.34")
        patch = next(stream)
        assert (whole["event"], patch["event"]) == ("board", "patch")
        for message in (whole, patch):
            sent = json.loads(message["data"])["now"]
            assert abs(sent - time.time() * 1000) < 2_000


def test_serve_board_without_a_day_says_so(tmp_path, capsys):
    assert server.serve_board(tmp_path / "none.json", port=0, lan=False) == 1
    assert "no day at" in capsys.readouterr().err


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM])
def test_the_board_command_serves_announces_and_stops_cleanly(day, how):
    with BoardProcess(day) as board:
        assert running_board(day) == board.url
        page = httpx.get(board.url, timeout=5)
        assert page.status_code == 200 and "托球跑" in page.text
        with socket.socket() as busy:
            busy.bind(("127.0.0.1", 0))
            busy.listen()
            taken = busy.getsockname()[1]
            code = server.serve_board(day, port=taken, lan=False)
        assert code == 1
        assert board.interrupt(how) == 0
    assert running_board(day) is None and not beacon_path(day).exists()
