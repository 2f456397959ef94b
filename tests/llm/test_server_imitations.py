"""Every built-in style renders through `workbench translate` against the test server's
imitations of Ollama, vLLM and llama.cpp's server (`FakeOpenAIServer.imitate`), each with the
documented differences of its OpenAI-compatible API (see tests/server_imitations.py)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.cli.helpers import wb
from tests.fake_openai_server import FakeOpenAIServer
from tests.llm_helpers import style_responder
from tests.server_imitations import DEFAULT_MODELS, IMITATIONS, Imitation
from workbench.io.translate.styles import load_catalog

PASSAGE = "Ich kann denken. Ich kann warten. Ich kann fasten.\n"
STYLES = load_catalog().builtin_ids


@pytest.fixture
def passage(tmp_path: Path) -> Path:
    path = tmp_path / "p.de.txt"
    path.write_text(PASSAGE, encoding="utf-8")
    return path


def imitating(
    server: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch, imitate: Imitation
) -> FakeOpenAIServer:
    server.imitate = imitate
    server.responder = style_responder
    monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
    # local servers take any key (Ollama and llama-server ignore it; vLLM's is optional)
    monkeypatch.setenv("OPENAI_API_KEY", "ollama")
    return server


def translate(passage: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    args = ["translate", str(passage), "--from", "de", "--to", "en", "--format", "json"]
    for style in STYLES:
        args += ["--style", style]
    return wb(*args, "--no-cache", *extra)


def assert_every_style_rendered(result: subprocess.CompletedProcess[str]) -> list[dict[str, Any]]:
    assert result.returncode == 0, result.stderr
    renditions: list[dict[str, Any]] = json.loads(result.stdout)["renditions"]
    assert [r["style"] for r in renditions] == STYLES
    for rendition in renditions:
        assert rendition["error"] is None, rendition
        assert rendition["text"].strip(), rendition
        assert "Ich kann denken" in rendition["text"], rendition
    return renditions


@pytest.mark.parametrize("imitate", IMITATIONS)
def test_every_style_renders_with_the_model_named(
    fake_openai: FakeOpenAIServer,
    monkeypatch: pytest.MonkeyPatch,
    passage: Path,
    imitate: Imitation,
) -> None:
    server = imitating(fake_openai, monkeypatch, imitate)
    result = translate(passage, "-m", DEFAULT_MODELS[imitate])
    renditions = assert_every_style_rendered(result)
    assert len(server.requests) == len(STYLES), "no style needed a second request"
    for record in server.requests:
        assert record["body"]["response_format"]["type"] == "json_schema"
        assert "max_completion_tokens" not in record["body"]
    for rendition in renditions:
        assert rendition["model"] == DEFAULT_MODELS[imitate]
        assert rendition["usage"]["total_tokens"] > 0, "usage came with stream_options"


@pytest.mark.parametrize("imitate", IMITATIONS)
def test_every_style_renders_with_the_model_the_server_lists(
    fake_openai: FakeOpenAIServer,
    monkeypatch: pytest.MonkeyPatch,
    passage: Path,
    imitate: Imitation,
) -> None:
    """No model configured: the workbench asks `/v1/models`, as a local server's user expects."""
    server = imitating(fake_openai, monkeypatch, imitate)
    assert_every_style_rendered(translate(passage))
    assert {r["body"]["model"] for r in server.requests} == {DEFAULT_MODELS[imitate]}
    assert [r["path"] for r in server.other_requests] == ["/v1/models"]


def test_older_ollama_ignores_the_json_schema_and_sends_no_usage(
    fake_openai: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch, passage: Path
) -> None:
    """Before structured outputs, Ollama answered a `json_schema` request with whatever the
    model wrote (here the JSON the prompt asks for, fenced, after a line of prose), and ignored
    `stream_options`, so no usage arrives."""
    server = imitating(fake_openai, monkeypatch, "ollama")
    server.imitate_old = True
    renditions = assert_every_style_rendered(translate(passage, "-m", "qwen2.5:7b"))
    for rendition in renditions:
        assert "```" not in rendition["text"] and "Here is" not in rendition["text"]
        assert rendition["notes"], "the whole JSON object was read, not just its text"
        assert rendition["usage"]["total_tokens"] is None, "no usage: unknown, never 0"


