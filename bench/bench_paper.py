"""The paper printed before the day: score sheets and the programme booklet, big day.

    python -m bench.bench_paper [--athletes 200] [--attempts 10000] [--rounds 5] [--pdf]

A generated day of `--athletes` athletes (two per unit, up to three events
each, heats drawn by the console) holding `--attempts` results:

- the whole command, as an officer runs it (`timing-console sheets OUT.html`,
  `timing-console programme OUT.html`): a fresh process that opens the day and
  writes the file; median and worst of the rounds (goal ≤ 2 s each);
- the same writes in one process with the day already open (the rendering);
- the files' sizes and the sheets' pages, and with `--pdf` the pages Chromium
  prints and how long it takes.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from bench.bench_book import GOAL_S, printed_pdf, timed_command
from bench.bench_console import store_day
from tests.support.daybox import write_generated
from timing_console.dayio.dayfile import read_day
from timing_console.stations.view import open_view
from timing_console.web.printing.booklet import write_booklet
from timing_console.web.printing.sheets import write_sheets

COMMANDS = {
    "sheets": ["sheets", "{out}", "--lang", "zh"],
    "programme": ["programme", "{out}", "--lang", "zh"],
}


def run(
    athletes: int = 200, attempts: int = 10_000, rounds: int = 5, pdf: bool = False
) -> dict[str, float]:
    """Every figure for a generated day (see the module's docstring)."""
    out: dict[str, float] = {"athletes": athletes, "attempts": attempts, "rounds": rounds}
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        day, _ = read_day(write_generated(tmp / "dayfile", athletes, random.Random(22)))
        db = tmp / "day.json"
        store_day(db, day, attempts)
        out["heats"] = len({(e.event, e.heat) for e in day.lanes})
        for what, argv in COMMANDS.items():
            target = tmp / f"{what}.html"
            times = [timed_command(db, [a.format(out=target) for a in argv]) for _ in range(rounds)]
            out[f"{what}_cmd_s"] = statistics.median(times)
            out[f"{what}_cmd_max_s"] = max(times)
            out[f"{what}_kb"] = target.stat().st_size / 1024
        view = open_view(db, readonly=True)
        try:
            sheets, booklet = [], []
            for _ in range(rounds):
                started = time.perf_counter()
                out["sheets_pages"] = write_sheets(view, tmp / "sheets-inproc.html", lang="zh")
                sheets.append(time.perf_counter() - started)
                started = time.perf_counter()
                write_booklet(view, tmp / "programme-inproc.html", lang="zh")
                booklet.append(time.perf_counter() - started)
        finally:
            view.close(snapshot=False)
        out["sheets_write_ms"] = statistics.median(sheets) * 1000
        out["programme_write_ms"] = statistics.median(booklet) * 1000
        if pdf:
            for what in COMMANDS:
                out[f"{what}_pdf_pages"], out[f"{what}_pdf_s"] = printed_pdf(
                    tmp / f"{what}.html", tmp
                )
    return out


def ok(figures: dict[str, float]) -> bool:
    """Both commands within the goal, worst round included."""
    return max(figures["sheets_cmd_max_s"], figures["programme_cmd_max_s"]) <= GOAL_S


def render(figures: dict[str, float]) -> str:
    """The figures as lines a person reads."""
    f = figures
    lines = [
        f"{f['athletes']:,.0f} athletes, {f['heats']:.0f} heats, {f['attempts']:,.0f} attempts, "
        f"{f['rounds']:.0f} rounds (goal ≤ {GOAL_S:.0f} s each):",
        f"  timing-console sheets (zh):    {f['sheets_cmd_s']:.2f} s median, "
        f"{f['sheets_cmd_max_s']:.2f} s worst; {f['sheets_kb']:.0f} KB, "
        f"{f['sheets_pages']:.0f} pages",
        f"  timing-console programme (zh): {f['programme_cmd_s']:.2f} s median, "
        f"{f['programme_cmd_max_s']:.2f} s worst; {f['programme_kb']:.0f} KB",
        f"  in process, day open: sheets {f['sheets_write_ms']:.0f} ms, "
        f"programme {f['programme_write_ms']:.0f} ms",
    ]
    if "sheets_pdf_pages" in f:
        lines.append(
            f"  Chromium to PDF: sheets {f['sheets_pdf_pages']:.0f} pages in "
            f"{f['sheets_pdf_s']:.1f} s, programme {f['programme_pdf_pages']:.0f} pages in "
            f"{f['programme_pdf_s']:.1f} s"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print the figures; exit 1 if a command misses the goal."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--athletes", type=int, default=200)
    parser.add_argument("--attempts", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--pdf", action="store_true", help="also print both to PDF with Chromium")
    args = parser.parse_args(argv)
    figures = run(args.athletes, args.attempts, args.rounds, pdf=args.pdf)
    print(render(figures))
    return 0 if ok(figures) else 1


if __name__ == "__main__":
    raise SystemExit(main())
