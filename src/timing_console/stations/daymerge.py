"""Merging the day's definition as several stations changed it: a three-way merge.

Every station loads the same day file, so each one's first definition (its
base) is the same, and each change it made since (a late athlete, a moved
lane) shows as a difference from that base. An item (one athlete by bib, one
lane of one heat, the day's settings) changed by one station takes that
station's value; changed the same way by several, that value; changed
differently, it is a disagreement the merge shows and never decides, and the
base value stands until a referee chooses. Pure: no file, no clock.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from timing_console.model import Athlete, Day, LaneEntry

Slot = tuple[str, int, int]
"""A lane of a heat: (event, heat, lane)."""


@dataclass(frozen=True)
class DayDisagreement:
    """One item of the day that stations changed differently."""

    item: str
    """`athlete:BIB`, `athlete:BIB@EVENT` (the lanes it was given in an event),
    `slot:EVENT#HEAT#LANE` or `settings`: stable across merges."""
    values: dict[str, Any]
    """What each station that changed it made of it (None: took it away)."""
    bib: str | None = None
    slot: Slot | None = None
    event: str | None = None


@dataclass(frozen=True)
class MergedDay:
    """The merged definition, and what could not be merged."""

    day: Day
    disagreements: tuple[DayDisagreement, ...]


def _settings(day: Day) -> dict[str, Any]:
    """Everything a day holds besides its athletes and lanes."""
    return day.model_dump(exclude={"athletes", "lanes"})


def _items(things: Iterable[Any], key: Callable[[Any], Hashable]) -> dict[Hashable, Any]:
    return {key(thing): thing for thing in things}


def _lane_slot(entry: LaneEntry) -> Slot:
    return (entry.event, entry.heat, entry.lane)


def _athlete_bib(athlete: Athlete) -> str:
    return athlete.bib


def _merge_items(
    bases: Mapping[str, Mapping[Hashable, Any]],
    finals: Mapping[str, Mapping[Hashable, Any]],
    chosen: Mapping[Hashable, str],
) -> tuple[dict[Hashable, Any], dict[Hashable, dict[str, Any]]]:
    """Per item: the merged value (absent: not in the dict) and the disagreements.

    `chosen` names, per disputed item, the station whose value a referee chose;
    it settles the item only while that station's change is still one of the
    values in dispute.
    """
    merged: dict[Hashable, Any] = {}
    disputed: dict[Hashable, dict[str, Any]] = {}
    keys = dict.fromkeys(k for side in (finals, bases) for s in sorted(side) for k in side[s])
    for item in keys:
        base_values = {bases[s].get(item) for s in bases}
        base = next(iter(base_values)) if len(base_values) == 1 else None
        changed = {
            station: final.get(item)
            for station, final in finals.items()
            if final.get(item) != bases.get(station, {}).get(item)
        }
        distinct = {repr(v) for v in changed.values()}
        if not changed:
            value = base
        elif len(distinct) == 1:
            value = next(iter(changed.values()))
        elif chosen.get(item) in changed:
            value = changed[chosen[item]]
        else:
            disputed[item] = dict(sorted(changed.items()))
            value = base
        if len(base_values) > 1 and not changed:
            # Stations loaded different definitions of this item: nothing to prefer.
            disputed[item] = {s: bases[s].get(item) for s in sorted(bases)}
        if value is not None:
            merged[item] = value
    return merged, disputed


def merge_days(
    bases: Mapping[str, Day],
    finals: Mapping[str, Day],
    chosen: Mapping[str, str] | None = None,
) -> MergedDay:
    """Merge each station's definition against the one it loaded first.

    `bases` and `finals` map station name to its first and its latest day;
    `chosen` maps a disagreement's `item` to the station a referee chose.
    The result does not depend on the order of the stations.
    """
    chosen = chosen or {}
    stations = sorted(finals)
    if not stations:
        raise ValueError("merge_days needs at least one station's day")
    if len({repr(finals[s]) for s in stations}) == 1:
        return MergedDay(finals[stations[0]], ())  # one station, or all agree: nothing to merge
    athletes, athlete_fights = _merge_items(
        {s: _items(bases[s].athletes, _athlete_bib) for s in stations},
        {s: _items(finals[s].athletes, _athlete_bib) for s in stations},
        {
            k.removeprefix("athlete:"): v
            for k, v in chosen.items()
            if k.startswith("athlete:") and "@" not in k
        },
    )
    lanes, lane_fights = _merge_items(
        {s: _items(bases[s].lanes, _lane_slot) for s in stations},
        {s: _items(finals[s].lanes, _lane_slot) for s in stations},
        {_slot_of(k): v for k, v in chosen.items() if k.startswith("slot:")},
    )
    seat_fights = _seats(
        bases,
        finals,
        lanes,
        {k.removeprefix("athlete:"): v for k, v in chosen.items() if k.startswith("athlete:")},
    )
    settings, settings_fights = _merge_items(
        {s: {"settings": repr(_settings(bases[s]))} for s in stations},
        {s: {"settings": repr(_settings(finals[s]))} for s in stations},
        {"settings": chosen["settings"]} if "settings" in chosen else {},
    )
    source = next(
        (finals[s] for s in stations if repr(_settings(finals[s])) == settings.get("settings")),
        bases[stations[0]],
    )
    day = source.model_copy(
        update={"athletes": tuple(athletes.values()), "lanes": tuple(lanes.values())}
    )
    found = [
        DayDisagreement(f"athlete:{bib}", _shown(values), bib=str(bib))
        for bib, values in athlete_fights.items()
    ]
    found += [
        DayDisagreement(f"slot:{_slot_text(slot)}", _shown(values), slot=slot)  # type: ignore[arg-type]
        for slot, values in lane_fights.items()
    ]
    found += [
        DayDisagreement(f"athlete:{bib}@{event}", values, bib=bib, event=event)
        for (bib, event), values in seat_fights.items()
    ]
    found += [DayDisagreement("settings", values) for values in settings_fights.values()]
    return MergedDay(day, tuple(sorted(found, key=lambda d: d.item)))


def _seats(
    bases: Mapping[str, Day],
    finals: Mapping[str, Day],
    lanes: dict[Hashable, Any],
    chosen: Mapping[str, str],
) -> dict[tuple[str, str], dict[str, Any]]:
    """One athlete seated in an event by stations that did not see each other, each in its
    own lane (the same late athlete added twice): an athlete's disagreement, whose choice
    keeps the chosen station's lane and gives the others back what the base had there.

    Until it is chosen, every such seat stays in `lanes` (a referee sees the athlete in
    each lane), and the disagreement keeps the athlete's result off the ranking.
    """
    seated: dict[tuple[str, str], dict[str, list[Slot]]] = {}
    for station in sorted(finals):
        base = {_lane_slot(e): e for e in bases[station].lanes}
        for entry in finals[station].lanes:
            if base.get(_lane_slot(entry)) != entry:
                mine = seated.setdefault((entry.bib, entry.event), {})
                mine.setdefault(station, []).append(_lane_slot(entry))
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for (bib, event), by_station in sorted(seated.items()):
        held = {s: sorted(slots) for s, slots in by_station.items()}
        if len({tuple(slots) for slots in held.values()}) < 2:
            continue  # one station seated the athlete, or all in the same lane
        pick = chosen.get(f"{bib}@{event}")
        if pick in held:
            kept = set(held[pick])
            base = {_lane_slot(e): e for e in bases[pick].lanes}
            for slot in {s for slots in held.values() for s in slots} - kept:
                if slot in base and base[slot].bib != bib:
                    lanes[slot] = base[slot]
                else:
                    lanes.pop(slot, None)
            continue
        found[(bib, event)] = {
            s: [{"event": e, "heat": h, "lane": n} for e, h, n in slots]
            for s, slots in held.items()
        }
    return found


def _shown(values: Mapping[str, Any]) -> dict[str, Any]:
    """A disagreement's values as plain data (a model as its JSON fields)."""
    return {
        station: value.model_dump(mode="json") if hasattr(value, "model_dump") else value
        for station, value in values.items()
    }


def _slot_text(slot: Slot) -> str:
    event, heat, lane = slot
    return f"{event}#{heat}#{lane}"


def _slot_of(item: str) -> Slot:
    event, heat, lane = item.removeprefix("slot:").rsplit("#", 2)
    return (event, int(heat), int(lane))
