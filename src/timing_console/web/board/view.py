"""What the board shows, as plain JSON-able data built once per change of the day.

Every page and every browser gets the same `BoardView`: the server renders
it into HTML for the first paint and sends it as one server-sent event on
each change, and the page's script redraws from it. Names and units stay
plain strings here; turning them into text on a page is the template's and
the script's job (both escape), never this module's.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

from timing_console.model import VOID_CODES, Attempt, Day, HeatPhase, HeatState, heat_key
from timing_console.rules.ranking import EventStandings, StandingRow, rank_all, rank_event
from timing_console.stations.view import DayView
from timing_console.web.board.callroom import stations
from timing_console.words import both, text

PAGE_WORDS = (
    "board_running",
    "board_race_time",
    "board_time_left",
    "board_time_up",
    "board_shooting",
    "board_on_now",
    "board_none_running",
    "board_to_the_start",
    "board_get_ready",
    "board_all_done",
    "board_call",
    "board_page",
    "status.DNS",
    "heat_n",
)
"""Words the page's script writes itself, sent once with the whole board (never in a patch)."""


def _both(key: str) -> tuple[str, str]:
    """(Chinese, English) of a catalogue word, as the page shows them side by side."""
    return text(key, "zh"), text(key, "en")


@dataclass(frozen=True)
class BoardView:
    """One state of the day as the board shows it."""

    seq: int
    """The store's sequence number: the SSE event id."""
    standings: tuple[EventStandings, ...]
    """For `/api/standings`: the very rows the command line prints."""
    data: dict[str, Any]
    """Everything a page draws (see `build_view`)."""
    held: frozenset[tuple[str, str]] = frozenset()
    """(event, bib) kept off the prizes by a conflict when it was built: what its sections show."""

    @cached_property
    def json(self) -> str:
        """`data` as compact JSON, encoded once for every browser, and only when one asks.

        After a save the browsers already connected get a patch; the whole
        board is needed only by a browser that (re)connects.
        """
        return _dumps(self.data)


WORDS: dict[str, list[str]] = {key: list(_both(key)) for key in PAGE_WORDS}
"""(Chinese, English) of each word the script writes, `{n}` left for it to fill."""


def _row(row: StandingRow, shared: Counter[int], conflict: bool = False) -> dict[str, Any]:
    void = row.status if row.status in VOID_CODES else None
    conflict = conflict or bool(row.conflict)
    return {
        "place": row.place,
        "shared": row.place is not None and shared[row.place] > 1,
        "bib": row.bib,
        "name": row.name,
        "unit": row.unit,
        "result": row.conflict or row.result,
        "first": row.first_basket,
        "code": void.value if void else None,
        "code_zh": text(f"status.{void.value}", "zh") if void else None,
        "prize": row.prize and not conflict,
        "conflict": conflict,
        "corrected": row.corrected,
        "heat": row.heat,
        "lane": row.lane,
    }


def _event(
    standings: EventStandings, held: Collection[tuple[str, str]] = frozenset()
) -> dict[str, Any]:
    spec = standings.event
    listed = [r for r in standings.rows if r.status is not None or r.conflict]
    shared = Counter(r.place for r in listed if r.place is not None)
    label_zh, label_en = _both(f"measure.{spec.kind.value}")
    places, pending = standings.places_awarded, len(standings.rows) - len(listed)
    meta = [both("board_places", sep=" · ", n=places)] if places else []
    meta += [both("board_to_go", sep=" · ", n=pending)] if pending else []
    return {
        "id": spec.id,
        "zh": spec.zh,
        "en": spec.en,
        "result_zh": label_zh,
        "result_en": label_en,
        "places": places,
        "entrants": standings.entrants,
        "pending": pending,
        "meta": " · ".join(meta),
        "rows": [_row(r, shared, (spec.id, r.bib) in held) for r in listed],
    }


def _programme(day: Day, heats: dict[str, HeatState]) -> list[dict[str, Any]]:
    out = []
    for spec in day.events():
        states = [
            heats.get(heat_key(spec.id, n)) or HeatState(event=spec.id, heat=n)
            for n in day.heat_numbers(spec.id)
        ]
        out.append(
            {
                "id": spec.id,
                "zh": spec.zh,
                "en": spec.en,
                "done": sum(s.phase is HeatPhase.DONE for s in states),
                "heats": [
                    {
                        "heat": s.heat,
                        "phase": s.phase.value,
                        "zh": text(s.phase.value, "zh"),
                        "en": text(s.phase.value, "en"),
                    }
                    for s in states
                ],
            }
        )
    return out


