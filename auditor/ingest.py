"""Read articles from files, directories and stdin, one at a time.

Supported: `.txt` (one article per file), `.jsonl` (one object per line), `.csv` (pandas, in
chunks), `.html`/`.htm` (main text and metadata through trafilatura), directories (recursive,
sorted) and `-` for stdin (JSONL if every line is an object, else one text article).
Bad input never stops the run: it becomes an InputError with file and line. For CSV the
"line" is the record's row number (the header is row 1), which differs from the physical
line when a quoted field spans lines.
"""

from __future__ import annotations

import codecs
import json
import logging
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO

from auditor.atomic import REPORT_FILES
from auditor.models import UNKNOWN_SOURCE, Article, InputError

DEFAULT_MAX_ARTICLE_BYTES = 5 * 1024 * 1024
SUFFIXES = (".txt", ".jsonl", ".csv", ".html", ".htm")
TEXT_FIELDS = ("text", "content")
CSV_CHUNK_ROWS = 1000

Item = Article | InputError


@dataclass(frozen=True)
class IngestOptions:
    """How to read inputs."""

    default_source: str | None = None
    max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES
    # called with a warning about the input that is not an error (a renamed duplicate id);
    # None logs it on the `auditor` logger
    on_warning: Callable[[str], None] | None = None


def read_inputs(paths: Iterable[str], options: IngestOptions | None = None) -> Iterator[Item]:
    """Yield an Article or an InputError for each article found in `paths`, in order.

    Article ids are unique in what this yields: the second article with id `x` becomes
    `x#2` (the third `x#3`, ...), with a warning, so two articles are never merged into one
    verdict downstream.
    """
    options = options or IngestOptions()
    warn = options.on_warning or logging.getLogger("auditor").warning
    seen: set[str] = set()
    for item in _read_paths(paths, options):
        if isinstance(item, Article):
            if item.id in seen:
                n = 2
                while f"{item.id}#{n}" in seen:
                    n += 1
                new_id = f"{item.id}#{n}"
                where = f"{item.origin}:{item.line}" if item.line else item.origin
                warn(f"{where}: duplicate article id {item.id!r}, renamed {new_id!r}")
                item = replace(item, id=new_id)
            seen.add(item.id)
        yield item


