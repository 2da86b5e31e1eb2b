"""report.html: one self-contained page (no network, no script) that leads with what matters.

Top to bottom:
1. an overview: articles audited, articles failing the check's thresholds, input and rule
   errors, the most frequent findings by severity (errors, then warnings), and the sources
   worth a look (lowest mean overall score, then most warnings per article);
2. the input errors and rule errors, each with where it happened;
3. the per-source table (rank, article count, each family's mean with its 95% interval as a
   bar, and the reliability estimate with its interval when the sheet has one);
4. one chart per family: per source, the mean (a diamond) and its interval (a bar) over the
   articles' scores (faint dots); a family no article could score says "not scored";
5. per source, each article with its findings sorted by severity (errors first), the info
   findings folded, each with its evidence highlighted in context; in a run of more than
   FULL_PAGE_ARTICLES articles, only the articles with a warning or an error or failing the
   check list their info findings (the others give the count; findings.csv has them all).
Every piece of article text is HTML-escaped, and a Content Security Policy forbids scripts
and remote loads, so hostile article text can neither run nor call out. The page formats
what it is given (the sources frame, the results, the verdicts); it computes no score.
"""

from __future__ import annotations

import array
import html
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.atomic import write_atomic_chunks
from auditor.models import ArticleResult, Finding, InputError, RuleError, Severity
from auditor.reports.cells import is_missing, safe_text
from auditor.rowstore import SourceRows
from auditor.rule import FAMILIES

if TYPE_CHECKING:  # pandas is imported where the page reads the sources frame, at the end of
    import pandas as pd  # a run: articles are rendered as they stream without it

