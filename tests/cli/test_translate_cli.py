"""`workbench translate` end to end against the real-HTTP test server: the entry point called in
this process, and once as a real process (the passage on stdin, exit code 1)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from tests.cli.helpers import assert_clean_error, wb, wb_process
from tests.fake_openai_server import FakeOpenAIServer
from tests.llm_helpers import request_parts, style_responder

PASSAGE = "Ich kann denken. Ich kann warten. Ich kann fasten.\n"
HOSTILE = (
    "[bold]x[/] [link=file:///etc/passwd]y[/link] \x1b[31mred\x1b[0m <script>alert(1)</script>"
)


@pytest.fixture
def server(fake_openai: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch) -> FakeOpenAIServer:
    fake_openai.responder = style_responder
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret-key-1234567890")
    monkeypatch.setenv("WORKBENCH_MODEL", "fake-model")
    return fake_openai


@pytest.fixture
def passage(tmp_path: Path) -> Path:
    path = tmp_path / "siddhartha.de.txt"
    path.write_text(PASSAGE, encoding="utf-8")
    return path


def test_json_output_contract(server: FakeOpenAIServer, passage: Path) -> None:
    result = wb(
        "translate",
        str(passage),
        "--from",
        "de",
        "--to",
        "en",
        "--style",
        "rosner",
        "--style",
        "bernofsky",
        "--format",
        "json",
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["source"] == {"text": PASSAGE.strip(), "language": "de"}
    assert data["target"] == {"language": "en"}
    assert [r["style"] for r in data["renditions"]] == ["rosner", "bernofsky"]
    for r in data["renditions"]:
        for key in (
            "style",
            "text",
            "notes",
            "footnotes",
            "model",
            "usage",
            "latency_ms",
            "cached",
            "error",
        ):
            assert key in r
        assert r["error"] is None
    [pair] = data["diffs"]
    texts = {r["style"]: r["text"] for r in data["renditions"]}
    assert (pair["a"], pair["b"]) == ("rosner", "bernofsky")
    assert "".join(t for op, t in pair["ops"] if op != 1) == texts["rosner"]
    assert "".join(t for op, t in pair["ops"] if op != -1) == texts["bernofsky"]
    assert 0 < pair["similarity"] < 1
    schema = json.loads(wb("schema", "comparison").stdout)
    jsonschema.validate(data, schema)
    assert result.stderr == "", "quiet when not on a terminal"


def test_no_style_means_all_builtin_and_text_format(
    server: FakeOpenAIServer, passage: Path
) -> None:
    result = wb("translate", str(passage), "--from", "de", "--to", "en")
    assert result.returncode == 0, result.stderr
    for name in ("Hilda Rosner", "Joachim Neugroschel", "Susan Bernofsky", "Literal gloss"):
        assert f"[{name}] Ich kann denken." in result.stdout


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_markdown_and_html_escape_untrusted_text(
    server: FakeOpenAIServer, tmp_path: Path, fmt: str
) -> None:
    source = tmp_path / "hostile.txt"
    source.write_text(HOSTILE, encoding="utf-8")
    out = tmp_path / f"run.{fmt}"
    result = wb(
        "translate",
        str(source),
        "--from",
        "en",
        "--to",
        "de",
        "--style",
        "rosner",
        "--format",
        fmt,
        "--output",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    text = out.read_text(encoding="utf-8")
    assert "\x1b" not in text
    if fmt == "html":
        assert "<script>" not in text and "&lt;script&gt;" in text
        assert "<link" not in text
    else:
        assert "\\<script\\>" in text and "\\[bold\\]" in text


def test_process_stdin_and_exit_code_1_when_a_style_fails(server: FakeOpenAIServer) -> None:
    """The real process: the passage piped to `-`, exit status 1 when a style fails."""
    server.add_fault("500", times=20, match=lambda b: request_parts(b)[1] == "Literal gloss")
    result = wb_process(
        "translate",
        "-",
        "--from",
        "de",
        "--to",
        "en",
        "--style",
        "rosner",
        "--style",
        "literal",
        "--format",
        "json",
        input=PASSAGE,
        env={"WORKBENCH_CONFIG_DIR": str(_config_with(max_retries=0))},
    )
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    errors = {r["style"]: r["error"] for r in data["renditions"]}
    assert errors["rosner"] is None
    assert errors["literal"]["type"] == "server_error" and errors["literal"]["message"]
    assert "style literal failed" in result.stderr
    assert "Traceback" not in result.stderr


def _config_with(**llm: object) -> Path:
    import os

    folder = Path(os.environ["WORKBENCH_CONFIG_DIR"])
    lines = ["[llm]"] + [f"{k} = {json.dumps(v)}" for k, v in llm.items()]
    (folder / "config.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_history_keeps_the_run_and_shows_it_again(server: FakeOpenAIServer, passage: Path) -> None:
    first = wb(
        "translate",
        str(passage),
        "--from",
        "de",
        "--to",
        "en",
        "--style",
        "rosner",
        "--format",
        "json",
    )
    run_id = json.loads(first.stdout)["id"]
    listing = wb("history")
    assert listing.returncode == 0 and run_id in listing.stdout
    shown = wb("history", "show", run_id[:15], "--format", "json")
    assert json.loads(shown.stdout) == json.loads(first.stdout)
    again = wb(
        "translate",
        str(passage),
        "--from",
        "de",
        "--to",
        "en",
        "--style",
        "rosner",
        "--format",
        "json",
    )
    assert json.loads(again.stdout)["renditions"][0]["cached"] is True
    assert len(server.requests) == 1
    assert wb("history", "show", "nope").returncode == 2


def test_api_key_is_never_written_to_disk(
    server: FakeOpenAIServer, passage: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.json"
    wb(
        "translate",
        str(passage),
        "--from",
        "de",
        "--to",
        "en",
        "--style",
        "rosner",
        "--format",
        "json",
        "-o",
        str(out),
    )
    import os

    roots = [
        Path(os.environ[v])
        for v in ("WORKBENCH_CONFIG_DIR", "WORKBENCH_DATA_DIR", "WORKBENCH_CACHE_DIR")
    ]
    files = [p for root in roots for p in root.rglob("*") if p.is_file()] + [out]
    assert len(files) >= 3
    for path in files:
        assert b"sk-test-secret-key" not in path.read_bytes(), path
    auth = server.requests[0]["headers"]["authorization"]
    assert auth == "Bearer sk-test-secret-key-1234567890"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\t\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        ("Grüße".encode("latin-1"), "not valid UTF-8"),
    ],
)
def test_bad_passages(
    server: FakeOpenAIServer, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = wb("translate", str(path), "--from", "de", "--to", "en")
    assert message in assert_clean_error(result)
    assert str(path) in result.stderr
    assert server.requests == []


def test_missing_file(server: FakeOpenAIServer, tmp_path: Path) -> None:
    result = wb("translate", str(tmp_path / "nope.txt"), "--from", "de", "--to", "en")
    assert "no such file" in assert_clean_error(result)


def test_unknown_style(server: FakeOpenAIServer, passage: Path) -> None:
    result = wb("translate", str(passage), "--from", "de", "--to", "en", "--style", "nope")
    assert "unknown style 'nope'" in assert_clean_error(result)


def test_empty_language(server: FakeOpenAIServer, passage: Path) -> None:
    result = wb("translate", str(passage), "--from", " ", "--to", "en")
    assert "--from" in assert_clean_error(result)


def test_no_endpoint_configured(passage: Path) -> None:
    # without --provider, an installed local extra would be chosen (tests/local covers that)
    result = wb("translate", str(passage), "--from", "de", "--to", "en", "--provider", "openai")
    err = assert_clean_error(result)
    assert "OPENAI_API_KEY" in err and "OPENAI_BASE_URL" in err


def test_bad_endpoint_url(passage: Path) -> None:
    result = wb(
        "translate",
        str(passage),
        "--from",
        "de",
        "--to",
        "en",
        env={"OPENAI_BASE_URL": "localhost:11434"},
    )
    assert "not an http(s) URL" in assert_clean_error(result)


def test_broken_config_file_names_it(passage: Path) -> None:
    import os

    cfg = Path(os.environ["WORKBENCH_CONFIG_DIR"]) / "config.toml"
    cfg.write_text("[llm]\nconcurrency = 'many'\n", encoding="utf-8")
    result = wb(
        "translate", str(passage), "--from", "de", "--to", "en", env={"OPENAI_API_KEY": "sk-x"}
    )
    err = assert_clean_error(result)
    assert "config.toml" in err and "concurrency" in err


def test_unreachable_server_fails_each_style_with_exit_1(passage: Path) -> None:
    result = wb(
        "translate",
        str(passage),
        "--from",
        "de",
        "--to",
        "en",
        "--style",
        "rosner",
        "--format",
        "json",
        env={"OPENAI_BASE_URL": "http://127.0.0.1:9/v1", "WORKBENCH_MODEL": "m"},
    )
    assert result.returncode == 1
    assert json.loads(result.stdout)["renditions"][0]["error"]["type"] == "connection"
    assert "Traceback" not in result.stderr
