"""How far the day has got: which heats are not yet closed as final.

Pure, so the book, the certificates' warning and anything else that says
PROVISIONAL decide it the same way.
"""

from __future__ import annotations

from timing_console.model import Day, HeatPhase, HeatState, heat_key


def open_heats(day: Day, states: dict[str, HeatState]) -> list[tuple[str, int]]:
    """Heats of the programme not closed as final, in programme order.

    As the programme screen decides "done": only a heat the referee closed
    (phase done) counts; a re-opened, running, interrupted or never-run heat
    keeps the results provisional.
    """
    found: list[tuple[str, int]] = []
    for spec in day.events():
        for heat in day.heat_numbers(spec.id):
            state = states.get(heat_key(spec.id, heat))
            if state is None or state.phase is not HeatPhase.DONE:
                found.append((spec.id, heat))
    return found