CONTEXT_CHARS = 80
# A run of more articles than this lists in the page the info findings of only the articles
# with a warning or an error or that fail the check; the others' are in findings.csv. The
# info findings (every attribution relation, every passage shared with another article) are
# nineteen in twenty of the page's bytes: 10,000 benchmark articles made a 95 MB page, which
# a browser opens slowly if at all, and 100,000 would make one of about 1 GB.
FULL_PAGE_ARTICLES = 2000
CHART_ROWS = 30  # sources drawn per chart (lowest means first); the table lists them all
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:1.5rem auto;max-width:1100px;color:#222;
padding:0 1rem}
h1{margin:.2rem 0 .8rem}h2{margin:1.6rem 0 .5rem}
table{border-collapse:collapse;margin:.6rem 0}th,td{border:1px solid #ccc;padding:.2rem .45rem}
th{background:#f3f3f3;text-align:left}td.num{text-align:right}
.few{color:#888}.sev-error{color:#b00020}.sev-warning{color:#a15c00}.sev-info{color:#555}
mark{background:#ffe083}.ctx{font-family:ui-monospace,monospace;font-size:13px;white-space:pre-wrap}
section.source{border-top:2px solid #333;margin-top:2rem}details{margin:.4rem 0}
.chart{margin:.3rem 0 1rem}.chart text{font-size:11px}
#overview{background:#f7f7f9;border:1px solid #ddd;border-radius:6px;padding:.6rem 1rem}
#overview h2{margin:.2rem 0 .5rem;font-size:1.2rem}#overview h3{margin:.6rem 0 .2rem;font-size:1rem}
.cards{display:flex;gap:.8rem;flex-wrap:wrap}.card{background:#fff;border:1px solid #ddd;
border-radius:6px;padding:.35rem .8rem;min-width:8rem}.card b{display:block;font-size:1.5rem}
.card.bad b{color:#b00020}.cols{display:flex;gap:2rem;flex-wrap:wrap}
.cols>div{flex:1;min-width:20rem}
#overview table{font-size:14px;margin:.2rem 0}.fail{color:#b00020;font-weight:bold}
.ci{display:inline-block;position:relative;width:90px;height:10px;background:#eee;
vertical-align:middle;margin-left:.3rem}.ci span{position:absolute;top:0;height:10px;
background:#3b6ea8;opacity:.55}
.ci i{position:absolute;top:-2px;width:2px;height:14px;background:#123}
.note{color:#666;font-size:13px}.nowrap{white-space:nowrap}
"""


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    """A column of the sheet, or an empty one (a run with no article has no score columns)."""
    import pandas as pd

    return frame[name] if name in frame else pd.Series(None, index=frame.index, dtype=object)


def _e(value: object) -> str:
    return "" if is_missing(value) else html.escape(safe_text(str(value)), quote=True)


def _num(value: object) -> float | None:
    if is_missing(value):
        return None
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _interval_bar(mean: object, low: object, high: object, scale: float = 100.0) -> str:
    """A small bar: the interval [low, high] shaded, the mean a tick (values out of `scale`)."""
    m, lo, hi = _num(mean), _num(low), _num(high)
    if m is None:
        return ""
    parts = ['<span class="ci" title="mean ' + f"{m:g}"]
    parts.append(f", 95% interval {lo:g}–{hi:g}" if lo is not None and hi is not None else "")
    parts.append('">')
    if lo is not None and hi is not None:
        left, right = (max(0.0, min(100.0, v * 100 / scale)) for v in (lo, hi))
        parts.append(f'<span style="left:{left:.1f}%;width:{max(right - left, 1):.1f}%"></span>')
    parts.append(f'<i style="left:{max(0.0, min(99.0, m * 100 / scale)):.1f}%"></i></span>')
    return "".join(parts)


def _score_cell(value: object, low: object = None, high: object = None) -> str:
    v = _num(value)
    if v is None:
        return '<td class="num">–</td>'
    hue = int(max(0.0, min(100.0, v)) * 1.2)  # 0 red .. 120 green
    bar = _interval_bar(v, low, high) if low is not None or high is not None else ""
    return f'<td class="num" style="background:hsl({hue},70%,88%)">{v:.1f}{bar}</td>'


def _rank_label(s: pd.Series) -> str:
    if not is_missing(s.get("rank")):
        return _e(s.get("rank"))
    if str(s.get("source")) == "unknown":
        return "not ranked (no source)"
    return "few articles" if s.get("few_articles") else "not ranked"


def _reliability_scale(sources: pd.DataFrame) -> float:
    import pandas as pd

    values = pd.to_numeric(_column(sources, "reliability"), errors="coerce").dropna()
    return 1.0 if len(values) and values.max() <= 1.0 else 100.0


def _ranking(sources: pd.DataFrame) -> str:
    priors = [c for c in sources.columns if c.startswith("expert_rating_")]
    reliability = "reliability" in sources.columns
    scale = _reliability_scale(sources) if reliability else 100.0
    head = ["rank", "source", "articles"]
    head += ["reliability (95% interval)"] if reliability else []
    head += [f"{f} (mean, 95% interval)" for f in (*FAMILIES, "overall")]
    head += [c.replace("_", " ") + " (prior, not in our score)" for c in priors]
    rows = []
    for _, s in sources.iterrows():
        cls = ' class="few"' if is_missing(s.get("rank")) else ""
        cells = [
            f"<td>{_rank_label(s)}</td>",
            f'<td><a href="#src-{_e(s["source"])}">{_e(s["source"])}</a></td>',
            f'<td class="num">{_e(s["articles"])}</td>',
        ]
        if reliability:
            value = _num(s.get("reliability"))
            reasons = _e(s.get("reliability_reasons"))
            shown = "–" if value is None else f"{value:.2f}" if scale == 1.0 else f"{value:.1f}"
            bar = _interval_bar(
                value, s.get("reliability_ci_low"), s.get("reliability_ci_high"), scale
            )
            cells.append(f'<td class="num" title="{reasons}">{shown}{bar}</td>')
        cells += [
            _score_cell(s.get(f"{f}_mean"), s.get(f"{f}_ci_low"), s.get(f"{f}_ci_high"))
            for f in (*FAMILIES, "overall")
        ]
        cells += [f'<td class="num">{_e(s.get(c))}</td>' for c in priors]
        rows.append(f"<tr{cls}>{''.join(cells)}</tr>")
    header = "".join(f"<th>{_e(h)}</th>" for h in head)
    return f'<table id="ranking"><tr>{header}</tr>{"".join(rows)}</table>'


def _chart(family: str, scores: Mapping[str, Sequence[float]], sources: pd.DataFrame) -> str:
    """Per source: the articles' scores (faint dots), the mean (a diamond) and its 95%
    interval (a bar), from the sources frame; lowest means first, at most CHART_ROWS rows."""
    import pandas as pd

    mean_col, low_col, high_col = f"{family}_mean", f"{family}_ci_low", f"{family}_ci_high"
    scored = sources[pd.to_numeric(_column(sources, mean_col), errors="coerce").notna()]
    title = f"<h3>{_e(family)}</h3>"
    if scored.empty:
        return title + (
            '<svg class="chart" role="img" width="700" height="34" '
            f'aria-label="{_e(family)}: not scored" xmlns="http://www.w3.org/2000/svg">'
            '<rect x="0" y="2" width="700" height="30" fill="#f3f3f3"/>'
            '<text x="350" y="22" text-anchor="middle" style="font-size:13px">not scored: no '
            "article could be scored for this family (see not_scored in articles.csv)</text>"
            "</svg>"
        )
    scored = scored.assign(_m=pd.to_numeric(scored[mean_col])).sort_values(["_m", "source"])
    shown = scored.head(CHART_ROWS)
    width, row_h, left = 700, 20, 180
    height = row_h * len(shown) + 30

    def x(v: float) -> float:
        return left + max(0.0, min(100.0, v)) * (width - left - 10) / 100

    parts = [
        f'<svg class="chart" role="img" aria-label="{_e(family)} scores by source" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for tick in (0, 25, 50, 75, 100):
        parts.append(
            f'<line x1="{x(tick):.0f}" y1="0" x2="{x(tick):.0f}" y2="{height - 20}" '
            f'stroke="#ddd"/><text x="{x(tick):.0f}" y="{height - 5}" '
            f'text-anchor="middle">{tick}</text>'
        )
    for i, (_, s) in enumerate(shown.iterrows()):
        y = 12 + i * row_h
        name = str(s["source"])
        parts.append(f'<text x="0" y="{y + 4}">{_e(name[:28])}</text>')
        for v in scores.get(name, []):
            parts.append(
                f'<circle cx="{x(v):.1f}" cy="{y}" r="2.5" fill="#999" fill-opacity=".5"/>'
            )
        low, high = _num(s.get(low_col)), _num(s.get(high_col))
        if low is not None and high is not None:
            parts.append(
                f'<rect x="{x(low):.1f}" y="{y - 4}" width="{max(x(high) - x(low), 1):.1f}" '
                'height="8" fill="#3b6ea8" fill-opacity=".45"/>'
            )
        m = float(s["_m"])
        interval = f", 95% interval {low:g}–{high:g}" if low is not None else ""
        parts.append(
            f'<path d="M{x(m):.1f} {y - 6}l5 6l-5 6l-5 -6z" fill="#123">'
            f"<title>{_e(name)}: mean {m:g}{interval}, {_e(s.get('articles'))} article(s)"
            "</title></path>"
        )
    parts.append("</svg>")
    more = len(scored) - len(shown)
    note = f'<p class="note">{more} more source(s) in the table above.</p>' if more > 0 else ""
    return title + "".join(parts) + note


def _overview(
    sources: pd.DataFrame,
    tally: _Tally,
    input_errors: Sequence[InputError],
    summaries: Mapping[str, str],
    infos_over: int | None = None,
) -> str:
    """`infos_over`: the run has more articles than that, and the page lists the info
    findings of only those that matter (`FULL_PAGE_ARTICLES`)."""
    cards = [("articles audited", tally.articles, False)]
    if tally.check:
        cards.append(("failing articles", tally.failed, bool(tally.failed)))
    cards += [
        ("input errors", len(input_errors), bool(input_errors)),
        ("rule errors", len(tally.rule_errors), bool(tally.rule_errors)),
        ("sources", len(sources), False),
    ]
    card_html = "".join(
        f'<div class="card{" bad" if bad else ""}"><b>{n}</b>{_e(label)}</div>'
        for label, n, bad in cards
    )
    # most frequent findings, errors before warnings (info findings are listed per article)
    counts, articles = tally.counts, tally.with_code
    top = sorted(counts, key=lambda k: (SEVERITY_ORDER[k[0]], -counts[k], k[1]))[:6]
    if top:
        rows = "".join(
            f'<tr><td class="sev-{sev.value}">{sev.value}</td><td><b>{_e(code)}</b> '
            f"{_e(summaries.get(code, ''))}</td><td class='num'>{counts[(sev, code)]}</td>"
            f"<td class='num'>{articles[(sev, code)]}</td></tr>"
            for sev, code in top
        )
        findings = (
            "<table><tr><th>severity</th><th>rule</th><th>findings</th><th>articles</th></tr>"
            f"{rows}</table>"
        )
    else:
        findings = "<p>No warnings or errors.</p>"
    look = _worth_a_look(sources)
    note = (
        ""
        if infos_over is None
        else f"<p class=note>More than {infos_over:,} articles: the info findings of the "
        "articles with no warning or error that pass the check are in findings.csv, not on "
        "this page.</p>"
    )
    return (
        '<section id="overview"><h2>Overview</h2>'
        f'<div class="cards">{card_html}</div>{note}<div class="cols">'
        f"<div><h3>Top findings by severity</h3>{findings}</div>"
        f"<div><h3>Sources worth a look</h3>{look}</div></div></section>"
    )


def _worth_a_look(sources: pd.DataFrame, n: int = 5) -> str:
    """The sources with the lowest mean overall score (ranked ones first), as the sheet
    gives them; with their interval and warnings per article."""
    import pandas as pd

    if sources.empty or "overall_mean" not in sources.columns:
        return "<p>No sources.</p>"
    frame = sources.assign(
        _m=pd.to_numeric(sources["overall_mean"], errors="coerce"),
        _unranked=sources["rank"].isna() if "rank" in sources.columns else False,
    ).dropna(subset=["_m"])
    frame = frame.sort_values(["_unranked", "_m", "source"]).head(n)
    if frame.empty:
        return "<p>No scored sources.</p>"
    rows = []
    for _, s in frame.iterrows():
        per = _num(s.get("warnings"))
        count = _num(s.get("articles")) or 1
        rows.append(
            f'<tr><td><a href="#src-{_e(s["source"])}">{_e(s["source"])}</a>'
            f"{'' if not s['_unranked'] else ' <small class=note>(not ranked)</small>'}</td>"
            f"{_score_cell(s['_m'], s.get('overall_ci_low'), s.get('overall_ci_high'))}"
            f"<td class='num'>{_e(s.get('articles'))}</td>"
            f"<td class='num'>{'' if per is None else f'{per / count:.1f}'}</td>"
            f"<td class=nowrap>{_e(_first_codes(s.get('top_codes')))}</td></tr>"
        )
    return (
        "<table><tr><th>source</th><th>overall</th><th>articles</th>"
        "<th>warnings / article</th><th>top codes</th></tr>" + "".join(rows) + "</table>"
    )


def _first_codes(top_codes: object, n: int = 2) -> str:
    """The first `n` codes of the sheet's `top_codes` ("ATT001 (20), ATT004 (11), ...")."""
    if is_missing(top_codes):
        return ""
    return " ".join(part.split(" (")[0].strip() for part in str(top_codes).split(",")[:n])


def _errors(
    input_errors: Sequence[InputError], rule_errors: Sequence[tuple[str, RuleError]]
) -> str:
    parts = []
    if input_errors:
        items = "".join(
            f"<li><b>{_e(e.location())}</b>: {_e(e.message)}</li>" for e in input_errors
        )
        parts.append(
            f'<h2 id="input-errors">Input errors ({len(input_errors)})</h2>'
            "<p class=note>These inputs could not be read and were not audited.</p>"
            f"<ul>{items}</ul>"
        )
    if rule_errors:
        items = "".join(
            f"<li><b>{_e(e.code)}</b> on {_e(article)}: {_e(e.message)}</li>"
            for article, e in rule_errors
        )
        parts.append(
            f'<h2 id="rule-errors">Rule errors ({len(rule_errors)})</h2>'
            f"<p class=note>A rule raised on these articles; its family may be unscored.</p>"
            f"<ul>{items}</ul>"
        )
    return "".join(parts)


def _finding_html(r: ArticleResult, f: Finding) -> str:
    head = (
        f'<li class="finding sev-{_e(f.severity.value)}"><b>{_e(f.code)}</b> '
        f"{_e(f.severity.value)}: {_e(f.message)} "
    )
    if f.data.get("outside_text"):  # evidence from the page around the text, not in it
        return (
            head + f'<small>[page]</small><div class="ctx"><mark>{_e(f.evidence)}</mark></div></li>'
        )
    text = r.article.text
    before = text[max(0, f.start - CONTEXT_CHARS) : f.start]
    after = text[f.end : f.end + CONTEXT_CHARS]
    return (
        head + f"<small>[{f.start}:{f.end}]</small>"
        f'<div class="ctx">…{_e(before)}<mark>{_e(f.evidence)}</mark>{_e(after)}…</div></li>'
    )


def _article_parts(
    r: ArticleResult, reasons: Sequence[str] | None, large: bool = False
) -> _ArticlePart:
    """An article's part of the page: its summary and its warnings and errors, open when it
    has any, and apart from them its info findings, which `_ArticlePart.html` folds in or
    leaves to findings.csv. `large`: the run is known to be past FULL_PAGE_ARTICLES, so the
    info findings of an article that does not matter are counted, not rendered."""
    url = r.article.url or ""
    # only web links are links; anything else (javascript:, data:) is shown as text
    link = (
        f' <a href="{_e(url)}" rel="noopener noreferrer">{_e(url)}</a>'
        if url.lower().startswith(("http://", "https://"))
        else (f" {_e(url)}" if url else "")
    )
    scores = ", ".join(
        f"{f} {r.scores[f]:.1f}" if r.scores.get(f) is not None else f"{f} –"
        for f in (*FAMILIES, "overall")
    )
    ordered = sorted(r.findings, key=lambda f: (SEVERITY_ORDER[f.severity], f.start, f.code))
    shown = [f for f in ordered if f.severity is not Severity.INFO]
    infos = [f for f in ordered if f.severity is Severity.INFO]
    fail = f' <span class="fail">fails: {_e("; ".join(reasons))}</span>' if reasons else ""
    counts = f"{len(shown)} warning/error finding(s)"
    opened = " open" if shown else ""
    matters = bool(shown or reasons)
    return _ArticlePart(
        f'<details class="article"{opened}><summary>{_e(r.article.title or r.article.id)}{link}'
        f" — {_e(scores)}; {counts}{fail}</summary><ul>"
        + "".join(_finding_html(r, f) for f in shown),
        "" if large and not matters else "".join(_finding_html(r, f) for f in infos),
        len(infos),
        matters,
    )


@dataclass(frozen=True)
class _ArticlePart:
    """An article's part of the page as it waits on disk: `head` (its summary and warnings
    and errors) and its `infos` (the rendered info findings, `count` of them); `matters`: the
    article has a warning or an error, or fails the check."""

    head: str
    infos: str
    count: int
    matters: bool

    def html(self, with_infos: bool) -> str:
        """The part with its info findings folded in, or, when not `with_infos` (a large
        run's article that nothing is wrong with), their count and where they are."""
        if not self.count:
            infos = ""
        elif with_infos or self.matters:
            infos = (
                f'<li><details class="infos"><summary>{self.count} info finding(s)</summary>'
                f"<ul>{self.infos}</ul></details></li>"
            )
        else:
            infos = f'<li class="few">{self.count} info finding(s), in findings.csv</li>'
        return f"{self.head}{infos}</ul></details>"


def _source_section(source: pd.Series, articles: Iterable[str]) -> str:
    name = str(source["source"])
    status = "" if not is_missing(source.get("rank")) else f" — {_rank_label(source)}"
    parts = [
        f'<section class="source" id="src-{_e(name)}"><h2>{_e(name)}</h2>',
        f"<p>{_e(source['articles'])} article(s){_e(status)}; languages: "
        f"{_e(source.get('languages'))}; top codes: {_e(source.get('top_codes'))}</p>",
    ]
    parts.extend(articles)
    parts.append("</section>")
    return "".join(parts)


@dataclass
class _Tally:
    """What the overview, the error lists and the charts need of the articles: counts, the
    rule errors, and each source's scores per family (numbers, not texts)."""

    check: bool
    articles: int = 0
    failed: int = 0
    counts: Counter[tuple[Severity, str]] = field(default_factory=Counter)
    with_code: Counter[tuple[Severity, str]] = field(default_factory=Counter)
    rule_errors: list[tuple[str, RuleError]] = field(default_factory=list)
    scores: dict[str, dict[str, array.array]] = field(default_factory=dict)


class HtmlReport:
    """report.html built as results arrive: each article's part of the page is rendered
    when it comes (its findings with their evidence in context) and waits on disk
    (auditor.rowstore), keyed by source and by worst first (failing, then by overall score
    (unscored last), then by id); only counts and scores stay in memory. `check`: the page
    shows the check's verdicts (`reasons` given to `add`)."""

    def __init__(
        self,
        check: bool = False,
        rows: SourceRows | None = None,
        full_page_articles: int = FULL_PAGE_ARTICLES,
    ) -> None:
        self.tally = _Tally(check)
        self.full_page_articles = full_page_articles
        self.rows = rows if rows is not None else SourceRows()
        self._own_rows = rows is None

    def add(self, r: ArticleResult, reasons: Sequence[str] | None = None) -> None:
        tally = self.tally
        tally.articles += 1
        tally.failed += bool(reasons)
        tally.rule_errors += [(r.article.id, e) for e in r.rule_errors]
        seen = set()
        for f in r.findings:
            if f.severity is not Severity.INFO:
                tally.counts[(f.severity, f.code)] += 1
                seen.add((f.severity, f.code))
        tally.with_code.update(seen)
        for family in (*FAMILIES, "overall"):
            score = r.scores.get(family)
            if score is not None:
                by_source = tally.scores.setdefault(family, {})
                by_source.setdefault(r.article.source, array.array("d")).append(score)
        overall = r.scores.get("overall")
        key = (int(not reasons), overall if overall is not None else 101.0, r.article.id)
        large = tally.articles > self.full_page_articles
        self.rows.add("html", r.article.source, _article_parts(r, reasons, large), key)

    def write(
        self,
        path: Path,
        sources: pd.DataFrame,
        input_errors: Sequence[InputError] = (),
        rules: Sequence[Any] = (),
    ) -> Path:
        """Write report.html atomically; `rules` the run's rules, for their summaries."""
        summaries = {r.code: r.summary for r in rules}
        tally = self.tally
        # past the limit, the info findings of the articles that do not matter are left out
        infos_over = None if tally.articles <= self.full_page_articles else self.full_page_articles
        charts = "".join(
            _chart(f, tally.scores.get(f, {}), sources) for f in (*FAMILIES, "overall")
        )
        head = (
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            "<title>auditor report</title>"
            f"<style>{STYLE}</style></head><body><h1>auditor report</h1>"
            f"{_overview(sources, tally, input_errors, summaries, infos_over)}"
            f"{_errors(input_errors, tally.rule_errors)}"
            f"<h2>Sources</h2>{_ranking(sources)}"
            f"<h2>Scores by source</h2><p class=note>Per source: each article's score (dots), "
            "the mean (diamond) and its 95% bootstrap interval (bar).</p>"
            f"{charts}"
        )

        def page() -> Iterator[bytes]:
            # one source's section at a time: the articles' parts wait on disk, and the page
            # of a large run (hundreds of MB of findings) is never held whole
            yield head.encode("utf-8")
            for _, s in sources.iterrows():
                parts = self.rows.rows("html", str(s["source"]))
                articles = (part.html(infos_over is None) for part in parts)
                yield _source_section(s, articles).encode("utf-8")
            yield b"</body></html>\n"

        write_atomic_chunks(path, page())
        return path

    def close(self) -> None:
        if self._own_rows:
            self.rows.close()


def write_html(
    path: Path,
    sources: pd.DataFrame,
    results: Iterable[ArticleResult],
    input_errors: Sequence[InputError] = (),
    failing: Mapping[str, Sequence[str]] | None = None,
    rules: Sequence[Any] = (),
) -> Path:
    """Write report.html atomically. `failing` is the check's verdicts (article id -> reasons,
    from `auditor.api.verdicts`); `rules` the run's rules, for their summaries."""
    report = HtmlReport(check=failing is not None)
    try:
        for r in results:
            report.add(r, (failing or {}).get(r.article.id))
        return report.write(path, sources, input_errors, rules)
    finally:
        report.close()
