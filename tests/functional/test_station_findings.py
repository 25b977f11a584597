"""Issue 20's findings 1, 2, 4 (JSON) and 7, met as an organiser meets them: the commands.

Stations are set up, record and exchange through `timing_console.cli.main`
(`load`, `record`, `share`, `merge`, `push`, `standings`); the desk is the
board's real server with `--accept-push` on a socket of its own. Each test
failed on the release before stations had ids (shown with that release's
`src/` on the path, when these helpers lived here).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.support.boardkit import LiveBoard
from tests.support.commands import cli
from tests.support.files import fingerprint
from tests.support.paths import SAMPLE
from tests.support.stationkit import carry
from timing_console.model import Day
from timing_console.stations.view import open_view

"""The bundled sample: a practice day (`practice = true`)."""
COUNT = "rope-skipping"
Capture = pytest.CaptureFixture[str]
LIMIT = 16 * 1024 * 1024
"""The desk's body limit for a push."""


@pytest.fixture(autouse=True)
def no_pause(monkeypatch: pytest.MonkeyPatch) -> None:
    """`push` pauses between tries while the desk is down: not in a test."""
    monkeypatch.setattr("timing_console.cli_stations.sleep", lambda _s: None)


def real_day(folder: Path) -> Path:
    """The sample's day file with `practice = true` left out, as the sample says to do for the
    real day (its entries and heats beside it)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("entries.csv", "heats.csv"):
        shutil.copyfile(SAMPLE.parent / name, folder / name)
    text = SAMPLE.read_text(encoding="utf-8")
    real = text.replace("\npractice = true", "\n# the real day:")
    assert real != text
    (folder / SAMPLE.name).write_text(real, encoding="utf-8")
    return folder / SAMPLE.name


def load(capsys: Capture, folder: Path, name: str, *extra: str, dayfile: Path = SAMPLE) -> Path:
    """`load DAYFILE --station NAME` on a laptop of its own (`folder/name`)."""
    db = folder / name / "day.json"
    code, _, err = cli(capsys, "load", str(dayfile), "--station", name, *extra, "--db", str(db))
    assert code == 0, err
    return db


def record(capsys: Capture, db: Path, lane: int, value: str, heat: int = 1) -> None:
    """A referee's count keyed in at a station: `record rope-skipping HEAT LANE VALUE`."""
    code, _, err = cli(capsys, "record", COUNT, str(heat), str(lane), value, "--db", str(db))
    assert code == 0, err


def desk_and_yard(capsys: Capture, folder: Path) -> tuple[Path, Path]:
    """A desk, and the yard with 98 keyed in lane 2 of the first rope-skipping heat."""
    desk = load(capsys, folder, "desk")
    yard = load(capsys, folder, "yard")
    record(capsys, yard, 2, "98")
    return desk, yard


def push(capsys: Capture, live: LiveBoard, db: Path) -> tuple[int, str, str]:
    """`push URL --code CODE` from the laptop at `db` to the live desk."""
    assert live.desk is not None
    return cli(capsys, "push", live.url, "--code", live.desk.code, "--db", str(db))


def counts(capsys: Capture, db: Path) -> dict[tuple[int, int], str]:
    """What `standings --format json` shows of the rope skipping: (heat, lane) -> result, for
    the lanes with one (athletes still to go are listed too, with none)."""
    code, out, err = cli(capsys, "standings", COUNT, "--format", "json", "--db", str(db))
    assert code == 0, err
    return {(r["heat"], r["lane"]): r["result"] for r in json.loads(out) if r["status"]}


def sid_of(db: Path) -> str:
    """The station id a laptop's database was given when it was loaded as a station."""
    repo = open_view(db, readonly=True)
    try:
        return str(repo.me.sid)
    finally:
        repo.close(snapshot=False)


@contextmanager
def live_desk(db: Path) -> Iterator[LiveBoard]:
    """`board --accept-push` on the desk's database, on a port of its own."""
    with LiveBoard(db, accept_push=True) as live:
        yield live


# Finding 1: a station is an identity, not a name.


