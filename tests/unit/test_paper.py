"""Paper that comes back (issue 22): what each score sheet and the programme booklet hold.

The pure part, without a browser: one sheet per heat with the heat's lanes as
the day holds them, the boxes the event's rules call for, the commands that key
the sheet in; the booklet's units, athletes, rules and heats. The PDFs are
checked in `tests/browser/test_paper_pdf.py`, the loop back in
`tests/functional/test_paper_backup.py`.
"""

from __future__ import annotations

import re

import pytest

from tests.support.bookkit import sections
from tests.support.commands import cli, load_sample
from tests.support.paperkit import read_sheets
from timing_console.model import CATALOGUE, EventKind, EventOverride, Incident, LaneEntry, Rules
from timing_console.web.printing.booklet import booklet_context, entry_rules, unit_entries
from timing_console.web.printing.shared import environment, seats
from timing_console.web.printing.sheets import TEMPLATE, score_sheets, sheets_context
from timing_console.words import Words, text

FREE_THROW = "free-throw"
BLANKS = ("paper.station", "paper.start_time")
"""What a sheet leaves to fill in above the lanes."""


def render_sheets(repo, lang="zh", event=None):
    context = sheets_context(repo, lang=lang, event_id=event)
    return environment().get_template(TEMPLATE).render(context)


def render_booklet(repo, lang="zh"):
    return environment().get_template("booklet.html.j2").render(booklet_context(repo, lang=lang))


def both(key, **params):
    return [text(key, lang).format(**params) for lang in ("zh", "en")]


def test_one_sheet_per_heat_in_programme_order_with_the_heats_lanes(repo):
    day = repo.require_day()
    sheets = score_sheets(day)
    expected = [(spec.id, h) for spec in day.events() for h in day.heat_numbers(spec.id)]
    assert [(s.spec.id, s.heat) for s in sheets] == expected
    for sheet in sheets:
        lineup = day.lineup(sheet.spec.id, sheet.heat)
        assert [(s.lane, s.bib) for s in sheet.seats] == [(e.lane, e.bib) for e in lineup]
        for seat in sheet.seats:
            athlete = day.athlete(seat.bib)
            assert (seat.name, seat.unit) == (athlete.name, athlete.unit)


def test_a_named_event_prints_only_its_heats(repo):
    sheets = score_sheets(repo.require_day(), "stepping-stones")
    assert {s.spec.id for s in sheets} == {"stepping-stones"}
    assert [s.heat for s in sheets] == repo.require_day().heat_numbers("stepping-stones")


def test_each_event_asks_for_what_its_rules_have(repo):
    """Restarts and drops are tallied, a foul ticked, where the event has them; only free
    throws have shot boxes, as many as the rule's shots."""
    by_event = {s.spec.id: s for s in score_sheets(repo.require_day())}
    for event, sheet in by_event.items():
        spec = CATALOGUE[event]
        assert (sheet.shots > 0) is (spec.kind is EventKind.SHOTS)
        assert sheet.foul is (Incident.FOUL in spec.incidents)
    assert by_event[FREE_THROW].shots == CATALOGUE[FREE_THROW].shots == 10
    assert by_event["paddle-ball-run"].tallies == ["paper.restarts"]
    assert by_event["knee-ball-walk"].tallies == ["paper.drops"]
    assert by_event["stepping-stones"].tallies == [] and by_event["rope-skipping"].tallies == []


def test_every_lane_of_every_heat_is_printed_with_its_boxes(repo):
    day = repo.require_day()
    printed = read_sheets(render_sheets(repo))
    assert len(printed) == len(score_sheets(day))
    for page in printed:
        spec = day.event(page.event)
        lineup = [(str(s.lane), s.bib, s.name, s.unit) for s in seats(day, page.event, page.heat)]
        assert [tuple(row[:4]) for row in page.lanes] == lineup
        boxes = [row[4:] for row in page.lanes]
        if spec.kind is EventKind.SHOTS:
            shots = [str(n) for n in range(1, (spec.shots or 0) + 1)]
            assert all(b == [*shots, ""] for b in boxes)  # the shots, numbered, then the total
        else:
            assert all(not any(b) for b in boxes)  # blank, to be written in


