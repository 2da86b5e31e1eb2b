"""The report set: rows appended as results stream in, swapped in atomically under a lock."""

import json
import os
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

from auditor.api import articles_frame, audit, findings_frame, iter_audit, write_reports
from auditor.atomic import ReportSetError, check_report_dir, report_set
from support import EXAMPLES

NAMES = ["articles.csv", "findings.csv", "sources.csv", "sources.xlsx", "report.html"]


def _jsonl(tmp_path, bad_line: int | None = None):
    path = tmp_path / "feed.jsonl"
    lines = []
    for i, p in enumerate(sorted(EXAMPLES.glob("*.txt")) * 2):
        lines.append(
            json.dumps({"id": f"a{i}", "source": f"site{i % 2}.com", "text": p.read_text()})
        )
    if bad_line is not None:
        lines.insert(bad_line - 1, '{"id": "broken", "text": "unterminated')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_streamed_rows_match_the_frames(tmp_path):
    feed = _jsonl(tmp_path, bad_line=3)
    summary = write_reports(iter_audit([str(feed)]), tmp_path / "out")
    run = audit([str(feed)])
    assert summary.articles == 6 and summary.input_errors == 1
    streamed = pd.read_csv(tmp_path / "out" / "articles.csv")
    framed = articles_frame(run)
    assert list(streamed["id"]) == list(framed["id"])
    assert streamed["input_error"].notna().sum() == 1
    assert streamed["id"].iloc[-1] == f"{feed}:3"  # input errors last, with file:line
    pd.testing.assert_series_equal(streamed["overall"], framed["overall"])
    found = pd.read_csv(tmp_path / "out" / "findings.csv", keep_default_na=False)
    assert list(found["evidence"]) == list(findings_frame(run)["evidence"])
    assert sorted(os.listdir(tmp_path / "out")) == sorted(NAMES)
    assert not [p for p in tmp_path.iterdir() if ".new-" in p.name]


def test_a_report_run_streams_without_pandas(tmp_path):
    """The parent of a report run writes each article's rows as it comes without loading
    pandas (40 of its ~120 MB), and loads it for the per-source aggregate at the end."""
    script = (
        "import sys\n"
        "from auditor.api import iter_audit, write_reports\n"
        "seen = []\n"
        "def items():\n"
        "    for item in iter_audit([sys.argv[1]]):\n"
        "        seen.append('pandas' in sys.modules)\n"
        "        yield item\n"
        "    seen.append('pandas' in sys.modules)\n"
        "summary = write_reports(items(), sys.argv[2])\n"
        "print(seen, 'pandas' in sys.modules, len(summary.sources))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(EXAMPLES), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == ["[False,", "False,", "False,", "False]", "True", "1"]


def test_failed_run_leaves_the_earlier_set(tmp_path):
    out = tmp_path / "out"
    write_reports(iter_audit([str(EXAMPLES)]), out)
    before = {n: (out / n).read_bytes() for n in NAMES}

    def broken():
        yield from iter_audit([str(EXAMPLES / "000_8704dcac81a2f636.txt")])
        raise RuntimeError("the run died")

    with pytest.raises(RuntimeError):
        write_reports(broken(), out)
    assert {n: (out / n).read_bytes() for n in NAMES} == before
    assert not [p for p in tmp_path.iterdir() if ".new-" in p.name]


KILLED_MID_WRITE = """
import os, signal, sys
from auditor.api import iter_audit, write_reports

def killed():
    yield from iter_audit([sys.argv[1]])
    os.kill(os.getpid(), signal.SIGKILL)

write_reports(killed(), sys.argv[2])
"""


def test_sigkill_while_writing_leaves_the_earlier_set(tmp_path):
    out = tmp_path / "out"
    write_reports(iter_audit([str(EXAMPLES / "001_9d63bd51eb60154c.txt")]), out)
    before = {n: (out / n).read_bytes() for n in NAMES}
    proc = subprocess.run(
        [sys.executable, "-c", KILLED_MID_WRITE, str(EXAMPLES), str(out)], timeout=300
    )
    assert proc.returncode == -signal.SIGKILL
    assert {n: (out / n).read_bytes() for n in NAMES} == before
    # the killed run's staging folder and the rows it kept for the workbook stay beside out
    assert [p for p in tmp_path.iterdir() if ".new-scratch-" in p.name]
    # the next run clears what the killed one left and swaps in a complete set
    write_reports(iter_audit([str(EXAMPLES)]), out)
    assert len(pd.read_csv(out / "articles.csv")) == 3
    assert not [p for p in tmp_path.iterdir() if ".new-" in p.name]


def test_sigterm_mid_run_cleans_up_and_leaves_the_earlier_set(tmp_path):
    """`auditor audit` stopped by SIGTERM (a CI timeout, a container stopping) removes its
    unfinished report set and scratch rows and keeps the earlier set."""
    out = tmp_path / "out"
    write_reports(iter_audit([str(EXAMPLES / "001_9d63bd51eb60154c.txt")]), out)
    before = {n: (out / n).read_bytes() for n in NAMES}
    feed = tmp_path / "feed.jsonl"
    texts = [p.read_text() for p in sorted(EXAMPLES.glob("*.txt"))]
    with feed.open("w", encoding="utf-8") as f:
        for i in range(600):  # long enough to be stopped mid-run on any machine
            text = f"Story {i}.\n\n{texts[i % 3]}"
            f.write(json.dumps({"id": f"a{i}", "source": f"site{i % 7}.com", "text": text}))
            f.write("\n")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-m", "auditor.cli", "audit", str(feed), "--out", str(out),
         "--no-cache", "--jobs", "1"],
        env={**os.environ, "TMPDIR": str(scratch)},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        # wait until the run has started writing its report set beside out
        for _ in range(3000):
            if [p for p in tmp_path.iterdir() if ".new-scratch-" in p.name]:
                break
            if proc.poll() is not None:
                pytest.fail(f"the run ended before it could be stopped: {proc.returncode}")
            time.sleep(0.02)
        else:
            pytest.fail("the run never started its report set")
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 128 + signal.SIGTERM, err.decode(errors="replace")
    assert {n: (out / n).read_bytes() for n in NAMES} == before
    assert not [p for p in tmp_path.iterdir() if ".new-" in p.name]
    assert not list(scratch.iterdir())


