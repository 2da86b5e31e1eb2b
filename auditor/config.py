"""Configuration: `[tool.auditor]` in pyproject.toml, or auditor.toml, or --config PATH.

Unknown keys, rule codes, severities and families are errors that name the key.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from auditor.errors import ConfigError
from auditor.ingest import DEFAULT_MAX_ARTICLE_BYTES
from auditor.models import Severity
from auditor.rule import FAMILIES

DEFAULT_WEIGHTS = {
    "attribution": 1.0,
    "translation": 1.0,
    "repost": 1.0,
    "readability": 0.5,
    "grammar": 0.5,
}
DEFAULT_RULE_TIMEOUT_SECONDS = 5.0
# Points a finding takes off its family's score, by severity.
DEFAULT_PENALTIES = {"info": 0.0, "warning": 10.0, "error": 25.0}

_TOP_KEYS = {
    "select",
    "ignore",
    "severity",
    "rules",
    "weights",
    "penalties",
    "fail_under",
    "fail_on",
    "max_article_bytes",
    "languagetool",
    "readability_band",
    "mt_threshold",
    "rule_timeout_seconds",
    "per-source",
    "per-article",
}
_LANGUAGETOOL_KEYS = {"server", "local_path", "public_api", "timeout", "max_chars"}


@dataclass
class Config:
    """The settings of one run."""

    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, Severity] = field(default_factory=dict)
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    penalties: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_PENALTIES))
    fail_under: float = 50.0
    fail_on: Severity | None = None
    max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES
    languagetool: dict[str, Any] = field(default_factory=dict)
    readability_band: tuple[float, float] = (25.0, 65.0)
    # A translation score below this marks the article as a likely machine translation.
    mt_threshold: float = 50.0
    # The time one rule may take on one article in a worker process (--jobs): beyond it the
    # worker is killed and restarted, and the rule is a rule error for that article. The CLI
    # always runs workers (--jobs 1 included), so the budget always holds there; the Python
    # API's in-process default (jobs=None, used by `auditor eval`) has none: a clock-based
    # budget would make evaluation figures depend on the machine's load, and a signal cannot
    # stop a rule inside a C extension. Pass jobs=1 or more to the API for untrusted input.
    rule_timeout_seconds: float = DEFAULT_RULE_TIMEOUT_SECONDS
    # source or article id -> rule codes (or prefixes) not to run on its articles
    per_source: dict[str, list[str]] = field(default_factory=dict)
    per_article: dict[str, list[str]] = field(default_factory=dict)
    path: Path | None = None

    def settings(self) -> dict[str, Any]:
        """Environment-level settings a rule may read (e.g. where LanguageTool runs)."""
        lt = dict(self.languagetool)
        if os.environ.get("AUDITOR_LANGUAGETOOL_URL") and not lt.get("server"):
            lt["server"] = os.environ["AUDITOR_LANGUAGETOOL_URL"]
        return {"languagetool": lt}


def find_config(start: Path | None = None) -> Path | None:
    """The nearest auditor.toml, or pyproject.toml with a [tool.auditor] table, upwards."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "auditor.toml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError):
                continue
            if "auditor" in data.get("tool", {}):
                return pyproject
    return None


def load_config(path: Path | None = None, discover: bool = True) -> Config:
    """Load and validate the configuration at `path`, or the one found upward from cwd."""
    if path is None and discover:
        path = find_config()
    if path is None:
        return Config()
    if Path(path).is_fifo() or Path(path).is_socket():  # reading it would block the run
        raise ConfigError(f"config file {path}: a FIFO or socket, not a regular file")
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {path}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except OSError as exc:  # a folder, no permission, a FIFO that cannot be opened
        raise ConfigError(f"config file {path}: cannot read: {exc.strerror or exc}") from None
    if Path(path).name == "pyproject.toml" or "tool" in data:
        data = data.get("tool", {}).get("auditor", {})
    config = config_from_dict(data, str(path))
    config.path = Path(path)
    if config.rules:
        from auditor.engine import discover_rules  # the registry, only when options are set

        check_rule_options(config.rules, discover_rules(), str(path))
    return config


def check_rule_options(rules: dict[str, dict[str, Any]], registry: dict[str, type], where: str):
    """Check every `[rules.CODE]` table against the rule's declared options, whether the rule
    is selected or not: the code must be registered, each key must be one of its options, and
    each value must have its default's type and lie in its default's range (below). A wrong
    value would otherwise make the rule raise on every article, which a CI gate must not pass.

    Ranges, from the default: a whole number of at least 1 stays at least 1 (a count, a size),
    one of 0 at least 0; a fraction between 0 and 1 (a share, a threshold) stays in [0, 1];
    any other non-negative number stays non-negative; a list keeps its items' type.
    """
    for code, options in rules.items():
        cls = registry.get(code)
        if cls is None:
            raise ConfigError(f"{where}: rules.{code}: unknown rule code {code!r}")
        declared = getattr(cls, "options", {})
        for key, value in options.items():
            name = f"{where}: rules.{code}.{key}"
            if key not in declared:
                known = ", ".join(sorted(declared)) or "none"
                raise ConfigError(
                    f"{where}: rules.{code}: unknown option {key!r} (known: {known})"
                )
            problem = _option_problem(value, declared[key])
            if problem:
                raise ConfigError(f"{name} = {value!r}: {problem}")


