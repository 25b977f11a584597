"""The long proof in one command: benchmarks, crash harness and long property runs.

    python -m bench.run_all            # everything (~35 min on 2 cores)
    python -m bench.run_all --quick    # smaller counts, for a smoke run

Prints each part's own table as it finishes, then one summary table of every
figure beside its baseline and goal. Exits 1 if a goal that is ours to keep
is missed or the harness lost an acknowledged attempt.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from bench import (
    bench_board,
    bench_board_console,
    bench_book,
    bench_commit,
    bench_console,
    bench_day_in_a_box,
    bench_journal,
    bench_merge,
    bench_paper,
    bench_push,
    bench_sound,
    bench_xlsx,
    crash_harness,
)
from tests.support import daybox
from tests.support.paths import ROOT
from tests.support.refereekit import human_faults, proof_figures

Row = tuple[str, str, str, str, bool]


def commit_rows(sizes: tuple[int, ...], commits: int) -> list[Row]:
    """Durable commit of one attempt, ours vs stock TinyDB."""
    rows = bench_commit.run(sizes, commits=commits)
    print(bench_commit.render(rows, bench_commit.idle_stall()), flush=True)
    out: list[Row] = []
    for docs in sizes:
        by = {r["store"]: r for r in rows if r["docs"] == docs}
        ok, speedup = bench_commit.verdict(rows, docs)
        out.append(
            (
                f"commit p99 at {docs:,} attempts",
                f"{by['ours']['p99_ms']:.2f} ms",
                f"{by['stock']['p99_ms']:.1f} ms stock ({speedup:.0f}x)",
                "≤ 5 ms, ≥ 10x at 10k",
                ok,
            )
        )
    return out


def console_rows(sizes: tuple[int, ...], rounds: int) -> list[Row]:
    """Timing error, loop stalls, standings, start-up and CPU on the real console."""
    out: list[Row] = []
    for n in sizes:
        f = bench_console.run(n, rounds)
        print(f"console at {n:,} attempts: {f}", flush=True)
        out += [
            (
                f"time error p99 at {n:,} ({f['finishes']} finishes, 8 lanes, busy)",
                f"{f['stamp_p99']:.3f} ms",
                f"{f['handler_p99']:.3f} ms handler-time; "
                f"{f['floor_p99']:.3f} ms bare reader (floor)",
                "≤ 1 ms",
                f["stamp_p99"] <= 1.0,
            ),
            (
                f"time error p99 at {n:,}, no ranking thread (commits only)",
                f"{f['own_stamp_p99']:.3f} ms",
                f"{f['own_handler_p99']:.3f} ms handler-time; "
                f"{f['own_floor_p99']:.3f} ms bare reader (floor)",
                "≤ 1 ms",
                f["own_stamp_p99"] <= 1.0,
            ),
            (
                f"longest loop stall while a clock runs at {n:,}",
                f"{f['stall_running_steady']:.1f} ms (first heat {f['stall_running_first']:.0f} ms)",
                f"whole session {f['loop_stall_max']:.0f} ms",
                "≤ 16 ms",
                f["stall_running_steady"] <= 16.0,
            ),
            (
                f"standings, all seven events at {n:,}",
                f"{f['standings_ms']:.1f} ms",
                "",
                "≤ 50 ms",
                f["standings_ms"] <= 50,
            ),
            (
                f"start to first screen at {n:,}",
                f"{f['startup_s']:.2f} s",
                "",
                "≤ 0.8 s",
                f["startup_s"] <= 0.8,
            ),
            (
                f"CPU while a heat clock runs 10 s at {n:,}",
                f"{f['cpu_ours'] * 100:.1f} %",
                f"{f['cpu_stopwatch'] * 100:.1f} % tutorial stopwatch",
                "≤ 5 %",
                f["cpu_ours"] <= 0.05,
            ),
        ]
    return out


def journal_rows(tallies: int) -> list[Row]:
    """Journal bytes per action, journal size, and what a reading command pays to open."""
    f = bench_journal.run(ROOT / "src", attempts=10_000, tallies=tallies)
    print(bench_journal.render(f), flush=True)
    first, last = f["bytes_first"], f["bytes_last"]
    return [
        (
            f"journal bytes per action, 1st / {tallies}th of one heat",
            f"{first:.0f} / {last:.0f} B",
            "1,032 / 197,207 B at b7af2d5",
            "equal within 10 %, ≤ 1 KB",
            abs(last - first) <= 0.1 * first and max(first, last) <= 1024,
        ),
        (
            f"journal after {tallies} tallies in one heat",
            f"{f['journal_mb']:.2f} MB",
            "49.6 MB at b7af2d5",
            "≤ 0.5 MB",
            f["journal_mb"] <= 0.5,
        ),
        (
            f"reading command after {tallies} tallies: time / peak memory",
            f"{f['tallies_open_s']:.2f} s / {f['tallies_rss_mb']:.0f} MB",
            "0.60 s / 128 MB at b7af2d5",
            "informational",
            True,
        ),
        (
            "reading command at 10,000 attempts: time / peak memory",
            f"{f['attempts_open_s']:.2f} s / {f['attempts_rss_mb']:.0f} MB",
            "0.57 s / 60 MB at b7af2d5",
            "informational",
            True,
        ),
    ]


def crash_rows(kills: int, cases: int) -> list[Row]:
    """SIGKILLs, crash points and power cuts, ours vs stock TinyDB."""
    rows = crash_harness.run(kills, cases)
    print(crash_harness.render(rows), flush=True)
    out: list[Row] = []
    stock_by_run = {r["run"]: r for r in rows if r["store"] == "stock"}
    for ours in (r for r in rows if r["store"] == "ours"):
        name = ours["run"]
        stock = stock_by_run.get("SIGKILL: insert child" if name.startswith("SIGKILL") else name)
        informational = name == crash_harness.INFORMATIONAL
        out.append(
            (
                name,
                _crash_cell(ours),
                _crash_cell(stock) if stock else "",
                "informational: a disk that tears whole sectors"
                if informational
                else "0 lost, 0 unopenable",
                informational or not crash_harness.failures([ours]),
            )
        )
    return out


def book_rows(rounds: int) -> list[Row]:
    """The printed outputs at 10,000 attempts: book and certificates, each as a command."""
    f = bench_book.run(10_000, rounds)
    print(bench_book.render(f), flush=True)
    baseline = f"{f['standings_cmd_max_s']:.2f} s standings (opening and ranking the day)"
    return command_rows(f, ("book", "certificates"), "10,000 attempts", rounds, lambda _: baseline)


def paper_rows(rounds: int) -> list[Row]:
    """The paper printed before the day at 200 athletes / 10,000 attempts: score sheets and
    the programme booklet, each as a command."""
    f = bench_paper.run(200, 10_000, rounds)
    print(bench_paper.render(f), flush=True)
    return command_rows(
        f,
        ("sheets", "programme"),
        "200 athletes / 10,000 attempts",
        rounds,
        lambda what: f"{f[f'{what}_write_ms']:.0f} ms in process, day open",
    )


def command_rows(
    f: dict[str, float],
    commands: tuple[str, ...],
    day: str,
    rounds: int,
    baseline: Callable[[str], str],
) -> list[Row]:
    """A row per printing command: its worst time as an officer runs it, against the goal."""
    return [
        (
            f"timing-console {what} at {day} (worst of {rounds})",
            f"{f[f'{what}_cmd_max_s']:.2f} s ({f[f'{what}_kb']:.0f} KB)",
            baseline(what),
            "≤ 2 s",
            f[f"{what}_cmd_max_s"] <= bench_book.GOAL_S,
        )
        for what in commands
    ]


def xlsx_rows(rounds: int) -> list[Row]:
    """Excel in and out at 10,000 attempts / 200 athletes: the workbook export as a command,
    and `check` of a day whose entries are a workbook."""
    f = bench_xlsx.run(10_000, 200, rounds)
    print(bench_xlsx.render(f), flush=True)
    return [
        (
            f"timing-console export --format xlsx at 10,000 attempts / 200 athletes "
            f"(worst of {rounds})",
            f"{f['xlsx_max_s']:.2f} s ({f['xlsx_kb']:.0f} KB, {f['rows']:.0f} rows)",
            f"{f['csv_max_s']:.2f} s as CSV; {f['standings_max_s']:.2f} s standings",
            "≤ 2 s",
            bench_xlsx.ok(f),
        ),
        (
            "timing-console check, 200 athletes' entries from .xlsx (median)",
            f"{f['check_xlsx_s']:.2f} s",
            f"{f['check_csv_s']:.2f} s from .csv",
            "informational",
            True,
        ),
    ]


def board_rows(quick: bool) -> list[Row]:
    """The live board at 10,000 attempts: a save's trip to 100 streams, its CPU, and
    what it costs the console's time error."""
    f = bench_board.run(10_000, clients=20 if quick else 100, results=20 if quick else 60)
    print(bench_board.render(f), flush=True)
    c = bench_board_console.run(10_000, rounds=16 if quick else 160, clients=int(f["clients"]))
    print(bench_board_console.render(c), flush=True)
    clients = f"{f['clients']:.0f} SSE clients"
    return [
        (
            f"board: commit to every one of {clients}, p50 / p99",
            f"{f['p50_ms']:.0f} / {f['p99_ms']:.0f} ms",
            f"{f['missing']:.0f} deliveries missing, {f['results']:.0f} results",
            "p99 ≤ 250 ms, none missing",
            f["p99_ms"] <= 250 and f["missing"] == 0,
        ),
        (
            f"board CPU with {clients}: idle / while results arrive",
            f"{f['cpu_idle']:.1f} % / {f['cpu_busy']:.1f} %",
            f"{f['rate']:.0f} results a second",
            "informational",
            True,
        ),
        (
            "console time error p99 with the board running vs not",
            f"{c['with_p99']:.3f} ms",
            f"{c['without_p99']:.3f} ms without",
            f"no worse by > {bench_board_console.GOAL_MS} ms",
            bench_board_console.ok(c),
        ),
    ]


