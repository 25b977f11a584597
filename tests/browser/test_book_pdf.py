"""The results book printed by headless Chromium, read back from the PDF (issue 10).

What the officers get is paper, so these tests check the PDF, not the HTML:
the running PROVISIONAL mark on every page, Chinese text that extracts as
Chinese (a CJK font was really used), results in standings order, and table
headers repeated on every page a long table runs onto.
"""

from __future__ import annotations

import re

import pytest

from tests.support.bookkit import RACE, enter, fill
from tests.support.browserkit import pdf_page_sizes, pdf_pages, print_pdf
from timing_console.model import Athlete, LaneEntry
from timing_console.rules.awards import prize_list
from timing_console.rules.ranking import rank_all, rank_event
from timing_console.stations.view import open_view
from timing_console.web.printing.book import write_book
from timing_console.words import Words

A4_PORTRAIT = (595, 842)
ROPE = "rope-skipping"


def printed(repo, tmp_path, lang="zh"):
    html = tmp_path / "book.html"
    write_book(repo, html, lang=lang)
    pdf = print_pdf(html, tmp_path / "book.pdf", tmp_path / "profile")
    return pdf, pdf_pages(pdf)


def in_order(text, names):
    """Whether every name appears in `text`, each after the one before it."""
    at = 0
    for name in names:
        at = text.find(name, at)
        if at < 0:
            return False
        at += len(name)
    return True


def between(pages, start, end):
    """The pages from the one whose heading is `start` to the one before `end`'s (not the cover)."""
    first = next(i for i, p in enumerate(pages) if i > 0 and start in p)
    last = next(i for i, p in enumerate(pages) if i > first and end in p)
    return pages[first:last]


def test_a_provisional_book_says_so_on_every_page_in_chinese_and_english(repo, tmp_path):
    repo.load_day(repo.require_day().model_copy(update={"practice": False}))
    lanes = [e.lane for e in repo.require_day().lineup(RACE, 1)]
    for lane, result in zip(lanes, ("13.20", "12.10", "DQ", "12.80", "DNS"), strict=True):
        enter(repo, RACE, 1, lane, result)
    pdf, pages = printed(repo, tmp_path)
    assert len(pages) >= 11
    for number, text in enumerate(pages, start=1):
        assert "PROVISIONAL" in text and "成绩待定" in text, f"page {number}"
    assert all(
        abs(w - A4_PORTRAIT[0]) < 1 and abs(h - A4_PORTRAIT[1]) < 1 for w, h in pdf_page_sizes(pdf)
    )
    [race_page] = [p for p in pages if re.search(r"1\.\s*托球跑", p)]
    standings = rank_event(repo.require_day(), RACE, repo.attempts())
    names = [row.name for row in standings.rows if row.status is not None]
    assert in_order(race_page, names)
    assert re.search(r"12\.10", race_page) and "DQ" in race_page and "DNS" in race_page
    assert "总裁判" in race_page and "记录员" in race_page


def test_a_final_book_has_no_provisional_page_and_events_in_programme_order(repo, tmp_path):
    repo.load_day(repo.require_day().model_copy(update={"practice": False}))
    fill(repo)
    _, pages = printed(repo, tmp_path, lang="en")
    text = "\n".join(pages)
    assert "PROVISIONAL" not in text and "成绩待定" not in text
    day = repo.require_day()
    headings = [f"{spec.order}. {spec.en}" for spec in day.events()]
    firsts = [next(i for i, p in enumerate(pages) if i > 0 and h in p) for h in headings]
    assert firsts == list(range(1, len(headings) + 1))
    prizes = prize_list(rank_all(day, repo.attempts()))
    heading, next_heading = Words("en")("awards"), Words("en")("participation")
    prize_pages = "\n".join(between(pages, heading, next_heading))
    assert in_order(prize_pages, [p.name for p in prizes])
    assert re.search(r"[\u4e00-\u9fff]{2,}", prize_pages)


@pytest.fixture
def crowded(db_path, sample_day):
    """120 athletes in rope skipping, all closed: a results table of several pages."""
    athletes = tuple(
        Athlete(bib=str(1000 + i), name=f"选手{i:03d}", unit=f"第{i // 2:02d}工会", events=(ROPE,))
        for i in range(120)
    )
    lanes = tuple(
        LaneEntry(event=ROPE, heat=1 + i // 8, lane=1 + i % 8, bib=a.bib)
        for i, a in enumerate(athletes)
    )
    day = sample_day.model_copy(update={"athletes": athletes, "lanes": lanes, "practice": False})
    repo = open_view(db_path)
    repo.load_day(day)
    fill(repo)
    yield repo
    repo.close()


def test_long_tables_repeat_their_header_on_every_page(crowded, tmp_path):
    _, pages = printed(crowded, tmp_path)
    with_rows = [p for p in pages if "选手" in p]
    assert len(with_rows) >= 6
    for text in with_rows:
        assert "编号" in text and "Bib" in text and "姓名" in text
    rope_pages = [p for p in with_rows if "名次" in p and "获奖名单" not in p]
    assert len(rope_pages) >= 3
    standings = rank_event(crowded.require_day(), ROPE, crowded.attempts())
    assert in_order("\n".join(rope_pages), [row.name for row in standings.rows])