_SPECIAL_FILES = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def _not_regular(path: Path) -> str:
    """Why `path`, which is neither a directory nor a regular file, cannot be read."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "broken symbolic link" if path.is_symlink() else "no such file or directory"
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"
    for test, kind in _SPECIAL_FILES:
        if test(mode):
            return f"is {kind}, not a regular file: not read (pipe it to `-` instead)"
    return "not a regular file or directory"


def _read_paths(paths: Iterable[str], options: IngestOptions) -> Iterator[Item]:
    for raw in paths:
        if raw == "-":
            yield from _read_stdin(options)
            continue
        path = Path(raw)
        if path.is_dir():
            # a FIFO, socket or device with an article's suffix is named, not read (a FIFO
            # would block the run) and not skipped silently
            files = sorted(
                p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and not p.is_dir()
            )
            # an auditor report set inside the input folder (--out in/report) is output, not
            # input: its CSVs and report.html would be audited as articles by the next run
            reports = _ReportSets(path, options)
            for file in files:
                if reports.holds(file):
                    continue
                if file.is_file():
                    yield from read_file(file, options)
                else:
                    yield InputError(str(file), None, _not_regular(file))
        elif path.is_file():
            yield from read_file(path, options)
        else:
            yield InputError(str(path), None, _not_regular(path))


# what auditor.atomic.report_set leaves in a folder: the set itself (REPORT_FILES only) and,
# beside it while a run writes or after one was killed, `.NAME.new-XXXX` and `.NAME.old`
_REPORT_TEMP = re.compile(r"^\..+\.(?:new-[^/]*|old)$")


class _ReportSets:
    """Which folders under an input folder are auditor report sets (each named once)."""

    def __init__(self, root: Path, options: IngestOptions) -> None:
        self.root = root
        self.warn = options.on_warning or logging.getLogger("auditor").warning
        self.known: dict[Path, bool] = {}

    def holds(self, file: Path) -> bool:
        """Whether `file` lies in a report set (or a report set's temporary folder)."""
        folder = file.parent
        while folder != self.root and self.root in folder.parents:
            if self._is_report_set(folder):
                return True
            folder = folder.parent
        return False

    def _is_report_set(self, folder: Path) -> bool:
        if folder not in self.known:
            try:
                names = {p.name for p in folder.iterdir()}
            except OSError:
                names = set()
            found = bool(_REPORT_TEMP.match(folder.name)) or (
                {"articles.csv", "report.html"} <= names and names <= REPORT_FILES
            )
            self.known[folder] = found
            if found and not folder.name.startswith("."):
                self.warn(f"{folder}: an auditor report set, not read as input")
        return self.known[folder]


def read_file(path: Path, options: IngestOptions) -> Iterator[Item]:
    """Yield the articles of one file."""
    suffix = path.suffix.lower()
    origin = str(path)
    try:
        if suffix in (".jsonl", ".csv") and (wide := _wide_file_error(path, origin)):
            yield wide
        elif suffix == ".jsonl":
            with path.open("rb") as fh:
                yield from _read_jsonl(fh, origin, options)
        elif suffix == ".csv":
            yield from _read_csv(path, origin, options)
        else:
            size = path.stat().st_size
            if size > options.max_article_bytes:
                yield _too_big(origin, None, size, options)
                return
            data = path.read_bytes()
            if suffix in (".html", ".htm"):
                yield article_from_html(data, origin, options)
            else:
                yield _from_text(data, origin, options)
    except OSError as exc:
        yield InputError(origin, None, f"cannot read file: {exc.strerror or exc}")
    except Exception as exc:  # a parser choking on one file must not stop the run
        yield InputError(origin, None, f"cannot parse file: {type(exc).__name__}: {exc}")


def _read_stdin(options: IngestOptions) -> Iterator[Item]:
    """JSONL when the first line is an object (streamed line by line), else one text article
    (read up to the size cap, so an oversized one is reported, not loaded)."""
    stream = sys.stdin.buffer
    first = stream.readline(options.max_article_bytes + 1)
    if first.lstrip().startswith(b"{"):
        yield from _read_jsonl(stream, "<stdin>", options, first)
    else:
        rest = stream.read(max(options.max_article_bytes + 1 - len(first), 0))
        yield _from_text(first + rest, "<stdin>", options)


def _too_big(origin: str, line: int | None, size: int, options: IngestOptions) -> InputError:
    return InputError(
        origin, line, f"article is {size} bytes, over the cap of {options.max_article_bytes} bytes"
    )


# byte-order marks of the encodings other than UTF-8 that a text or HTML file may come in
# (UTF-32 first: its little-endian mark starts with UTF-16's)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _wide_encoding(head: bytes) -> str | None:
    """The encoding ("utf-16", "utf-32") whose byte-order mark `head` starts with, if any."""
    return next((name for bom, name in _BOMS if head.startswith(bom)), None)


def _decode(data: bytes, origin: str, line: int | None) -> str | InputError:
    """UTF-8 (a BOM is dropped); a whole file with a UTF-16 or UTF-32 byte-order mark is
    decoded as such."""
    encoding = _wide_encoding(data) if line is None else None
    try:
        return data.decode(encoding or "utf-8-sig")
    except UnicodeDecodeError as exc:
        name = encoding.upper() if encoding else "UTF-8"
        return InputError(origin, line, f"not valid {name} at byte {exc.start}: {exc.reason}")


def _wide_file_error(path: Path, origin: str) -> InputError | None:
    """An input error for a JSONL or CSV file in UTF-16 or UTF-32 (read line by line as
    UTF-8, each of its lines would be a separate error of its own)."""
    with path.open("rb") as fh:
        encoding = _wide_encoding(fh.read(4))
    if encoding is None:
        return None
    return InputError(
        origin,
        None,
        f"file is {encoding.upper()} (it starts with that byte-order mark); JSONL and CSV are "
        f"read as UTF-8: convert it (iconv -f {encoding.upper()} -t UTF-8)",
    )


# `auditor: ignore[TRN004, REP]` in a comment line of a text file or an HTML comment: the
# listed rules do not run on that article.
_TEXT_MARKER = re.compile(
    r"^[ \t]*#[^\n]{0,200}?auditor:[ \t]*ignore\[([A-Za-z0-9_, ]{1,200})\]", re.M
)
_HTML_MARKER = re.compile(r"<!--[ \t]*auditor:[ \t]*ignore\[([A-Za-z0-9_, ]{1,200})\][ \t]*-->")


def _markers(pattern: re.Pattern[str], text: str) -> list[str]:
    return sorted(
        {
            c.strip().upper()
            for m in pattern.finditer(text)
            for c in m.group(1).split(",")
            if c.strip()
        }
    )


def _from_text(data: bytes, origin: str, options: IngestOptions) -> Item:
    if len(data) > options.max_article_bytes:
        return _too_big(origin, None, len(data), options)
    text = _decode(data, origin, None)
    if isinstance(text, InputError):
        return text
    return _make_article(
        {"text": text, "suppress": _markers(_TEXT_MARKER, text)}, origin, None, options
    )


def article_from_html(data: bytes, origin: str, options: IngestOptions | None = None) -> Item:
    """An article from an HTML page: main text and metadata through trafilatura."""
    options = options or IngestOptions()
    import trafilatura  # imported here: start-up stays fast for runs without HTML

    html = _decode(data, origin, None)
    if isinstance(html, InputError):
        return html
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    if doc is None:
        return InputError(origin, None, "no main text found in the HTML page")
    meta = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    record = {
        "text": meta.get("text") or "",
        "title": meta.get("title"),
        "url": meta.get("url"),
        "published": meta.get("date"),
        "lang": meta.get("language") or _html_lang(html),
        "site_name": meta.get("sitename"),
        "suppress": _markers(_HTML_MARKER, html),
        **_page_furniture(html, meta.get("text") or ""),
    }
    return _make_article(record, origin, None, options)


# Block-level tags: their text starts a new line of the visible page.
_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4"
    " h5 h6 header hr li main nav ol p pre section table td th tr ul".split()
)
MAX_DROPPED_LINES = 400
MAX_DROPPED_LINE_CHARS = 300