def sound_rows(quick: bool) -> list[Row]:
    """Sound: the play call and its first sample on this machine, and what audio costs the
    console's time error."""
    p = bench_sound.plays(10 if quick else 50)
    print(bench_sound.render_plays(p), flush=True)
    c = bench_sound.console(10_000, rounds=10 if quick else 40)
    print(bench_sound.render_console(c), flush=True)
    on = "; ".join(c["sinks"])
    if p["sink"] is None:
        play_rows = [("sound: play call returns", "no device", p["why"], "informational", True)]
    else:
        play_rows = [
            (
                "sound: play call returns, p50 / p99",
                f"{p['return_p50']:.3f} / {p['return_p99']:.3f} ms",
                f"{p['sink']}, {p['plays']} plays",
                f"p99 ≤ {bench_sound.RETURN_GOAL_MS} ms",
                p["return_p99"] <= bench_sound.RETURN_GOAL_MS,
            ),
            (
                "sound: call to first sample heard, p50 / p99",
                f"{p['heard_p50']:.1f} / {p['heard_p99']:.1f} ms",
                f"{p['heard']} of {p['plays']} reported",
                f"all, ≤ {bench_sound.HEARD_GOAL_S} s",
                bench_sound.plays_ok(p),
            ),
        ]
    return [
        *play_rows,
        (
            "console time error p99 with sound on vs off",
            f"{c['on_p99']:.3f} ms ({on})",
            f"{c['off_p99']:.3f} ms off",
            f"no worse by > {bench_board_console.GOAL_MS} ms",
            bench_sound.console_ok(c),
        ),
    ]