def test_a_spare_under_a_dead_stations_name_is_refused_loudly_and_the_desk_is_unchanged(
    tmp_path: Path, capsys: Capture
) -> None:
    """The spare's push is refused (non-zero, naming both laptops and `--replaces`) before
    and after its journal passes the old yard's; the real yard then pushes on as before."""
    desk = load(capsys, tmp_path, "desk")
    yard = load(capsys, tmp_path, "yard")
    for lane, value in ((2, "98"), (3, "77"), (4, "66")):
        record(capsys, yard, lane, value)
    with live_desk(desk) as live:
        code, out, err = push(capsys, live, yard)
        assert code == 0 and "pushed" in out, err
        spare = load(capsys, tmp_path / "spare", "yard")
        record(capsys, spare, 5, "55")
        before = fingerprint(desk.parent)

        code, out, err = push(capsys, live, spare)  # fewer records than the desk holds of yard
        assert code != 0 and "pushed" not in out
        assert "--replaces" in err and "yard" in err
        assert sid_of(spare)[:8] in err and sid_of(yard)[:8] in err
        assert fingerprint(desk.parent) == before

        for n, lane in enumerate((1, 2, 3, 4, 5)):  # now past the old yard's last record
            record(capsys, spare, lane, str(40 + n), heat=2)
        code, out, err = push(capsys, live, spare)
        assert code != 0 and "pushed" not in out and "--replaces" in err
        assert fingerprint(desk.parent) == before
        assert counts(capsys, desk) == {(1, 2): "98", (1, 3): "77", (1, 4): "66"}

        record(capsys, yard, 5, "88")  # the real yard goes on: nothing of it is dropped
        code, out, err = push(capsys, live, yard)
        assert code == 0 and "1 record pushed" in out, err
    assert counts(capsys, desk) == {(1, 2): "98", (1, 3): "77", (1, 4): "66", (1, 5): "88"}


def test_a_spares_bundle_under_a_dead_stations_name_is_refused_and_changes_nothing(
    tmp_path: Path, capsys: Capture
) -> None:
    """The same spare by USB: `merge` exits 1 naming both laptops and `--replaces`."""
    desk, yard = desk_and_yard(capsys, tmp_path)
    assert carry(capsys, tmp_path / "yard.bundle", yard, desk)[0] == 0
    spare = load(capsys, tmp_path / "spare", "yard")
    record(capsys, spare, 2, "12")
    cli(capsys, "share", str(tmp_path / "spare.bundle"), "--db", str(spare))
    before = fingerprint(desk.parent)
    code, _, err = cli(capsys, "merge", str(tmp_path / "spare.bundle"), "--db", str(desk))
    assert code == 1
    assert "--replaces" in err and sid_of(spare)[:8] in err and sid_of(yard)[:8] in err
    assert fingerprint(desk.parent) == before
    assert counts(capsys, desk) == {(1, 2): "98"}


def test_a_spare_set_up_to_replace_a_station_is_taken_beside_it_and_the_old_records_stay(
    tmp_path: Path, capsys: Capture
) -> None:
    """`load --station yard --replaces yard`: a new id, pushed and taken, no conflict."""
    desk, yard = desk_and_yard(capsys, tmp_path)
    record(capsys, yard, 3, "77")
    with live_desk(desk) as live:
        assert push(capsys, live, yard)[0] == 0
        spare = load(capsys, tmp_path / "spare", "yard", "--replaces", "yard")
        assert sid_of(spare) != sid_of(yard)
        record(capsys, spare, 4, "66")
        code, out, err = push(capsys, live, spare)
        assert code == 0 and "pushed" in out and "0 records" not in out, err
    assert counts(capsys, desk) == {(1, 2): "98", (1, 3): "77", (1, 4): "66"}
    code, out, _ = cli(capsys, "conflicts", "--format", "json", "--db", str(desk))
    assert code == 0 and json.loads(out) == []


def test_two_laptops_named_alike_in_one_merge_are_refused_naming_both(
    tmp_path: Path, capsys: Capture
) -> None:
    """Both new to the desk, their bundles merged in one command: the same refusal as one
    after the other (not a traceback), and nothing changes."""
    desk = load(capsys, tmp_path, "desk")
    yard = load(capsys, tmp_path, "yard")
    spare = load(capsys, tmp_path / "spare", "yard")
    for name, db, value in (("yard", yard, "98"), ("spare", spare, "12")):
        record(capsys, db, 2, value)
        cli(capsys, "share", str(tmp_path / f"{name}.bundle"), "--db", str(db))
    before = fingerprint(desk.parent)
    bundles = [str(tmp_path / "yard.bundle"), str(tmp_path / "spare.bundle")]
    code, _, err = cli(capsys, "merge", *bundles, "--db", str(desk))
    assert code == 1
    assert "--replaces" in err and sid_of(spare)[:8] in err and sid_of(yard)[:8] in err
    assert fingerprint(desk.parent) == before


