"""Random days split across stations, bundles and pushes in any order; damaged bundles.

The desk must end with exactly the standings of one console that recorded
everything: nothing lost, nothing twice, whatever the order of shares and
merges, however often a bundle is merged again or carried on by another
station. A bundle with any one byte changed is refused whole and changes
nothing.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.support.daykit import budget
from tests.support.files import fingerprint
from tests.support.pushkit import desk_transport
from tests.support.stationkit import identity_of, record_heat, results_of, station
from timing_console.model import Day, format_time
from timing_console.stations import exchange
from timing_console.stations.files import StationFiles, day_identity
from timing_console.stations.push_client import PushLink
from timing_console.store.errors import StoreError
from timing_console.web.push.accept import Desk

EVENTS = ("paddle-ball-run", "rope-skipping", "free-throw", "bean-moving")
CODES = ("DNS", "DNF", "DQ")
"""No FOUL: none of these events has a foul (the paddle-ball run's slip is a restart)."""


def heats_of(day: Day) -> list[tuple[str, int]]:
    return sorted({(e.event, e.heat) for e in day.lanes if e.event in EVENTS})


def result_text(event: str, draw: st.DataObject) -> str:
    """A result as a paper card gives it, valid for its event."""
    if draw.draw(st.integers(0, 9)) == 0:
        return draw.draw(st.sampled_from(CODES))
    if event == "paddle-ball-run":
        return format_time(draw.draw(st.integers(9_000, 40_000)))
    if event == "free-throw":
        return "".join(draw.draw(st.lists(st.sampled_from("01"), min_size=10, max_size=10)))
    return str(draw.draw(st.integers(0, 150)))


@budget("stations")
@given(data=st.data())
def test_any_split_and_any_order_of_bundles_ends_as_one_console(data, sample_day: Day) -> None:
    stations = data.draw(st.integers(2, 8), label="stations")
    heats = data.draw(
        st.lists(st.sampled_from(heats_of(sample_day)), min_size=1, max_size=6, unique=True),
        label="heats",
    )
    at = {h: data.draw(st.integers(0, stations - 1)) for h in heats}
    cards = {
        (event, heat): {e.lane: result_text(event, data) for e in sample_day.lineup(event, heat)}
        for event, heat in heats
    }
    folder = Path(tempfile.mkdtemp(prefix="merge-fuzz-"))
    try:
        names = [f"s{n}" for n in range(stations)]
        dbs = {name: station(folder, name, sample_day) for name in [*names, "desk", "alone"]}
        who = {name: identity_of(db) for name, db in dbs.items()}
        desk = Desk(dbs["desk"], "TEST-CODE", day_identity(sample_day), who["desk"])
        transport = desk_transport(desk)
        bundles: list[Path] = []
        todo = list(heats)
        steps = data.draw(st.lists(st.integers(0, 99), max_size=12), label="steps")
        for step in steps:
            if todo and step % 4 == 0:
                event, heat = todo.pop(0)
                record_heat(dbs[names[at[(event, heat)]]], event, heat, cards[(event, heat)])
            elif step % 4 == 3:
                source = names[step % stations]
                link = PushLink(
                    dbs[source],
                    url="http://desk",
                    code=desk.code,
                    station=who[source],
                    identity=desk.day,
                    client=httpx.Client(transport=transport),
                )
                link.push_once()
                if step % 2:
                    link.push_once()  # a push again: the desk holds it all already
            elif step % 4 == 1:
                source = names[step % stations]
                bundles.append(folder / f"b{len(bundles)}")
                exchange.share(dbs[source], who[source], sample_day, bundles[-1])
            elif bundles:
                target = [*names, "desk"][step % (stations + 1)]
                exchange.merge(dbs[target], who[target], sample_day, [bundles[step % len(bundles)]])
        for event, heat in todo:
            record_heat(dbs[names[at[(event, heat)]]], event, heat, cards[(event, heat)])
        for event, heat in heats:
            record_heat(dbs["alone"], event, heat, cards[(event, heat)])
        finals = []
        for name in names:
            finals.append(folder / f"final-{name}")
            exchange.share(dbs[name], who[name], sample_day, finals[-1])
        order = data.draw(st.permutations(finals + bundles), label="merge order")
        again = data.draw(st.lists(st.sampled_from(finals), max_size=3), label="again")
        for path in [*order, *again]:
            exchange.merge(dbs["desk"], who["desk"], sample_day, [path])

        at_desk, alone = results_of(dbs["desk"]), results_of(dbs["alone"])
        assert at_desk["results"] == alone["results"]  # nothing lost, nothing twice
        assert at_desk == alone
        assert StationFiles(dbs["desk"]).surplus() == 0  # no record kept twice, even unseen
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory, sample_day: Day) -> tuple[Path, bytes]:
    """A desk, and a bundle of two recorded heats to damage."""
    folder = tmp_path_factory.mktemp("damage")
    track = station(folder, "track", sample_day)
    desk = station(folder, "desk", sample_day)
    for event, heat in heats_of(sample_day)[:2]:
        record_heat(track, event, heat, {e.lane: "DNF" for e in sample_day.lineup(event, heat)})
    exchange.share(track, identity_of(track), sample_day, folder / "good.bundle")
    return desk, (folder / "good.bundle").read_bytes()


