"""The three 20 m races: a stopwatch per lane.

`space` is the gun (or `g`, the start signal, whose beep is the gun: see
`starter`), a lane digit is that lane's finish; `r`/`p`/`f`/`d`/`n`
then a digit mark a restart, a drop, a foul, a DNF or (before the gun) a DNS.
Every stamp is the key event's own time.
"""

from __future__ import annotations

from typing import ClassVar

from timing_console.model import HeatPhase, Status, format_time
from timing_console.ui.heat.base import HeatScreen, Row

TOO_CLOSE_MS = 200
"""Finishes nearer than this are flagged for the finish judge."""

MARK_SHORT = {"restart": "R", "drop": "P", "foul": "F", "tally": "+"}


class RaceScreen(HeatScreen):
    """A race heat."""

    HELP_TITLE = "Race · 比赛计时"
    TIMING_KEYS: ClassVar[list[tuple[str, str]]] = [
        ("space", "gun"),
        ("g", "gun_signal"),
        ("1-8", "finish"),
        ("r 1-8", "restart"),
        ("p 1-8", "drop"),
        ("f 1-8", "foul"),
        ("d 1-8", "dnf"),
        ("n 1-8", "race_dns"),
        ("v", "rerun_heat"),
        ("backspace", "undo_action"),
        ("ctrl+s", "close_final"),
    ]
    COLUMNS: ClassVar[tuple[str, ...]] = ("lane", "athlete", "unit", "state", "time", "marks")
    WIDTHS: ClassVar[dict[str, int]] = {**HeatScreen.WIDTHS, "time": 7}

    def lane_rows(self) -> list[tuple[int, Row]]:
        """Lane, athlete, unit, state, time and marks; close finishes flagged."""
        words = self.words
        finishes = {
            lane: a.time_ms
            for lane, a in self.board.lanes.items()
            if a.status is Status.OK and a.time_ms is not None
        }
        rows: list[tuple[int, Row]] = []
        for entry in self.board.lineup:
            attempt = self.board.lanes.get(entry.lane)
            name, unit = self.athlete_cells(entry.lane)
            time_text, state, flag = "", words("waiting"), ""
            if attempt is not None:
                if attempt.status is None:
                    state = words("on_course")
                elif attempt.status is Status.OK and attempt.time_ms is not None:
                    state, time_text = words("finished"), format_time(attempt.time_ms)
                    if any(
                        lane != entry.lane and abs(ms - attempt.time_ms) < TOO_CLOSE_MS
                        for lane, ms in finishes.items()
                    ):
                        time_text += " ⚠"
                        flag = f"⚠ {words('too_close')} "
                else:
                    state = attempt.status.value
            marks = flag + " ".join(
                f"{MARK_SHORT[m.kind]}@{format_time(m.elapsed_ms)}"
                for m in (attempt.marks if attempt else ())
            )
            rows.append((entry.lane, (str(entry.lane), name, unit, state, time_text, marks)))
        return rows

    def clock_text(self) -> str:
        """Running: elapsed; every lane done or the heat closed: the last finish, frozen."""
        closed = self.board.state.phase is HeatPhase.DONE
        if closed or (self.board.running and not self.board.live_lanes() and self.board.lanes):
            times = [a.time_ms for a in self.board.lanes.values() if a.time_ms is not None]
            if times:
                return format_time(max(times))
        return super().clock_text()
