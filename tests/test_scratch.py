"""Temporary folders of killed runs are removed by the next run; live ones are never touched."""

import os
import signal
import subprocess
import sys
import tempfile

import pytest

from auditor.rowstore import SourceRows
from auditor.scratch import LOCK_NAME, ScratchFolder

OWNER = """
import os, signal, sys
from auditor.scratch import ScratchFolder
folder = ScratchFolder(sys.argv[1], sys.argv[2])
open(os.path.join(folder.path, "run.sqlite"), "wb").write(b"rows of a big run")
print(folder.path, flush=True)
if sys.argv[3] == "die":
    os.kill(os.getpid(), signal.SIGKILL)
sys.stdin.read()  # alive until told
"""


def _owner(tmp_path, prefix: str, how: str) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", OWNER, prefix, str(tmp_path), how],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    return proc, proc.stdout.readline().strip()


def test_a_killed_owners_folder_goes_when_the_next_is_made(tmp_path):
    dead, dead_path = _owner(tmp_path, "auditor-reuse-", "die")
    assert dead.wait(timeout=60) == -signal.SIGKILL
    assert os.path.isfile(os.path.join(dead_path, "run.sqlite"))  # left behind by the kill
    not_ours = tmp_path / "auditor-reuse-made-by-hand"  # no lock file: left alone
    not_ours.mkdir()
    other_kind = tmp_path / "auditor-rows-x"
    other_kind.mkdir()
    (other_kind / LOCK_NAME).touch()
    alive, alive_path = _owner(tmp_path, "auditor-reuse-", "live")
    try:
        assert not os.path.exists(dead_path)  # the next folder of its kind cleared it
        mine = ScratchFolder("auditor-reuse-", tmp_path)
        try:
            assert os.path.isfile(os.path.join(alive_path, "run.sqlite"))
            assert not_ours.is_dir() and other_kind.is_dir()
        finally:
            mine.remove()
        assert not os.path.exists(mine.path)
        mine.remove()  # a second time is nothing
    finally:
        alive.communicate("", timeout=60)


def test_the_row_store_of_a_killed_run_is_cleared(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead, dead_path = _owner(tmp_path, "auditor-rows-", "die")
    dead.wait(timeout=60)
    rows = SourceRows()
    try:
        assert not os.path.exists(dead_path)
        assert os.path.dirname(rows.folder) == str(tmp_path)
    finally:
        rows.close()
    assert not os.listdir(tmp_path)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_folder_held_by_a_forked_child_is_kept(tmp_path):
    """A worker forked while the folder is open holds the lock too: not swept while it lives."""
    folder = ScratchFolder("auditor-reuse-", tmp_path)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: wait until the parent has looked, then leave
        os.close(write)
        os.read(read, 1)
        os._exit(0)
    os.close(read)
    try:
        os.close(folder._lock)  # the parent lets go without removing (as if it had died)
        folder._lock = None
        ScratchFolder("auditor-reuse-", tmp_path).remove()
        assert os.path.isdir(folder.path)
    finally:
        os.write(write, b"x")
        os.close(write)
        os.waitpid(pid, 0)
    ScratchFolder("auditor-reuse-", tmp_path).remove()
    assert not os.listdir(tmp_path)
