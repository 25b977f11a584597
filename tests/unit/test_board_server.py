"""The board's routes: the pages, the JSON the CLI prints, and nothing a visitor can change.

Starlette's TestClient drives the app without its lifespan, so no follow
loop runs: a test takes the loop's step itself (`catch_up`), and what a page
shows is decided by what was saved before that step. The live loop is tested
over a real socket in `test_board_live`. The traversal cases go to the app
as raw ASGI paths, because an HTTP client tidies `..` away before sending.
"""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.support.boardkit import SCRIPT, UNIT, close_heat, lane_of, load, record, with_script_name
from timing_console.cli import main
from timing_console.model import CATALOGUE
from timing_console.rules.ranking import rank_all
from timing_console.rules.report import standings_records
from timing_console.stations.view import open_view
from timing_console.web.board import server
from timing_console.web.board.qr import qr_svg
from timing_console.web.board.server import ServedDay, create_app
from timing_console.words import both

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")

RACE = "paddle-ball-run"
URL = "http://127.0.0.1:8765/"
LAN = "http://192.168.1.20:8765/"


@pytest.fixture
def day(db_path, sample_day):
    load(db_path, sample_day)
    lanes = {bib: lane_of(sample_day, RACE, 1, bib) for bib in ("901", "602", "802", "501")}
    record(db_path, RACE, 1, lanes["901"], "12.341")
    record(db_path, RACE, 1, lanes["602"], "12.35")  # 12.341 rounds up: a shared place
    record(db_path, RACE, 1, lanes["802"], "DQ")
    record(db_path, RACE, 1, lanes["501"], "11.90")
    record(db_path, RACE, 1, lanes["501"], "11.95", reason="stopwatch re-read")
    record(db_path, "rope-skipping", 1, 1, "120")
    return db_path


@pytest.fixture
def board(day):
    return ServedDay(day, url=URL)


@pytest.fixture
def client(board):
    return TestClient(create_app(board))


def catch_up(board):
    """The follow loop's one step: read what was saved, publish the new board."""
    view = board.refresh()
    assert view is not None, "the board saw no change"
    board.hub.publish(view)
    return view


