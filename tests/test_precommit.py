"""The pre-commit hook: only article files under an `articles/` folder, and a cache that
never shows up as a change in the user's work tree."""

import re
import shutil
import subprocess
import sys

import pytest

from support import EXAMPLES, ROOT


def _hook() -> dict[str, str]:
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    return dict(re.findall(r"^\s*-?\s*(\w+): (.*)$", text, flags=re.M))


@pytest.mark.parametrize(
    "path, audited",
    [
        ("articles/2024/erdogan.txt", True),
        ("site/articles/feed.jsonl", True),
        ("articles/page.html", True),
        ("articles/table.csv", True),
        ("data.csv", False),
        ("requirements.txt", False),
        ("docs/notes.txt", False),
        ("myarticles/x.txt", False),
        ("articles/logo.png", False),
    ],
)
def test_hook_files_pattern_is_limited_to_article_files(path, audited):
    hook = _hook()
    assert hook["id"] == "auditor-check"
    # pre-commit matches `files` with re.search, as here
    assert bool(re.search(hook["files"], path)) is audited
    assert hook["files"] in (ROOT / "README.md").read_text(encoding="utf-8").replace("\\\\", "\\")


@pytest.mark.skipif(shutil.which("git") is None, reason="no git")
def test_cache_never_shows_as_a_change_in_the_work_tree(tmp_path):
    repo = tmp_path / "repo"
    (repo / "articles").mkdir(parents=True)
    for seed in EXAMPLES.glob("*.txt"):
        shutil.copy(seed, repo / "articles" / seed.name)
    git = ["git", "-c", "user.email=a@b", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "."], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-qm", "articles"], cwd=repo, check=True)
    proc = subprocess.run(
        [sys.executable, "-m", "auditor.cli", "check", "articles", "--fail-under", "0"],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert (repo / ".auditor-cache" / "results.sqlite").is_file()  # the cache was written
    subprocess.run([*git, "add", "."], cwd=repo, check=True)
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    assert status.stdout == ""  # nothing for "files were modified by this hook"
