"""Property test over the whole path: JSONL ingest -> every rule -> every writer, on real
sentences mixed with hostile text (control characters, surrogate escapes, full-width formula
characters, runs of quotes, dashes, spaces and semicolons, huge tokens). Deterministic
(derandomize) and bounded; scripts/fuzz.py does the long runs."""

import json
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from auditor import api
from auditor.ingest import read_inputs
from auditor.models import Article, InputError, Severity
from auditor.reports.csv import write_csv_reports
from auditor.reports.github import format_github
from auditor.reports.html import write_html
from auditor.reports.json_report import format_json
from auditor.reports.junit import format_junit
from auditor.reports.rdjsonl import format_rdjsonl
from auditor.reports.sarif import format_sarif
from auditor.reports.text import format_text
from auditor.reports.xlsx import write_xlsx
from support import EXAMPLES

SENTENCES = [
    s.strip() + "."
    for p in sorted(EXAMPLES.glob("*.txt"))
    for s in p.read_text(encoding="utf-8").split(". ")
    if len(s.strip()) > 20
][:60]
HOSTILE = [
    "\x00",
    "\x0c",
    "\x1b[31m",
    "\x85",
    "\x9b",
    "\ufffe",
    "\ud800",
    "\u202e",
    "\u200b",
    "\uff1d1+1",
    "\uff20SUM",
    "=HYPERLINK(1)",
    "+1",
    "-x",
    "@x",
    "\t=1",
    "(Reporting by",
    "; Editing by",
    "Reuters reports. ",
    "WASHINGTON (Reuters) - ",
    "The minister reported\t\t\tthat",
    '"We will," he said. ',
    "History",
    "</script>",
]
RUNS = ['"', "\u201c", "\u2014", "-", " ", ";", "\t", "\n", "'", ".", "a"]
piece = st.one_of(
    st.sampled_from(SENTENCES),
    st.sampled_from(HOSTILE),
    st.builds(lambda c, n: c * n, st.sampled_from(RUNS), st.integers(1, 400)),
    st.text(max_size=30),
)
text = st.lists(piece, min_size=1, max_size=8).map(" ".join)
field = st.one_of(st.sampled_from(HOSTILE + ["x" * 40, "bbc.co.uk", ""]), st.text(max_size=20))
record = st.fixed_dictionaries(
    {"text": text},
    optional={
        "id": st.sampled_from(["a", "a", "b", "\x0cid"]),
        "title": field,
        "source": field,
        "url": field,
    },
)


@settings(
    max_examples=8,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(record, min_size=1, max_size=2))
def test_ingest_every_rule_and_every_writer_accept_any_text(records):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        path = root / "in.jsonl"
        path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
        items = list(read_inputs([str(path)]))
        assert len(items) == len(records)
        assert all(isinstance(i, Article | InputError) for i in items)
        assert len({i.id for i in items if isinstance(i, Article)}) == sum(
            isinstance(i, Article) for i in items
        )
        run = api.audit([str(path)])
        assert [e for r in run.results for e in r.rule_errors] == []
        articles = api.articles_frame(run)
        findings = api.findings_frame(run)
        sources = api.sources_frame(articles)
        write_csv_reports(root, articles, findings, sources)
        write_xlsx(root / "sources.xlsx", sources, articles, findings)
        write_html(root / "report.html", sources, run.results)
        load_workbook(root / "sources.xlsx")
        failing = api.verdicts(run, 50, Severity.WARNING)
        for fmt in (format_text, format_github, format_rdjsonl):
            fmt(run, failing, Severity.INFO).encode("utf-8")
        json.loads(format_json(run, failing, Severity.INFO))
        json.loads(format_sarif(run, failing, Severity.INFO))
        ET.fromstring(format_junit(run, failing, Severity.INFO).encode("utf-8"))
