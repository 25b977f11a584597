"""The board on a TV, in the call room and on a phone, in headless Chromium.

The kiosk must show every placed athlete of the largest event on one screen
or on pages it turns itself, never scrolled, at both common TV sizes, with
the bundled sample day and with a day of 200 athletes. Running heats show a
clock the page ticks itself: no request and no message from the server per
tick, and right even on a phone whose own clock is an hour off.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.support.boardkit import (
    LiveBoard,
    generated_day,
    largest_event,
    load,
    mark_dns,
    open_live,
    record_every_lane,
    start_heat,
)
from timing_console.model import Day
from timing_console.words import Words

RACE = "paddle-ball-run"
COUNT = "bean-moving"
SOON = 2_000
TV_SIZES = [(1920, 1080), (1280, 720)]
BAND = 0.12
"""The most of the screen's height the kiosk's header may take (it took a third)."""

VISIBLE = """event => {
  const box = document.getElementById("events").getBoundingClientRect();
  const inside = r => r.height > 0 && r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5
    && r.left >= 0 && r.right <= innerWidth && r.bottom <= innerHeight;
  const rows = [...document.querySelectorAll(`#ev-${event} tbody tr`)].filter(row => {
    const name = row.querySelector(".name").getBoundingClientRect();
    const who = row.querySelector(".who").getBoundingClientRect();
    return inside(row.getBoundingClientRect()) && name.right <= who.right + 0.5;
  });
  return {page: document.body.dataset.kioskPage, bibs: rows.map(row => row.dataset.bib)};
}"""
"""The bibs of the rows wholly on screen, each with its name uncut, and the page shown."""

FITS = """() => {
  const page = document.scrollingElement;
  return page.scrollHeight <= innerHeight && page.scrollWidth <= innerWidth;
}"""

SECONDS = """text => {
  const [minutes, seconds] = text.trim().split(":");
  return Number(minutes) * 60 + Number(seconds);
}"""


@pytest.fixture(scope="module", params=["sample", "200 athletes"])
def tv_day(request, tmp_path_factory, sample_day) -> Iterator[tuple[Path, str]]:
    """A day with every lane of its largest event recorded: the bundled sample, or 200."""
    folder = tmp_path_factory.mktemp("tv")
    db = folder / "day.json"
    day: Day
    if request.param == "sample":
        day = sample_day
        load(db, day)
    else:
        day = generated_day(folder / "files", db, athletes=200)
    event = largest_event(day).id
    record_every_lane(db, day, event)
    yield db, event


def placed(url: str, event: str) -> set[str]:
    """Bibs with a place, as `/api/standings` (the command line's JSON) lists them."""
    rows = httpx.get(f"{url}api/standings/{event}", timeout=5).json()
    return {r["bib"] for r in rows if r["place"] is not None}


@pytest.mark.parametrize(("width", "height"), TV_SIZES)
def test_the_kiosk_shows_every_placed_athlete_of_the_largest_event_without_scrolling(
    new_page: Callable[..., Page], tv_day: tuple[Path, str], width: int, height: int
) -> None:
    db, event = tv_day
    with LiveBoard(db, share=True) as live:
        expected = placed(live.url, event)
        page = new_page(width, height)
        open_live(page, f"{live.url}kiosk?event={event}&cycle=2")
        card = page.locator(f"#ev-{event}")
        expect(card).to_be_visible()
        pages = int(card.get_attribute("data-pages") or "0")
        assert pages >= 1
        seen: set[str] = set()
        for n in range(pages):
            expect(page.locator("body")).to_have_attribute("data-kiosk-page", str(n))
            shown = page.evaluate(VISIBLE, event)
            assert shown["page"] == str(n)
            assert page.evaluate(FITS), "the kiosk scrolls"
            seen |= set(shown["bibs"])
        assert expected <= seen
        band = page.locator("header.top").bounding_box()
        assert band is not None and band["height"] <= BAND * height
        assert page.locator("header .qr svg").is_visible()
        page.close()  # the stream ends before the server does


def test_a_small_event_is_drawn_large_on_one_page(new_page, day, sample_day):
    """Five results on a TV: one page, and type far larger than the 200-athlete day's."""
    record_every_lane(day, sample_day, "free-throw")
    with LiveBoard(day) as live:
        page = new_page(1920, 1080)
        open_live(page, f"{live.url}kiosk?event=free-throw")
        assert page.locator("#ev-free-throw").get_attribute("data-pages") == "1"
        size = page.locator("#ev-free-throw tbody").evaluate(
            "n => parseFloat(getComputedStyle(n).fontSize)"
        )
        assert size >= 1080 / 30
        page.close()


def test_the_call_room_shows_the_heat_on_now_and_crosses_out_absentees(page, day, sample_day):
    absent = sample_day.lineup(RACE, 1)[1]
    mark_dns(day, RACE, 1, absent.lane)
    start_heat(day, RACE, 1)
    with LiveBoard(day) as live:
        open_live(page, live.url + "callroom")
        now = page.locator(f"#st-{RACE} .call-now")
        expect(now).to_have_attribute("data-heat", "1")
        expect(now.locator(".clock")).to_be_visible()
        for entry in sample_day.lineup(RACE, 1):
            row = now.locator(f"tr[data-bib='{entry.bib}']")
            expect(row.locator(".name")).to_be_visible()
            line = row.locator(".who").evaluate("n => getComputedStyle(n).textDecorationLine")
            assert ("line-through" in line) is (entry.bib == absent.bib)
        # marked absent while the page is open: crossed out in the heat called next, live
        following = page.locator(f"#st-{RACE} .call-next")
        expect(following).to_have_attribute("data-heat", "2")
        late = sample_day.lineup(RACE, 2)[0]
        mark_dns(day, RACE, 2, late.lane)
        expect(following.locator(f"tr[data-bib='{late.bib}']")).to_have_class(
            re.compile(r"\bdns\b"), timeout=SOON
        )
        assert page.evaluate("window.sameDocument === true")
        page.close()


def test_the_announcer_calls_the_next_heat_to_the_start(page, day, sample_day):
    start_heat(day, RACE, 1)
    with LiveBoard(day) as live:
        open_live(page, live.url + "announcer")
        call = page.locator(f"#calls li[data-event='{RACE}']")
        expect(call).to_contain_text(Words("zh")("board_call", n=2))
        expect(call).to_contain_text(Words("en")("board_call", n=2))
        page.close()


@pytest.mark.parametrize(
    ("path", "clock"),
    [
        ("", "#running .clock"),
        ("kiosk", "#running .clock"),
        ("callroom", f"#st-{RACE} .call-now .clock"),
    ],
)
def test_a_race_clock_ticks_in_the_page_without_the_server(new_page, day, path, clock):
    """An hour-fast phone still shows the race time: the page counts from the gun on the
    laptop's clock, corrected by the server's time on each message, and asks nothing per tick."""
    page = new_page(390, 844) if path == "callroom" else new_page()
    page.add_init_script("(() => { const real = Date.now; Date.now = () => real() + 3600e3; })()")
    network = page.context.new_cdp_session(page)
    network.send("Network.enable")
    messages: list[object] = []

    def heard(message: object) -> None:  # playwright calls back a function of ours, not a builtin
        messages.append(message)

    network.on("Network.eventSourceMessageReceived", heard)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    start_heat(day, RACE, 1)
    gun = time.time()
    with LiveBoard(day) as live:
        open_live(page, live.url + path)
        face = page.locator(clock)
        expect(face).to_be_visible()
        requests.clear()
        messages.clear()
        first = page.evaluate(SECONDS, face.text_content())
        page.wait_for_function(
            f"([sel, was]) => ({SECONDS})(document.querySelector(sel).textContent) >= was + 0.5",
            arg=[clock, first],
        )
        second = page.evaluate(SECONDS, face.text_content())
        now = time.time() - gun
        assert requests == [] and messages == []
        assert first < second <= now + 0.2
        assert second > now - 1.5  # an hour-fast clock uncorrected would show 60 minutes
        page.close()


def test_a_countdown_counts_down_from_its_length(page, day, sample_day):
    length = sample_day.event(COUNT).duration_s
    assert length is not None
    start_heat(day, COUNT, 1)
    gun = time.time()
    with LiveBoard(day) as live:
        open_live(page, live.url)
        face = page.locator(f"#running .run-chip[data-event='{COUNT}'] .clock")
        first = page.evaluate(SECONDS, face.text_content())
        page.wait_for_function(
            f"([sel, was]) => ({SECONDS})(document.querySelector(sel).textContent) < was",
            arg=[f"#running .run-chip[data-event='{COUNT}'] .clock", first],
            timeout=3_000,
        )
        left = page.evaluate(SECONDS, face.text_content())
        assert left < first <= length
        assert abs(left - (length - (time.time() - gun))) <= 1.5
        page.close()


@pytest.mark.parametrize("path", ["", "callroom", "kiosk", "announcer"])
def test_a_phone_never_scrolls_sideways(new_page, day, sample_day, path):
    mark_dns(day, RACE, 2, sample_day.lineup(RACE, 2)[0].lane)
    start_heat(day, RACE, 1)
    start_heat(day, COUNT, 1)
    with LiveBoard(day, share=True) as live:
        page = new_page(390, 844)
        open_live(page, live.url + path)
        width = page.evaluate("document.scrollingElement.scrollWidth")
        page.close()
    assert width <= 390