def test_the_shot_boxes_follow_the_rule_not_a_literal_ten(repo, monkeypatch):
    monkeypatch.setitem(
        CATALOGUE, FREE_THROW, CATALOGUE[FREE_THROW].model_copy(update={"shots": 5})
    )
    [first, *_] = [p for p in read_sheets(render_sheets(repo)) if p.event == FREE_THROW]
    assert all(row[4:] == ["1", "2", "3", "4", "5", ""] for row in first.lanes)


def test_each_sheet_prints_the_commands_that_key_it_in_and_close_it(repo):
    for page in read_sheets(render_sheets(repo, lang="en")):
        assert page.record == [
            "timing-console",
            "record",
            page.event,
            str(page.heat),
            text("paper.key_lane", "en"),
            text("paper.key_result", "en"),
        ]
        assert page.close == ["timing-console", "close", page.event, str(page.heat)]


def test_a_sheet_has_the_signature_lines_and_blanks_for_station_and_start(repo):
    html = render_sheets(repo, event="paddle-ball-run")
    pages = html.split("<section")[1:]
    assert len(pages) == len(repo.require_day().heat_numbers("paddle-ball-run"))
    for page in pages:
        for key in ("paper.timekeeper", "recorder", "paper.remarks"):
            assert all(word in page for word in both(key)), key
        fields = re.findall(r'<div class="field">(.*?)</div>', page)
        blanks = [f for f in fields if 'class="fill"' in f]  # the day file gives a heat neither
        assert [all(w in f for w in both(k)) for f, k in zip(blanks, BLANKS, strict=True)] == [
            True,
            True,
        ]
        assert page.count('class="line"') == 2  # the two signatures


def test_practice_is_marked_on_a_practice_day_only(repo):
    practice = text("practice", "en")
    assert repo.require_day().practice
    assert practice in render_sheets(repo) and practice in render_booklet(repo)
    repo.load_day(repo.require_day().model_copy(update={"practice": False}))
    assert practice not in render_sheets(repo) and practice not in render_booklet(repo)


def test_a_race_sheet_says_how_a_time_over_the_ceiling_comes_back(repo):
    """`record` takes a time over the plausible ceiling only with --override and a reason:
    the sheet names the ceiling and has the place to write the reason."""
    html = render_sheets(repo, lang="en", event="knee-ball-walk")
    limit = f"{(CATALOGUE['knee-ball-walk'].max_time_ms or 0) / 1000:.2f}"
    note = text("paper.ceiling_note", "en").format(limit=limit)
    assert html.count(note) == len(repo.require_day().heat_numbers("knee-ball-walk"))
    assert text("paper.ceiling_note", "en").split("{")[0] not in render_sheets(
        repo, lang="en", event="rope-skipping"
    )


def test_english_first_when_asked(repo):
    [heading] = sections(render_sheets(repo, lang="en", event=FREE_THROW))[0].headings
    spec = CATALOGUE[FREE_THROW]
    assert heading.index(spec.en) < heading.index(spec.zh)
    [heading] = sections(render_sheets(repo, lang="zh", event=FREE_THROW))[0].headings
    assert heading.index(spec.zh) < heading.index(spec.en)


def test_a_day_with_no_heats_prints_a_line_saying_so(repo):
    repo.load_day(repo.require_day().model_copy(update={"lanes": ()}))
    html = render_sheets(repo)
    assert "<section" not in html and text("paper.no_heats", "zh") in html


# ----- the programme booklet -------------------------------------------------------------


def test_the_booklet_lists_every_unit_with_every_athlete_and_their_events(repo):
    day = repo.require_day()
    [units] = [s for s in sections(render_booklet(repo)) if s.id == "units"]
    heads = [cells[0] for cls, cells in units.rows if cls == "unit-head"]
    assert [h.split(" (")[0] for h in heads] == list(dict.fromkeys(a.unit for a in day.athletes))
    rows = [cells for cls, cells in units.rows if cls != "unit-head"]
    assert sorted(r[0] for r in rows) == sorted(a.bib for a in day.athletes)
    for bib, name, role, events in rows:
        athlete = day.athlete(bib)
        assert (name, role) == (athlete.name, athlete.role)
        for event in athlete.events:
            [lane] = [e for e in day.lanes if e.bib == bib and e.event == event] or [None]
            seat = f" {lane.heat}/{lane.lane}" if lane else ""
            assert f"{CATALOGUE[event].zh}{seat}" in events


