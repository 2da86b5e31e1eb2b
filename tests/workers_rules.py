"""Rules that misbehave on purpose, for the worker tests (importable by worker processes)."""

from __future__ import annotations

import os
import re
import signal

from auditor.models import Severity
from auditor.rule import BatchRule, Rule

# Nested quantifiers over the same letters: Python's `re` backtracks for as long as it takes
# (about 2^n steps) and cannot be interrupted, the case a time budget must handle.
CATASTROPHIC = re.compile(r"(\w+\s?)+;")


class Backtracking(Rule):
    """What it does: looks for a semicolon after a run of words, with a pattern that
    backtracks catastrophically on a long line without one (a test rule)."""

    code = "TST901"
    name = "backtracking"
    family = "translation"
    summary = "slow on purpose"
    severity = Severity.INFO

    def check(self, article, ctx):
        if article.id == "slow":
            CATASTROPHIC.match(article.text.replace("\n", " "))
        return []


class KillsItsProcess(Rule):
    """What it does: kills the process it runs in on the article with id `crash` (a test rule
    standing in for a crash in a C extension or the OOM killer)."""

    code = "TST902"
    name = "kills-its-process"
    family = "translation"
    summary = "crashes on purpose"
    severity = Severity.INFO

    def check(self, article, ctx):
        if article.id == "crash":
            os.kill(os.getpid(), signal.SIGKILL)
        return []


class WordShare(BatchRule):
    """What it does: each article's share of the run's words, keeping only a word count and
    the id of the process that prepared it (a test of the streaming batch-rule steps)."""

    code = "TST903"
    name = "word-share"
    family = "repost"
    summary = "streaming batch rule"
    severity = Severity.INFO

    def prepare(self, article, ctx):
        return len(article.text.split()), os.getpid()

    def add(self, prepared):
        self.__dict__.setdefault("kept", []).append(prepared)

    def finish(self):
        self.total = sum(words for words, _ in self.kept)

    def results(self):
        for words, pid in self.kept:
            yield [self.measure("word_share", words / self.total), self.measure("pid", pid)]


class BatchSize(BatchRule):
    """What it does: tags each article with the number of articles in the run and the
    language the per-article stage detected (a batch rule with only `check_batch`)."""

    code = "TST904"
    name = "batch-size"
    family = "repost"
    summary = "check_batch only"
    severity = Severity.INFO

    def check_batch(self, items):
        return {
            a.id: [self.measure("batch_size", len(items)), self.measure("seen", ctx.language)]
            for a, ctx in items
        }
