"""Private temporary folders that a killed run does not leave behind for good.

A run keeps large stores in temporary folders while it works (REP003's store of the run's
articles: about 70 KB an article with its indexes, 6.8 GB for 100,000 benchmark articles; the
rows of a report set that wait for the ranking). The run removes them when it ends, also on
an exception, Ctrl-C or SIGTERM; a run killed with SIGKILL (or by the OOM killer) cannot. So
each folder holds a lock file that its owner keeps locked (`fcntl.flock`) for as long as it
lives, and making a new folder of the same kind first removes every folder of that kind whose
lock nobody holds: its owner is gone. The kernel releases a lock when its process dies,
however it dies, and a lock works across processes that cannot see each other's pids
(containers sharing /tmp). A lock file is locked before it gets its name, so a folder being
made is never taken for a dead one; folders without a lock file (left by an older version)
are left alone.

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
        # locked under another name first, then renamed (the lock stays with the file): a
        # sweep never sees the lock file before it is locked
        making = os.path.join(self.path, LOCK_NAME + ".new")
        self._lock: int | None = os.open(making, os.O_CREAT | os.O_RDWR, 0o600)
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # a file system without locks: a sweep cannot lock it either
            pass
        os.rename(making, os.path.join(self.path, LOCK_NAME))

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
        except OSError:  # its owner is alive (or locks do not work here: keep it)
            os.close(fd)
            continue
        try:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
        finally:
            os.close(fd)
    return removed
