"""Every JSON output has a schema (`workbench schema NAME`) with `$schema` and a URN `$id`,
and each command's real output validates against it (issue 12, "Schemas")."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.cli.helpers import wb
from tests.fake_openai_server import FakeOpenAIServer
from tests.llm_helpers import style_responder
from tests.review.conftest import Runner, record, save, write

DIALECT = "https://json-schema.org/draft/2020-12/schema"
OUTPUTS = {  # schema name -> the command whose JSON it describes
    "comparison": "translate --format json, history show --format json",
    "decision-record": "review show --format json, review export --format json (one per record)",
    "decision-records": "review list --format json, review export --format json (decisions.json)",
    "diff": "diff --format json",
    "history-list": "history list --format json",
    "history-stats": "history stats --format json",
    "checklist": "checklists show --format json",
    "styles-list": "styles list --format json",
    "doctor": "doctor --format json",
    "backstage-radar": "review export --format backstage-radar",
}


def _schema(run: Runner, name: str) -> dict[str, Any]:
    result = run("schema", name)
    assert result.code == 0, result.err
    schema: dict[str, Any] = json.loads(result.out)
    return schema


@pytest.mark.parametrize("name", sorted(OUTPUTS))
def test_every_schema_has_a_dialect_and_a_urn(run: Runner, name: str) -> None:
    schema = _schema(run, name)
    assert schema["$schema"] == DIALECT
    assert schema["$id"] == f"urn:translation-workbench:schema:{name}:1"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_the_schema_command_lists_exactly_the_json_outputs(run: Runner) -> None:
    result = run("schema", "--help")
    for name in OUTPUTS:
        assert name in result.out


def _valid(run: Runner, name: str, text: str) -> Any:
    data = json.loads(text)
    jsonschema.validate(
        data, _schema(run, name), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    return data


def test_review_outputs_validate(run: Runner, decisions: Path, tmp_path: Path) -> None:
    save(decisions, record(status="accepted"))
    save(decisions, record("2024-01-03-adopt-redis-bbbbb", title="Adopt Redis", technology="Redis"))
    d = ("--dir", str(decisions))
    listed = run("review", "list", "--format", "json", *d)
    assert len(_valid(run, "decision-records", listed.out)) == 2
    _valid(run, "decision-record", run("review", "show", "aaaaa", "--format", "json", *d).out)
    exported = run("review", "export", "--format", "json", *d)  # stdout: decisions.json
    assert exported.code == 0, exported.err
    assert len(_valid(run, "decision-records", exported.out)) == 2
    radar = run("review", "export", "--format", "backstage-radar", *d)
    assert len(_valid(run, "backstage-radar", radar.out)["entries"]) == 1


def test_diff_checklists_styles_and_doctor_outputs_validate(run: Runner, tmp_path: Path) -> None:
    a = write(tmp_path / "a.txt", "Ich kann denken.\n")
    b = write(tmp_path / "b.txt", "Ich kann warten.\n")
    _valid(run, "diff", run("diff", str(a), str(b), "--format", "json").out)
    _valid(run, "checklist", run("checklists", "show", "new-technology", "--format", "json").out)
    styles = _valid(run, "styles-list", run("styles", "list", "--format", "json").out)
    assert styles
    doctor = run("doctor", "--format", "json", "--no-hash")
    _valid(run, "doctor", doctor.out)


def test_translate_and_history_outputs_validate(
    run: Runner, fake_openai: FakeOpenAIServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_openai.responder = style_responder
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret-key-1234567890")
    monkeypatch.setenv("WORKBENCH_MODEL", "fake-model")
    passage = write(tmp_path / "p.txt", "Ich kann denken.\n")
    made = wb("translate", str(passage), "--from", "de", "--to", "en", "--style", "rosner",
              "--format", "json")  # fmt: skip
    assert made.returncode == 0, made.stderr
    run_id = _valid(run, "comparison", made.stdout)["id"]
    listed = _valid(run, "history-list", run("history", "list", "--format", "json").out)
    assert [r["id"] for r in listed] == [run_id]
    stats = _valid(run, "history-stats", run("history", "stats", "--format", "json").out)
    assert stats["overall"]["runs"] == 0 and stats["judges"] == []
    _valid(run, "comparison", run("history", "show", run_id, "--format", "json").out)
