"""Cell safety shared by every writer, so that the same text never crashes one writer and
passes another.

Articles come from people nobody here knows. Their titles, ids, sources and evidence can hold
anything a string can: C0/C1 control characters (form feed, NUL, ESC), lone surrogates, the
XML non-characters U+FFFE/U+FFFF, and text that a spreadsheet runs as a formula. Every writer
puts text through `safe_text` (XML, XLSX, HTML, CSV, SARIF, JUnit, GitHub, text), and the
spreadsheet writers (CSV, XLSX) through `spreadsheet_cell`, which also neutralises formulas.

Example:
    >>> safe_text("Budget\\x0cvote\\x1b[31m")
    'Budget\\\\x0cvote\\\\x1b[31m'
    >>> spreadsheet_cell("＝HYPERLINK(\\"http://x\\")")
    '\\'＝HYPERLINK("http://x")'
"""

from __future__ import annotations

import re
import sys

# Characters no writer may emit as they are: C0 controls except tab, newline and carriage
# return (illegal in XML 1.0, so in XLSX, SARIF viewers and JUnit), DEL and the C1 controls
# (terminal escapes in a CI log), lone surrogates (not encodable as UTF-8) and U+FFFE/U+FFFF
# (XML non-characters).
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

# A cell starting with one of these is run as a formula by Excel, LibreOffice and Sheets;
# the full-width forms (U+FF1D, U+FF0B, U+FF0D, U+FF20) are folded to ASCII by some of them.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# Characters a spreadsheet may drop before it looks for a formula (spaces, no-break space,
# zero-width space, byte-order mark).
_INVISIBLE_LEAD = " \u00a0\u200b\u2060\ufeff"


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe_text(value: str) -> str:
    """`value` with every character that some writer cannot hold (or a terminal would run)
    written as a visible escape (`\\x0c`, `\\ud800`); tab, newline and CR are kept."""
    return _UNSAFE.sub(_escape, value) if _UNSAFE.search(value) else value


def is_formula(value: str) -> bool:
    """Whether a spreadsheet could run `value` as a formula."""
    return value.lstrip(_INVISIBLE_LEAD).startswith(FORMULA_PREFIXES) or value.startswith(
        FORMULA_PREFIXES
    )


def spreadsheet_cell(value: object) -> object:
    """A CSV/XLSX cell: safe text, and a formula-like string prefixed with a quote so that a
    spreadsheet shows it as text. Other values pass unchanged."""
    if not isinstance(value, str):
        return value
    value = safe_text(value)
    return "'" + value if is_formula(value) else value


# Excel holds at most this many characters in a cell (it "repairs" a workbook with more)
MAX_XLSX_CELL = 32767
_CUT = " …[cut]"


def xlsx_cell(value: object) -> object:
    """An XLSX cell: `spreadsheet_cell`, cut to the 32,767 characters Excel holds."""
    value = spreadsheet_cell(value)
    if isinstance(value, str) and len(value) > MAX_XLSX_CELL:
        value = value[: MAX_XLSX_CELL - len(_CUT)] + _CUT
    return value


# Excel refuses these characters in a sheet name, and the name `History` (any case).
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
RESERVED_SHEET_NAMES = frozenset({"history"})
MAX_SHEET_NAME = 31


def sheet_name(name: str, taken: set[str]) -> str:
    """A safe, unique sheet name for `name`: safe text, no []:*?/\\, no leading or trailing
    apostrophe, not a reserved name, at most 31 characters, and unique (case-insensitive)
    among `taken`, which it joins."""
    base = _BAD_SHEET_CHARS.sub("_", safe_text(name)).strip("'").strip() or "source"
    if base.lower() in RESERVED_SHEET_NAMES:
        base = f"{base}_"
    candidate = base[:MAX_SHEET_NAME].rstrip("'") or "source"
    n = 2
    while candidate.lower() in taken or candidate.lower() in RESERVED_SHEET_NAMES:
        suffix = f" ({n})"
        candidate = base[: MAX_SHEET_NAME - len(suffix)].rstrip("'") + suffix
        n += 1
    taken.add(candidate.lower())
    return candidate


# The findings a source's sheet in sources.xlsx lists; the others are in findings.csv and
# report.html. (Here, not in reports/xlsx.py, so that a report run can pick the workbook's rows
# as it streams without loading openpyxl and pandas.)
WORKBOOK_SEVERITIES = frozenset({"warning", "error"})


def in_workbook(severity: object) -> bool:
    """Whether a finding of this severity is listed in the workbook."""
    return severity in WORKBOOK_SEVERITIES


def is_missing(value: object) -> bool:
    """An empty cell: None, NaN, or pandas' NA (which only a frame can hold, so it is looked
    for only once pandas is loaded: the writers that append rows as a run streams don't load
    it)."""
    if value is None or (isinstance(value, float) and value != value):
        return True
    pandas = sys.modules.get("pandas")
    return pandas is not None and value is pandas.NA
