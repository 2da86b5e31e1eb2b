"""report.html: a self-contained page (no network, no script) with the source ranking, a
score chart per family, and per-source sections down to each finding, its evidence
highlighted in context. Every piece of article text is HTML-escaped, and a Content Security
Policy forbids scripts and remote loads, so hostile article text can neither run nor call out.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from auditor.atomic import write_atomic
from auditor.models import ArticleResult
from auditor.reports.cells import safe_text
from auditor.rule import FAMILIES

CONTEXT_CHARS = 80
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#222}
table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #ccc;padding:.25rem .5rem}
th{background:#f3f3f3;text-align:left}td.num{text-align:right}
.few{color:#888}.sev-error{color:#b00020}.sev-warning{color:#a15c00}.sev-info{color:#555}
mark{background:#ffe083}.ctx{font-family:ui-monospace,monospace;font-size:13px;white-space:pre-wrap}
section.source{border-top:2px solid #333;margin-top:2rem}details{margin:.5rem 0}
.chart{margin:1rem 0}.chart text{font-size:11px}
"""


def _e(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return ""
    return html.escape(safe_text(str(value)), quote=True)


def _score_cell(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return '<td class="num">–</td>'
    v = float(value)  # type: ignore[arg-type]
    hue = int(max(0.0, min(100.0, v)) * 1.2)  # 0 red .. 120 green
    return f'<td class="num" style="background:hsl({hue},70%,85%)">{v:.1f}</td>'


def _ranking(sources: pd.DataFrame) -> str:
    priors = [c for c in sources.columns if c.startswith("expert_rating_")]
    head = ["rank", "source", "articles"] + [f"{f} (mean)" for f in (*FAMILIES, "overall")]
    head += [c.replace("_", " ") + " (prior, not in our score)" for c in priors]
    rows = []
    for _, s in sources.iterrows():
        cls = ' class="few"' if s.get("few_articles") else ""
        rank = "few articles" if s.get("few_articles") else _e(s.get("rank"))
        cells = [
            f"<td>{rank}</td>",
            f'<td><a href="#src-{_e(s["source"])}">{_e(s["source"])}</a></td>',
            f'<td class="num">{_e(s["articles"])}</td>',
        ]
        cells += [_score_cell(s.get(f"{f}_mean")) for f in (*FAMILIES, "overall")]
        cells += [f'<td class="num">{_e(s.get(c))}</td>' for c in priors]
        rows.append(f"<tr{cls}>{''.join(cells)}</tr>")
    header = "".join(f"<th>{_e(h)}</th>" for h in head)
    return f'<table id="ranking"><tr>{header}</tr>{"".join(rows)}</table>'


def _chart(family: str, results: Sequence[ArticleResult], sources: list[str]) -> str:
    """Dots: one per article's score, one row per source (a strip plot, inline SVG)."""
    width, row_h, left = 700, 22, 180
    height = row_h * len(sources) + 30
    parts = [
        f'<svg class="chart" role="img" aria-label="{_e(family)} scores by source" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for x in (0, 25, 50, 75, 100):
        px = left + x * (width - left - 10) / 100
        parts.append(
            f'<line x1="{px:.0f}" y1="0" x2="{px:.0f}" y2="{height - 20}" stroke="#ddd"/>'
            f'<text x="{px:.0f}" y="{height - 5}" text-anchor="middle">{x}</text>'
        )
    for i, source in enumerate(sources):
        y = 15 + i * row_h
        parts.append(f'<text x="0" y="{y + 4}">{_e(source[:28])}</text>')
        for r in results:
            score = r.scores.get(family)
            if r.article.source == source and score is not None:
                px = left + score * (width - left - 10) / 100
                parts.append(
                    f'<circle cx="{px:.1f}" cy="{y}" r="4" fill="#3b6ea8" '
                    f'fill-opacity="0.6"><title>{_e(r.article.id)}: {score}</title>'
                    "</circle>"
                )
    parts.append("</svg>")
    return f"<h3>{_e(family)}</h3>" + "".join(parts)


def _finding_html(r: ArticleResult, f) -> str:  # noqa: ANN001 - a Finding
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


def _source_section(source: pd.Series, results: Sequence[ArticleResult]) -> str:
    name = str(source["source"])
    parts = [
        f'<section class="source" id="src-{_e(name)}"><h2>{_e(name)}</h2>',
        f"<p>{_e(source['articles'])} article(s)"
        + (" — few articles: not ranked" if source.get("few_articles") else "")
        + f"; languages: {_e(source.get('languages'))}; top codes: "
        f"{_e(source.get('top_codes'))}</p>",
    ]
    for r in (r for r in results if r.article.source == name):
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
        findings = "".join(_finding_html(r, f) for f in r.findings)
        parts.append(
            f'<details class="article"><summary>{_e(r.article.title or r.article.id)}{link}'
            f" — {_e(scores)}</summary><ul>{findings}</ul></details>"
        )
    parts.append("</section>")
    return "".join(parts)


def write_html(path: Path, sources: pd.DataFrame, results: Sequence[ArticleResult]) -> Path:
    """Write report.html atomically."""
    names = [str(s) for s in sources["source"]]
    charts = "".join(_chart(f, results, names) for f in (*FAMILIES, "overall"))
    sections = "".join(_source_section(s, results) for _, s in sources.iterrows())
    page = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        "<title>auditor report</title>"
        f"<style>{STYLE}</style></head><body><h1>auditor report</h1>"
        f"<h2>Sources</h2>{_ranking(sources)}<h2>Scores by source</h2>{charts}"
        f"{sections}</body></html>\n"
    )
    write_atomic(path, page.encode("utf-8"))
    return path