def cli_json(capsys, db, *event):
    assert main(["standings", *event, "--format", "json", "--db", str(db)]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("key", ["paddle-ball-run", "托球跑", "Paddle-ball run", "rope-skipping"])
def test_api_standings_answers_what_the_cli_prints(client, day, capsys, key):
    response = client.get(f"/api/standings/{key}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.text + "\n" == cli_json(capsys, day, key)
    assert json.loads(response.text)  # and it is not an empty list


def test_api_standings_of_the_whole_day_and_the_records_function(client, day, capsys):
    response = client.get("/api/standings")
    assert response.text + "\n" == cli_json(capsys, day)
    repo = open_view(day, readonly=True)
    expected = standings_records(rank_all(repo.require_day(), repo.attempts()))
    assert response.json() == json.loads(json.dumps(expected, ensure_ascii=False))


def test_api_standings_of_an_unknown_event_is_404(client):
    response = client.get("/api/standings/no-such-event")
    assert response.status_code == 404 and "no-such-event" in response.json()["error"]


@pytest.mark.parametrize("path", ["/", "/kiosk", "/announcer", "/callroom"])
def test_pages_render_the_day_chinese_first(client, path, sample_day):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert sample_day.title in html and '<html lang="zh-CN">' in html
    # without --lan no phone can reach it: no QR code, and how to share instead
    assert "<svg" not in html and both("board_share_hint", sep=" · ") in html
    assert re.findall(r"<script\b[^>]*>", html) == ['<script src="/static/board.js" defer>']
    assert "http://" not in html  # nothing fetched, no address a phone cannot open


@pytest.mark.parametrize("path", ["/", "/kiosk", "/announcer", "/callroom"])
def test_the_qr_code_is_of_the_lan_address_only(day, path):
    html = TestClient(create_app(ServedDay(day, url=URL, share=LAN))).get(path).text
    assert qr_svg(LAN) in html and LAN in html
    assert URL not in html and both("board_share_hint", sep=" · ") not in html


def test_the_lan_address_is_shared_only_with_lan(monkeypatch):
    monkeypatch.setattr(server, "lan_address", lambda: "192.168.1.20")
    assert server.addresses(8765, lan=True) == (URL, LAN)
    assert server.addresses(8765, lan=False) == (URL, None)
    monkeypatch.setattr(server, "lan_address", lambda: None)  # --lan on a laptop on no network
    assert server.addresses(8765, lan=True) == (URL, None)


def test_the_board_page_shows_places_ties_voids_prizes_and_corrections(client):
    html = client.get("/").text
    race = html[html.index('id="ev-paddle-ball-run"') :]
    race = race[: race.index("</section>")]
    rows = re.findall(r"<tr class=\"([^\"]*)\" data-bib=\"(\d+)\">(.*?)</tr>", race)
    assert [bib for _, bib, _ in rows] == ["501", "602", "901", "802"]  # ties by bib
    classes = {bib: cls for cls, bib, _ in rows}
    cells = {bib: cell for _, bib, cell in rows}
    assert "✎" in cells["501"] and "is-corrected" in classes["501"]
    assert "✎" not in cells["901"]
    assert '<td class="place">2<span class="shared"' in cells["901"]
    assert '<td class="place">2<span class="shared"' in cells["602"]
    assert "DQ" in cells["802"] and "取消资格" in cells["802"] and classes["802"] == "void"
    assert classes["901"] == "prize" and "★" in cells["901"]
    assert "已完成 0 / 13 组" in html


def test_the_programme_shows_each_heats_phase(client, board, day):
    done = 'class="heat phase-done" title="第1组 已完成 · heat 1 done"'
    assert done not in client.get("/").text
    close_heat(day, RACE, 1)
    catch_up(board)
    assert done in client.get("/").text


def test_the_announcer_lists_the_latest_closed_heat_in_result_order(client, board, day, sample_day):
    assert "尚无已完成的组" in client.get("/announcer").text
    close_heat(day, "rope-skipping", 1)
    view = catch_up(board)
    announced = view.data["announcer"]
    assert (announced["event"], announced["heat"]) == ("rope-skipping", 1)
    html = client.get("/announcer").text
    assert "一分钟跳绳 第1组" in html
    close_heat(day, RACE, 1)
    catch_up(board)
    html = client.get("/announcer").text
    rows = re.findall(r'<td class="order">(\d+)</td><td class="lane">(\d+)</td>', html)
    lanes = [lane_of(sample_day, RACE, 1, bib) for bib in ("501", "602", "901", "802")]
    [empty] = [e.lane for e in sample_day.lineup(RACE, 1) if e.lane not in lanes]
    # closing made the lane with no result a DNF, listed before the DQ (voids in code order)
    assert [int(lane) for _, lane in rows] == [*lanes[:3], empty, lanes[3]]
    assert "托球跑 第1组" in html


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
@pytest.mark.parametrize(
    "path", ["/", "/api/standings/托球跑", "/events", "/static/board.js", "/x"]
)
def test_any_method_but_get_and_head_is_refused(client, method, path):
    response = client.request(method, path)
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD"


def test_head_answers_like_get_without_a_body(client, board):
    response = client.head("/")
    assert response.status_code == 200 and response.content == b""
    response = client.head("/events")
    assert response.status_code == 200 and response.content == b""
    assert response.headers["content-type"].startswith("text/event-stream")
    assert board.hub.clients == 0  # nothing subscribed for a stream that never started


def test_every_response_carries_the_content_security_policy(client):
    for path in ("/", "/static/board.css", "/nothing-here", "/api/state"):
        policy = client.get(path).headers["content-security-policy"]
        assert "script-src 'self'" in policy and "default-src 'none'" in policy


def test_a_script_name_is_text_never_markup(db_path, sample_day):
    day = with_script_name(sample_day, "901")
    load(db_path, day)
    record(db_path, RACE, 1, lane_of(day, RACE, 1, "901"), "12.00")
    test_client = TestClient(create_app(ServedDay(db_path, url=URL)))
    for path in ("/", "/kiosk", "/callroom"):
        html = test_client.get(path).text
        assert SCRIPT not in html and UNIT not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "&lt;img src=x onerror=alert(2)&gt;" in html
    assert test_client.get("/api/state").json()["events"][0]["rows"][0]["name"] == SCRIPT


def asgi_get(app, raw_path: bytes) -> tuple[int, bytes]:
    """GET a path exactly as given (the server decodes %2e and %2f before routing)."""
    from urllib.parse import unquote_to_bytes

    sent: list[dict[str, Any]] = []
    requested = False

    async def receive():
        nonlocal requested
        if not requested:
            requested = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.Event().wait()  # the client stays: a response may listen for it to leave
        raise AssertionError("unreachable")

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": unquote_to_bytes(raw_path).decode("latin-1"),
        "raw_path": raw_path,
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"127.0.0.1")],
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8765),
    }
    asyncio.run(app(scope, receive, send))
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, body


TRAVERSALS = [
    b"/static/../../pyproject.toml",
    b"/static/../../../../pyproject.toml",
    b"/static/..%2f..%2f..%2f..%2fpyproject.toml",
    b"/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/pyproject.toml",
    b"/static/..%5c..%5c..%5c..%5cpyproject.toml",
    b"/static/../server.py",
    b"/static/%2e%2e%2fserver.py",
    b"/static//etc/passwd",
    b"/static/%2fetc%2fpasswd",
    b"/static/../templates/base.html",
]


@pytest.mark.parametrize("raw_path", TRAVERSALS)
def test_nothing_outside_static_is_ever_served(day, raw_path):
    app = create_app(ServedDay(day, url=URL))
    status, body = asgi_get(app, raw_path)
    assert status == 404
    assert b"[project]" not in body and b"root:" not in body and b"import" not in body


def test_the_static_files_themselves_are_served(day):
    app = create_app(ServedDay(day, url=URL))
    status, body = asgi_get(app, b"/static/board.js")
    assert status == 200 and b"textContent" in body
    assert b"innerHTML" not in body  # data is never written as markup


def test_every_event_has_a_card(client):
    html = client.get("/").text
    assert [e for e in CATALOGUE if f'id="ev-{e}"' in html] == list(CATALOGUE)
