"""TRN001 keeps one finding per place, from the first pattern that matches it: the places
found are looked up by bisection, with the result of testing every one (the old way)."""

import random

from auditor.config import Config
from auditor.models import Article, Finding
from auditor.rule import ArticleContext
from auditor.rules.helpers import load_phrases
from auditor.rules.translation.date_calque import DateCalque

PIECES = [
    "On the 13th local time, ",
    "on the 14th, local time ",
    "13 local time ",
    "local time on the 5th ",
    "in the evening of the 5th ",
    "On the 5th morning ",
    "the minister said. ",
    "at 13 local time ",
    "(25th Japan time) ",
]


def _old(text: str) -> list[tuple[int, int]]:
    seen: list[tuple[int, int]] = []
    for phrase in load_phrases("auditor.rules.translation", "date_calques_en.txt"):
        for m in phrase.pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in seen):
                continue
            seen.append((m.start(), m.end()))
    return seen


def test_places_are_those_of_the_old_scan():
    rule = DateCalque()
    ctx = ArticleContext("en", 1.0, Config().settings())
    rnd = random.Random(7)
    for _ in range(200):
        text = "".join(rnd.choice(PIECES) for _ in range(rnd.randint(1, 30)))
        found = [o for o in rule.check(Article("t", text), ctx) if isinstance(o, Finding)]
        assert [(f.start, f.end) for f in found] == _old(text), text
