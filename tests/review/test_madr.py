"""MADR 4 in full, and the lines other ADR readers need (issue 12, "Markdown that every ADR
reader understands"). The readers are emulated from their documented formats and their code:
contract tests, with markdown-it-py standing in for markdown-it (log4brains renders with it)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from tests.review.conftest import record
from workbench.core.review.record import STATUSES, DecisionRecord, Option, Reference
from workbench.export import record_markdown
from workbench.export.record_common import ExportContext
from workbench.io.review.catalog import load_catalog
from workbench.services.review.store import adr_numbers

# the `front-matter` npm package's pattern, which Backstage's parseMadrWithFrontmatter uses
FRONT_MATTER = re.compile(r"\A\ufeff?(= yaml =|---)$([\s\S]*?)^(?:\1|\.\.\.)\s*$\n?", re.M)


def _ctx(records: list[DecisionRecord]) -> ExportContext:
    catalog = load_catalog()
    return ExportContext(
        numbers=adr_numbers(records),
        titles={r.id: r.title for r in records},
        checklists={k: e.checklist for k, e in catalog.entries.items()},
        today=dt.date(2024, 7, 1),
    )


def _render(rec: DecisionRecord, *others: DecisionRecord) -> str:
    return record_markdown.render(rec, _ctx([rec, *others]))


def _backstage(text: str) -> dict[str, object]:
    """title (first depth-1 heading), status and date as @backstage/plugin-adr-common reads."""
    found = FRONT_MATTER.match(text)
    assert found, "no front matter"
    attributes = yaml.safe_load(found.group(2)) or {}
    tokens = MarkdownIt().parse(text[found.end() :])
    heading = next(i for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h1")
    return {
        "title": tokens[heading + 1].content,
        "status": attributes.get("status"),
        "date": str(attributes.get("date")),
    }


def _top_level(tokens: list[Token]) -> list[tuple[str, list[Token]]]:
    """The document's top-level blocks: (tag, the tokens inside)."""
    out: list[tuple[str, list[Token]]] = []
    for token in tokens:
        if token.level == 0 and token.nesting in (0, 1):
            out.append((token.tag, []))
        elif out:
            out[-1][1].append(token)
    return out


def _log4brains(text: str) -> dict[str, str | None]:
    """As @log4brains/core's MarkdownBody: the whole file through markdown-it; the title is the
    first h1; metadata are the `key: value` items of the first ul among the first element and
    its siblings up to the first h2."""
    blocks = _top_level(MarkdownIt().parse(text))
    title = next((inner[0].content for tag, inner in blocks if tag == "h1"), None)
    header = []
    for tag, inner in blocks:
        if tag == "h2":
            break
        header.append((tag, inner))
    ul = next((inner for tag, inner in header if tag == "ul"), [])
    items = [t.content for t in ul if t.type == "inline"]

    def meta(key: str) -> str | None:
        for item in items:
            found = re.match(rf"^\s*{key}\s*:\s*(.*)$", item, re.I)
            if found:
                return found.group(1).strip()
        return None

    status = (meta("status") or "").lower()
    if status.startswith("superseded by"):  # AdrStatus.createFromName
        status = "superseded"
    known = {"draft", "proposed", "rejected", "accepted", "deprecated", "superseded"}
    return {
        "title": title,
        "status": status if status in known else "draft",
        "date": meta("date"),
        "deciders": meta("deciders"),
    }


def _adr_tools_status(text: str) -> str:
    """As adr-tools viewers: the first paragraph after the `## Status` heading."""
    tokens = MarkdownIt().parse(text)
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h2" and tokens[i + 1].content == "Status":
            paragraph = next(t for t in tokens[i + 3 :] if t.type == "inline")
            return paragraph.content
    raise AssertionError("no ## Status section")


@pytest.mark.parametrize("status", STATUSES)
def test_backstage_log4brains_and_adr_tools_read_status_date_and_deciders(status: str) -> None:
    rec = record(status=status).model_copy(
        update={"decision_makers": ["Ana", "Bo"], "decided": dt.date(2024, 3, 4)}
    )
    text = _render(rec)
    assert _backstage(text) == {"title": "Adopt Kafka", "status": status, "date": "2024-03-04"}
    assert _log4brains(text) == {
        "title": "Adopt Kafka",
        "status": status,
        "date": "2024-03-04",
        "deciders": "Ana, Bo",
    }
    assert _adr_tools_status(text) == status.capitalize()


def test_superseded_records_name_the_record_and_file_that_replaced_them() -> None:
    old = record(
        "2024-01-02-adopt-kafka-aaaaa", status="superseded",
        superseded_by=["2024-02-01-adopt-pulsar-ppppp"],
    )  # fmt: skip
    new = record(
        "2024-02-01-adopt-pulsar-ppppp", status="accepted", title="Adopt Pulsar",
        supersedes=[old.id],
    )  # fmt: skip
    old_text, new_text = _render(old, new), _render(new, old)
    assert _backstage(old_text)["status"] == "superseded by ADR-0002"
    assert _log4brains(old_text)["status"] == "superseded"
    assert "\n* Status: superseded by [0002-adopt-pulsar](0002-adopt-pulsar.md)\n" in old_text
    link = "[ADR-0002: Adopt Pulsar](0002-adopt-pulsar.md)"
    assert _adr_tools_status(old_text) == f"Superseded by {link}"
    assert "Supersedes [ADR-0001: Adopt Kafka](0001-adopt-kafka.md)" in new_text
    assert _log4brains(new_text)["status"] == "accepted"


