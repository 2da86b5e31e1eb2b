"""Every pattern file under rules/*/data compiles, and no pattern can backtrack
catastrophically (a static check over the regex tree, auditor.regex_safety)."""

import re
from importlib import resources
from pathlib import Path

import pytest

from auditor.regex_safety import problems
from auditor.rules.attribution.wire_credit import _credit_patterns
from auditor.rules.helpers import _flexible_spaces, load_phrases

RULES = Path(__file__).resolve().parents[2] / "rules"
# word lists (one word a line, no regex, read with helpers.load_words or a
# trainer's _words) are not pattern files;
# "{lang}" in a loaded name stands for any language
WORD_LISTS = [
    re.compile(re.sub(r"\\\{\w+\\\}", r"\\w+", re.escape(m.group(1))) + "$")
    for source in (*RULES.rglob("*.py"), *(RULES.parent / "scripts").glob("*.py"))
    for m in re.finditer(r'_words\([^)]*?f?"([\w.{}-]+\.txt)"', source.read_text("utf-8"))
]


def _is_word_list(path: Path) -> bool:
    return any(p.match(path.name) for p in WORD_LISTS)


PATTERN_FILES = sorted(p for p in RULES.glob("*/data/*.txt") if not _is_word_list(p))


def test_the_pattern_files_are_found():
    names = {p.name for p in PATTERN_FILES}
    assert {"wire_signoffs.txt", "boilerplate.txt", "wire_contexts.txt"} <= names


@pytest.mark.parametrize("path", PATTERN_FILES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_every_pattern_of_a_data_file_is_linear(path):
    package = f"auditor.rules.{path.parent.parent.name}"
    assert resources.files(package).joinpath("data", path.name).is_file()
    phrases = load_phrases(package, path.name)  # compiles every line, or raises naming it
    assert phrases
    bad = {p.name: problems(p.pattern) for p in phrases if problems(p.pattern)}
    assert bad == {}


def test_the_composed_wire_credit_patterns_are_linear():
    any_wire, in_context, sign_offs = _credit_patterns()
    assert problems(any_wire) == []
    bad = {ctx: problems(p) for ctx, _, p in (*in_context, *sign_offs) if problems(p)}
    assert bad == {}


def test_the_check_rejects_the_sign_off_that_took_42_seconds():
    # wire_signoffs.txt as the loader expanded it before: each space became [^\S\n]+, which
    # overlaps [^\n;]{1,200} inside a repeated group
    old = (
        r"^\(?(?:[Rr]eporting|[Ww]riting)[^\S\n]+by[^\S\n]+[^\n;]{1,200}"
        r"(?:;[^\S\n]+[^\n;]{1,200}){0,4};[^\S\n]+[Ee]dit(?:ing|ed)[^\S\n]+by"
    )
    assert any("overlapping" in p for p in problems(old))
    # the loader now takes a run of whitespace possessively
    assert "[^\\S\\n]++" in _flexible_spaces("Reporting by x")
    assert problems(_flexible_spaces("Reporting by [^\\n;]{1,200}(?:; [^\\n;]{1,200}){0,4}")) == []


@pytest.mark.parametrize(
    "pattern",
    [r"(a+)+", r"(?:\w+\s?)*x", r"(?:a|b?)*", r"\s+.{1,200}", r"(?:x.{1,20}.{0,5}){0,4}"],
)
def test_the_check_rejects_nested_and_overlapping_repeats(pattern):
    assert problems(pattern)


@pytest.mark.parametrize(
    "pattern",
    [
        r"\bReuters\b",
        r"[^\S\n]++.{1,200}",
        r"(?:,? (?:terms of use|ad choices))*",
        r"^[A-Z][a-z]{1,20}(?: [A-Z][a-z]{1,20}){0,3}$",
        r"(?>\s+)\s*x",
        r"[^;]{1,200}(?:;[^;]{1,200}){0,4}",
    ],
)
def test_the_check_accepts_linear_patterns(pattern):
    assert problems(pattern) == []
