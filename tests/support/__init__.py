"""What the tests and the benchmarks share, in one place: import it as `tests.support.NAME`.

- paths: the repository, the sample day, `python -m` argv for a child process.
- clock (the fake clocks and stamps), keys (a key posted with its own stamp),
  commands (the command line in process), files (fingerprints, damaged
  copies, one-sentence notices), days (days, athletes, attempts and heats in
  memory).
- kits of the test suite: screenkit (screens under Pilot), boardkit (the live
  board), stationkit (stations and the desk), pushkit (a flaky network),
  bookkit (the book and certificates), soundkit and speakerkit (sound),
  browserkit (Chromium) and board_shot (screenshots of a running board).
- fuzz kits: profiles (Hypothesis), daykit (bad day files), consolekit (the
  screens held to the store), refereekit and refereekeys (what a referee
  meant), programmekit (re-opening a heat), daybox (a day in a box).
- the crash harness: faults (crash points, a fake disk), stockfile (stock
  TinyDB's file), crash_cases (cases and judging), killer and mergekill
  (SIGKILL loops), ptyrun (a pseudo-terminal) and stamp_console (the console,
  instrumented).
"""