def test_a_late_athlete_placed_in_a_heat_is_listed_with_that_event(repo):
    day = repo.require_day()
    athlete = day.athletes[0]
    event = next(e for e in CATALOGUE if e not in athlete.events)
    heat = day.heat_numbers(event)[-1]
    free = min(
        set(range(1, day.event(event).lanes + 1)) - {e.lane for e in day.lineup(event, heat)}
    )
    late = LaneEntry(event=event, heat=heat, lane=free, bib=athlete.bib)
    day = day.model_copy(update={"lanes": (*day.lanes, late)})
    [entries] = [
        e for u in unit_entries(day, Words("en")) for a, e in u.athletes if a.bib == athlete.bib
    ]
    assert (CATALOGUE[event].en, f"{heat}/{free}") in [(e.event.first, e.seat) for e in entries]


def test_the_booklet_lists_every_heat_with_its_lanes(repo):
    day = repo.require_day()
    found = {s.id: s for s in sections(render_booklet(repo))}
    for spec in day.events():
        section = found[f"heats-{spec.id}"]
        expected = [
            [str(s.lane), s.bib, s.name, s.unit]
            for heat in day.heat_numbers(spec.id)
            for s in seats(day, spec.id, heat)
        ]
        assert [cells for _, cells in section.rows] == expected
    html = render_booklet(repo, lang="en")
    for spec in day.events():
        page = html.split(f'id="heats-{spec.id}"')[1].split("<section")[0]
        heats = [int(n) for n in re.findall(r">heat (\d+)<", page)]
        assert heats == day.heat_numbers(spec.id)


def test_the_rules_in_brief_follow_the_days_settings(repo):
    words = Words("en")
    day = repo.require_day()
    lines = [p.first for p in entry_rules(day, words)]
    assert "Each athlete enters at most 3 events" in lines
    assert "2 athletes per unit" in lines and any("the top 6" in line for line in lines)
    changed = day.model_copy(update={"rules": Rules(max_events=2, athletes_per_unit=3)})
    lines = [p.first for p in entry_rules(changed, words)]
    assert "Each athlete enters at most 2 events" in lines and "3 athletes per unit" in lines
    assert not any("at most 3" in line for line in lines)


def test_the_events_table_follows_a_changed_duration_and_lanes(repo):
    day = repo.require_day()
    overrides = {
        **day.overrides,
        "rope-skipping": EventOverride(duration_s=30),
        "paddle-ball-run": EventOverride(lanes=8),
    }
    repo.load_day(day.model_copy(update={"overrides": overrides}))
    [rules] = [s for s in sections(render_booklet(repo, lang="en")) if s.id == "rules"]
    rows = {cells[0]: cells for _, cells in rules.rows}
    rope, race = rows[str(CATALOGUE["rope-skipping"].order)], rows["1"]
    assert rope[4].startswith("30 s") and rope[3].startswith("8 lanes")
    assert race[3].startswith("8 lanes") and race[4].startswith("20 m")


# ----- the commands ------------------------------------------------------------------------


def test_sheets_and_programme_commands_write_their_files(tmp_path, capsys):
    db = load_sample(tmp_path, capsys)
    out = tmp_path / "paper" / "sheets.html"
    code, said, _ = cli(capsys, "sheets", str(out), "knee-ball-walk", "--db", db)
    heats = len(read_sheets(out.read_text(encoding="utf-8")))
    assert code == 0 and said.strip() == f"{out}: {heats} pages" and heats >= 2
    code, said, _ = cli(capsys, "sheets", str(out), "双腿夹球走", "--lang", "en", "--db", db)
    assert code == 0 and len(read_sheets(out.read_text(encoding="utf-8"))) == heats
    booklet = tmp_path / "programme.html"
    code, said, _ = cli(capsys, "programme", str(booklet), "--db", db)
    assert code == 0 and said.strip() == str(booklet) and booklet.stat().st_size > 0


def test_an_unknown_event_is_refused_and_nothing_written(tmp_path, capsys):
    db = load_sample(tmp_path, capsys)
    out = tmp_path / "sheets.html"
    code, said, err = cli(capsys, "sheets", str(out), "relay", "--db", db)
    assert code == 1 and said == "" and "unknown event 'relay'" in err
    assert not out.exists()


@pytest.mark.parametrize("command", ["sheets", "programme"])
def test_without_a_day_the_commands_say_so(tmp_path, capsys, command):
    code, _, err = cli(capsys, command, str(tmp_path / "x.html"), "--db", str(tmp_path / "no.json"))
    assert code == 1 and "error" in err
    assert not (tmp_path / "x.html").exists()
