"""Record files name their schema, kept beside them, so editors check them (issue 12).

`decisions/.schema/decision-record.schema.json` is written with a record; each record gains
`# yaml-language-server: $schema=.schema/decision-record.schema.json` as its first line on its
next write (never in a bulk rewrite); loading works with and without it; every locked edit
keeps it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import yaml

from tests.review.conftest import FULL_ANSWERS, record, save, write
from workbench.services.review import store

LINE = "# yaml-language-server: $schema=.schema/decision-record.schema.json\n"
SCHEMA = Path(".schema") / "decision-record.schema.json"


def _new(run, decisions: Path, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    answers = write(tmp_path / "answers.yaml", FULL_ANSWERS)
    result = run(
        "review", "new", "--title", "Adopt Kafka", "--answers", str(answers),
        "--dir", str(decisions),
    )  # fmt: skip
    assert result.code == 0, result.err
    found = re.search(r"in (\S+\.yaml)", result.out)
    assert found
    return Path(found.group(1))


def test_a_new_record_names_its_schema_which_is_written_beside_it(run, decisions, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = _new(run, decisions, tmp_path)
    assert path.read_text().startswith(LINE)
    assert path.read_text().count("yaml-language-server") == 1
    schema = json.loads((decisions / SCHEMA).read_text())
    assert schema == json.loads(run("schema", "decision-record").out)
    assert schema["$id"] == "urn:translation-workbench:schema:decision-record:1"
    data = json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))
    jsonschema.validate(data, schema)
    assert run("review", "validate", "--dir", str(decisions)).code == 0
    assert store.load_folder(decisions, cache=False).records[0].record.title == "Adopt Kafka"


def test_a_record_gains_the_line_on_its_next_write_and_no_other_does(run, decisions) -> None:  # type: ignore[no-untyped-def]
    one = save(decisions, record(status="proposed"))
    other = save(decisions, record("2024-01-03-adopt-redis-bbbbb", title="Adopt Redis"))
    before = other.read_bytes()
    assert run("review", "list", "--dir", str(decisions)).code == 0  # loads without the line
    result = run("review", "set-status", "aaaaa", "accepted", "--dir", str(decisions))
    assert result.code == 0, result.err
    assert one.read_text().startswith(LINE)
    assert other.read_bytes() == before  # not rewritten
    assert (decisions / SCHEMA).is_file()
    again = run("review", "set-status", "aaaaa", "deprecated", "--dir", str(decisions))
    assert again.code == 0, again.err
    assert one.read_text().startswith(LINE) and one.read_text().count(LINE) == 1


def test_a_merged_edit_keeps_the_line(decisions) -> None:  # type: ignore[no-untyped-def]
    path = save(decisions, record())
    path.write_text(LINE + path.read_text())
    base = store.read_stored(path)
    # someone else changes another field meanwhile, keeping the line
    theirs = base.record.model_copy(update={"tags": ["streaming"]})
    path.write_text(LINE + store.dump_record(theirs))
    saved = store.update(base, base.record.model_copy(update={"decision": "Adopt it."}))
    text = path.read_text()
    assert text.startswith(LINE) and text.count(LINE) == 1
    assert saved.record.tags == ["streaming"] and saved.record.decision == "Adopt it."


def test_errors_in_a_file_with_the_line_name_the_right_line(run, decisions) -> None:  # type: ignore[no-untyped-def]
    text = LINE + store.dump_record(record()).replace("status: draft", "status: maybe")
    bad = write(decisions / "2024-01-02-adopt-kafka-aaaaa.yaml", text)
    line = text.splitlines().index("status: maybe") + 1
    result = run("review", "validate", "--dir", str(decisions))
    assert result.code == 1
    assert f"{bad.name}:{line}" in result.out or f"line {line}" in result.out, result.out


def test_a_link_at_the_schema_folder_is_not_written_through(run, decisions, tmp_path) -> None:  # type: ignore[no-untyped-def]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (decisions / ".schema").symlink_to(elsewhere)
    path = _new(run, decisions, tmp_path)  # the record is still written
    assert path.read_text().startswith(LINE)
    assert list(elsewhere.iterdir()) == []
