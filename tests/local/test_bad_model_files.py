"""A model file that is not a whole GGUF, named by the user: one line, exit 2, the file kept."""

from __future__ import annotations

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
