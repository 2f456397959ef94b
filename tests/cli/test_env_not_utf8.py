"""An environment variable whose value is not UTF-8 (bytes a shell passes as they are, which
Python reads as lone surrogates) is one clear line naming the variable, exit 2, and no request:
a model name or key that cannot be sent nor stored used to end the run with exit 3 once every
request was spent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.cli.helpers import assert_clean_error, wb
from tests.fake_openai_server import FakeOpenAIServer

NOT_UTF8 = os.fsdecode(b"gpt-\xff")


@pytest.mark.parametrize("variable", ["WORKBENCH_MODEL", "OPENAI_API_KEY", "FARSIDE_KEY"])
def test_a_variable_that_is_not_utf8_is_named_before_any_request(
    fake_openai: FakeOpenAIServer, tmp_path: Path, isolated_dirs: Path, variable: str
) -> None:
    (isolated_dirs / "config" / "config.toml").write_text(
        f'[endpoints.farside]\nkind = "openai"\nbase_url = "{fake_openai.base_url}"\n'
        'api_key_env = "FARSIDE_KEY"\n',
        encoding="utf-8",
    )
    passage = tmp_path / "p.txt"
    passage.write_text("Ich kann denken.\n", encoding="utf-8")
    env = {
        "OPENAI_BASE_URL": fake_openai.base_url,
        "OPENAI_API_KEY": "sk-test",
        "FARSIDE_KEY": "sk-far",
        variable: NOT_UTF8,
    }
    args = ["translate", str(passage), "--from", "de", "--to", "en", "--style", "rosner"]
    if variable == "FARSIDE_KEY":
        args += ["-m", "farside:m"]
    result = wb(*args, "--format", "json", env=env)
    err = assert_clean_error(result)
    assert variable in err and "UTF-8" in err, err
    assert fake_openai.requests == []
