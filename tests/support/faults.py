"""Crash points and power cuts for any store that writes through the `os` module.

`Injector` patches the file calls of the `os` module (every store module does
`import os` and looks the function up at call time, and `tempfile` uses the
same module) and counts the calls that change a file: `write`, `fsync`,
`replace`, `rename`, `truncate`, `ftruncate`. At the k-th one it can

- FAIL: raise OSError (a failing write first writes half its bytes, as a full
  disk does), and let the program go on;
- STOP: raise `Stop`, a BaseException: the process dies there. Every file call
  after it raises `Stop` too, so no clean-up handler can touch the disk, and
  the descriptors it left open are closed as the kernel would;
- CUT: stop as above and also lose power: `Disk` (the fake disk of SQLite's
  `test6.c`) works out what the disk would hold.

`Disk` keeps, per file, the bytes as of its last fsync and the byte ranges
written since; per folder, the names as of its last fsync and every change
since. At a cut each unsynced 512-byte sector is kept, dropped or garbled at
random (garbage only on the bytes written since the fsync with "powersafe
overwrite", which SQLite assumes of modern disks; on the whole sector
without), the file's length is the old or the new one, and only a prefix of
the unsynced name changes (creates, renames, unlinks, in order) survives, as a
journaling file system replays its metadata log.
"""

from __future__ import annotations

import errno
import fcntl
import os
import random
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FAULT_CALLS = ("write", "fsync", "replace", "rename", "truncate", "ftruncate")
"""The calls that change what is on disk: each one is a crash point."""
SECTOR = 512
MODES = ("fail", "stop", "cut")


class Stop(BaseException):
    """The process died at this call (a kill or a power cut); nothing after it runs."""


@dataclass
class CutStats:
    """What a power cut did to the unsynced data."""

    kept: int = 0
    dropped: int = 0
    garbled: int = 0
    names_undone: int = 0


class Disk:
    """What a power cut would leave of one folder's files.

    Files are tracked by inode, so a file renamed over another keeps its
    unsynced bytes, and the file it replaced keeps its own until the rename is
    durable.
    """

    def __init__(self, root: Path, *, psow: bool = True, honour_fsync: bool = True) -> None:
        """Track `root`; everything in it now counts as durable.

        `psow`: a torn write garbles only the bytes it was writing (see `_mix`);
        `honour_fsync=False` makes a disk that ignores fsync (a harness self-test).
        """
        self.root = root
        self.psow = psow
        self.honour_fsync = honour_fsync
        self._root_ino = os.stat(root).st_ino
        self._ids: dict[int, int] = {}
        self._next_id = 0
        self._names: dict[str, int] = {}
        self.durable: dict[int, bytes] = {}
        self.dirty: dict[int, list[tuple[int, int]]] = {}
        self._last: dict[int, bytes] = {}
        self._names = self._listing()
        self.history = [dict(self._names)]
        for name, fid in self._names.items():
            self.durable[fid] = (root / name).read_bytes()

    def _listing(self) -> dict[str, int]:
        """Name -> file id now; an inode absent from the last listing is a new file."""
        seen: dict[str, int] = {}
        known = set(self._names.values())
        ids: dict[int, int] = {}
        with os.scandir(self.root) as entries:
            for entry in entries:
                if not entry.is_file(follow_symlinks=False):
                    continue
                ino = entry.inode()
                fid = self._ids.get(ino)
                if fid is None or fid not in known:
                    fid = ids.get(ino)
                    if fid is None:
                        self._next_id += 1
                        fid = self._next_id
                ids[ino] = fid
                seen[entry.name] = fid
        self._ids = ids
        return seen

    def note(self) -> None:
        """Record the folder's names after a call that may have changed them."""
        self._names = self._listing()
        if self._names != self.history[-1]:
            self.history.append(dict(self._names))

    def _fid(self, fd: int) -> int | None:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None
        fid = self._ids.get(info.st_ino)
        return fid if fid in set(self._names.values()) else None

    def _name_of(self, fid: int) -> str | None:
        return next((name for name, f in self._names.items() if f == fid), None)

    def written(self, fd: int, offset: int, length: int) -> None:
        """Mark the sectors a write touched as unsynced."""
        fid = self._fid(fd)
        if fid is not None and length > 0:
            self.dirty.setdefault(fid, []).append((offset, offset + length))

    def synced(self, fd: int) -> None:
        """An fsync: a file's bytes, or a folder's names, are durable now."""
        if not self.honour_fsync:
            return
        self.note()
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            if info.st_ino == self._root_ino:
                self.history = [dict(self._names)]
            return
        fid = self._fid(fd)
        name = self._name_of(fid) if fid is not None else None
        if fid is not None and name is not None:
            self.durable[fid] = (self.root / name).read_bytes()
            self.dirty.pop(fid, None)

    def losing(self, path: str | os.PathLike[str]) -> None:
        """Remember a file's bytes before a rename or unlink takes its name away."""
        target = Path(path)
        if target.parent.resolve() != self.root.resolve():
            return
        fid = self._names.get(target.name)
        if fid is not None and target.exists():
            self._last[fid] = target.read_bytes()

    def _current(self, fid: int) -> bytes:
        name = self._name_of(fid)
        if name is not None and (self.root / name).exists():
            return (self.root / name).read_bytes()
        return self._last.get(fid, self.durable.get(fid, b""))

    def cut(self, rng: random.Random) -> tuple[dict[str, bytes], CutStats]:
        """The folder as the disk holds it after the power goes now."""
        self.note()
        stats = CutStats()
        keep = rng.randrange(len(self.history))
        stats.names_undone = len(self.history) - 1 - keep
        image = {}
        for name, fid in self.history[keep].items():
            old = self.durable.get(fid, b"")
            image[name] = _mix(
                old, self._current(fid), self.dirty.get(fid, []), rng, stats, self.psow
            )
        return image, stats