def test_folder_with_other_files_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(ReportSetError, match="notes.txt"):
        check_report_dir(tmp_path)
    with pytest.raises(ReportSetError):
        with report_set(tmp_path):
            pass
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_second_run_on_the_same_out_waits_for_the_lock(tmp_path):
    import fcntl
    import threading

    out = tmp_path / "out"
    done = []

    def second_run():
        with report_set(out) as tmp:
            (tmp / "articles.csv").write_text("id\n")
        done.append(True)

    with open(tmp_path / ".out.lock", "a+b") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)  # a first run is writing
        thread = threading.Thread(target=second_run)
        thread.start()
        thread.join(timeout=1.0)
        assert not done and not out.exists()  # it waits rather than interleave
        fcntl.flock(held.fileno(), fcntl.LOCK_UN)
    thread.join(timeout=60)
    assert done and (out / "articles.csv").read_text() == "id\n"


def _write_in_child(results, out, kill_at: int | None, after_swap: bool = False) -> int:
    """Fork; the child writes the report set, counting every Python and C call (a profile
    hook), from the start or (`after_swap`) from the moment `auditor.atomic._swap` is
    entered, and SIGKILLs itself at call number `kill_at`. Returns the count of calls when
    the child finished, or -1 when it was killed."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read)
        calls = [0]
        counting = [not after_swap]

        def hook(frame, event, arg):
            if event == "call" and frame.f_code.co_name == "_swap":
                counting[0] = True
            if counting[0] and event in ("call", "c_call"):
                calls[0] += 1
                if calls[0] == kill_at:
                    os.kill(os.getpid(), signal.SIGKILL)

        sys.setprofile(hook)
        try:
            write_reports(iter(results), out)
        finally:
            sys.setprofile(None)
            os.write(write, str(calls[0]).encode())
            os._exit(0)
    os.close(write)
    with os.fdopen(read) as fh:
        got = fh.read()
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        assert os.WTERMSIG(status) == signal.SIGKILL
        return -1
    return int(got)


def test_sigkill_at_any_moment_leaves_the_earlier_or_the_new_set(tmp_path):
    earlier = list(iter_audit([str(EXAMPLES / "001_9d63bd51eb60154c.txt")]))
    new = list(iter_audit([str(EXAMPLES)]))
    out, reference = tmp_path / "out", tmp_path / "reference"
    write_reports(iter(new), reference)
    after = {n: (reference / n).read_bytes() for n in NAMES}
    write_reports(iter(earlier), out)
    before = {n: (out / n).read_bytes() for n in NAMES}
    # how many calls a run makes that replaces an earlier set, as the killed ones do: in
    # all, and from the swap on
    counted = tmp_path / "counted"
    write_reports(iter(earlier), counted)
    total = _write_in_child(new, counted, None)
    write_reports(iter(earlier), counted)
    swap = _write_in_child(new, counted, None, after_swap=True)
    assert total > 1000 and 0 < swap < total
    # moments spread over the whole write, and over the swap and after it (its first calls,
    # the renames, every one)
    moments = [(k, False) for k in range(1, total - swap, max(1, total // 24))]
    swap_calls = {*range(1, min(swap, 40) + 1), *range(1, swap + 1, max(1, swap // 24))}
    moments += [(k, True) for k in sorted(swap_calls)]
    seen = {"earlier": 0, "new": 0}
    for kill_at, after_swap in moments:
        _write_in_child(new, out, kill_at, after_swap)  # killed, or (rarely) done first
        now = {n: (out / n).read_bytes() for n in sorted(os.listdir(out))}
        assert now in (before, after), f"a mixed or partial set after a kill at call {kill_at}"
        seen["earlier" if now == before else "new"] += 1
        if now == after:  # start again from the earlier set
            write_reports(iter(earlier), out)
    # kills landed both while the new set was being written and after it was swapped in
    assert seen["earlier"] > 0 and seen["new"] > 0, seen


def test_atomic_output_leaves_the_old_file_when_the_writer_fails(tmp_path):
    from auditor.atomic import atomic_output

    target = tmp_path / "sources.xlsx"
    target.write_bytes(b"the earlier workbook")
    with pytest.raises(RuntimeError), atomic_output(target) as fh:
        fh.write(b"half a workbook")
        raise RuntimeError("disk full")
    assert target.read_bytes() == b"the earlier workbook"
    assert [p.name for p in tmp_path.iterdir()] == ["sources.xlsx"]
    with atomic_output(target) as fh:
        fh.write(b"the new workbook")
    assert target.read_bytes() == b"the new workbook"