def test_chosen_option_says_because() -> None:
    rec = record(status="accepted").model_copy(
        update={"decision": "Adopt it for the order topic first.\n\nThen the rest."}
    )
    text = _render(rec)
    assert (
        'Chosen option: "Kafka", because adopt it for the order topic first.\n\nThen the rest.'
        in text
    )
    bare = _render(record(status="accepted"))
    assert re.search(r'Chosen option: "Kafka", because \S.*\.\n', bare)
    rejected = _render(record(status="rejected"))
    assert 'Chosen option: "Current stack", because the review rejected Kafka.' in rejected


def test_no_empty_option_headings() -> None:
    text = _render(record(status="accepted"))
    assert "## Pros and Cons of the Options" not in text  # no option says anything
    rec = record(status="accepted")
    rec = rec.model_copy(
        update={"options": [rec.options[0], Option(name="Kafka", pros=["fast"], cons=["new"])]}
    )
    text = _render(rec)
    section = text.split("## Pros and Cons of the Options\n", 1)[1].split("\n## ", 1)[0]
    assert re.findall(r"^### .*$", section, re.M) == ["### Kafka"]
    assert "* Good, because fast\n* Bad, because new" in section


def test_consequences_and_confirmation_come_from_questions_3_and_7() -> None:
    text = _render(record(status="accepted"))
    assert "### Consequences\n\n* Bad, because it brings new costs: Monitoring.\n" in text
    assert "### Confirmation\n\nOne topic.\n" in text
    own = record(status="accepted").model_copy(
        update={"consequences": ["One more cluster"], "confirmation": "Orders run on it by Q3."}
    )
    text = _render(own)
    assert "### Consequences\n\n* One more cluster\n" in text
    assert "### Confirmation\n\nOrders run on it by Q3.\n" in text


def test_angle_brackets_are_escaped_for_markdown_not_as_entities() -> None:
    rec = record(status="accepted", title="Adopt C<D & E>F", technology="<b>X</b>")
    text = _render(rec)
    assert "&lt;" not in text
    assert "# Adopt C\\<D & E\\>F\n" in text
    assert "* \\<b\\>X\\</b\\>\n" in text and 'Chosen option: "\\<b\\>X\\</b\\>"' in text
    assert "* Technology: \\<b\\>X\\</b\\> (Platforms" in text
    loose = _render(record(status="accepted", title="Adopt x < y and 1<2"))
    assert "# Adopt x < y and 1<2\n" in loose  # nothing there could open HTML
    html = MarkdownIt().render(text.split("\n---\n", 1)[1])
    assert "<h1>Adopt C&lt;D &amp; E&gt;F</h1>" in html and "<b>" not in html


def test_a_title_or_option_ending_in_hashes_keeps_them() -> None:
    """In a heading, a run of `#` at the end after a space closes it and is dropped by every
    reader (log4brains and Backstage showed "Triage by ticket" for "Triage by ticket #")."""
    rec = record(status="accepted", title="Triage by ticket #", technology="Kafka ##")
    rec = rec.model_copy(
        update={"options": [Option(name="Kafka ##", description="Fast.", current_stack=False)]}
    )
    tokens = MarkdownIt().parse(_render(rec).split("\n---\n", 1)[1])
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings[0] == "Triage by ticket \\#"
    assert "Kafka \\#\\#" in headings
    html = MarkdownIt().render(_render(rec))
    assert "<h1>Triage by ticket #</h1>" in html and "<h3>Kafka ##</h3>" in html


def test_a_trailing_backslash_cannot_escape_the_markup_around_it() -> None:
    """A one-line text ending in a backslash (a reference's name) is shown with its backslash;
    the backslash does not escape the `**` that closes the bold around it."""
    rec = record(status="accepted").model_copy(
        update={"references": [Reference(name="Ana\\", said="fine", dislikes="none")]}
    )
    html = MarkdownIt().render(_render(rec))
    assert "<strong>Ana\\</strong>: fine" in html


def test_a_linked_id_not_found_is_shown_as_it_is_whatever_it_holds() -> None:
    """A link to a record that is not there names the id as text: backticks in it cannot end
    a code span early and let the rest act as Markdown."""
    missing = "x` **bold** [site](https://example.com) `y"
    old = record("2024-01-02-adopt-kafka-aaaaa", status="superseded", superseded_by=[missing])
    line = next(ln for ln in _render(old).splitlines() if ln.startswith("Superseded by "))
    tokens = MarkdownIt("commonmark").parseInline(line)[0].children or []
    assert [t.type for t in tokens] == ["text"], tokens
    assert tokens[0].content == f"Superseded by {missing} (not found)"


def test_what_a_reference_said_ends_before_their_dislikes() -> None:
    """`said: it works` and `dislikes: ZooKeeper` read "it works Dislikes: ZooKeeper"."""
    from workbench.export.record_html import render as render_record_html

    rec = record(status="accepted").model_copy(
        update={
            "references": [
                Reference(name="Ana", said="it works", dislikes="ZooKeeper"),
                Reference(name="Bo", said="fine!", dislikes="nothing"),
                Reference(name="Cy", said="no dislikes given"),
            ]
        }
    )
    markdown = _render(rec)
    assert "* **Ana**: it works. Dislikes: ZooKeeper" in markdown
    assert "* **Bo**: fine! Dislikes: nothing" in markdown
    assert "* **Cy**: no dislikes given\n" in markdown
    html = render_record_html(rec, _ctx([rec]))
    assert "it works. <em>Dislikes:</em> ZooKeeper" in html
