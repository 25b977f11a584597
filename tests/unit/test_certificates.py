"""Award certificates (issue 10): one landscape page per prize, then per participant if asked."""

from __future__ import annotations

import html as htmllib
import os
import re
import stat

import pytest

from tests.support.bookkit import RACE, enter, fill, renamed
from timing_console.cli import main
from timing_console.dayio.dayfile import bundled_day_path, read_day
from timing_console.model import CATALOGUE
from timing_console.rules.awards import participation_list, prize_list
from timing_console.rules.ranking import rank_all
from timing_console.stations.view import open_view
from timing_console.store.errors import StoreError
from timing_console.web.printing.certificates import FIELD_MM, NAME_SPACING_EM, write_certificates
from timing_console.web.printing.shared import place_en, place_zh, zh_number

PAGE = re.compile(r'<div class="page (blank|decorated) (prize|participation)">(.*?)\n</div>', re.S)


def field(page: str, name: str) -> list[str]:
    found = re.search(rf'class="field f-{name}"[^>]*>(.*?)</div>', page, re.S)
    assert found, name
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", found.group(1))).split()


def pages(path):
    return PAGE.findall(path.read_text(encoding="utf-8"))


def test_one_page_per_prize_in_prize_list_order(repo, tmp_path):
    fill(repo)
    out = tmp_path / "certificates.html"
    prizes = prize_list(rank_all(repo.require_day(), repo.attempts()))
    written = write_certificates(repo, out, participation=False, blank_background=False)
    found = pages(out)
    assert written == len(found) == len(prizes) > 10
    assert [field(p, "name") for _, _, p in found] == [[p.name] for p in prizes]
    for (_, kind, page), prize in zip(found, prizes, strict=True):
        spec = CATALOGUE[prize.event]
        assert kind == "prize"
        assert field(page, "unit") == [prize.unit]
        assert field(page, "events") == [spec.zh, *spec.en.split()]
        assert field(page, "award") == [place_zh(prize.place), *place_en(prize.place).split()]
        assert field(page, "title") == [repo.require_day().title]


def test_participation_adds_one_page_per_participant_after_the_prizes(repo, tmp_path):
    fill(repo)
    out = tmp_path / "certificates.html"
    day = repo.require_day()
    prizes = prize_list(rank_all(day, repo.attempts()))
    people = participation_list(day, repo.attempts())
    written = write_certificates(repo, out, participation=True, blank_background=False)
    found = pages(out)
    assert written == len(found) == len(prizes) + len(people)
    assert [k for _, k, _ in found] == ["prize"] * len(prizes) + ["participation"] * len(people)
    tail = found[len(prizes) :]
    assert [field(p, "name") for _, _, p in tail] == [[r.name] for r in people]
    assert all("纪念奖" in field(p, "award") for _, _, p in tail)
    first = people[0]
    assert field(tail[0][2], "events")[0] == "、".join(CATALOGUE[e].zh for e in first.events)


def test_blank_background_prints_only_the_text_at_the_same_places(repo, tmp_path):
    fill(repo)
    plain, blank = tmp_path / "plain.html", tmp_path / "blank.html"
    write_certificates(repo, plain, participation=False, blank_background=False)
    write_certificates(repo, blank, participation=False, blank_background=True)
    text = blank.read_text(encoding="utf-8")
    assert {style for style, _, _ in pages(blank)} == {"blank"}
    for absent in ('class="frame"', "荣誉证书", "特发此证", "field f-heading", "page decorated"):
        assert absent not in text
    assert "荣誉证书" in plain.read_text(encoding="utf-8")
    for (_, _, a), (_, _, b) in zip(pages(plain), pages(blank), strict=True):
        for name in ("title", "name", "unit", "events", "award", "date"):
            assert field(a, name) == field(b, name)
    assert "size: A4 landscape" in text


def test_names_are_text_and_nothing_is_fetched(db_path, sample_day, tmp_path):
    from timing_console.stations.view import open_view

    bib = sample_day.lineup(RACE, 1)[0].bib
    repo = open_view(db_path)
    try:
        repo.load_day(renamed(sample_day, bib, "<img src=x onerror=alert(1)>"))
        enter(repo, RACE, 1, 1, "12.34")
        enter(repo, RACE, 1, 2, "12.50")
        out = tmp_path / "c.html"
        write_certificates(repo, out, participation=True, blank_background=False)
    finally:
        repo.close()
    text = out.read_text(encoding="utf-8")
    assert "<img" not in text and "&lt;img src=x onerror=alert(1)&gt;" in text
    for banned in ("http://", "https://", "url(", "@import", "<link", "<script", "src="):
        assert banned not in text.replace("&lt;img src=x", "")


