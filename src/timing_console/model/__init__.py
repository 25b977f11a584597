"""Pydantic models of the event day: pure data, no I/O, no UI."""

from __future__ import annotations

from timing_console.model.attempt import (
    VOID_CODES,
    Action,
    Attempt,
    Change,
    HeatPhase,
    HeatState,
    Mark,
    Status,
    action_key,
    change_key,
    format_time,
    heat_key,
    hundredths,
)
from timing_console.model.day import (
    RACE_IDS,
    Athlete,
    Day,
    EventOverride,
    LaneEntry,
    PlacesRule,
    Rules,
    bib_key,
)
from timing_console.model.events import (
    CATALOGUE,
    MAX_TIME_MS,
    EventKind,
    EventSpec,
    Incident,
    find_event,
    zh_name,
)

__all__ = [
    "CATALOGUE",
    "MAX_TIME_MS",
    "RACE_IDS",
    "VOID_CODES",
    "Action",
    "Athlete",
    "Attempt",
    "Change",
    "Day",
    "EventKind",
    "EventOverride",
    "EventSpec",
    "HeatPhase",
    "HeatState",
    "Incident",
    "LaneEntry",
    "Mark",
    "PlacesRule",
    "Rules",
    "Status",
    "action_key",
    "bib_key",
    "change_key",
    "find_event",
    "format_time",
    "heat_key",
    "hundredths",
    "zh_name",
]
