import io
import json
import sys

from auditor.ingest import IngestOptions, read_inputs, registered_domain
from auditor.models import Article, InputError
from support import EXAMPLES, REPOST_SEED

STORY = "Erdogan said on Sunday that Turkey still intends to buy a second batch of S-400s."


def _read(*paths, **options):
    return list(read_inputs([str(p) for p in paths], IngestOptions(**options)))


def test_directory_is_read_recursively_in_sorted_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text(STORY)
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "notes.md").write_text("ignored")
    items = _read(tmp_path)
    assert [a.origin for a in items] == [str(tmp_path / "a.txt"), str(tmp_path / "b" / "2.txt")]
    assert [a.id for a in items] == [a.origin for a in items]


def test_examples_are_three_articles():
    items = _read(EXAMPLES)
    assert len(items) == 3 and all(isinstance(a, Article) for a in items)
    assert items[0].text == REPOST_SEED.read_text(encoding="utf-8")


def test_jsonl_bad_line_is_reported_with_its_number_and_others_are_read(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(
        json.dumps({"id": "a1", "text": STORY, "url": "https://www.reuters.com/world/x"})
        + "\n{not json\n"
        + json.dumps({"content": STORY, "source": "Example Times"})
        + "\n"
        + json.dumps({"title": "no text"})
        + "\n"
        + json.dumps({"text": "   "})
        + "\n"
    )
    items = _read(path, default_source="cli-source")
    assert isinstance(items[0], Article) and items[0].id == "a1"
    assert items[0].source == "reuters.com"
    assert isinstance(items[1], InputError) and items[1].line == 2
    assert "malformed JSON" in items[1].message
    assert items[2].source == "Example Times" and items[2].id == f"{path}:3"
    assert items[3].message == "no `text` or `content` field" and items[3].line == 4
    assert items[4].message == "empty article"


def test_source_falls_back_to_cli_then_unknown(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(STORY)
    assert _read(path, default_source="desk")[0].source == "desk"
    assert _read(path)[0].source == "unknown"


def test_undecodable_file_and_line(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9 " + STORY.encode())
    jl = tmp_path / "mixed.jsonl"
    jl.write_bytes(b'{"text": "caf\xe9 ok"}\n' + json.dumps({"text": STORY}).encode() + b"\n")
    good = tmp_path / "good.txt"
    good.write_text(STORY)
    items = _read(bad, jl, good)
    assert isinstance(items[0], InputError) and "UTF-8" in items[0].message
    assert isinstance(items[1], InputError) and items[1].line == 1
    assert isinstance(items[2], Article) and isinstance(items[3], Article)


def test_size_cap(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text(STORY * 100)
    jl = tmp_path / "big.jsonl"
    jl.write_text(json.dumps({"text": STORY * 100}) + "\n" + json.dumps({"text": STORY}) + "\n")
    items = _read(big, jl, max_article_bytes=1000)
    assert isinstance(items[0], InputError) and "over the cap of 1000 bytes" in items[0].message
    assert isinstance(items[1], InputError) and items[1].line == 1
    assert isinstance(items[2], Article)


def test_csv_in_chunks_with_row_without_text(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(f'id,text,url\nx1,"{STORY}",https://apnews.com/a\nx2,,\nx3,"{STORY}",\n')
    items = _read(path)
    assert items[0].id == "x1" and items[0].source == "apnews.com" and items[0].line == 2
    assert isinstance(items[1], InputError) and items[1].line == 3
    assert items[2].id == "x3"


def test_html_through_trafilatura(tmp_path):
    body = " ".join([STORY] * 4)
    html = f"""<html lang="en"><head><title>Erdogan and the S-400</title>
    <link rel="canonical" href="https://www.example.com/news/s400"></head>
    <body><nav>Home | World | Sport</nav><article><h1>Erdogan and the S-400</h1>
    <p>{body}</p><p>{body}</p></article><footer>Cookie settings</footer></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(html)
    [article] = _read(path)
    assert STORY in article.text
    assert "Cookie settings" not in article.text
    assert article.title == "Erdogan and the S-400"
    assert article.source == "example.com"
    assert article.lang_declared == "en"


def test_stdin_text_and_jsonl(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(STORY.encode())))
    [article] = list(read_inputs(["-"]))
    assert article.text == STORY and article.origin == "<stdin>"
    payload = (json.dumps({"text": STORY}) + "\n" + "oops\n").encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(payload)))
    items = list(read_inputs(["-"]))
    assert isinstance(items[0], Article) and isinstance(items[1], InputError)


def test_missing_path_is_an_input_error(tmp_path):
    [err] = _read(tmp_path / "nope.txt")
    assert err.message == "no such file or directory"


def test_registered_domain_is_offline():
    assert registered_domain("https://www.bbc.co.uk/news/world") == "bbc.co.uk"
    assert registered_domain("http://amos37.com/erdogan") == "amos37.com"
    assert registered_domain(None) is None


def test_html_keeps_canonical_link_and_dropped_page_lines(tmp_path):
    body = " ".join([STORY] * 4)
    html = f"""<html lang="en"><head><title>Erdogan and the S-400</title>
    <meta property="og:url" content="https://www.albawaba.com/news/s400-1322354">
    <link rel="canonical" href="https://www.albawaba.com/news/s400-1322354">
    <script>var x = "Via nowhere";</script></head>
    <body><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
    <article><h1>Erdogan and the S-400</h1><p>{body}</p><p>{body}</p></article>
    <div class="source">Via SyndiGate.info</div>
    <footer><p>Subscribe to our newsletter</p><p>© 2000 - 2019 Al Bawaba</p></footer>
    </body></html>"""
    path = tmp_path / "page.html"
    path.write_text(html)
    [article] = _read(path)
    assert article.extra["canonical_url"] == "https://www.albawaba.com/news/s400-1322354"
    dropped = article.extra["dropped_lines"]
    assert "Via SyndiGate.info" in dropped and "© 2000 - 2019 Al Bawaba" in dropped
    assert "Home" in dropped and "World" in dropped  # one line per block element
    assert not any(STORY[:40] in line for line in dropped)  # the body is not "dropped"
    assert not any("Via nowhere" in line for line in dropped)  # scripts are not text


def test_xhtml_with_an_encoding_declaration_keeps_its_page_lines(tmp_path):
    body = " ".join([STORY] * 4)
    page = tmp_path / "page.xhtml.html"
    page.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<html><head>'
        '<link rel="canonical" href="https://www.cnn.com/x"></head><body>'
        f"<article><p>{body}</p><p>{body}</p></article><p>Via SyndiGate.info</p></body></html>",
        encoding="utf-8",
    )
    [article] = _read(page)
    assert article.extra["canonical_url"] == "https://www.cnn.com/x"
    assert "Via SyndiGate.info" in article.extra["dropped_lines"]
