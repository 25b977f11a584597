"""A save writes what changed, never a heat's whole past: bytes per action stay flat."""

from __future__ import annotations

from tests.support.clock import stamp


def line_sizes(db_path) -> list[int]:
    journal = db_path.with_name(db_path.name + ".journal")
    return [len(line) for line in journal.read_bytes().splitlines()]


def test_the_500th_tally_writes_as_many_bytes_as_the_first(repo, db_path):
    board = repo.apply(repo.board("rope-skipping", 1).start(stamp(0), "boot"))
    before = len(line_sizes(db_path))
    for n in range(500):
        board = repo.apply(board.tally(1 + n % 5, stamp(0.01 * n + 0.01)))
    sizes = line_sizes(db_path)[before:]
    assert len(sizes) == 500
    assert max(sizes) <= 1024
    assert max(sizes) - min(sizes) <= 0.1 * min(sizes)
    assert board.lanes[1].count == 100


def test_undo_and_retry_do_not_grow_what_each_save_writes(repo, db_path):
    """An undo adds one change record; the next save does not carry earlier ones."""
    board = repo.apply(repo.board("rope-skipping", 1).start(stamp(0), "boot"))
    for n in range(200):
        board = repo.apply(board.tally(1, stamp(0.1 * n + 0.1)))
        board = repo.apply(board.undo(stamp(0.1 * n + 0.15)))
    sizes = line_sizes(db_path)[-400:]
    assert max(sizes[0::2]) - min(sizes[0::2]) <= 0.1 * min(sizes[0::2])
    assert max(sizes[1::2]) - min(sizes[1::2]) <= 0.1 * min(sizes[1::2])
    assert max(sizes) <= 1200  # an undo also writes the heat's next version (~170 bytes)
    assert len(repo.history(board.lanes[1].id)) == 200
