"""Hostile record text and file names (issue 11, items 9, 10, 11, 14): the MADR Markdown keeps
each record's structure whatever its answers hold, every export drops escapes and bidi controls,
names printed by the CLI are cleaned, and duplicate YAML keys are reported with file and line."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt

from tests.markdown_helpers import TrustingMarkdown
from tests.review.conftest import Runner, record, save, write
from workbench.core.review.record import DecisionRecord

ESCAPES = (
    "\x1b[31mred\x1b[0m \x1b]52;c;aGk=\x07 left\u202eright iso\u2066late\u2069 cr\rlf nul\x00."
)
RAW = ("\x1b", "\x07", "\u202e", "\u2066", "\u2069", "\x00", "\r")

EVIL_TITLE = "Kafka](https://evil.example/phish) x"
EVIL_ANSWERS = {
    "problem": "See [a](javascript:alert(1)) and [b](JaVa&#x53;cript:alert(2)) here.",
    "current-stack": (
        "![](http://evil.example/track.png) and ![x][pix]\n\n[pix]: https://evil.example/p.png"
    ),
    "new-costs": "```python\nprint('the fence is never closed')\n",
    "current-stack-difficulty": (
        "# An injected heading\n\nText\n===\n\n> ## quoted heading\n\n- # listed"
    ),
    "replacement-commitment": (
        "<img src=x onerror=alert(1)> [c](data:text/html,x) <javascript:alert(3)>"
    ),
    "trusted-references": "[ok](https://example.org/docs) and ![local](diagram.png)",
    "low-risk-start": "~~~~\nanother open fence " + ESCAPES,
}


def permissive_markdown() -> MarkdownIt:
    """A renderer that trusts every URL, as a careless ADR site might."""
    return TrustingMarkdown("commonmark")


def structure(text: str) -> dict[str, Any]:
    body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
    tokens = permissive_markdown().parse(body)
    headings = [
        (tok.tag, tokens[i + 1].content)
        for i, tok in enumerate(tokens)
        if tok.type == "heading_open"
    ]
    links: list[str] = []
    images: list[str] = []

    def walk(items: list[Any]) -> None:
        for tok in items:
            if tok.type == "link_open":
                links.append(str(tok.attrs.get("href")))
            if tok.type == "image":
                images.append(str(tok.attrs.get("src")))
            if tok.children:
                walk(tok.children)

    walk(tokens)
    return {"headings": headings, "links": links, "images": images}


def _hostile_folder(decisions: Path) -> tuple[DecisionRecord, DecisionRecord]:
    old = record("2024-01-01-old-kafka-aaaaa", status="superseded", title=EVIL_TITLE,
                 superseded_by=["2024-01-02-new-kafka-bbbbb"])  # fmt: skip
    new = record("2024-01-02-new-kafka-bbbbb", status="accepted", title="New Kafka",
                 supersedes=["2024-01-01-old-kafka-aaaaa"])  # fmt: skip
    new = new.model_copy(update={"answers": {**new.answers, **EVIL_ANSWERS}})
    save(decisions, old)
    save(decisions, new)
    return old, new


def test_madr_structure_is_the_same_whatever_the_answers_hold(
    run: Runner, decisions: Path, tmp_path: Path
) -> None:
    _hostile_folder(decisions)
    clean_dir = tmp_path / "clean"
    clean_dir.mkdir()
    plain_old = record("2024-01-01-old-kafka-aaaaa", status="superseded", title="Old Kafka",
                       superseded_by=["2024-01-02-new-kafka-bbbbb"])  # fmt: skip
    plain_new = record("2024-01-02-new-kafka-bbbbb", status="accepted", title="New Kafka",
                       supersedes=["2024-01-01-old-kafka-aaaaa"])  # fmt: skip
    save(clean_dir, plain_old)
    save(clean_dir, plain_new)
    out, clean_out = tmp_path / "out", tmp_path / "clean-out"
    assert run("review", "export", "--format", "markdown", "--out", str(out),
               "--dir", str(decisions)).code == 0  # fmt: skip
    assert run("review", "export", "--format", "markdown", "--out", str(clean_out),
               "--dir", str(clean_dir)).code == 0  # fmt: skip
    (hostile_md,) = out.glob("0002-*.md")
    (clean_md,) = clean_out.glob("0002-*.md")
    text = hostile_md.read_text(encoding="utf-8")
    got, want = structure(text), structure(clean_md.read_text(encoding="utf-8"))
    assert [h[0] for h in got["headings"]] == [h[0] for h in want["headings"]]
    assert [h[1] for h in got["headings"]] == [h[1] for h in want["headings"]]
    assert len(got["headings"]) >= 6
    for href in got["links"]:
        assert href.startswith(("https://example.org/", "0001-")), href
    assert not any("//evil" in href for href in got["links"])
    assert got["images"] == ["diagram.png"]
    rendered = permissive_markdown().render(text).lower()
    assert 'href="javascript' not in rendered and 'src="http' not in rendered
    assert "<img" not in text and "onerror" not in permissive_markdown().render(text).replace(
        "&lt;img src=x onerror", ""
    )
    assert_no_raw(text)
    # the words are all still there, as text
    for word in ("evil.example/phish", "track.png", "fence is never closed", "injected heading"):
        assert word in text


def test_show_and_the_reader_markdown_are_the_same_text(run: Runner, decisions: Path) -> None:
    _hostile_folder(decisions)
    shown = run("review", "show", "2024-01-02-new-kafka-bbbbb", "--dir", str(decisions))
    assert shown.code == 0, shown.err
    assert len(structure(shown.out.split("\n", 1)[1])["headings"]) >= 6
    assert_no_raw(shown.out)


def assert_no_raw(text: str, *, names: bool = False) -> None:
    """No raw control or bidi character; in exported text not even what is left of an escape
    sequence (names printed by the CLI show it as visible ␛[31m instead, so a file can be
    found)."""
    for ch in RAW:
        assert ch not in text, (repr(ch), text[:400])
    if not names:
        assert "[31m" not in text and "]52;" not in text


def _escape_record(decisions: Path) -> DecisionRecord:
    rec = record(
        "2024-01-02-adopt-kafka-aaaaa",
        status="accepted",
        title="T " + ESCAPES,
        technology="=cmd " + ESCAPES,
    )
    rec = rec.model_copy(
        update={"answers": {**rec.answers, "problem": ESCAPES}, "decision_makers": [ESCAPES]}
    )
    save(decisions, rec)
    return rec


def test_html_csv_and_front_matter_drop_whole_escape_sequences(
    run: Runner, decisions: Path, tmp_path: Path
) -> None:
    _escape_record(decisions)
    for fmt in ("html", "radar", "markdown"):
        out = tmp_path / fmt
        result = run(
            "review", "export", "--format", fmt, "--out", str(out), "--dir", str(decisions)
        )
        assert result.code == 0, result.err
        for path in out.iterdir():
            assert_no_raw(path.read_text(encoding="utf-8"))
    (md,) = (tmp_path / "markdown").glob("*.md")
    front = yaml.safe_load(md.read_text(encoding="utf-8").split("---\n")[1])
    assert front["decision-makers"] == ["red leftright isolate cr lf nul."]
    rows = list(csv.reader(io.StringIO((tmp_path / "radar" / "radar.csv").read_text())))
    assert rows[1][0].startswith(" =cmd red")  # guarded as BYOR reads it (issue 12)


def test_json_export_keeps_data_but_escapes_controls(
    run: Runner, decisions: Path, tmp_path: Path
) -> None:
    rec = _escape_record(decisions)
    out = tmp_path / "json"
    assert run("review", "export", "--format", "json", "--out", str(out),
               "--dir", str(decisions)).code == 0  # fmt: skip
    for path in out.iterdir():
        if path.name == ".workbench-export.json":  # the export manifest: names and hashes
            continue
        raw = path.read_text(encoding="utf-8")
        for ch in RAW:
            assert ch not in raw, (path.name, repr(ch))
        assert "\\u202e" in raw
    data = json.loads((out / f"{rec.id}.json").read_text(encoding="utf-8"))
    assert data["answers"]["problem"] == ESCAPES
    shown = run("review", "show", rec.id, "--format", "json", "--dir", str(decisions))
    for ch in RAW:
        assert ch not in shown.out, repr(ch)


def test_file_names_are_printed_cleaned(run: Runner, decisions: Path) -> None:
    rec = record("2024-01-02-adopt-kafka-aaaaa")
    save(decisions, rec, name="2024-01-02-adopt-kafka-aaaaa\x1b]0;HACKED\x07\u202e.yaml")
    write(decisions / "broken\x1b[2J\x1b]52;c;aGk=\x07.yaml", "id: [unclosed\n")
    outputs = [
        run("review", "validate", "--dir", str(decisions)),
        run("review", "show", rec.id, "--dir", str(decisions)),
        run("review", "list", "--dir", str(decisions)),
        run("review", "set-status", rec.id, "rejected", "--dir", str(decisions)),
    ]
    assert "HACKED" in outputs[0].out and "broken" in outputs[0].out
    assert "HACKED" in outputs[3].out
    for result in outputs:
        assert_no_raw(result.out + result.err, names=True)
    assert "broken␛[2J␛]52;c;aGk=␇.yaml" in outputs[0].out


def test_validate_reports_duplicate_keys_with_file_and_line(run: Runner, decisions: Path) -> None:
    from workbench.services.review.store import dump_record

    twice = dump_record(record("2024-01-02-adopt-kafka-aaaaa")) + "status: rejected\n"
    write(decisions / "2024-01-02-adopt-kafka-aaaaa.yaml", twice)
    last = len(twice.splitlines())
    nested = dump_with_nested_duplicate()
    write(decisions / "2024-01-03-adopt-redis-bbbbb.yaml", nested)
    result = run("review", "validate", "--dir", str(decisions))
    assert result.code == 1
    assert f"2024-01-02-adopt-kafka-aaaaa.yaml:{last}: duplicate key 'status'" in result.out
    assert "2024-01-03-adopt-redis-bbbbb.yaml:" in result.out
    line = next(x for x in result.out.splitlines() if "adopt-redis" in x)
    assert "duplicate key 'name'" in line
    want = nested.splitlines().index("  name: Redis again") + 1
    assert f"bbbbb.yaml:{want}:" in line


def dump_with_nested_duplicate() -> str:
    from workbench.services.review.store import dump_record

    text = dump_record(record("2024-01-03-adopt-redis-bbbbb", technology="Redis"))
    return text.replace("  name: Redis\n", "  name: Redis\n  name: Redis again\n", 1)