def _mix(
    old: bytes,
    new: bytes,
    ranges: list[tuple[int, int]],
    rng: random.Random,
    stats: CutStats,
    psow: bool,
) -> bytes:
    """Each unsynced sector: the new bytes, the old ones (zeros if none), or garbage.

    With `psow` (SQLite's "powersafe overwrite", which it assumes of modern
    disks) garbage lands only on bytes written since the last fsync; without
    it a torn sector garbles its durable bytes too.
    """
    if old == new and not ranges:
        return new
    length = len(new) if len(old) == len(new) else rng.choice((len(old), len(new)))
    dirty = {s for start, end in ranges for s in range(start // SECTOR, (end - 1) // SECTOR + 1)}
    out = bytearray()
    for start in range(0, length, SECTOR):
        end = min(start + SECTOR, length)
        was = old[start:end].ljust(end - start, b"\0")
        now = new[start:end].ljust(end - start, b"\0")
        if was == now and start // SECTOR not in dirty:
            out += now
            continue
        fate = rng.randrange(3)
        if fate == 0:
            out += now
            stats.kept += 1
        elif fate == 1:
            out += was
            stats.dropped += 1
        else:
            out += _garble(was, now, start, ranges, rng) if psow else rng.randbytes(end - start)
            stats.garbled += 1
    return bytes(out)


def _garble(
    was: bytes, now: bytes, base: int, ranges: list[tuple[int, int]], rng: random.Random
) -> bytes:
    """Garbage on the bytes written (or changed) since the last fsync; the rest as it was."""
    out = bytearray(was)
    touched = [i for i in range(len(was)) if was[i] != now[i]]
    for start, end in ranges:
        touched.extend(range(max(start, base) - base, min(end, base + len(was)) - base))
    for i in set(touched):
        out[i] = rng.randrange(256)
    return bytes(out)


@dataclass
class Injector:
    """Fail, stop or cut the power at the `at`-th file-changing call (None: never).

    `calls` counts those calls, so a run with `at=None` says how many crash
    points a workload has.
    """

    root: Path
    at: int | None = None
    mode: str = "fail"
    seed: int = 0
    psow: bool = True
    honour_fsync: bool = True
    calls: int = 0
    fired: bool = False
    dead: bool = False
    image: dict[str, bytes] | None = None
    stats: CutStats | None = None
    disk: Disk | None = None
    _fds: set[int] = field(default_factory=set)
    _real: dict[str, Any] = field(default_factory=dict)

    def _point(self, name: str) -> bool:
        """Count a call; True if it must fail, raise Stop if the process dies here."""
        if self.dead:
            raise Stop(name)
        if name not in FAULT_CALLS:
            return False
        self.calls += 1
        if self.calls != self.at:
            return False
        self.fired = True
        if self.mode == "fail":
            return True
        self.die()
        raise Stop(name)

    def die(self) -> None:
        """The process is gone (and, for a cut, the power): freeze what the disk holds."""
        self.dead = True
        if self.mode == "cut" and self.disk is not None and self.image is None:
            self.image, self.stats = self.disk.cut(random.Random(self.seed))

    @contextmanager
    def active(self) -> Iterator[Injector]:
        """Patch the `os` module for the block; Stop ends the block quietly."""
        if self.mode == "cut":
            self.disk = Disk(self.root, psow=self.psow, honour_fsync=self.honour_fsync)
        names: tuple[str, ...] = ("open", "close", "write", "pwrite", "fsync", "replace")
        names += ("rename", "unlink", "remove", "truncate", "ftruncate")
        self._real = {name: getattr(os, name) for name in names}
        for name in names:
            setattr(os, name, getattr(self, f"_{name}"))
        try:
            yield self
        except Stop:
            pass
        finally:
            for name, real in self._real.items():
                setattr(os, name, real)
            if self.dead:
                for fd in self._fds:
                    with suppress(OSError):
                        os.close(fd)
            self._fds.clear()

    def cut_now(self) -> None:
        """Lose power after the last call (the cut point past the end)."""
        if self.mode == "cut" and not self.dead:
            self.die()

    # ----- the patched calls ------------------------------------------------------

    def _open(self, path: Any, flags: int, mode: int = 0o777, **kwargs: Any) -> int:
        self._point("open")
        fd: int = self._real["open"](path, flags, mode, **kwargs)
        self._fds.add(fd)
        if self.disk is not None:
            self.disk.note()
        return fd

    def _close(self, fd: int) -> None:
        self._point("close")
        self._real["close"](fd)
        self._fds.discard(fd)

    def _offset(self, fd: int) -> int:
        if fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_APPEND:
            return os.fstat(fd).st_size
        return os.lseek(fd, 0, os.SEEK_CUR)

    def _write(self, fd: int, data: Any) -> int:
        fail = self._point("write")
        offset = self._offset(fd) if self.disk is not None else 0
        if fail:
            half = bytes(data)[: len(data) // 2]
            written = self._real["write"](fd, half)
            if self.disk is not None:
                self.disk.written(fd, offset, written)
            raise OSError(errno.ENOSPC, "No space left on device (injected)")
        written = self._real["write"](fd, data)
        if self.disk is not None:
            self.disk.written(fd, offset, written)
        return int(written)

    def _pwrite(self, fd: int, data: Any, offset: int) -> int:
        self._point("pwrite")
        written = self._real["pwrite"](fd, data, offset)
        if self.disk is not None:
            self.disk.written(fd, offset, written)
        return int(written)

    def _fsync(self, fd: int) -> None:
        if self._point("fsync"):
            raise OSError(errno.EIO, "Input/output error (injected)")
        if self.disk is not None:
            self.disk.synced(fd)

    def _moved(self, name: str, src: Any, dst: Any, **kwargs: Any) -> None:
        if self._point(name):
            raise OSError(errno.EIO, "Input/output error (injected)")
        if self.disk is not None:
            self.disk.note()
            self.disk.losing(dst)
        self._real[name](src, dst, **kwargs)
        if self.disk is not None:
            self.disk.note()

    def _replace(self, src: Any, dst: Any, **kwargs: Any) -> None:
        self._moved("replace", src, dst, **kwargs)

    def _rename(self, src: Any, dst: Any, **kwargs: Any) -> None:
        self._moved("rename", src, dst, **kwargs)

    def _unlink(self, path: Any, **kwargs: Any) -> None:
        self._point("unlink")
        if self.disk is not None:
            self.disk.note()
            self.disk.losing(path)
        self._real["unlink"](path, **kwargs)
        if self.disk is not None:
            self.disk.note()

    def _remove(self, path: Any, **kwargs: Any) -> None:
        self._unlink(path, **kwargs)

    def _resize(self, name: str, target: Any, length: int) -> None:
        if self._point(name):
            raise OSError(errno.EIO, "Input/output error (injected)")
        self._real[name](target, length)

    def _truncate(self, path: Any, length: int) -> None:
        self._resize("truncate", path, length)

    def _ftruncate(self, fd: int, length: int) -> None:
        self._resize("ftruncate", fd, length)


def compare(
    expected: dict[str, Any], pending: dict[str, Any], got: Callable[[str], Any]
) -> tuple[list[str], bool, bool]:
    """Judge a reopened day: (acknowledged keys lost, pending commit landed, landed in part).

    `expected` is every acknowledged document by "table/key"; `pending` the
    documents of the one commit that had no answer when the process died. It
    may have landed, but only whole.
    """
    landed = bool(pending) and all(got(k) == v for k, v in pending.items())
    lost = [k for k, v in expected.items() if got(k) != v and not (landed and k in pending)]
    traces = [k for k, v in pending.items() if got(k) == v and expected.get(k) != v]
    return lost, landed, bool(traces) and not landed
