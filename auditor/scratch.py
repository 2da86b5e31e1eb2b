"""Private temporary folders that a killed run does not leave behind for good.

A run keeps large stores in temporary folders while it works (REP003's store of the run's
articles: about 15 KB an article, gigabytes for a 100k-article run; the rows of a report set
that wait for the ranking). The run removes them when it ends, also on an exception, Ctrl-C or
SIGTERM; a run killed with SIGKILL (or by the OOM killer) cannot. So each folder holds a lock
file that its owner keeps locked (`fcntl.flock`) for as long as it lives, and making a new
folder of the same kind first removes every folder of that kind whose lock nobody holds: its
owner is gone. A lock is released by the kernel when its process dies, whatever the way, and it
works across processes that cannot see each other's pids (containers sharing /tmp). Folders
without a lock file (being made at this moment, or left by an older version) are left alone.

The folders go in the system's temporary folder (TMPDIR), or in `dir`. Where /tmp is a RAM
disk (tmpfs), point TMPDIR at a disk folder for large runs.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from pathlib import Path

LOCK_NAME = ".owner.lock"


class ScratchFolder:
    """A new private folder named `prefix` + random letters, locked by this process until
    `remove`. `path` is the folder."""

    def __init__(self, prefix: str, dir: str | os.PathLike[str] | None = None) -> None:
        parent = Path(dir) if dir is not None else Path(tempfile.gettempdir())
        sweep(prefix, parent)
        self.path = tempfile.mkdtemp(prefix=prefix, dir=parent)
        self._lock: int | None = os.open(
            os.path.join(self.path, LOCK_NAME), os.O_CREAT | os.O_RDWR, 0o600
        )
        fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def remove(self) -> None:
        """Remove the folder and what it holds, then release the lock (idempotent)."""
        if self._lock is None:
            return
        try:
            shutil.rmtree(self.path, ignore_errors=True)
        finally:
            os.close(self._lock)
            self._lock = None


def sweep(prefix: str, parent: Path) -> list[Path]:
    """Remove the folders `prefix`* in `parent` whose owner is gone (their lock file can be
    locked); return them."""
    removed = []
    try:
        candidates = [p for p in parent.iterdir() if p.name.startswith(prefix)]
    except OSError:
        return removed
    for folder in candidates:
        try:
            fd = os.open(folder / LOCK_NAME, os.O_RDWR)
        except OSError:  # no lock file: being made right now, or not one of ours
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # its owner is alive
            os.close(fd)
            continue
        try:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
        finally:
            os.close(fd)
    return removed
