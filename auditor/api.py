"""The Python API: everything the CLI does, with plain objects and pandas DataFrames.

from auditor.api import audit, articles_frame, findings_frame, sources_frame
run = audit(["examples/"])
articles_frame(run)          # one row per article, with family scores
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd

from auditor.aggregate import sources_frame
from auditor.cache import ResultCache
from auditor.config import Config
from auditor.engine import AuditRun, Engine
from auditor.ingest import IngestOptions, read_inputs
from auditor.models import Article, ArticleResult, InputError, Severity
from auditor.reliability import FEATURES, PREFIX, article_features
from auditor.rule import FAMILIES

SCORE_COLUMNS = [*FAMILIES, "overall"]
__all__ = [
    "SCORE_COLUMNS",
    "articles_frame",
    "audit",
    "audit_articles",
    "findings_frame",
    "sources_frame",
    "unavailable_families",
    "verdicts",
]


def audit(
    paths: Iterable[str],
    config: Config | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    default_source: str | None = None,
    on_input_error: Callable[[InputError], None] | None = None,
    on_article: Callable[[ArticleResult], None] | None = None,
    cache: ResultCache | None = None,
) -> AuditRun:
    """Read every article under `paths`, run the enabled rules and score each article.

    With `cache`, per-article rule outputs are reused for unchanged articles and rules.
    """
    config = config or Config()
    engine = Engine(config, select=select, ignore=ignore, cache=cache)
    options = IngestOptions(
        default_source=default_source, max_article_bytes=config.max_article_bytes
    )
    return engine.audit(
        read_inputs(paths, options), on_input_error=on_input_error, on_article=on_article
    )


def articles_frame(run: AuditRun, mt_threshold: float = 50.0) -> pd.DataFrame:
    """One row per article: identity, language, family scores, finding counts, flags, errors.

    Flags (for the per-source shares): `is_repost` (a repost marker: boilerplate line, pasted
    tail, a repost credit in the HTML page around the text, or credited shared text),
    `is_uncredited_rewrite` (text shared without credit),
    `is_machine_translation` (translation score below `mt_threshold`), `lacks_attribution` (an
    unattributed quotation, or no attribution at all in a text of 150 words or more).
    The `f_*` columns are the per-article inputs of the per-source reliability estimate
    (`auditor.reliability.FEATURES`: sourcing density, named share, readability, ...).
    """
    rows = []
    for r in run.results:
        a = r.article
        counts = r.counts_by_severity()
        codes = {(f.code, f.severity.value) for f in r.findings}
        rows.append(
            {
                "id": a.id,
                "source": a.source,
                "url": a.url,
                "title": a.title,
                "origin": a.origin,
                "line": a.line,
                "published": a.published,
                "language": r.measures.get("language"),
                "language_probability": r.measures.get("language_probability"),
                **{c: r.scores.get(c) for c in SCORE_COLUMNS},
                "errors": counts["error"],
                "warnings": counts["warning"],
                "infos": counts["info"],
                "wires_credited": r.measures.get("attribution.wires_credited"),
                "is_repost": any(
                    c in ("REP001", "REP002", "REP004")
                    and sev != "info"
                    or c == "REP003"
                    and sev == "info"
                    for c, sev in codes
                ),
                "is_uncredited_rewrite": ("REP003", "warning") in codes,
                "is_machine_translation": (t := r.scores.get("translation")) is not None
                and t < mt_threshold,
                "lacks_attribution": any(c == "ATT001" for c, _ in codes)
                or (r.measures.get("attribution.claims") == 0 and len(a.text.split()) >= 150),
                "top_codes": " ".join(sorted({c for c, sev in codes if sev != "info"})),
                "not_scored": "; ".join(f for f in FAMILIES if r.scores.get(f) is None),
                "not_run": "; ".join(f"{c} {why}" for c, why in sorted(r.skipped.items())),
                "rule_errors": "; ".join(f"{e.code}: {e.message}" for e in r.rule_errors),
                **article_features(r),
            }
        )
    for e in run.input_errors:
        rows.append(
            {"id": e.location(), "origin": e.origin, "line": e.line, "input_error": e.message}
        )
    columns = [
        "id",
        "source",
        "url",
        "title",
        "origin",
        "line",
        "published",
        "language",
        "language_probability",
        *SCORE_COLUMNS,
        "errors",
        "warnings",
        "infos",
        "wires_credited",
        "is_repost",
        "is_uncredited_rewrite",
        "is_machine_translation",
        "lacks_attribution",
        "top_codes",
        "not_scored",
        "not_run",
        "rule_errors",
        *(f"{PREFIX}{name}" for name in FEATURES),
        "input_error",
    ]
    return pd.DataFrame(rows, columns=columns)


def findings_frame(run: AuditRun) -> pd.DataFrame:
    """One row per finding, with its position in the article and its evidence (`outside_text`:
    the evidence is in the HTML page around the text, not in it; its span is empty)."""
    rows = []
    for r in run.results:
        for f in r.findings:
            line, col = r.article.position(f.start)
            rows.append(
                {
                    "article_id": r.article.id,
                    "source": r.article.source,
                    "origin": r.article.origin,
                    "code": f.code,
                    "family": f.data.get("family"),
                    "severity": f.severity.value,
                    "message": f.message,
                    "start": f.start,
                    "end": f.end,
                    "line": line,
                    "column": col,
                    "evidence": f.evidence,
                    "outside_text": bool(f.data.get("outside_text")),
                }
            )
    columns = [
        "article_id",
        "source",
        "origin",
        "code",
        "family",
        "severity",
        "message",
        "start",
        "end",
        "line",
        "column",
        "evidence",
        "outside_text",
    ]
    return pd.DataFrame(rows, columns=columns)


def verdicts(
    run: AuditRun, fail_under: float, fail_on: Severity | None, only_new: bool = False
) -> dict[str, list[str]]:
    """Why each failing article fails the check, by article id (passing articles are absent).

    An article fails when its overall score is below `fail_under`, when it has a finding at or
    above `fail_on`, or when it could not be read (an input error fails the check too). With
    `only_new` (a baseline was applied), an article whose findings are all in the baseline
    passes whatever its score.
    """
    failing: dict[str, list[str]] = {}
    for r in run.results:
        reasons = []
        score = r.scores.get("overall")
        if only_new and not r.findings:
            continue
        if score is not None and score < fail_under:
            reasons.append(f"overall score {score} < {fail_under:g}")
        if fail_on is not None:
            bad = [f for f in r.findings if f.severity.rank >= fail_on.rank]
            if bad:
                reasons.append(f"{len(bad)} finding(s) at or above {fail_on.value}")
        if reasons:
            failing[r.article.id] = reasons
    for e in run.input_errors:
        failing[e.location()] = [f"input error: {e.message}"]
    return failing


def audit_articles(
    articles: Iterable[Article],
    config: Config | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
) -> AuditRun:
    """Audit Article objects built in memory (the evaluation and benchmark use this)."""
    return Engine(config or Config(), select=select, ignore=ignore).audit(articles)


def unavailable_families(run: AuditRun) -> dict[str, str]:
    """Families that could not be scored because a component is unavailable, with why."""
    family_of = {r.code: r.family for r in run.rules}
    out: dict[str, str] = {}
    for r in run.results:
        for code, why in r.skipped.items():
            if why.startswith("unavailable") and r.scores.get(family_of.get(code, "")) is None:
                out.setdefault(family_of[code], f"{code} {why}")
    return out
