"""`workbench doctor` lists the named endpoints: one line each with name, kind, base URL
(credentials removed), whether the key variable is set, never the key."""

from __future__ import annotations

import json

from tests.cli.helpers import wb
from tests.matrix.conftest import SECOND_KEY, Matrix

EXTRA = """
[endpoints.emb]
kind = "local"

[endpoints.vault]
kind = "openai"
base_url = "https://user:hunter2-pass@vault.example.test/v1"
api_key_env = "VAULT_KEY_UNSET"
concurrency = 7
"""


def test_doctor_lists_the_named_endpoints(matrix: Matrix) -> None:
    matrix.config(EXTRA)
    result = wb("doctor", "--no-hash", env={"VAULT_KEY_UNSET": None})
    assert "Traceback" not in result.stderr
    text = result.stdout
    assert SECOND_KEY not in text and "hunter2" not in text
    block = text.split("named endpoints (-m NAME:MODEL)\n", 1)[1].splitlines()
    lines = {ln.split()[0]: ln for ln in block[:3]}
    assert set(lines) == {"emb", "farside", "vault"}
    assert "local" in lines["emb"] and "embedded model" in lines["emb"]
    assert f"openai  {matrix.far.base_url}" in lines["farside"]
    assert "FARSIDE_KEY set" in lines["farside"] and "concurrency 3" in lines["farside"]
    assert "vault.example.test/v1 (with credentials, not shown)" in lines["vault"]
    assert "VAULT_KEY_UNSET not set" in lines["vault"]
    report = json.loads(wb("doctor", "--no-hash", "--format", "json").stdout)
    far = next(e for e in report["endpoints"] if e["name"] == "farside")
    assert far == {
        "name": "farside",
        "kind": "openai",
        "base_url": matrix.far.base_url,
        "api_key_env": "FARSIDE_KEY",
        "api_key": "set",
        "concurrency": 3,
        "deadline": 600.0,
    }


def test_doctor_without_named_endpoints_says_so(matrix: Matrix) -> None:
    (matrix.home / "config" / "config.toml").write_text("", encoding="utf-8")
    result = wb("doctor", "--no-hash")
    block = result.stdout.split("named endpoints (-m NAME:MODEL)\n", 1)[1]
    assert block.splitlines()[0].split()[0] == "none"
