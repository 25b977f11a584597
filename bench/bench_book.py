"""The printed outputs at 10,000 attempts: time to write the book and the certificates.

    python -m bench.bench_book [--attempts 10000] [--rounds 5] [--pdf]

- the whole command, as an officer runs it (`timing-console book OUT.html`,
  `timing-console certificates OUT.html --participation`): a fresh process that
  opens the day, ranks it and writes the file; median and worst of the rounds
  (goal ≤ 2 s each);
- `timing-console standings` beside them: opening and ranking the day, which
  every reading command pays before it writes anything;
- the same writes in one process with the day already open (what the rendering
  itself costs);
- the files' sizes, and with `--pdf` the pages Chromium prints and how long it takes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_console import build_day
from tests.support.browserkit import pdf_page_sizes, print_pdf
from timing_console.stations.view import open_view
from timing_console.web.printing.book import write_book
from timing_console.web.printing.certificates import write_certificates

GOAL_S = 2.0
COMMANDS = {
    "book": ["book", "{out}", "--lang", "zh"],
    "certificates": ["certificates", "{out}", "--participation"],
    "standings": ["standings", "--format", "csv"],
}
"""`standings` is the baseline: what any reading command pays to open and rank the day."""


def _command(db: Path, out: Path, what: str) -> float:
    return timed_command(db, [a.format(out=out) for a in COMMANDS[what]])


def timed_command(db: Path, argv: list[str]) -> float:
    """Seconds `timing-console ARGV --db DB` takes as a fresh process, as an officer runs it."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "timing_console", *argv, "--db", str(db)],
        check=True,
        capture_output=True,
        env={**os.environ, "LANG": "zh_CN.UTF-8"},
    )
    return time.perf_counter() - started


def printed_pdf(html: Path, tmp: Path) -> tuple[int, float]:
    """Pages and seconds for Chromium to print `html`; (0, 0) where there is no Chromium."""
    if shutil.which("chromium") is None or shutil.which("pdfinfo") is None:
        return 0, 0.0
    started = time.perf_counter()
    pdf = print_pdf(html, html.with_suffix(".pdf"), tmp / "profile", timeout=300)
    took = time.perf_counter() - started
    return len(pdf_page_sizes(pdf)), took


def run(attempts: int = 10_000, rounds: int = 5, pdf: bool = False) -> dict[str, float]:
    """Every figure for a day of `attempts` attempts (see the module's docstring)."""
    out: dict[str, float] = {"attempts": attempts, "rounds": rounds}
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        db = tmp / "day.json"
        build_day(db, attempts)
        for what in COMMANDS:
            target = tmp / f"{what}.html"
            times = [_command(db, target, what) for _ in range(rounds)]
            out[f"{what}_cmd_s"] = statistics.median(times)
            out[f"{what}_cmd_max_s"] = max(times)
            if target.exists():
                out[f"{what}_kb"] = target.stat().st_size / 1024
        repo = open_view(db, readonly=True)
        try:
            book, certs = [], []
            for _ in range(rounds):
                started = time.perf_counter()
                write_book(repo, tmp / "book-inproc.html", lang="zh")
                book.append(time.perf_counter() - started)
                started = time.perf_counter()
                out["certificates_pages"] = write_certificates(
                    repo, tmp / "certs-inproc.html", participation=True, blank_background=False
                )
                certs.append(time.perf_counter() - started)
        finally:
            repo.close()
        out["book_write_ms"] = statistics.median(book) * 1000
        out["certificates_write_ms"] = statistics.median(certs) * 1000
        if pdf:
            out["book_pdf_pages"], out["book_pdf_s"] = printed_pdf(tmp / "book.html", tmp)
            out["certificates_pdf_pages"], out["certificates_pdf_s"] = printed_pdf(
                tmp / "certificates.html", tmp
            )
    return out


def ok(figures: dict[str, float]) -> bool:
    """Both commands within the goal, worst round included."""
    return max(figures["book_cmd_max_s"], figures["certificates_cmd_max_s"]) <= GOAL_S


def render(figures: dict[str, float]) -> str:
    """The figures as lines a person reads."""
    f = figures
    lines = [
        f"at {f['attempts']:,.0f} attempts, {f['rounds']:.0f} rounds (goal ≤ {GOAL_S:.0f} s each):",
        f"  timing-console book (zh):                  {f['book_cmd_s']:.2f} s median, "
        f"{f['book_cmd_max_s']:.2f} s worst; {f['book_kb']:.0f} KB",
        f"  timing-console certificates --participation: {f['certificates_cmd_s']:.2f} s median, "
        f"{f['certificates_cmd_max_s']:.2f} s worst; {f['certificates_kb']:.0f} KB, "
        f"{f['certificates_pages']:.0f} pages",
        f"  baseline, timing-console standings:        {f['standings_cmd_s']:.2f} s median, "
        f"{f['standings_cmd_max_s']:.2f} s worst (opening and ranking the day)",
        f"  in process, day open: book {f['book_write_ms']:.0f} ms, "
        f"certificates {f['certificates_write_ms']:.0f} ms",
    ]
    if "book_pdf_pages" in f:
        lines.append(
            f"  Chromium to PDF: book {f['book_pdf_pages']:.0f} pages in {f['book_pdf_s']:.1f} s, "
            f"certificates {f['certificates_pdf_pages']:.0f} pages in {f['certificates_pdf_s']:.1f} s"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print the figures; exit 1 if a command misses the goal."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--attempts", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--pdf", action="store_true", help="also print both to PDF with Chromium")
    args = parser.parse_args(argv)
    figures = run(args.attempts, args.rounds, pdf=args.pdf)
    print(render(figures))
    return 0 if ok(figures) else 1


if __name__ == "__main__":
    raise SystemExit(main())