def _page_furniture(html: str, body: str) -> dict[str, Any]:
    """What the main-text extraction leaves out but a repost check needs: the page's canonical
    link (`canonical_url`) and the visible lines outside the extracted body (`dropped_lines`,
    at most MAX_DROPPED_LINES lines of at most MAX_DROPPED_LINE_CHARS characters each)."""
    import lxml.html  # installed with trafilatura
    from lxml import etree

    try:
        # bytes with a fixed encoding: a str with an XML encoding declaration is refused by lxml
        parser = lxml.html.HTMLParser(encoding="utf-8")
        tree = lxml.html.document_fromstring(html.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError):
        return {}
    canonical = next(
        (
            str(el.get("href")).strip()
            for el in tree.iter("link")
            if "canonical" in str(el.get("rel") or "").lower().split() and el.get("href")
        ),
        None,
    )
    for el in list(tree.iter("script", "style", "noscript", "template", "head")):
        el.drop_tree()
    for el in tree.iter(*_BLOCK_TAGS):
        el.tail = "\n" + (el.tail or "")
    body_lines = {" ".join(x.split()) for x in body.splitlines()}
    dropped: list[str] = []
    seen: set[str] = set()
    for raw in tree.text_content().splitlines():
        line = " ".join(raw.split())
        if not line or len(line) > MAX_DROPPED_LINE_CHARS or line in seen or line in body_lines:
            continue
        seen.add(line)
        dropped.append(line)
        if len(dropped) >= MAX_DROPPED_LINES:
            break
    out: dict[str, Any] = {"dropped_lines": dropped}
    if canonical:
        out["canonical_url"] = canonical
    return out


_HTML_LANG = re.compile(
    r"<html\b[^>]{0,500}?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8}){0,3})"
)


def _html_lang(html: str) -> str | None:
    """The page's declared language (`<html lang="...">`), if any."""
    m = _HTML_LANG.search(html[:5000])
    return m.group(1) if m else None