def stations_rows(quick: bool) -> list[Row]:
    """Several stations: the desk's merge and the same merge again, SIGKILLs mid-merge,
    each push's trip to the desk, and what pushing costs the console's time error."""
    m = bench_merge.run(8, 2_500, kills=10 if quick else 100)
    print(bench_merge.render(m), flush=True)
    lat = bench_push.latency(50 if quick else 300)
    con = bench_push.console(10_000, rounds=10 if quick else 40, blocks=1 if quick else 3)
    print(bench_push.render(lat, con), flush=True)
    return [
        (
            f"merge of 8 stations x 2,500 attempts ({m['bundle_bytes'] / 1e6:.1f} MB)",
            f"{m['merge_s']:.3f} s",
            f"{m['held']:,} attempts held, {m['distinct']:,} distinct",
            f"≤ {bench_merge.MERGE_GOAL_S} s",
            m["merge_s"] <= bench_merge.MERGE_GOAL_S and m["held"] == m["distinct"],
        ),
        (
            "the same merge again (adds nothing)",
            f"{m['again_s']:.3f} s",
            f"added nothing: {m['again_added_nothing']}",
            f"≤ {bench_merge.AGAIN_GOAL_S} s",
            m["again_s"] <= bench_merge.AGAIN_GOAL_S and m["again_added_nothing"],
        ),
        (
            "SIGKILL during merge: lost / twice / failed to open",
            f"{m['lost']} / {m['twice']} / {m['failed_open']}",
            f"{m['kills']} kills in {m['rounds']} rounds",
            "0 / 0 / 0",
            not (m["lost"] or m["twice"] or m["failed_open"]),
        ),
        (
            "push to desk on localhost, p50 / p99",
            f"{lat['p50']:.1f} / {lat['p99']:.1f} ms",
            f"{lat['results']} saves",
            f"p99 ≤ {bench_push.LATENCY_GOAL_MS:.0f} ms",
            lat["p99"] <= bench_push.LATENCY_GOAL_MS,
        ),
        (
            "console time error p99 with pushing on vs off",
            f"{con['on_p99']:.3f} ms",
            f"{con['off_p99']:.3f} ms off",
            f"no worse by > {bench_push.GOAL_MS} ms",
            con["on_p99"] - con["off_p99"] <= bench_push.GOAL_MS,
        ),
    ]