@budget("input")
@given(where=st.floats(0, 1, exclude_max=True), change=st.integers(1, 255))
def test_a_damaged_byte_anywhere_in_a_bundle_is_refused(
    shared: tuple[Path, bytes], sample_day: Day, where: float, change: int
) -> None:
    desk, good = shared
    data = bytearray(good)
    data[int(where * len(data))] ^= change
    bad = desk.parent / "bad.bundle"
    bad.write_bytes(bytes(data))
    before = fingerprint(desk.parent)
    with pytest.raises(StoreError) as refused:
        exchange.merge(desk, identity_of(desk), sample_day, [bad])
    assert str(bad) in str(refused.value) and "nothing was changed" in str(refused.value)
    assert fingerprint(desk.parent) == before


@pytest.fixture(scope="module")
def merged(tmp_path_factory: pytest.TempPathFactory, sample_day: Day) -> tuple[Path, list[str]]:
    """A desk that merged two stations' heats, and what it then held."""
    folder = tmp_path_factory.mktemp("torn")
    desk = station(folder, "desk", sample_day)
    for n, (event, heat) in enumerate(heats_of(sample_day)[:4]):
        name = f"s{n % 2}"
        db = folder / name / "day.json"
        if not db.exists():
            station(folder, name, sample_day)
        record_heat(db, event, heat, {e.lane: "DNF" for e in sample_day.lineup(event, heat)})
    for name in ("s0", "s1"):
        db = folder / name / "day.json"
        exchange.share(db, identity_of(db), sample_day, folder / f"{name}.bundle")
    bundles = [folder / "s0.bundle", folder / "s1.bundle"]
    exchange.merge(desk, identity_of(desk), sample_day, bundles)
    return desk, sorted(map(str, results_of(desk)["results"]))


@budget("input")
@given(where=st.floats(0, 1, exclude_max=True), which=st.integers(0, 1))
def test_a_station_file_cut_anywhere_opens_and_a_rerun_completes_it(
    merged: tuple[Path, list[str]], sample_day: Day, where: float, which: int
) -> None:
    desk, whole = merged
    files = StationFiles(desk).files()
    path = files[which % len(files)]
    kept = path.read_bytes()
    try:
        path.write_bytes(kept[: int(where * len(kept))])
        shown = sorted(map(str, results_of(desk)["results"]))
        assert set(shown) <= set(whole)
        bundles = [desk.parent.parent / "s0.bundle", desk.parent.parent / "s1.bundle"]
        exchange.merge(desk, identity_of(desk), sample_day, bundles)
        assert sorted(map(str, results_of(desk)["results"])) == whole
    finally:
        path.write_bytes(kept)