READ_CHUNK = 1 << 16
_LINE_END = re.compile(rb"\r\n|\r|\n")


def _physical_lines(fh: BinaryIO, cap: int, first: bytes = b"") -> Iterator[tuple[int, bytes, int]]:
    """(line number, bytes, size) of each line of `fh`, read in chunks of READ_CHUNK bytes.

    A line ends at LF, CRLF or a lone CR (JSON strings cannot hold a raw CR or LF, so this
    splits no record). A line over `cap` bytes is never held whole: its bytes are counted
    and dropped as they are read, and it comes out as (number, b"", size), size > cap."""
    buf, start, scan, lineno = first, 0, 0, 0
    dropped = 0  # bytes of the current line already counted and dropped
    eof = False
    while True:
        m = _LINE_END.search(buf, scan)
        # a CR at the very end of what is held may be the first half of a CRLF
        if m and not (m.group() == b"\r" and m.end() == len(buf) and not eof):
            lineno += 1
            size = dropped + m.start() - start
            yield lineno, (b"" if size > cap else buf[start : m.start()]), size
            start = scan = m.end()
            dropped = 0
            continue
        if eof:
            size = dropped + len(buf) - start
            if size:
                yield lineno + 1, (b"" if size > cap else buf[start:]), size
            return
        keep = 1 if buf.endswith(b"\r") else 0  # perhaps half a CRLF: left for the search
        held = len(buf) - start - keep
        if dropped + held > cap:  # over the cap with no line end yet: count, do not keep
            dropped += held
            start = len(buf) - keep
        scan = max(start, len(buf) - 1)
        chunk = fh.read(READ_CHUNK)
        if chunk:
            buf, scan, start = buf[start:] + chunk, scan - start, 0
        else:
            eof = True


def _read_jsonl(
    fh: BinaryIO, origin: str, options: IngestOptions, first: bytes = b""
) -> Iterator[Item]:
    cap = options.max_article_bytes
    for lineno, raw, size in _physical_lines(fh, cap, first):
        if size > cap:
            yield _too_big(origin, lineno, size, options)
            continue
        if not raw.strip():
            continue
        line = _decode(raw, origin, lineno)
        if isinstance(line, InputError):
            yield line
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(origin, lineno, f"malformed JSON: {exc.msg} at column {exc.colno}")
            continue
        except (RecursionError, ValueError) as exc:  # nesting too deep, a 5000-digit number
            yield InputError(origin, lineno, f"malformed JSON: {type(exc).__name__}: {exc}")
            continue
        if not isinstance(record, dict):
            yield InputError(origin, lineno, "a JSONL line must be an object")
            continue
        bad = _surrogate_field(record)
        if bad is not None:
            yield InputError(
                origin, lineno, f"field {bad!r} holds a lone surrogate (an invalid \\u escape)"
            )
            continue
        try:
            yield _make_article(record, origin, lineno, options)
        except Exception as exc:  # one odd record must not lose the lines after it
            yield InputError(origin, lineno, f"cannot read record: {type(exc).__name__}: {exc}")