@pytest.mark.parametrize("how", ["two-merges", "one-merge", "push"])
def test_the_old_stations_records_arriving_after_its_spares_are_taken_beside_them(
    tmp_path: Path, capsys: Capture, how: str
) -> None:
    """The yard died before its records reached the desk; its spare (`--replaces yard`)
    reached it first. The yard's records, carried in later, are the replaced station's:
    taken beside the spare's, whatever the order they come in."""
    desk, yard = desk_and_yard(capsys, tmp_path)
    spare = load(capsys, tmp_path / "spare", "yard", "--replaces", "yard")
    record(capsys, spare, 3, "77")
    for name, db in (("yard", yard), ("spare", spare)):
        cli(capsys, "share", str(tmp_path / f"{name}.bundle"), "--db", str(db))
    spare_bundle, yard_bundle = str(tmp_path / "spare.bundle"), str(tmp_path / "yard.bundle")
    if how == "one-merge":
        code, _, err = cli(capsys, "merge", spare_bundle, yard_bundle, "--db", str(desk))
    else:
        assert cli(capsys, "merge", spare_bundle, "--db", str(desk))[0] == 0
        if how == "two-merges":
            code, _, err = cli(capsys, "merge", yard_bundle, "--db", str(desk))
        else:
            with live_desk(desk) as live:
                code, _, err = push(capsys, live, yard)
    assert code == 0, err
    assert counts(capsys, desk) == {(1, 2): "98", (1, 3): "77"}


def test_a_desks_bundle_carrying_a_station_and_its_spare_merges_at_another_desk(
    tmp_path: Path, capsys: Capture
) -> None:
    """The desk took the yard and its spare; its bundle, carried to a second desk, is taken
    there too, whichever of the two ids comes first in it."""
    desk, yard = desk_and_yard(capsys, tmp_path)
    for n in range(64):  # a spare whose id sorts before the yard's (half of them do)
        spare = load(capsys, tmp_path / f"spare{n}", "yard", "--replaces", "yard")
        if sid_of(spare) < sid_of(yard):
            break
    record(capsys, spare, 3, "77")
    for name, db in (("yard", yard), ("spare", spare)):
        cli(capsys, "share", str(tmp_path / f"{name}.bundle"), "--db", str(db))
    bundles = [str(tmp_path / "yard.bundle"), str(tmp_path / "spare.bundle")]
    assert cli(capsys, "merge", *bundles, "--db", str(desk))[0] == 0
    cli(capsys, "share", str(tmp_path / "desk.bundle"), "--db", str(desk))
    second = load(capsys, tmp_path, "second-desk")
    code, _, err = cli(capsys, "merge", str(tmp_path / "desk.bundle"), "--db", str(second))
    assert code == 0, err
    assert counts(capsys, second) == counts(capsys, desk) == {(1, 2): "98", (1, 3): "77"}


def test_a_laptop_behind_what_the_desk_holds_of_it_never_exits_0_having_sent_nothing(
    tmp_path: Path, capsys: Capture
) -> None:
    """A database copied (or restored) from an earlier state of the yard: the desk holds
    more of the yard than it has, so whatever it records is never delivered."""
    desk, yard = desk_and_yard(capsys, tmp_path)
    shutil.copytree(yard.parent, tmp_path / "copy", ignore=shutil.ignore_patterns("*.lock"))
    copy = tmp_path / "copy" / "day.json"
    record(capsys, yard, 3, "77")
    record(capsys, yard, 4, "66")
    with live_desk(desk) as live:
        assert push(capsys, live, yard)[0] == 0
        record(capsys, copy, 5, "55")
        before = fingerprint(desk.parent)
        code, out, err = push(capsys, live, copy)
        assert code != 0 and "pushed" not in out and err
        assert fingerprint(desk.parent) == before