def day_in_a_box_rows(quick: bool) -> list[Row]:
    """Issue 20's proof: whole days of a desk and four stations with faults injected, the
    desk against a model of what every referee meant."""
    f = bench_day_in_a_box.run(days=4 if quick else 40, seed=1, big_every=4)
    print(daybox.render(f), flush=True)
    return [
        (
            f"day in a box: {f['days']} days, {f['records']:,} records, "
            f"{f['faults']:,} faults injected",
            f"{f['falsified']} falsified / {f['lost']} lost / {f['doubled']} doubled",
            f"{f['clean']} of {f['days']} days clean, {f['mismatched']} views differing, "
            f"{f['seconds']:.0f} s",
            "0 / 0 / 0, every view as the model",
            bench_day_in_a_box.ok(f),
        )
    ]


def _crash_cell(row: dict[str, Any]) -> str:
    return f"{row['cases']} cases, {row['cases losing acked']} lost acked, {row['failed to open']} unopenable"


def fuzz_rows() -> list[Row]:
    """The long hypothesis profile over bad input and random keys."""
    faults = ROOT / "bench" / ".human-faults.jsonl"
    faults.unlink(missing_ok=True)
    env = {**os.environ, "HYPOTHESIS_PROFILE": "long", "HUMAN_FAULTS_REPORT": str(faults)}
    started = time.monotonic()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/fuzz",
            "-n",
            "0",  # one process: the statistics printed are the whole run's
            "-p",
            "no:cacheprovider",
            "--hypothesis-show-statistics",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    per_test = re.findall(
        r"^(tests/\S+):\n(?:.*\n)*?\s+- (\d+) passing, (\d+) failing", done.stdout, re.M
    )
    for name, passing, failing in per_test:
        print(f"  {name}: {passing} passing, {failing} failing", flush=True)
    verdict = re.findall(r"^=* ?(\d+ (?:passed|failed).*?)=*$", done.stdout, re.M)
    if done.returncode != 0:
        print(done.stdout[-6000:], done.stderr[-2000:], flush=True)
    examples = sum(int(passing) for _, passing, _ in per_test)
    human = human_faults(faults) if faults.exists() else None
    grammar = proof_figures(faults, "key grammar") if faults.exists() else {}
    writers = proof_figures(faults, "two writers") if faults.exists() else {}
    faults.unlink(missing_ok=True)
    return [
        (
            "key grammar fuzzed without Textual (race, countdown, free throws)",
            f"{grammar.get('sequences', 0):,} sequences, {grammar.get('steps', 0):,} keys, "
            f"{grammar.get('falsified', 0)} falsified",
            f"{grammar.get('kinds', 0)} kinds, fewest sequences of one: "
            f"{grammar.get('least_sequences', 0):,}",
            "0 falsified, ≥ 100,000 sequences per kind",
            grammar.get("kinds") == 3
            and grammar.get("falsified", 1) == 0
            and grammar.get("least_sequences", 0) >= 100_000,
        ),
        (
            "two writers on one heat (screen, correction dialog, record)",
            f"{writers.get('steps', 0):,} steps in {writers.get('sequences', 0):,} sequences, "
            f"{writers.get('falsified', 0)} falsified, {writers.get('lost', 0)} lost",
            "",
            "0 falsified, 0 lost, ≥ 10,000 steps",
            writers.get("steps", 0) >= 10_000
            and writers.get("falsified", 1) == 0
            and writers.get("lost", 1) == 0,
        ),
        (
            "human faults: referee state machines (race, countdown, free throws)",
            f"{human['sequences']:,} sequences, {human['steps']:,} steps, "
            f"{human['falsified']} falsified results"
            if human
            else "no machine ran",
            f"{human['screens']} screens, fewest steps on one: {human['least_steps']:,}"
            if human
            else "",
            "0 falsified, ≥ 10,000 steps per screen",
            human is not None
            and human["falsified"] == 0
            and human["screens"] == 3
            and human["least_steps"] >= 10_000,
        ),
        (
            "long property runs (bad input, random keys)",
            f"{examples:,} passing examples in {len(per_test)} properties, "
            f"{time.monotonic() - started:.0f} s",
            verdict[-1].strip() if verdict else f"pytest exit {done.returncode}",
            "no failure",
            done.returncode == 0,
        ),
    ]