def _surrogate_field(record: dict[str, Any]) -> str | None:
    """The first field of a JSON record holding a lone surrogate (JSON allows `\\ud800`,
    UTF-8 cannot encode it), or None."""
    for key, value in record.items():
        try:
            json.dumps([key, value], ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            return str(key).encode("utf-8", "backslashreplace").decode("ascii", "replace")
        except (TypeError, ValueError, RecursionError):
            continue
    return None


def _read_csv(path: Path, origin: str, options: IngestOptions) -> Iterator[Item]:
    import pandas as pd  # only for CSV input, so other commands start without it

    row_number = 1  # the header is line 1
    try:
        reader = pd.read_csv(
            path, chunksize=CSV_CHUNK_ROWS, dtype=str, keep_default_na=False, encoding="utf-8"
        )
        for chunk in reader:
            for record in chunk.to_dict("records"):
                row_number += 1
                text = next((record.get(f) for f in TEXT_FIELDS if record.get(f)), "")
                if len(text.encode("utf-8")) > options.max_article_bytes:
                    yield _too_big(origin, row_number, len(text.encode("utf-8")), options)
                    continue
                yield _make_article(record, origin, row_number, options)
    except UnicodeDecodeError as exc:
        yield InputError(origin, None, f"not valid UTF-8 at byte {exc.start}: {exc.reason}")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        yield InputError(origin, None, f"malformed CSV after line {row_number}: {exc}")


def _make_article(
    record: dict[str, Any], origin: str, line: int | None, options: IngestOptions
) -> Item:
    text = next((record[f] for f in TEXT_FIELDS if isinstance(record.get(f), str)), None)
    if text is None:
        wrong = next((f for f in TEXT_FIELDS if record.get(f) is not None), None)
        if wrong is not None:
            return InputError(
                origin, line, f"field `{wrong}` is {_kind(record[wrong])}, not a string"
            )
        return InputError(origin, line, "no `text` or `content` field")
    nested = next((k for k in _METADATA if isinstance(record.get(k), dict | list)), None)
    if nested is not None:
        return InputError(
            origin,
            line,
            f"field `{nested}` is {_kind(record[nested])}; it must be a string or a number",
        )
    # a lone CR (old Mac line ends) is a line end to every rule, which split lines at LF;
    # CRLF is left alone (the CR is trimmed with the line's other whitespace)
    text = _LONE_CR.sub("\n", text)
    if not text.strip():
        return InputError(origin, line, "empty article")
    if len(text.encode("utf-8")) > options.max_article_bytes:
        return _too_big(origin, line, len(text.encode("utf-8")), options)
    url = _str_or_none(record.get("url"))
    given_id = _str_or_none(record.get("id"))
    article_id = given_id or (f"{origin}:{line}" if line else origin)
    source = (
        _str_or_none(record.get("source"))
        or _domain_field(record.get("domain"))
        or registered_domain(url)
        or options.default_source
        or UNKNOWN_SOURCE
    )
    known = {"id", "url", "source", "domain", "title", "lang", "published", *TEXT_FIELDS}
    return Article(
        id=article_id,
        text=text,
        source=source,
        url=url,
        title=_str_or_none(record.get("title")),
        lang_declared=_str_or_none(record.get("lang")),
        published=_str_or_none(record.get("published")),
        origin=origin,
        line=line,
        extra={k: v for k, v in record.items() if k not in known and v not in (None, "")},
    )


_METADATA = ("id", "url", "source", "domain", "title", "lang", "published")
_LONE_CR = re.compile(r"\r(?!\n)")


def _kind(value: Any) -> str:
    """What a JSON value is, in words (never the value itself, which may be huge)."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return f"a {type(value).__name__}"


def _str_or_none(value: Any) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    return value or None


_extractor = None


def _extract(url: str):  # noqa: ANN202 - tldextract's result type
    global _extractor
    if _extractor is None:
        import tldextract

        # The bundled public-suffix snapshot only: never fetch the list over the network.
        _extractor = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    return _extractor(url)


def _domain_field(value: Any) -> str | None:
    """A record's `domain` field ("www.bbc.co.uk", "https://bbc.co.uk/") as its registered
    domain ("bbc.co.uk"), so that it names the same source as a URL on that site would."""
    domain = _str_or_none(value)
    if domain is None:
        return None
    return registered_domain(domain if "//" in domain else f"https://{domain}") or domain.lower()


def registered_domain(url: str | None) -> str | None:
    """The registered domain of a URL ("https://www.bbc.co.uk/x" -> "bbc.co.uk"), offline."""
    if not url:
        return None
    parts = _extract(url)
    domain = (
        parts.top_domain_under_public_suffix
        if hasattr(parts, "top_domain_under_public_suffix")
        else parts.registered_domain
    )
    return domain.lower() or None


def site_label(url: str | None) -> str | None:
    """A site's name without its public suffix ("https://www.bbc.co.uk/x" -> "bbc"), so that
    one brand's country domains (businessinsider.com, businessinsider.de) compare equal."""
    return (_extract(url).domain.lower() or None) if url else None
