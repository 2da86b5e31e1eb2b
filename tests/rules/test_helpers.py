import re

from auditor.rules.helpers import _flexible_spaces, lines, paragraphs, quotations, sentences
from support import EXAMPLES


def test_a_space_matches_no_break_and_double_spaces():
    pattern = re.compile(_flexible_spaces("according to Reuters"))
    assert pattern.search("according to\u00a0Reuters") and pattern.search("according  to Reuters")
    assert not pattern.search("according to\nReuters")


def test_an_optional_space_stays_optional():
    pattern = re.compile(_flexible_spaces(r"^© ?\d{4}$"))
    assert pattern.match("©2019") and pattern.match("© 2019") and pattern.match("©\u00a02019")


def test_spaces_in_character_classes_are_kept():
    assert _flexible_spaces("[A-Z .]") == "[A-Z .]"


def test_spans_are_offsets_into_the_text():
    text = "  First line.\n\n Mr. Smith said \u201cwe will go\u201d. Then he left.  \n"
    for span in [*lines(text), *paragraphs(text), *sentences(text), *quotations(text)]:
        assert text[span.start : span.end] == span.text
    assert [s.text for s in sentences(text)][1].startswith("Mr. Smith said")


def test_single_quotes_are_told_from_apostrophes():
    texts = {
        "\u2018It\u2019s over for the government,\u2019 he said.": [
            "\u2018It\u2019s over for the government,\u2019"
        ],
        "'It's over for the government,' he said.": ["'It's over for the government,'"],
        "The ministers' meeting in the '90s played rock 'n' roll.": [],
        "Ankara\u2019s \u2018 appointments were odd.": [],
    }
    for text, expected in texts.items():
        assert [q.text for q in quotations(text)] == expected, text


def test_quotation_dashes_only_for_languages_that_use_them():
    text = "\u2014No vamos a ceder ante nadie \u2014dijo el ministro\u2014.\n\n\u2014 item one"
    assert [q.text for q in quotations(text, "es")] == [
        "\u2014No vamos a ceder ante nadie",
        "\u2014 item one",
    ]
    assert quotations(text, "en") == []


def test_lazy_and_backward_line_helpers_agree_with_lines_and_paragraphs():
    from auditor.rules.helpers import first_lines, iter_paragraphs, last_lines

    seed = (EXAMPLES / "000_8704dcac81a2f636.txt").read_text(encoding="utf-8")
    texts = [
        seed,
        seed.replace("\n", "\r\n"),
        "",
        "\n\n\n",
        "  one line, no newline  ",
        "\u2028\n \nA.\n\u00a0\n B \n\n",
        seed[:500] + "\n \n\t\n",
        "\n" + seed[-300:] + "\n",
    ]
    for text in texts:
        for n in (0, 1, 2, 4, 1000):
            assert last_lines(text, n) == (lines(text)[-n:] if n else [])
            assert first_lines(text, n) == lines(text)[:n]
        assert list(iter_paragraphs(text)) == paragraphs(text)


def test_dash_quotations_inside_quotes_are_dropped_as_before():
    """Spanish news: a dash quotation is kept unless it starts inside a quotation (found by
    bisection now; the result is that of testing every quotation)."""
    text = (
        "—No cederemos —dijo el ministro—.\n"
        "El presidente dijo: «—ya veremos— no hay prisa».\n"
        '"Una cita —con guiones— dentro"\n'
        "—Otra frase sin cerrar\n"
    ) * 50
    found = quotations(text, "es")
    quotes = [q for q in found if q.text[0] not in "—―–"]
    dashes = [q for q in found if q.text[0] in "—―–"]
    assert len(dashes) == 100 and len(quotes) == 100
    assert not any(q.start <= d.start < q.end for d in dashes for q in quotes)
    assert [q.start for q in found] == sorted(q.start for q in found)