def test_older_vllm_forbids_fields_it_does_not_know(
    fake_openai: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch, passage: Path
) -> None:
    """vLLM 0.6.3 answers 400 `extra_forbidden` for any field it does not know (e.g.
    `max_completion_tokens`): the workbench sends only fields it takes, seed included."""
    from workbench.io.config import config_file

    server = imitating(fake_openai, monkeypatch, "vllm")
    server.imitate_old = True
    config_file().write_text("[llm]\nmax_output_tokens = 800\n", encoding="utf-8")
    model = DEFAULT_MODELS["vllm"]
    assert_every_style_rendered(translate(passage, "-m", model, "--seed", "7"))
    assert len(server.requests) == len(STYLES), "no request was refused"
    assert {r["body"]["seed"] for r in server.requests} == {7}
    assert {r["body"]["max_tokens"] for r in server.requests} == {800}


def test_the_imitated_vllm_refuses_an_unknown_field(fake_openai: FakeOpenAIServer) -> None:
    import openai

    fake_openai.imitate = "vllm"
    fake_openai.imitate_old = True
    client = openai.OpenAI(base_url=fake_openai.base_url, api_key="x", max_retries=0)
    with pytest.raises(openai.BadRequestError) as caught:
        client.chat.completions.create(
            model=DEFAULT_MODELS["vllm"],
            messages=[{"role": "user", "content": "hi"}],
            max_completion_tokens=10,
        )
    assert "extra_forbidden" in str(caught.value) and "max_completion_tokens" in str(caught.value)


@pytest.mark.parametrize("imitate", IMITATIONS)
def test_a_reasoning_model_thinks_first_and_every_style_still_renders(
    fake_openai: FakeOpenAIServer,
    monkeypatch: pytest.MonkeyPatch,
    passage: Path,
    imitate: Imitation,
) -> None:
    """Thinking arrives as `reasoning_content` (llama-server, vLLM) or `reasoning` (Ollama)
    deltas before the answer; it is never part of the rendition."""
    server = imitating(fake_openai, monkeypatch, imitate)
    server.reasoning_text = "The user wants a translation. Let me think about fasten."
    renditions = assert_every_style_rendered(translate(passage, "-m", DEFAULT_MODELS[imitate]))
    for rendition in renditions:
        assert "Let me think" not in rendition["text"]


@pytest.mark.parametrize("imitate", ["ollama", "vllm"])
def test_a_model_the_server_does_not_have_is_one_request_per_style(
    fake_openai: FakeOpenAIServer,
    monkeypatch: pytest.MonkeyPatch,
    passage: Path,
    imitate: Imitation,
) -> None:
    """Ollama and vLLM answer 404 for a model they do not serve: the style's error at once, in
    the server's words, never a step down the output-mode ladder."""
    server = imitating(fake_openai, monkeypatch, imitate)
    result = translate(passage, "-m", "llama3:8b")
    assert result.returncode == 1, result.stderr
    assert "llama3:8b" in result.stderr and "Traceback" not in result.stderr
    assert len(server.requests) == len(STYLES)
    assert all(r["body"]["response_format"]["type"] == "json_schema" for r in server.requests)


def test_llamacpp_names_the_model_it_loaded(
    fake_openai: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch, passage: Path
) -> None:
    """llama-server answers any model name with the one GGUF it has: the rendition records the
    model that answered."""
    imitating(fake_openai, monkeypatch, "llamacpp")
    renditions = assert_every_style_rendered(translate(passage, "-m", "gpt-4o"))
    assert {r["model"] for r in renditions} == {DEFAULT_MODELS["llamacpp"]}