def _option_problem(value: Any, default: Any) -> str | None:
    """Why `value` cannot replace `default`, or None when it can."""
    if isinstance(default, bool):
        return None if isinstance(value, bool) else "must be true or false"
    if isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int):
            return "must be a whole number"
        low = 1 if default >= 1 else 0
        if default >= 0 and value < low:
            return f"must be at least {low}"
        return None
    if isinstance(default, float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "must be a number"
        if 0.0 <= default <= 1.0 and not 0.0 <= value <= 1.0:
            return "must be between 0 and 1"
        if default >= 0 and value < 0:
            return "must not be negative"
        return None
    if isinstance(default, str):
        return None if isinstance(value, str) else "must be a string"
    if isinstance(default, list | tuple):
        if not isinstance(value, list):
            return "must be a list"
        kinds = {type(v) for v in default}
        if len(kinds) == 1 and not all(isinstance(v, next(iter(kinds))) for v in value):
            return f"must be a list of {_KIND_NAMES.get(next(iter(kinds)), 'values')}"
        return None
    if isinstance(default, dict) and not isinstance(value, dict):
        return "must be a table"
    return None


_KIND_NAMES = {str: "strings", int: "whole numbers", float: "numbers", bool: "booleans"}


def config_from_dict(data: dict[str, Any], where: str = "config") -> Config:
    """Build a Config from a parsed table, naming any unknown key."""
    for key in data:
        if key not in _TOP_KEYS:
            raise ConfigError(f"{where}: unknown key {key!r}")
    config = Config()
    config.select = _codes(data.get("select", []), f"{where}: select")
    config.ignore = _codes(data.get("ignore", []), f"{where}: ignore")
    for code, value in _table(data, "severity", where).items():
        try:
            config.severity[code.upper()] = Severity.parse(value)
        except ValueError as exc:
            raise ConfigError(f"{where}: severity.{code}: {exc}") from None
    config.rules = {
        code.upper(): dict(_table({code: opts}, code, f"{where}: rules"))
        for code, opts in _table(data, "rules", where).items()
    }
    for family, weight in _table(data, "weights", where).items():
        if family not in FAMILIES:
            raise ConfigError(f"{where}: weights.{family}: unknown family")
        config.weights[family] = _number(weight, f"{where}: weights.{family}")
    for sev, points in _table(data, "penalties", where).items():
        if sev not in DEFAULT_PENALTIES:
            raise ConfigError(f"{where}: penalties.{sev}: unknown severity")
        config.penalties[sev] = _number(points, f"{where}: penalties.{sev}")
    if "fail_under" in data:
        config.fail_under = _number(data["fail_under"], f"{where}: fail_under")
    if "fail_on" in data:
        config.fail_on = parse_fail_on(data["fail_on"], f"{where}: fail_on")
    if "max_article_bytes" in data:
        config.max_article_bytes = int(
            _number(data["max_article_bytes"], f"{where}: max_article_bytes")
        )
    if "mt_threshold" in data:
        config.mt_threshold = _number(data["mt_threshold"], f"{where}: mt_threshold")
    if "rule_timeout_seconds" in data:
        timeout = _number(data["rule_timeout_seconds"], f"{where}: rule_timeout_seconds")
        if timeout <= 0:
            raise ConfigError(f"{where}: rule_timeout_seconds must be above 0")
        config.rule_timeout_seconds = timeout
    for key, target in (("per-source", config.per_source), ("per-article", config.per_article)):
        for name, table in _table(data, key, where).items():
            if not isinstance(table, dict) or set(table) - {"ignore"}:
                raise ConfigError(f"{where}: {key}.{name}: only `ignore = [codes]` is allowed")
            target[name] = _codes(table.get("ignore", []), f"{where}: {key}.{name}.ignore")
    lt = _table(data, "languagetool", where)
    for key in lt:
        if key not in _LANGUAGETOOL_KEYS:
            raise ConfigError(f"{where}: languagetool.{key}: unknown key")
    config.languagetool = dict(lt)
    if "readability_band" in data:
        band = data["readability_band"]
        if not (isinstance(band, list) and len(band) == 2):
            raise ConfigError(f"{where}: readability_band must be [low, high]")
        config.readability_band = (_number(band[0], where), _number(band[1], where))
    return config


def parse_fail_on(value: Any, where: str = "fail_on") -> Severity | None:
    if value in (None, "never", "none"):
        return None
    try:
        return Severity.parse(value)
    except ValueError as exc:
        raise ConfigError(f"{where}: {exc}") from None


def _table(data: dict[str, Any], key: str, where: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: {key} must be a table")
    return value


def _codes(value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where} must be a list of rule codes")
    return [v.strip().upper() for v in value if v.strip()]


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"{where} must be a number")
    return float(value)
