"""The live board in a real browser: headless Chromium shows each save without a reload.

The board is the real server (uvicorn in a thread, or `timing-console board`
as its own process); results are saved through the store as the console
saves them; playwright's `expect` waits for the page to show them, so no
test sleeps. Each test marks the page's window and checks the mark is still
there at the end: the page caught up by itself, never by reloading.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.support.boardkit import (
    SCRIPT,
    UNIT,
    BoardProcess,
    LiveBoard,
    close_heat,
    lane_of,
    load,
    open_live,
    record,
    with_script_name,
)

RACE = "paddle-ball-run"
SOON = 2_000
"""A saved result must show within this many ms (the issue asks for a second; CI is slow)."""


def same_document(page: Page) -> bool:
    return bool(page.evaluate("window.sameDocument === true"))


def row(page: Page, event: str, bib: str):
    return page.locator(f"#ev-{event} tr[data-bib='{bib}']")


def test_a_saved_result_appears_without_a_reload(page, day, sample_day):
    lane = lane_of(sample_day, RACE, 1, "901")
    with LiveBoard(day) as live:
        open_live(page, live.url)
        expect(row(page, RACE, "901")).to_have_count(0)
        record(day, RACE, 1, lane, "12.34")
        expect(row(page, RACE, "901")).to_contain_text("12.34", timeout=SOON)
        expect(row(page, RACE, "901").locator(".name")).to_have_text("何春燕")
        record(day, RACE, 1, lane, "12.43", reason="stopwatch re-read")
        expect(row(page, RACE, "901").locator(".corrected")).to_have_text("✎", timeout=SOON)
        expect(row(page, RACE, "901")).to_contain_text("12.43")
        close_heat(day, RACE, 1)
        chip = page.locator(f"#programme li[data-event='{RACE}'] .heat").first
        expect(chip).to_have_class(re.compile(r"\bphase-done\b"), timeout=SOON)
        assert same_document(page)


def test_after_the_board_restarts_the_page_shows_what_it_missed(page, day, sample_day):
    with BoardProcess(day) as first:
        open_live(page, first.url)
        port = first.port
        first.kill()  # the stream drops without a goodbye
    expect(page.locator("#live")).to_have_attribute("data-state", "reconnecting")
    record(day, RACE, 1, lane_of(sample_day, RACE, 1, "602"), "13.21")
    with BoardProcess(day, port) as second:
        expect(row(page, RACE, "602")).to_contain_text("13.21", timeout=6_000)
        expect(page.locator("#live")).to_have_attribute("data-state", "live")
        second.interrupt()
    assert same_document(page)


def test_a_script_name_shows_as_text(page, db_path, sample_day):
    day = with_script_name(sample_day, "901")
    load(db_path, day)
    lane = lane_of(day, RACE, 1, "901")
    record(db_path, RACE, 1, lane, "12.00")
    with LiveBoard(db_path) as live:
        open_live(page, live.url)  # drawn by the server, then redrawn by the script
        expect(row(page, RACE, "901").locator(".name")).to_have_text(SCRIPT)
        expect(row(page, RACE, "901").locator(".unit")).to_have_text(UNIT)
        record(db_path, RACE, 1, lane, "12.50", reason="re-read")  # drawn by the script alone
        expect(row(page, RACE, "901")).to_contain_text("12.50", timeout=SOON)
        expect(row(page, RACE, "901").locator(".name")).to_have_text(SCRIPT)
        assert page.locator("script").count() == 1  # ours, from /static
        assert page.locator("img").count() == 0
        assert same_document(page)


def test_the_kiosk_cycles_events_and_the_announcer_follows(page, day, sample_day):
    record(day, RACE, 1, lane_of(sample_day, RACE, 1, "901"), "12.34")
    record(day, "rope-skipping", 1, 1, "120")
    with LiveBoard(day) as live:
        page.goto(live.url + "kiosk?cycle=2")
        body = page.locator("body")
        expect(body).to_have_attribute("data-kiosk-event", RACE)
        expect(body).to_have_attribute("data-kiosk-event", "rope-skipping", timeout=4_000)
        expect(page.locator("#events .event:visible")).to_have_count(1)
        expect(page.locator("#ev-rope-skipping")).to_be_visible()
        open_live(page, live.url + "announcer")
        expect(page.locator("#announcer-title")).to_contain_text("尚无已完成的组")
        close_heat(day, RACE, 1)
        expect(page.locator("#announcer-title")).to_contain_text("托球跑 第1组", timeout=SOON)
        # closing made the heat's four lanes with no result DNF: they are announced after 901
        expect(page.locator("#announcer-rows tr")).to_have_count(5)
        expect(page.locator("#announcer-rows tr").first).to_contain_text("何春燕")
        expect(page.locator("#announcer-rows")).to_contain_text("DNF")
        assert same_document(page)
