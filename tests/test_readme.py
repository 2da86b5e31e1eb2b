"""The README's examples, run as a newcomer would: from the repository root."""

import re
import subprocess
import sys
import tomllib

import pytest

from auditor.config import check_rule_options, config_from_dict
from auditor.engine import discover_rules
from support import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


# The venv's editable install adds a finder that maps auditor.rules to rules/; a user's
# `pip install .` has none, and from the repository root Python imports the source folder
# auditor/ rather than the installed package. Dropping the finder reproduces that.
WITHOUT_EDITABLE_FINDER = (
    "import sys\n"
    "sys.meta_path[:] = [f for f in sys.meta_path if 'editable' not in repr(f)]\n"
    "sys.path.insert(0, '')\n"
)


@pytest.mark.parametrize("block", _blocks("python"))
def test_python_examples_run_from_the_repository_root(block):
    proc = subprocess.run(
        [sys.executable, "-c", WITHOUT_EDITABLE_FINDER + block + "\nprint(len(articles))"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split()[-1] == "3"  # the three example articles


def test_source_tree_maps_rules_and_reports_into_the_auditor_namespace():
    code = WITHOUT_EDITABLE_FINDER + (
        "import auditor, auditor.rules.translation.date_calque as m, auditor.reports.sarif as s\n"
        "print(auditor.__file__); print(m.__file__); print(s.__file__)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    package, rule, reporter = proc.stdout.split()
    assert package == str(ROOT / "auditor" / "__init__.py")
    assert rule == str(ROOT / "rules" / "translation" / "date_calque.py")
    assert reporter == str(ROOT / "reports" / "sarif.py")


def test_the_configuration_example_is_valid():
    [block] = [b for b in _blocks("toml") if "[tool.auditor]" in b]
    table = tomllib.loads(block)["tool"]["auditor"]
    config = config_from_dict(table, "README")
    check_rule_options(config.rules, discover_rules(), "README")
    assert config.rules == {"RDB002": {"max_words": 40}}


def test_commands_in_the_readme_run(tmp_path):
    """Every `auditor ...` line of the Commands section parses (its --help works), and the main
    command, as written, audits the examples."""
    main = re.search(r"<!-- main-command -->\n```sh\n(.*?)\n```", README, flags=re.S).group(1)
    command = main.split("&&")[-1].split()
    assert command[:3] == ["auditor", "audit", "examples/"]
    out = tmp_path / "audit-report"
    proc = subprocess.run(
        [sys.executable, "-m", "auditor.cli", *command[1:-1], str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    for name in ("articles.csv", "findings.csv", "sources.csv", "sources.xlsx", "report.html"):
        assert (out / name).is_file()
    commands = re.search(r"## Commands\n\n```sh\n(.*?)```", README, flags=re.S).group(1)
    for line in commands.splitlines():
        words = line.split()
        if not words or words[0] != "auditor":
            continue
        sub = [w.split("|")[0] for w in words[1:3] if re.fullmatch(r"[a-z|]+", w)]
        proc = subprocess.run(
            [sys.executable, "-m", "auditor.cli", *sub, "--help"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert proc.returncode == 0, (line, proc.stderr)
        for option in re.findall(r"--[a-z-]+", line):
            assert option in proc.stdout, (line, option)


def test_the_workflow_installs_what_exists():
    """`news-auditor` is not on the package index: the workflow installs from the repository."""
    workflow = next(b for b in _blocks("yaml") if "upload-sarif" in b)
    installs = [line for line in workflow.splitlines() if "pip install" in line]
    assert installs and all("git+" in line or "pip install ." in line for line in installs)
    assert not any(re.search(r"pip install news-auditor\b", line) for line in installs)
    assert "--format github" in workflow and "--format sarif" in workflow
