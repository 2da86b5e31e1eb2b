"""auditor: source-reliability and translation-quality auditor for news articles."""

from auditor.models import Article, ArticleResult, Finding, InputError, Measure, Severity

__version__ = "0.1.0"

__all__ = [
    "Article",
    "ArticleResult",
    "Finding",
    "InputError",
    "Measure",
    "Severity",
    "__version__",
]
