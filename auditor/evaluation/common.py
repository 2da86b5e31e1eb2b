"""Pieces every family evaluation uses: auditing corpus records and span overlap."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from typing import Any

from auditor.api import audit_articles
from auditor.config import Config
from auditor.engine import AuditRun
from auditor.models import Article

# Called once per article an evaluation audits (the progress bar of `auditor eval`).
ON_ARTICLE: ContextVar[Callable[..., None] | None] = ContextVar("on_article", default=None)


def audit(articles: list[Article], config: Config, select: Iterable[str] = ()) -> AuditRun:
    """Audit in-memory articles for an evaluation, ticking the progress bar if there is one."""
    return audit_articles(articles, config, select=select, on_article=ON_ARTICLE.get())


def audit_texts(
    records: Iterable[dict[str, Any]],
    config: Config,
    select: Iterable[str] = (),
    text_field: str = "text",
    source_field: str | None = None,
    title_field: str | None = None,
) -> AuditRun:
    """Audit corpus records as articles (id from `id`, text from `text_field`, and the
    source and title from those fields when they are given)."""
    articles = [
        Article(
            id=str(r.get("id", n)),
            text=r[text_field],
            source=str(r.get(source_field) or "unknown") if source_field else "unknown",
            url=r.get("url"),
            title=_text_or_none(r.get(title_field)) if title_field else None,
            origin="corpus",
        )
        for n, r in enumerate(records)
        if isinstance(r.get(text_field), str) and r[text_field].strip()
    ]
    return audit(articles, config, select=select)


def _text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def overlaps(a: tuple[int, int] | list[int] | None, b: tuple[int, int] | list[int] | None) -> int:
    """Number of characters two [start, end) spans share (0 when either is None)."""
    if not a or not b:
        return 0
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def not_implemented(family: str, what: str) -> dict[str, Any]:
    return {"family": family, "status": "not implemented", "why": what}


class Timer:
    """Wall-clock seconds of a block (for the articles-per-second figures in reports)."""

    def __enter__(self) -> Timer:
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self.start