def _announcer(
    day: Day, heats: dict[str, HeatState], standings: list[EventStandings]
) -> dict[str, Any] | None:
    """The heat closed last, its athletes in result order (ranked, then voids)."""
    closed = [h for h in heats.values() if h.phase is HeatPhase.DONE and h.closed_at]
    if not closed:
        return None
    last = max(closed, key=lambda h: (h.closed_at or "", h.event, h.heat))
    event = next((s for s in standings if s.event.id == last.event), None)
    if event is None:
        return None
    mine = [r for r in event.rows if r.status is not None and r.heat == last.heat]
    shared = Counter(r.place for r in event.rows if r.place is not None)
    rows = [_row(r, shared) | {"order": n} for n, r in enumerate(mine, start=1)]
    spec = event.event
    label_zh, label_en = _both(f"measure.{spec.kind.value}")
    return {
        "event": spec.id,
        "zh": spec.zh,
        "en": spec.en,
        "heat": last.heat,
        "closed_at": last.closed_at,
        "result_zh": label_zh,
        "result_en": label_en,
        "rows": rows,
    }


def build_view(
    view: DayView, previous: BoardView | None = None, touched: frozenset[str] | None = None
) -> BoardView:
    """The board's data for the day as the repository holds it now.

    With the `previous` board and the events `touched` since it was built, only
    those events are ranked again: a save changes one event, and ranking every
    event of a 10,000-attempt day for it cost the laptop ~20 ms of CPU per save,
    CPU the console's timing keys share. `touched` None ranks everything.
    """
    day = view.day()
    if day is None:
        data: dict[str, Any] = {"seq": view.seq, "day": None, "programme": [], "events": []}
        data |= {"announcer": None, "stations": [], "words": WORDS}
        return BoardView(view.seq, (), data)
    attempts = cache(view.attempts)  # an event's attempts read once for its ranks and its station
    standings = _ranked(day, view, attempts, previous, touched)
    held = frozenset(view.held_back())
    drawn = _drawn(previous, held)
    heats = view.heat_states()
    programme = _programme(day, heats)
    total = sum(len(p["heats"]) for p in programme)
    done = sum(p["done"] for p in programme)
    data = {
        "seq": view.seq,
        "day": {
            "title": day.title,
            "date": day.date,
            "venue": day.venue,
            "practice": day.practice,
            "heats": total,
            "done": done,
            "provisional": done < total or bool(held),
        },
        "programme": programme,
        "events": [drawn.get(id(s)) or _event(s, held) for s in standings],
        "announcer": _announcer(day, heats, standings),
        "stations": stations(day, heats, attempts, _stations(previous), touched),
        "words": WORDS,
    }
    return BoardView(view.seq, tuple(standings), data, held)


def _stations(previous: BoardView | None) -> list[dict[str, Any]] | None:
    """The previous board's stations, to keep those nothing touched (see `callroom.stations`)."""
    if previous is None or previous.data["day"] is None:
        return None
    kept: list[dict[str, Any]] = previous.data["stations"]
    return kept


def _drawn(previous: BoardView | None, held: frozenset[tuple[str, str]]) -> dict[int, Any]:
    """The previous board's event sections, by the standings each was drawn from.

    An event not ranked again keeps its very standings object (`_ranked`),
    so its section is the same too, unless what is held back changed. The
    previous board is alive, so no new standings can share an `id` with one.
    """
    if previous is None or previous.held != held or not previous.standings:
        return {}
    return {id(s): e for s, e in zip(previous.standings, previous.data["events"], strict=True)}


def _ranked(
    day: Day,
    view: DayView,
    attempts: Callable[[str | None], list[Attempt]],
    previous: BoardView | None,
    touched: frozenset[str] | None,
) -> list[EventStandings]:
    """Every event's standings: the touched ones ranked afresh, the others as they were."""
    kept = {s.event.id: s for s in previous.standings} if previous is not None else {}
    conflicts = view.in_conflict()
    if touched is None or [e.id for e in day.events()] != list(kept):
        return rank_all(day, attempts(None), conflicts)
    return [
        rank_event(day, spec.id, attempts(spec.id), conflicts)
        if spec.id in touched
        else kept[spec.id]
        for spec in day.events()
    ]


def patch(old: BoardView, new: BoardView) -> str | None:
    """What changed from `old` to `new`, as JSON: whole sections, so applying one twice is harmless.

    A save changes one event's standings and perhaps the programme, so a patch
    is a few kB where the whole board of a big day is tens. None when the
    day itself changed (another day loaded): then only the whole board will do.
    """
    before, after = old.data, new.data
    if before["day"] is None or after["day"] is None:
        return None
    for key in ("events", "stations"):
        if [e["id"] for e in before[key]] != [e["id"] for e in after[key]]:
            return None
    changed: dict[str, Any] = {"seq": after["seq"], "day": after["day"]}
    for key in ("programme", "announcer"):
        if before[key] != after[key]:
            changed[key] = after[key]
    for key in ("events", "stations"):
        changed[key] = [now for now, was in zip(after[key], before[key], strict=True) if now != was]
    return _dumps(changed)


def _dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
