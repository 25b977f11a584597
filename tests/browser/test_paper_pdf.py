"""Score sheets and the programme booklet printed by headless Chromium, read back (issue 22).

A timekeeper gets paper, so these check the PDF: one A4 page per heat with
every lane's bib and name on it (in Chinese, so a CJK font really printed),
the shot boxes of the free throws numbered as the rule has them, the lines to
sign; the booklet with every unit, every athlete and every heat's lanes.
Pages are read in drawing order (`pdftotext -raw`): a table row is one line,
and the slanted PRACTICE mark does not cut into it.
"""

from __future__ import annotations

from tests.support.browserkit import pdf_page_sizes, pdf_pages, print_pdf
from timing_console.model import EventKind
from timing_console.web.printing.booklet import write_booklet
from timing_console.web.printing.shared import seats
from timing_console.web.printing.sheets import score_sheets, write_sheets
from timing_console.words import text

A4_PORTRAIT = (595, 842)


def printed(tmp_path, html):
    pdf = print_pdf(html, html.with_suffix(".pdf"), tmp_path / "profile")
    assert all(
        abs(w - A4_PORTRAIT[0]) < 1 and abs(h - A4_PORTRAIT[1]) < 1 for w, h in pdf_page_sizes(pdf)
    )
    return pdf_pages(pdf, layout=False)


def lines(page):
    return [" ".join(line.split()) for line in page.splitlines()]


def test_one_a4_page_per_heat_with_its_lanes_and_the_lines_to_sign(repo, tmp_path):
    day = repo.require_day()
    html = tmp_path / "sheets.html"
    count = write_sheets(repo, html, lang="zh")
    pages = printed(tmp_path, html)
    sheets = score_sheets(day)
    assert count == len(pages) == len(sheets) > 10
    for page, sheet in zip(pages, sheets, strict=True):
        rows = lines(page)
        assert f"{sheet.spec.order}. {sheet.spec.zh}{sheet.spec.en}" in rows
        assert any(r.startswith(f"组次Heat {sheet.heat} ") for r in rows)
        for seat in sheet.seats:
            assert f"{seat.lane} {seat.bib} {seat.name} {seat.unit}" in rows
        assert "计时员Timekeeper 记录员Recorder" in rows
        assert f"timing-console close {sheet.spec.id} {sheet.heat}" in rows
        assert "练习PRACTICE" in rows


def test_free_throw_sheets_have_a_numbered_box_per_shot_for_every_lane(repo, tmp_path):
    day = repo.require_day()
    spec = day.event("free-throw")
    assert spec.kind is EventKind.SHOTS and spec.shots == 10
    html = tmp_path / "sheets.html"
    write_sheets(repo, html, lang="en", event_id=spec.id)
    pages = printed(tmp_path, html)
    assert len(pages) == len(day.heat_numbers(spec.id))
    numbered = " ".join(str(n) for n in range(1, spec.shots + 1))
    for page, heat in zip(pages, day.heat_numbers(spec.id), strict=True):
        lanes = seats(day, spec.id, heat)
        assert lines(page).count(numbered) == len(lanes) + 1  # each lane's boxes, the heading
        assert text("paper.shots", "en") in page


def test_race_sheets_have_the_tallies_and_the_foul_box_the_rules_have(repo, tmp_path):
    html = tmp_path / "sheets.html"
    write_sheets(repo, html, lang="en")
    pages = printed(tmp_path, html)
    by_event: dict[str, str] = {}
    for page, sheet in zip(pages, score_sheets(repo.require_day()), strict=True):
        by_event.setdefault(sheet.spec.id, page)
    heads = {e: " ".join(lines(p)) for e, p in by_event.items()}
    assert "Restarts" in heads["paddle-ball-run"] and "Foul" not in heads["paddle-ball-run"]
    assert "Drops" in heads["knee-ball-walk"] and "Foul" in heads["knee-ball-walk"]
    assert "Foul" in heads["stepping-stones"] and "Drops" not in heads["stepping-stones"]
    assert not any(w in heads["rope-skipping"] for w in ("Restarts", "Drops", "Foul"))


def test_the_booklet_prints_every_unit_athlete_and_heat(repo, tmp_path):
    day = repo.require_day()
    html = tmp_path / "programme.html"
    write_booklet(repo, html, lang="zh")
    pages = printed(tmp_path, html)
    everything = "\n".join(pages)
    assert "秩序册" in pages[0] and day.venue in pages[0] and day.organiser in pages[0]
    for athlete in day.athletes:
        assert athlete.unit in everything
        row = f"{athlete.bib} {athlete.name} {athlete.role} "
        assert any(r.startswith(row) for p in pages for r in lines(p)), athlete.bib
    starts = [
        next(i for i, p in enumerate(pages) if i > 0 and heading in lines(p))  # not the cover
        for heading in (f"{spec.order}. {spec.zh}{spec.en}" for spec in day.events())
    ]
    assert starts == sorted(starts)
    for spec, first, end in zip(day.events(), starts, [*starts[1:], len(pages)], strict=True):
        rows = [r for p in pages[first:end] for r in lines(p)]
        for heat in day.heat_numbers(spec.id):
            assert f"第{heat}组heat {heat}" in rows
            for seat in seats(day, spec.id, heat):
                assert f"{seat.lane} {seat.bib} {seat.name} {seat.unit}" in rows
