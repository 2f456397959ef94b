"""A model file that is not a whole GGUF, named by the user: one line, exit 2, the file kept."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest

from tests.cli.helpers import assert_clean_error, wb
from tests.local.conftest import MISSING, SKIP_REASON

pytestmark = pytest.mark.skipif(bool(MISSING), reason=SKIP_REASON)

HEADER = b"GGUF" + struct.pack("<IQQ", 3, 236, 33)
"""A GGUF header (version 3, 236 tensors, 33 metadata keys) with nothing after it."""


@pytest.mark.parametrize(
    "content",
    [b"", b"<html>404 Not Found</html>\n", HEADER, HEADER[:10], b"GGUF" + b"\xff" * 4096],
    ids=["empty", "html", "header-only", "cut-header", "garbage"],
)
def test_a_bad_model_file_is_one_line_and_exit_2_and_is_kept(
    tmp_path: Path, content: bytes
) -> None:
    own = tmp_path / "own.gguf"
    own.write_bytes(content)
    env = {"WORKBENCH_LOCAL_MODEL_PATH": str(own), "WORKBENCH_LOCAL_THREADS": "1"}
    result = wb("translate", "-", "--from", "de", "--to", "en", "--style", "rosner",
                "--no-history", input="Ich kann denken.", env=env)  # fmt: skip
    err = assert_clean_error(result, 2)
    assert len(err.strip().splitlines()) == 1, err
    assert str(own) in err and "GGUF" in err
    assert own.read_bytes() == content, "a file the user named is never changed or removed"


def test_a_model_whose_chat_template_does_not_parse_is_exit_2_not_an_internal_error(
    assembled_model_dir: Path, tmp_path: Path
) -> None:
    """llama-cpp-python compiles the file's chat template (Jinja) as it loads the model; a
    broken one raised jinja2's TemplateSyntaxError, reported as an internal error (exit 3)."""
    from tests.local.gguf_edit import with_string_key
    from workbench.llm.local_model import MODEL_FILE

    own = tmp_path / "own.gguf"
    with_string_key(assembled_model_dir / MODEL_FILE, own, "tokenizer.chat_template", "{% if %}")
    before = own.stat()
    env = {"WORKBENCH_LOCAL_MODEL_PATH": str(own), "WORKBENCH_LOCAL_THREADS": "1"}
    result = wb("translate", "-", "--from", "de", "--to", "en", "--style", "rosner",
                "--no-history", input="Ich kann denken.", env=env)  # fmt: skip
    err = assert_clean_error(result, 2)
    assert len(err.strip().splitlines()) == 1, err
    assert "chat template" in err and str(own) in err
    assert own.stat().st_size == before.st_size and own.stat().st_mtime_ns == before.st_mtime_ns


def test_a_chat_template_that_fails_as_it_renders_fails_its_columns_as_the_files_fault(
    assembled_model_dir: Path, tmp_path: Path
) -> None:
    """A template that parses but fails on the messages (jinja2's UndefinedError) failed every
    column as an "internal: unexpected error", which says the workbench has a bug."""
    from tests.local.gguf_edit import with_string_key
    from workbench.llm.local_model import MODEL_FILE

    own = tmp_path / "own.gguf"
    template = "{{ messages[0].content.parts[0].text }}"
    with_string_key(assembled_model_dir / MODEL_FILE, own, "tokenizer.chat_template", template)
    env = {"WORKBENCH_LOCAL_MODEL_PATH": str(own), "WORKBENCH_LOCAL_THREADS": "1"}
    result = wb("translate", "-", "--from", "de", "--to", "en", "--style", "rosner",
                "--style", "literal", "--no-history", "--format", "json",
                input="Ich kann denken.", env=env)  # fmt: skip
    assert result.returncode == 1, result.stderr
    for rendition in json.loads(result.stdout)["renditions"]:
        assert rendition["error"]["type"] == "bad_request", rendition["error"]
        assert "chat template" in rendition["error"]["message"]
    assert "internal" not in result.stderr


@pytest.mark.parametrize("value", ["abc", "0", "-1", "2.5", "1e3", "257", "\uff11"])
def test_a_bad_thread_count_is_one_line_naming_the_variable(value: str) -> None:
    result = wb("translate", "-", "--from", "de", "--to", "en", "--style", "rosner",
                "--no-history", input="Ich kann denken.",
                env={"WORKBENCH_LOCAL_THREADS": value})  # fmt: skip
    err = assert_clean_error(result, 2)
    assert "WORKBENCH_LOCAL_THREADS" in err and len(err.strip().splitlines()) == 1, err