def cpu_ticks() -> list[int] | None:
    """The machine's CPU time counters (Linux `/proc/stat`), or None elsewhere."""
    try:
        with open("/proc/stat") as handle:
            return [int(x) for x in handle.readline().split()[1:]]
    except (OSError, ValueError):
        return None


def steal_share(before: list[int] | None, after: list[int] | None) -> float | None:
    """Share of CPU time a virtual machine's host took away: it shows up as jitter in the tails."""
    if before is None or after is None or len(before) < 8:
        return None
    spent = [b - a for a, b in zip(before, after, strict=True)]
    total = sum(spent[:8])
    return spent[7] / total if total else None


def render(rows: list[Row]) -> str:
    """One table of every figure."""
    head = ("figure", "ours", "baseline", "goal", "")
    cells = [
        head,
        *(
            (a, b, c, d, "info" if d.startswith("informational") else "ok" if ok else "MISSED")
            for a, b, c, d, ok in rows
        ),
    ]
    widths = [max(len(r[i]) for r in cells) for i in range(5)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run every part and print the summary."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="smaller counts (a smoke run)")
    parser.add_argument(
        "--skip",
        nargs="*",
        default=[],
        choices=[
            "commit",
            "journal",
            "console",
            "crash",
            "fuzz",
            "book",
            "paper",
            "xlsx",
            "board",
            "sound",
            "stations",
            "daybox",
        ],
    )
    args = parser.parse_args(argv)
    sizes = (1_000, 10_000)
    rows: list[Row] = []
    parts: list[tuple[str, Any]] = [
        ("commit", lambda: commit_rows(sizes, 200 if args.quick else 1_000)),
        ("journal", lambda: journal_rows(500)),
        ("console", lambda: console_rows(sizes, 10 if args.quick else 40)),
        ("crash", lambda: crash_rows(20 if args.quick else 200, 100 if args.quick else 1_000)),
        ("fuzz", fuzz_rows),
        ("book", lambda: book_rows(2 if args.quick else 5)),
        ("paper", lambda: paper_rows(2 if args.quick else 5)),
        ("xlsx", lambda: xlsx_rows(2 if args.quick else 5)),
        ("board", lambda: board_rows(args.quick)),
        ("sound", lambda: sound_rows(args.quick)),
        ("stations", lambda: stations_rows(args.quick)),
        ("daybox", lambda: day_in_a_box_rows(args.quick)),
    ]
    for name, part in parts:
        if name in args.skip:
            continue
        print(f"\n=== {name} ===", flush=True)
        before = cpu_ticks()
        rows += part()
        stolen = steal_share(before, cpu_ticks())
        if stolen is not None:
            rows.append((f"  CPU stolen by the host during {name}", f"{stolen:.1%}", "", "", True))
    print("\n=== summary ===")
    print(render(rows))
    return 0 if all(ok for *_, ok in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
