"""Atomic writes: of one file (a temporary file in the target's folder, then a rename), and
of a whole report set (a temporary folder beside --out, swapped in at the end, under a lock).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


def write_atomic(path: Path | str, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never half."""
    write_atomic_chunks(path, (data,))


def write_atomic_chunks(path: Path | str, chunks: Iterable[bytes]) -> None:
    """`write_atomic` of the concatenation of `chunks`, written as they come (a large report
    is never held whole in memory)."""
    with atomic_output(path) as fh:
        for chunk in chunks:
            fh.write(chunk)


@contextmanager
def atomic_output(path: Path | str) -> Iterator[BinaryIO]:
    """A binary file that becomes `path` when the block ends without an error (a temporary
    file in the target's folder, flushed to disk, then renamed); on an error it is removed
    and `path` is left as it was."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); give it the mode a plain open() would
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "w+b") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# The files a report set may hold; a folder with anything else in it is not replaced.
REPORT_FILES = frozenset(
    {"articles.csv", "findings.csv", "sources.csv", "sources.xlsx", "report.html"}
)


class ReportSetError(Exception):
    """The --out folder cannot take a report set (it holds other files, or is a file)."""


def check_report_dir(out: Path | str) -> None:
    """Raise ReportSetError unless `out` is absent or a folder of report files only."""
    out = Path(out)
    if not out.exists():
        return
    if not out.is_dir():
        raise ReportSetError(f"{out} exists and is not a folder")
    foreign = sorted(p.name for p in out.iterdir() if p.name not in REPORT_FILES)
    if foreign:
        raise ReportSetError(
            f"{out} holds files that are not auditor reports ({', '.join(foreign[:3])}): "
            "the report set replaces the whole folder, so choose a new or report-only folder"
        )


@contextmanager
def report_set(out: Path | str) -> Iterator[Path]:
    """A temporary folder beside `out` to write a report set into, swapped in for `out` when
    the block ends without an exception, so that a reader (or a run killed at any moment)
    sees either the earlier complete set or the new complete one, never a mix. A lock file
    beside `out` makes a second run on the same `out` wait for the first."""
    out = Path(out).absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    with _locked(out.parent / f".{out.name}.lock"):
        _recover(out)
        check_report_dir(out)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o777 & ~umask)  # mkdtemp's folder is private; give it a plain mode
        try:
            yield tmp
            _fsync_dir(tmp)
            _swap(tmp, out)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    import fcntl

    with open(path, "a+b") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _swap(new: Path, out: Path) -> None:
    """Put `new` in the place of `out` in one step where the system allows it (Linux
    renameat2 RENAME_EXCHANGE), else with two renames that `_recover` can finish."""
    if not out.exists():
        os.rename(new, out)
        _fsync_dir(out.parent)
        return
    if _exchange(new, out):  # `new` now holds the earlier set
        shutil.rmtree(new, ignore_errors=True)
        _fsync_dir(out.parent)
        return
    old = out.parent / f".{out.name}.old"
    shutil.rmtree(old, ignore_errors=True)
    os.rename(out, old)
    os.rename(new, out)
    _fsync_dir(out.parent)
    shutil.rmtree(old, ignore_errors=True)


def _recover(out: Path) -> None:
    """After a run killed between the two renames of `_swap`, put the earlier set back."""
    old = out.parent / f".{out.name}.old"
    if old.is_dir() and not out.exists():
        os.rename(old, out)
    for stale in out.parent.glob(f".{out.name}.new-*"):
        shutil.rmtree(stale, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux >= 3.15); False where that is not available."""
    if sys.platform != "linux":
        return False
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    ok = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0
    return ok


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