def test_a_long_name_shrinks_to_its_line_rather_than_running_into_the_next(db_path, sample_day):
    from timing_console.stations.view import open_view
    from timing_console.web.printing.certificates import certificates

    bib = sample_day.lineup(RACE, 1)[0].bib
    repo = open_view(db_path)
    try:
        repo.load_day(renamed(sample_day, bib, "欧阳" * 12))
        enter(repo, RACE, 1, 1, "12.34")
        [page] = certificates(repo, participation=False)
    finally:
        repo.close()
    assert 14 < page.name_pt < 40
    assert page.name_pt * 24 * (1 + NAME_SPACING_EM) * 25.4 / 72 <= FIELD_MM


@pytest.mark.skipif(os.name == "nt", reason="Windows has no POSIX modes")
def test_the_command_writes_a_readable_file_and_counts_its_pages(repo, db_path, tmp_path, capsys):
    fill(repo)
    out = tmp_path / "c.html"
    assert main(["certificates", str(out), "--participation", "--db", str(db_path)]) == 0
    said = capsys.readouterr()
    assert said.out.strip() == f"{out}: {len(pages(out))} pages"
    assert said.err == ""  # every heat closed: nothing to warn about
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_certificates_of_a_day_still_running_come_with_a_warning(repo, db_path, tmp_path, capsys):
    """A prize list can change until the last heat closes: say so before anyone hands one out."""
    fill(repo, closed=False)
    out = tmp_path / "c.html"
    assert main(["certificates", str(out), "--db", str(db_path)]) == 0
    err = capsys.readouterr().err
    assert err.startswith("note: ") and "not closed" in err and len(err.splitlines()) == 1


def test_a_failed_write_leaves_the_old_certificates_whole(repo, tmp_path, monkeypatch):
    out = tmp_path / "c.html"
    write_certificates(repo, out, participation=False, blank_background=False)
    before = out.read_bytes()
    fill(repo)

    def refused(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refused)
    with pytest.raises(StoreError, match=r"c\.html"):
        write_certificates(repo, out, participation=True, blank_background=False)
    monkeypatch.undo()
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize(
    ("n", "zh", "en"),
    [
        (1, "第一名", "First place"),
        (6, "第六名", "Sixth place"),
        (10, "第十名", "10th place"),
        (12, "第十二名", "12th place"),
        (21, "第二十一名", "21st place"),
    ],
)
def test_places_are_written_as_a_certificate_says_them(n, zh, en):
    assert (place_zh(n), place_en(n)) == (zh, en)
    assert zh_number(20) == "二十"


def test_a_day_without_prizes_writes_no_certificate_and_says_so(repo, tmp_path):
    out = tmp_path / "c.html"
    assert write_certificates(repo, out, participation=True, blank_background=False) == 0
    assert pages(out) == [] and "暂无可打印的证书" in out.read_text(encoding="utf-8")


def test_every_page_names_its_issuer_the_day_file_s_organiser_or_the_notice_s(
    db_path, sample_day, tmp_path
):
    for organiser, shown in ((None, "区直单位工会"), ("趣味运动会组委会", "趣味运动会组委会")):
        day = sample_day.model_copy(update={"practice": False})
        if organiser is not None:
            day = day.model_copy(update={"organiser": organiser})
        db = tmp_path / (organiser or "default") / "day.json"
        view = open_view(db)
        try:
            view.load_day(day)
            fill(view)
            out = db.with_name("certificates.html")
            write_certificates(view, out, participation=True, blank_background=True)
        finally:
            view.close()
        found = pages(out)
        assert found and all(field(page, "issuer") == [shown] for _, _, page in found)
        assert 'class="field f-practice"' not in out.read_text(encoding="utf-8")


def test_a_practice_day_s_certificates_say_practice_on_every_page(repo, tmp_path):
    assert repo.require_day().practice  # the bundled sample is the practice day
    fill(repo)
    out = tmp_path / "certificates.html"
    for blank in (False, True):
        write_certificates(repo, out, participation=False, blank_background=blank)
        found = pages(out)
        assert found and all(
            field(page, "practice") == ["练习", "PRACTICE"] for _, _, page in found
        )


def test_the_day_file_names_the_organiser(tmp_path):
    sample = bundled_day_path()
    source = sample.parent
    for name in ("entries.csv", "heats.csv"):
        (tmp_path / name).write_bytes((source / name).read_bytes())
    toml = sample.read_text(encoding="utf-8")
    (tmp_path / "day.toml").write_text(f'organiser = "教育工会"\n{toml}', encoding="utf-8")
    assert read_day(tmp_path / "day.toml")[0].organiser == "教育工会"
    assert read_day(sample)[0].organiser == "区直单位工会"
