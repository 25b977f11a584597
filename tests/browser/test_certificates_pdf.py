"""Certificates printed by headless Chromium, read back from the PDF (issue 10).

One A4 landscape page per certificate, in the order the prize table hands
them out, with the Chinese text really printed (it extracts as Chinese).
"""

from __future__ import annotations

import re

from tests.support.bookkit import fill
from tests.support.browserkit import pdf_page_sizes, pdf_pages, print_pdf
from timing_console.model import CATALOGUE
from timing_console.rules.awards import participation_list, prize_list
from timing_console.rules.ranking import rank_all
from timing_console.web.printing.certificates import write_certificates
from timing_console.web.printing.shared import place_zh

A4_LANDSCAPE = (842, 595)


def printed(repo, tmp_path, *, participation=False, blank=False):
    html = tmp_path / "certificates.html"
    count = write_certificates(repo, html, participation=participation, blank_background=blank)
    pdf = print_pdf(html, tmp_path / "certificates.pdf", tmp_path / "profile")
    return count, pdf, pdf_pages(pdf)


def squeezed(text):
    """Page text without the spaces letter-spacing puts between characters.

    Digits may come out on a line of their own (they are set in the Latin font,
    on its own baseline), so titles are compared piece by piece.
    """
    return "".join(text.split())


def test_one_landscape_page_per_prize_in_prize_list_order(repo, tmp_path):
    fill(repo)
    day = repo.require_day()
    prizes = prize_list(rank_all(day, repo.attempts()))
    count, pdf, pages = printed(repo, tmp_path)
    assert count == len(pages) == len(prizes) > 10
    assert all(
        abs(w - A4_LANDSCAPE[0]) < 1 and abs(h - A4_LANDSCAPE[1]) < 1
        for w, h in pdf_page_sizes(pdf)
    )
    for text, prize in zip(pages, prizes, strict=True):
        page = squeezed(text)
        assert prize.name in page and prize.unit in page
        assert CATALOGUE[prize.event].zh in page and place_zh(prize.place) in page
        assert all(part in page for part in re.split(r"(\d+)", day.title) if part)
        assert "荣誉证书" in page


def test_participation_adds_a_page_per_participant_after_the_prizes(repo, tmp_path):
    fill(repo)
    day = repo.require_day()
    prizes = prize_list(rank_all(day, repo.attempts()))
    people = participation_list(day, repo.attempts())
    count, _, pages = printed(repo, tmp_path, participation=True)
    assert count == len(pages) == len(prizes) + len(people)
    names = [p.name for p in prizes] + [r.name for r in people]
    assert [squeezed(t).count(n) >= 1 for t, n in zip(pages, names, strict=True)] == [True] * count
    assert all("纪念奖" in squeezed(t) for t in pages[len(prizes) :])


def test_blank_background_prints_the_same_pages_with_text_only(repo, tmp_path):
    fill(repo)
    prizes = prize_list(rank_all(repo.require_day(), repo.attempts()))
    count, pdf, pages = printed(repo, tmp_path, blank=True)
    assert count == len(pages) == len(prizes)
    assert len(pdf_page_sizes(pdf)) == count
    for text, prize in zip(pages, prizes, strict=True):
        page = squeezed(text)
        assert prize.name in page and place_zh(prize.place) in page
        assert "荣誉证书" not in page and "特发此证" not in page


def test_every_printed_page_names_its_issuer_and_a_practice_day_says_so(repo, tmp_path):
    fill(repo)
    day = repo.require_day()
    assert day.practice and day.organiser
    for blank in (False, True):
        _, pdf, pages = printed(repo, tmp_path, blank=blank)
        assert pages
        for text in pages:
            lines = [squeezed(line) for line in text.splitlines()]
            assert day.organiser in lines  # its own line, above the date
        drawn = pdf_pages(pdf, layout=False)  # the mark is set at a slant
        assert len(drawn) == len(pages) and all("练习PRACTICE" in squeezed(t) for t in drawn)
