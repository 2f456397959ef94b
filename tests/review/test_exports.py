from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
from pathlib import Path

import jsonschema

from tests.review.conftest import record, save
from workbench.core.review.record import DecisionRecord, Links, Reference, Review
from workbench.export import radar, record_html, record_markdown
from workbench.export.record_common import ExportContext
from workbench.io.review.catalog import load_catalog
from workbench.services.review.store import adr_numbers

GOLDEN = Path(__file__).parent / "golden"
HOSTILE = "<script>alert(1)</script> [x](javascript:alert(1)) \x1b[31mred\x1b[0m \u202eevil"


def _rich() -> DecisionRecord:
    base = record("2024-03-04-adopt-kafka-k7q2m", status="superseded", superseded_by=[])
    return base.model_copy(
        update={
            "decided": dt.date(2024, 3, 20),
            "revisit_by": dt.date(2025, 3, 1),
            "decision_makers": ["Ana", "Bo"],
            "consulted": ["Cy"],
            "informed": ["Everyone"],
            "tags": ["streaming"],
            "solves": ["event-bus"],
            "references": [Reference(name="Dee at Acme", said="Solid.", dislikes="Rebalancing.")],
            "review": Review(who=["Ana", "Bo"], disciplines=["SRE", "data"], where="wiki/42"),
            "decision": "Adopt Kafka for the event bus.\n\nStart with one topic.",
            "consequences": ["One more cluster to run"],
            "confirmation": "The order topic runs on Kafka by Q3.",
            "links": Links(superseded_by=["2024-06-01-adopt-pulsar-p2x9d"]),
        }
    )


def _ctx(records: list[DecisionRecord]) -> ExportContext:
    catalog = load_catalog()
    return ExportContext(
        numbers=adr_numbers(records),
        titles={r.id: r.title for r in records},
        checklists={k: e.checklist for k, e in catalog.entries.items()},
        today=dt.date(2024, 7, 1),
    )


def test_markdown_matches_golden() -> None:
    rich = _rich()
    newer = record(
        "2024-06-01-adopt-pulsar-p2x9d", status="accepted", title="Adopt Pulsar",
        supersedes=[rich.id],
    )  # fmt: skip
    ctx = _ctx([rich, newer])
    assert ctx.markdown_name(rich.id) == "0001-adopt-kafka.md"
    text = record_markdown.render(rich, ctx)
    golden = GOLDEN / "0001-adopt-kafka.md"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_markdown_front_matter_is_madr_and_names_match_backstage(run, decisions, tmp_path) -> None:  # type: ignore[no-untyped-def]
    save(decisions, record(status="accepted"))
    out = tmp_path / "md"
    result = run(
        "review", "export", "--format", "markdown", "--out", str(out), "--dir", str(decisions)
    )
    assert result.code == 0, result.err
    (path,) = list(out.glob("*.md"))
    assert re.match(r"^(?:.*/)?\d{4}-.+\.md$", path.name)
    text = path.read_text()
    assert text.startswith('---\nstatus: "accepted"\ndate: 2024-01-02\ndecision-makers: []\n')
    sections = [line for line in text.splitlines() if line.startswith("## ")]
    assert sections == [
        "## Status",  # for adr-tools viewers (export/madr.py)
        "## Context and Problem Statement",
        "## Considered Options",
        "## Decision Outcome",
        "## More Information",  # no "Pros and Cons": no option has any (no empty headings)
    ]
    for answer in record().answers.values():
        assert answer in text


def test_html_escapes_everything_and_is_self_contained(run, decisions, tmp_path) -> None:  # type: ignore[no-untyped-def]
    hostile = record(status="accepted").model_copy(
        update={
            "title": HOSTILE,
            "decision": HOSTILE,
            "technology": record().technology.model_copy(update={"name": HOSTILE}),
        }
    )
    save(decisions, hostile)
    out = tmp_path / "html"
    result = run("review", "export", "--format", "html", "--out", str(out), "--dir", str(decisions))
    assert result.code == 0, result.err
    pages = {p.name: p.read_text() for p in out.iterdir()}
    assert "index.html" in pages and f"{hostile.id}.html" in pages
    for text in pages.values():
        assert "<script" not in text
        assert "\x1b" not in text and "\u202e" not in text
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", text)
        assert "<link" not in text
    assert "&lt;script&gt;" in pages[f"{hostile.id}.html"]
    index = pages["index.html"]
    assert "<svg" in index and f'href="{hostile.id}.html"' in index


def test_json_validates_against_the_published_schema(run, decisions, tmp_path) -> None:  # type: ignore[no-untyped-def]
    save(decisions, record(status="accepted"))
    save(decisions, _rich())
    schema = json.loads(run("schema", "decision-record").out)
    listed = run("review", "list", "--format", "json", "--dir", str(decisions))
    items = json.loads(listed.out)
    assert len(items) == 2
    for item in items:
        jsonschema.validate(item, schema)
    out = tmp_path / "json"
    assert (
        run("review", "export", "--format", "json", "--out", str(out), "--dir", str(decisions)).code
        == 0
    )
    for path in out.glob("2024-*.json"):
        jsonschema.validate(json.loads(path.read_text()), schema)
    shown = run("review", "show", "k7q2m", "--format", "json", "--dir", str(decisions))
    jsonschema.validate(json.loads(shown.out), schema)


def test_radar_csv_has_byor_columns_and_links() -> None:
    accepted = record("2024-01-02-adopt-kafka-aaaaa", status="accepted")
    formula = record(
        "2024-01-03-evil-bbbbb", status="rejected", title="=HYPERLINK(1)", technology="=cmd|x"
    )
    draft = record("2024-01-04-draft-ccccc", status="draft", technology="Draft")
    ctx = _ctx([accepted, formula, draft])
    ctx.link_base = "https://adr.example.org/site/"
    rows = list(csv.reader(io.StringIO(radar.radar_csv([accepted, formula, draft], ctx))))
    assert rows[0] == ["name", "ring", "quadrant", "isNew", "status", "description"]
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {"Kafka", " =cmd|x"}  # guarded: see test_radar_byor.py
    assert by_name["Kafka"][1:4] == ["adopt", "Platforms", "FALSE"]
    assert f'href="https://adr.example.org/site/{accepted.id}.html"' in by_name["Kafka"][5]
    assert by_name[" =cmd|x"][1] == "hold"


def test_show_text_strips_terminal_escapes(run, decisions) -> None:  # type: ignore[no-untyped-def]
    save(decisions, record().model_copy(update={"title": HOSTILE}))
    result = run("review", "show", "aaaaa", "--dir", str(decisions))
    assert result.code == 0 and "\x1b" not in result.out
    listed = run("review", "list", "--dir", str(decisions))
    assert "\x1b" not in listed.out


def test_html_index_renders(decisions) -> None:
    recs = [record(status="accepted"), _rich()]
    text = record_html.render_index(recs, _ctx(recs))
    assert text.count("<tr>") == 3