# Finding 2: the real day is another day than its practice.


def test_loading_the_real_day_over_practice_results_needs_archive_at_a_station(
    tmp_path: Path, capsys: Capture
) -> None:
    """Refused and unchanged without `--archive`; with it the practice day is moved aside."""
    yard = load(capsys, tmp_path, "yard")
    record(capsys, yard, 2, "98")
    real = real_day(tmp_path / "real")
    before = fingerprint(yard.parent)
    code, _, err = cli(capsys, "load", str(real), "--station", "yard", "--db", str(yard))
    assert code != 0 and "--archive" in err
    assert fingerprint(yard.parent) == before
    assert counts(capsys, yard) == {(1, 2): "98"}

    code, out, err = cli(
        capsys, "load", str(real), "--station", "yard", "--archive", "--db", str(yard)
    )
    assert code == 0 and "moved aside" in out, err
    assert counts(capsys, yard) == {}
    [aside] = yard.parent.glob("day-*-archived-*.json")
    assert counts(capsys, aside) == {(1, 2): "98"}  # moved aside, not lost


def test_loading_the_real_day_over_merged_practice_results_needs_archive_at_the_desk(
    tmp_path: Path, capsys: Capture
) -> None:
    """The desk holds practice results only in its station files: the same rule."""
    desk, yard = desk_and_yard(capsys, tmp_path)
    assert carry(capsys, tmp_path / "yard.bundle", yard, desk)[0] == 0
    assert counts(capsys, desk) == {(1, 2): "98"}
    real = real_day(tmp_path / "real")
    before = fingerprint(desk.parent)
    code, _, err = cli(capsys, "load", str(real), "--station", "desk", "--db", str(desk))
    assert code != 0 and "--archive" in err
    assert fingerprint(desk.parent) == before

    code, _, err = cli(
        capsys, "load", str(real), "--station", "desk", "--archive", "--db", str(desk)
    )
    assert code == 0, err
    assert counts(capsys, desk) == {}


def test_a_practice_bundle_is_refused_by_a_real_day_desk(tmp_path: Path, capsys: Capture) -> None:
    """A station still on the practice day: its bundle is another day's (exit 1)."""
    real = real_day(tmp_path / "real")
    desk = load(capsys, tmp_path, "desk", dayfile=real)
    yard = load(capsys, tmp_path, "yard")  # still on the practice day
    record(capsys, yard, 2, "98")
    cli(capsys, "share", str(tmp_path / "yard.bundle"), "--db", str(yard))
    before = fingerprint(desk.parent)
    code, _, err = cli(capsys, "merge", str(tmp_path / "yard.bundle"), "--db", str(desk))
    assert code == 1 and "another day" in err
    assert fingerprint(desk.parent) == before
    assert counts(capsys, desk) == {}


def test_a_practice_station_pushing_to_a_real_day_desk_is_refused(
    tmp_path: Path, capsys: Capture
) -> None:
    """Its push is refused (exit 1, "another day"); the desk stores nothing."""
    real = real_day(tmp_path / "real")
    desk = load(capsys, tmp_path, "desk", dayfile=real)
    yard = load(capsys, tmp_path, "yard")  # still on the practice day
    record(capsys, yard, 2, "98")
    with live_desk(desk) as live:
        before = fingerprint(desk.parent)
        code, out, err = push(capsys, live, yard)
        assert code == 1 and "pushed" not in out
        assert "refused" in err and "another day" in err
        assert fingerprint(desk.parent) == before
    assert counts(capsys, desk) == {}


# Finding 4: a conflict is a field of the standings, not only a mark on the HTML board.


