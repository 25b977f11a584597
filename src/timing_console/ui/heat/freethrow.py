"""Free throws: one athlete at a time, in lane order, ten shots each.

`1`/`h` is a basket and `0`/`m` a miss, each stamped with the key's own time;
after the tenth shot the next athlete in lane order comes up by itself. The
big number is the shooter's running total; the shot boxes and the first-basket
shot number (the tie-break on equal baskets) stay in view as they shoot.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from timing_console.model import Attempt, Status
from timing_console.rules.ranking import first_basket
from timing_console.ui.heat.base import HeatScreen, Row

BOX = {"1": "●", "0": "○"}
"""How a shot shows: ● basket, ○ miss; shots still to come show as ·."""
TO_COME = "·"


class FreeThrowScreen(HeatScreen):
    """A free-throw heat."""

    CSS_PATH = ["heat.tcss", "freethrow.tcss"]  # noqa: RUF012 - Textual takes a list; heat.tcss first
    HELP_TITLE = "Free throws · 定点投篮"
    TIMING_KEYS: ClassVar[list[tuple[str, str]]] = [
        ("1 / h", "basket"),
        ("0 / m", "miss"),
        ("n 1-8", "shot_dns"),
        ("v 1-8", "shot_rerun"),
        ("backspace", "undo_shot"),
        ("ctrl+s", "close_final"),
    ]
    COLUMNS: ClassVar[tuple[str, ...]] = (
        "lane",
        "athlete",
        "unit",
        "state",
        "shots",
        "count",
        "first_basket",
    )

    # ----- layout --------------------------------------------------------------

    @property
    def shots_each(self) -> int:
        """Shots per athlete (ten, from the event)."""
        return self.session.view.require_day().event(self.event_id).shots or 10

    def compose_body(self) -> ComposeResult:
        """Who is shooting, their shot boxes, their total and tie-break, then the table."""
        yield Static("", id="shooter")
        with Horizontal(id="shots"):
            for n in range(1, self.shots_each + 1):
                box = Static(TO_COME, id=f"shot-{n}", classes="shot")
                box.border_title = str(n)
                yield box
        yield Static("", id="summary")
        yield from super().compose_body()

    # ----- board ---------------------------------------------------------------

    def shown_lane(self) -> int | None:
        """The athlete shooting now or, once all are done, the last one who shot."""
        lane = self.board.shooter()
        if lane is not None:
            return lane
        shot = [
            e.lane for e in self.board.lineup if (a := self.board.lanes.get(e.lane)) and a.shots
        ]
        return shot[-1] if shot else None

    def shown_shots(self) -> str:
        """The shots so far of the athlete in view."""
        lane = self.shown_lane()
        attempt = self.board.lanes.get(lane) if lane is not None else None
        return (attempt.shots or "") if attempt is not None else ""

    def show_board(self) -> None:
        """Repaint the table, then the shooter's line, boxes and summary."""
        super().show_board()
        self.show_shooter()

    def show_shooter(self) -> None:
        """The athlete in view: name, ten boxes, running total and first basket."""
        words = self.words
        lane = self.shown_lane()
        shots = self.shown_shots()
        if lane is None:
            heading = words("done")
        else:
            name, unit = self.athlete_cells(lane)
            state = words("shooting") if lane == self.board.shooter() else words("done")
            heading = f"[b]{words('lane')} {lane}[/b] · {name} · {unit} · {state}"
        self.query_one("#shooter", Static).update(heading)
        for n in range(1, self.shots_each + 1):
            box = self.query_one(f"#shot-{n}", Static)
            mark = shots[n - 1] if n <= len(shots) else None
            box.update(BOX.get(mark, TO_COME) if mark is not None else TO_COME)
            box.set_class(mark == "1", "made")
            box.set_class(mark == "0", "miss")
            box.set_class(n == len(shots) + 1 and lane == self.board.shooter(), "next")
        first = first_basket(shots)
        summary = (
            f"{words('count')}: [b]{shots.count('1')}[/b] / {len(shots)}"
            f"   {words('first_basket')}: [b]{first if first is not None else '-'}[/b]"
        )
        self.query_one("#summary", Static).update(summary)

    def lane_rows(self) -> list[tuple[int, Row]]:
        """Lane, athlete, unit, state, shot string, total and first basket."""
        rows: list[tuple[int, Row]] = []
        shooter = self.board.shooter()
        for entry in self.board.lineup:
            name, unit = self.athlete_cells(entry.lane)
            attempt = self.board.lanes.get(entry.lane)
            state = self.lane_state(entry.lane, attempt, shooter)
            shots = (attempt.shots or "") if attempt is not None else ""
            boxes = "".join(BOX[s] for s in shots)
            if attempt is None or attempt.status in (None, Status.OK):
                boxes += TO_COME * (self.shots_each - len(shots))
            total = str(shots.count("1")) if shots else ""
            first = first_basket(shots)
            rows.append(
                (
                    entry.lane,
                    (str(entry.lane), name, unit, state, boxes, total, str(first or "")),
                )
            )
        return rows

    def lane_state(self, lane: int, attempt: Attempt | None, shooter: int | None) -> str:
        """Waiting / shooting / finished / DNS / DNF."""
        words = self.words
        if lane == shooter:
            return words("shooting")
        if attempt is None or attempt.status is None:
            return words("waiting")
        if attempt.status is Status.OK:
            return words("finished")
        return attempt.status.value

    def clock_text(self) -> str:
        """The big number: baskets so far of the athlete in view."""
        return str(self.shown_shots().count("1"))
