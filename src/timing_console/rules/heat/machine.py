"""The heat as a pure state machine: every referee action in, new documents out.

A `HeatMachine` is one heat at one moment: its line-up, its `HeatState`, the
attempt that currently counts in each lane and the actions `backspace` may
still take back. Each action returns a `Step`: the new board and the records
to write (only what changed: the new action, the changed attempts, the change
records explaining them). Nothing is mutated and nothing is saved
here, so the caller can make the step durable *before* the screen shows it, and
tests can drive a whole heat with made-up stamps.

Elapsed times come only from monotonic stamps (the key event's own time); the
wall clock is carried along as a label and as the resume origin after a reboot.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from timing_console.model import (
    Action,
    Attempt,
    Change,
    EventKind,
    EventSpec,
    HeatPhase,
    HeatState,
    Incident,
    LaneEntry,
    Mark,
    Status,
)
from timing_console.rules.heat import corrections, undo
from timing_console.rules.heat.clock import anchored
from timing_console.rules.heat.results import ParsedResult, check_count, check_time
from timing_console.rules.heat.stamp import (
    HeatError,
    NoChange,
    ReasonNeeded,
    Stamp,
    Transition,
    elapsed_ms,
    transition_of,
    with_change,
)
from timing_console.words import Named

__all__ = ["HeatError", "HeatMachine", "NoChange", "ReasonNeeded", "Stamp", "Step", "elapsed_ms"]


@dataclass(frozen=True)
class Step:
    """The outcome of one action: the new board and what must be written."""

    board: HeatMachine
    writes: tuple[Attempt, ...]
    actions: tuple[Action, ...] = ()
    """Actions logged or changed (an undo marks one undone)."""
    changes: tuple[Change, ...] = ()
    """Change records explaining edited attempts."""
    was: HeatState | None = None
    """The heat's state the step was computed from (None: the new board's own): the store
    writes the state only when the step changed it."""

    def __post_init__(self) -> None:
        """A step that names no earlier state did not change it."""
        if self.was is None:
            object.__setattr__(self, "was", self.board.state)


@dataclass(frozen=True)
class HeatMachine:
    """One heat at one moment."""

    spec: EventSpec
    lineup: tuple[LaneEntry, ...]
    state: HeatState
    lanes: Mapping[int, Attempt]
    """The attempt that counts now in each lane (absent: nothing recorded)."""
    actions: tuple[Action, ...] = ()
    """The actions of this run that `backspace` may take back, oldest first."""
    seen: tuple[int, int] = field(default=(0, 0), compare=False)
    """The store's version of this heat when this board was read (see `Repo.board`):
    every board a step makes from it keeps it, so the store can refuse a step made
    from a heat that changed since. Not part of what a board is: two reads of the same
    heat are equal boards."""

    @property
    def running(self) -> bool:
        """Whether the gun has gone for the current run and the heat is not closed."""
        return self.state.phase is HeatPhase.RUNNING and self.state.started_mono is not None

    def entry(self, lane: int) -> LaneEntry:
        """The line-up entry of a lane, or a refusal naming the lane."""
        for entry in self.lineup:
            if entry.lane == lane:
                return entry
        raise HeatError("lane_has_no_athlete", lane=lane)

    def live_lanes(self) -> list[int]:
        """Lanes whose attempt is started and still open."""
        return sorted(
            lane for lane, a in self.lanes.items() if a.status is None and a.run == self.state.run
        )

    def elapsed_at(self, stamp: Stamp) -> int:
        """Elapsed ms of the current run at a stamp."""
        if self.state.started_mono is None:
            raise HeatError("heat_not_started")
        return elapsed_ms(self.state.started_mono, stamp.mono)

    def shooter(self) -> int | None:
        """Free throws: the lane now shooting (first in lane order still to finish)."""
        for entry in self.lineup:
            attempt = self.lanes.get(entry.lane)
            if attempt is None or attempt.status is None:
                return entry.lane
        return None

    def _act(
        self,
        stamp: Stamp,
        kind: str,
        lane: int | None,
        attempts: list[tuple[Attempt | None, Attempt]],
        **state_changes: Any,
    ) -> Step:
        """Apply new attempts, log one undoable action, and return the step."""
        lanes = dict(self.lanes)
        before = attempts[0][0] if len(attempts) == 1 else None
        after = attempts[0][1] if len(attempts) == 1 else None
        for _, new in attempts:
            lanes[new.lane] = new
        action = Action(
            event=self.state.event,
            heat=self.state.heat,
            n=self.state.logged,
            kind=kind,
            lane=lane,
            attempt_id=attempts[0][1].id if len(attempts) == 1 else None,
            before=_undo_image(before) if before is not None else None,
            at=stamp.label,
            changes_after=after.changes if after is not None and after.changes else None,
        )
        state = self.state.model_copy(update={**state_changes, "logged": action.n + 1})
        board = replace(self, state=state, lanes=lanes, actions=(*self.actions, action))
        return Step(board, tuple(new for _, new in attempts), (action,), was=self.state)

    def _update(self, stamp: Stamp, kind: str, attempt: Attempt, **update: Any) -> Step:
        """Change one lane's attempt as one undoable action."""
        return self._act(stamp, kind, attempt.lane, [(attempt, attempt.model_copy(update=update))])

    def _step(self, moved: Transition) -> Step:
        """The step of a transition: this board moved on, and what to write."""
        board = replace(self, state=moved.state, lanes=moved.lanes, actions=moved.actions)
        return Step(board, moved.writes, moved.logged, moved.changes, was=self.state)

    def new_attempt(self, lane: int, stamp: Stamp, **fields: Any) -> Attempt:
        """A fresh attempt for the lane's athlete in this run."""
        entry = self.entry(lane)
        return Attempt(
            id=uuid.uuid4().hex,
            event=self.spec.id,
            heat=self.state.heat,
            lane=lane,
            bib=entry.bib,
            run=self.state.run,
            recorded_at=stamp.label,
            **fields,
        )

    def _open_attempt(self, lane: int) -> Attempt:
        self.entry(lane)
        attempt = self.lanes.get(lane)
        if attempt is None or attempt.run != self.state.run or not self.running:
            raise HeatError("lane_not_running", lane=lane)
        if attempt.status is not None:
            raise HeatError("lane_has_result", lane=lane, status=attempt.status.value)
        return attempt

    def require_not_closed(self) -> None:
        """HeatError if the heat is closed."""
        if self.state.phase is HeatPhase.DONE:
            raise HeatError("heat_closed")

    def start(self, stamp: Stamp, boot_id: str | None) -> Step:
        """Fire the gun: every lane without a result in this heat starts now."""
        self.require_not_closed()
        if self.running and self.live_lanes():
            raise HeatError("heat_already_running")
        if self.spec.kind is EventKind.SHOTS:
            raise HeatError("no_gun_for_shots")
        starters = [e.lane for e in self.lineup if e.lane not in self.lanes]
        if not starters:
            raise HeatError("nothing_to_start")
        created = [(None, self.new_attempt(lane, stamp)) for lane in starters]
        return self._act(
            stamp,
            "start",
            None,
            created,  # type: ignore[arg-type]
            phase=HeatPhase.RUNNING,
            started_mono=stamp.mono,
            started_wall=stamp.wall,
            boot_id=boot_id,
        )

    def finish(self, lane: int, stamp: Stamp, *, override: str | None = None) -> Step:
        """Stop a lane's clock at the key's own stamp.

        A time over the event's plausible ceiling is refused (`BeyondCeiling`)
        unless `override` says why it stands (the referee confirmed it).
        """
        if self.spec.kind is not EventKind.RACE:
            raise HeatError("only_races_finish")
        attempt = self._open_attempt(lane)
        ms = self.elapsed_at(stamp)
        check_time(self.spec, ms, override=override is not None)
        update: dict[str, Any] = {"status": Status.OK, "time_ms": ms}
        if self.spec.beyond_ceiling(ms):
            update["override"] = override
        return self._update(stamp, "finish", attempt, **update)

    def mark(self, lane: int, incident: Incident, stamp: Stamp) -> Step:
        """Put an incident on a running lane; a foul voids the lane's result."""
        if incident not in self.spec.incidents:
            raise HeatError(
                "no_such_mark", event=Named(self.spec.en, self.spec.zh), incident=incident.value
            )
        attempt = self._open_attempt(lane)
        mark = Mark(kind=incident.value, elapsed_ms=self.elapsed_at(stamp), at=stamp.label)
        update: dict[str, Any] = {"marks": (*attempt.marks, mark)}
        if incident is Incident.FOUL:
            update["status"] = Status.FOUL
        return self._update(stamp, "mark", attempt, **update)

    def dnf(self, lane: int, stamp: Stamp) -> Step:
        """A running lane did not finish."""
        attempt = self._open_attempt(lane)
        return self._update(stamp, "dnf", attempt, status=Status.DNF)

    def dns(self, lane: int, stamp: Stamp) -> Step:
        """Before the start: mark a lane as not starting, or take the mark back."""
        self.require_not_closed()
        self.entry(lane)
        current = self.lanes.get(lane)
        if self.spec.kind is EventKind.SHOTS:
            if current is not None and current.status is not Status.DNS:
                raise HeatError("lane_has_shot", lane=lane)
        elif self.running and (current is None or current.run == self.state.run):
            raise HeatError("dns_before_start")
        if current is not None and current.status is Status.DNS:
            voided, change = with_change(
                current, {"void": "DNS taken back"}, "DNS taken back", stamp, kind="dns"
            )
            step = self._act(stamp, "dns", lane, [(current, voided)])
            lanes = {k: v for k, v in step.board.lanes.items() if k != lane}
            return replace(step, board=replace(step.board, lanes=lanes), changes=(change,))
        if current is not None:
            raise HeatError("lane_has_result", lane=lane, status=current.status)
        return self._act(
            stamp, "dns", lane, [(None, self.new_attempt(lane, stamp, status=Status.DNS))]
        )

    def tally(self, lane: int, stamp: Stamp) -> Step:
        """Live tally during a countdown: one more for the lane."""
        if self.spec.kind is not EventKind.COUNT:
            raise HeatError("only_counts_tally")
        attempt = self._open_attempt(lane)
        if self.time_up(stamp):
            raise HeatError("time_is_up")
        count = (attempt.count or 0) + 1
        return self._update(stamp, "tally", attempt, count=count)

    def time_up(self, stamp: Stamp) -> bool:
        """Whether the countdown has reached zero at this stamp."""
        if self.spec.duration_s is None or self.state.started_mono is None:
            return False
        return self.elapsed_at(stamp) >= self.spec.duration_s * 1000

    def set_count(self, lane: int, count: int, stamp: Stamp) -> Step:
        """Record a lane's final count once the countdown has reached zero."""
        if self.spec.kind is not EventKind.COUNT:
            raise HeatError("only_counts_count")
        attempt = self._open_attempt(lane)
        if not self.time_up(stamp):
            raise HeatError("countdown_running")
        check_count(self.spec, count)
        return self._update(stamp, "count", attempt, status=Status.OK, count=count)

    def shot(self, made: bool, stamp: Stamp) -> Step:
        """Record the next shot of the athlete now shooting."""
        self.require_not_closed()
        if self.spec.kind is not EventKind.SHOTS or self.spec.shots is None:
            raise HeatError("only_shots_shoot")
        lane = self.shooter()
        if lane is None:
            raise HeatError("all_shots_taken")
        current = self.lanes.get(lane)
        shots = (current.shots or "") if current else ""
        shots += "1" if made else "0"
        done = len(shots) == self.spec.shots
        update = {"shots": shots, "count": shots.count("1"), "status": Status.OK if done else None}
        changes: dict[str, Any] = {}
        if not self.running:
            changes = {"phase": HeatPhase.RUNNING, "started_wall": stamp.wall}
        if current is None:
            new = self.new_attempt(lane, stamp, **update)
        else:
            new = current.model_copy(update=update)
        return self._act(stamp, "shot", lane, [(current, new)], **changes)

    def undo(self, stamp: Stamp) -> Step:
        """Take back the last action of this run: see `undo.undo`."""
        return self._step(undo.undo(self, stamp))

    def rerun(self, stamp: Stamp, lane: int | None = None) -> Step:
        """Void the current run (false start) or one lane's attempt, ready to start again.

        DNS decisions survive a whole-heat re-run: the absent athlete is still absent
        (press the DNS key again before the start to take it back).
        """
        shots = self.spec.kind is EventKind.SHOTS
        if shots and lane is None:
            raise HeatError("shots_rerun_lane")
        if lane is None:
            targets = [a for a in self.lanes.values() if a.status is not Status.DNS]
        else:
            self.entry(lane)
            targets = [self.lanes[lane]] if lane in self.lanes else []
        reason = "re-run (false start)" if lane is None else f"lane {lane} re-run"
        edits = [with_change(a, {"void": reason}, reason, stamp, kind="rerun") for a in targets]
        voided = {a.lane for a in targets}
        lanes = {k: v for k, v in self.lanes.items() if k not in voided}
        if lane is not None and not shots and self.running:
            # One lane runs again later (its own gun once the others are done);
            # the rest of the heat runs on from its gun.
            state = self.state.model_copy(update={"undo_from": self.state.logged})
            return self._step(transition_of(state, lanes, (), edits))
        phase = self.state.phase if shots else HeatPhase.RERUN
        if shots and not lanes:
            phase = HeatPhase.READY
        update: dict[str, Any] = {
            "run": self.state.run + 1,
            "phase": phase,
            "closed_at": None,
            "undo_from": self.state.logged,
        }
        if not shots:
            update |= {"started_mono": None, "started_wall": None}
        state = self.state.model_copy(update=update)
        return self._step(transition_of(state, lanes, (), edits))

    def unfinished(self) -> list[int]:
        """Lanes closing would record as DNF: still open, or with no result at all."""
        return [
            e.lane
            for e in self.lineup
            if (a := self.lanes.get(e.lane)) is None or (a.status is None and a.void is None)
        ]

    def close(self, stamp: Stamp, reason: str = "", source: str = "console") -> Step:
        """Close the heat as final; every lane still open or without a result is a DNF.

        `reason` (the command line asks for one when lanes have no result) is kept
        with each of those DNFs; the console's question names them instead.
        """
        self.require_not_closed()
        edits = []
        for lane in self.unfinished():
            attempt = self.lanes.get(lane) or self.new_attempt(lane, stamp, source=source)
            why = "closed while still open" if lane in self.lanes else "closed with no result"
            if reason.strip():
                why = f"{why}: {reason.strip()}"
            edits.append(
                with_change(
                    attempt, {"status": Status.DNF}, why, stamp, kind="close", source=source
                )
            )
        lanes = {**self.lanes, **{new.lane: new for new, _ in edits}}
        state = self.state.model_copy(
            update={
                "phase": HeatPhase.DONE,
                "closed_at": stamp.label,
                "undo_from": self.state.logged,
            }
        )
        return self._step(transition_of(state, lanes, (), edits))

    def enter(
        self,
        lane: int,
        result: ParsedResult,
        stamp: Stamp,
        *,
        reason: str,
        source: str = "cli",
        override: bool = False,
    ) -> Step:
        """Key in a result (a paper card, or a referee's correction): see `corrections.enter`."""
        return self._step(
            corrections.enter(
                self, lane, result, stamp, reason=reason, source=source, override=override
            )
        )

    def reopen(self, stamp: Stamp, reason: str, source: str = "console") -> Step:
        """Re-open a closed heat to correct it, with a reason: see `corrections.reopen`."""
        return self._step(corrections.reopen(self, stamp, reason, source))

    def resume(self, stamp: Stamp, boot_id: str | None) -> Step:
        """Re-anchor an interrupted run so the clock continues from the stored start (see
        `clock.anchored`: same boot, the stored origin; else one rebuilt from the wall clock)."""
        state = anchored(self.state, stamp.mono, stamp.wall, boot_id)
        if state is self.state:
            return Step(self, ())
        return Step(replace(self, state=state), (), was=self.state)


def _undo_image(attempt: Attempt) -> dict[str, Any]:
    """What `backspace` needs to restore an attempt, less what the action itself names."""
    return attempt.model_dump(mode="json", exclude_defaults=True, exclude=_NAMED_BY_ACTION)


_NAMED_BY_ACTION = {"id", "event", "heat", "lane"}