def test_a_lane_two_stations_recorded_differently_is_marked_in_json_standings_and_the_api(
    tmp_path: Path, capsys: Capture, sample_day: Day
) -> None:
    """Two first values of one lane: `conflict` names both, at the desk, at a station that
    merged the other's bundle, and in `/api/standings`; the row is not placed."""
    desk = load(capsys, tmp_path, "desk")
    track = load(capsys, tmp_path, "track")
    yard = load(capsys, tmp_path, "yard")
    record(capsys, track, 2, "98")
    record(capsys, track, 3, "77")
    record(capsys, yard, 2, "89")
    for name, db in (("track", track), ("yard", yard)):
        cli(capsys, "share", str(tmp_path / f"{name}.bundle"), "--db", str(db))
    bundles = [str(tmp_path / "track.bundle"), str(tmp_path / "yard.bundle")]
    code, _, err = cli(capsys, "merge", *bundles, "--db", str(desk))
    assert code == 0 and "1 conflict" in err
    cli(capsys, "merge", str(tmp_path / "yard.bundle"), "--db", str(track))
    bib = {e.lane: e.bib for e in sample_day.lineup(COUNT, 1)}

    for db in (desk, track):  # the desk, and the station that merged the yard's bundle
        code, out, _ = cli(capsys, "standings", COUNT, "--format", "json", "--db", str(db))
        rows = {r["bib"]: r for r in json.loads(out)}
        marked = rows[bib[2]]
        assert marked["conflict"] and "98" in marked["conflict"] and "89" in marked["conflict"]
        assert marked["place"] is None and not marked["prize"]
        assert rows[bib[3]]["result"] == "77" and not rows[bib[3]]["conflict"]

    code, printed, _ = cli(capsys, "standings", "--format", "json", "--db", str(desk))
    with live_desk(desk) as live:
        answer = httpx.get(f"{live.url}api/standings", timeout=10)
    assert answer.status_code == 200
    assert answer.json() == json.loads(printed)
    [row] = [r for r in answer.json() if r["event"] == COUNT and r["bib"] == bib[2]]
    assert row["conflict"] and "98" in row["conflict"] and "89" in row["conflict"]


# Finding 7: a push's body is bounded however it is framed; bad JSON is a 400.


def test_a_chunked_body_over_the_limit_is_413_and_the_desk_stores_nothing(
    tmp_path: Path, capsys: Capture
) -> None:
    """Chunked (no Content-Length) or sized, past 16 MiB: 413; the desk then goes on."""
    desk = load(capsys, tmp_path, "desk")
    track = load(capsys, tmp_path, "track")
    record(capsys, track, 2, "98")
    with live_desk(desk) as live:
        assert live.desk is not None
        headers = {"authorization": f"Bearer {live.desk.code}"}
        before = fingerprint(desk.parent)

        def body() -> Iterator[bytes]:
            """A valid push padded past the limit, sent chunked (no Content-Length)."""
            yield b'{"station": "track", "after": 0, "records": [], "pad": "'
            for _ in range(LIMIT // (1024 * 1024) + 1):
                yield b"x" * (1024 * 1024)
            yield b'"}'

        answer = httpx.post(f"{live.url}push", content=body(), headers=headers, timeout=30)
        assert answer.request.headers.get("transfer-encoding") == "chunked"
        assert "content-length" not in answer.request.headers
        assert answer.status_code == 413
        sized = httpx.post(
            f"{live.url}push", content=b" " * (LIMIT + 1), headers=headers, timeout=30
        )
        assert sized.status_code == 413
        assert fingerprint(desk.parent) == before
        code, out, err = push(capsys, live, track)  # the desk goes on
        assert code == 0 and "pushed" in out, err
    assert counts(capsys, desk) == {(1, 2): "98"}


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 100_000,
        b'{"a": ' * 100_000,
        b'{"station": "track", "after": 0, "records": ' + b"[" * 100_000,
        b"{",
        b"",
        b"\xff\xfe not utf-8",
        b'{"station": "track", "after": 0, "records": [1, 2',
    ],
    ids=["nested-list", "nested-object", "nested-records", "open", "empty", "bytes", "cut"],
)
def test_malformed_or_deeply_nested_json_is_a_400_never_a_500(
    tmp_path: Path, capsys: Capture, body: bytes
) -> None:
    """With the pairing code: a 400 naming the error, nothing stored."""
    desk = load(capsys, tmp_path, "desk")
    with live_desk(desk) as live:
        assert live.desk is not None
        before = fingerprint(desk.parent)
        answer = httpx.post(
            f"{live.url}push",
            content=body,
            headers={"authorization": f"Bearer {live.desk.code}"},
            timeout=10,
        )
        assert answer.status_code == 400, answer.text
        assert answer.json()["error"]
        assert fingerprint(desk.parent) == before
