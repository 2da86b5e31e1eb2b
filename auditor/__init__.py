"""auditor: source-reliability and translation-quality auditor for news articles."""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import sys
from pathlib import Path

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


class _SourceTreeFinder(importlib.abc.MetaPathFinder):
    """Maps `auditor.rules` and `auditor.reports` to the repository's top-level `rules/` and
    `reports/` folders when `auditor` itself was imported from the source tree.

    Why: the installed package holds them as subpackages (pyproject's package-dir), but from the
    repository root Python finds the source folder `auditor/` first, which has neither; without
    this, `from auditor.api import audit` fails there with "No module named 'auditor.rules'".
    """

    def __init__(self, folders: dict[str, Path]) -> None:
        self.folders = folders

    def find_spec(self, fullname, path=None, target=None):  # noqa: ANN001, ANN201 - the protocol
        folder = self.folders.get(fullname)
        if folder is None:
            return None
        return importlib.util.spec_from_file_location(
            fullname, folder / "__init__.py", submodule_search_locations=[str(folder)]
        )


def _map_source_tree() -> None:
    here = Path(__file__).resolve().parent
    folders = {
        f"auditor.{name}": here.parent / name
        for name in ("rules", "reports")
        if not (here / name).is_dir() and (here.parent / name / "__init__.py").is_file()
    }
    if folders and (here.parent / "pyproject.toml").is_file():
        sys.meta_path.insert(0, _SourceTreeFinder(folders))


_map_source_tree()
