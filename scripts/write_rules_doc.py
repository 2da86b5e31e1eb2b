"""Write docs/rules.md: every rule's documentation (what it does / why it matters / example)
and options, one section per rule code. SARIF results link here (`helpUri`).

    python scripts/write_rules_doc.py            # rewrite docs/rules.md
    python scripts/write_rules_doc.py --check    # exit 1 when docs/rules.md is out of date
"""

from __future__ import annotations

import sys
from pathlib import Path

from auditor.engine import discover_rules

DOC = Path(__file__).resolve().parents[1] / "docs" / "rules.md"


def render() -> str:
    parts = [
        "# Rules\n",
        "Generated from the rules' docstrings by `python scripts/write_rules_doc.py`; "
        "`auditor rules explain CODE` shows the same.\n",
    ]
    for code, cls in sorted(discover_rules().items()):
        langs = ", ".join(cls.languages) if cls.languages else "all"
        parts.append(f"## {code}\n")
        parts.append(
            f"`{cls.name}`: {cls.summary}. Family {cls.family}, default severity "
            f"{cls.severity.value}, languages: {langs}.\n"
        )
        parts.append(cls.doc() + "\n")
        if cls.options:
            parts.append(f"Options, under `[tool.auditor.rules.{code}]`:\n")
            parts += [f"- `{name} = {default!r}`" for name, default in cls.options.items()]
            parts.append("")
    return "\n".join(parts).rstrip() + "\n"


def main() -> int:
    text = render()
    if "--check" in sys.argv:
        current = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
        return 0 if current == text else 1
    DOC.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
