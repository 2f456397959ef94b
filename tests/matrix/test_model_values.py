"""How a `--model` value is read: NAME:MODEL names an endpoint only when NAME is one."""

from __future__ import annotations

import pytest

from workbench.core.errors import WorkbenchError
from workbench.io.config import EndpointSettings
from workbench.llm.factory import resolve_model

ENDPOINTS = {
    "ollama": EndpointSettings(kind="openai", base_url="http://127.0.0.1:9/v1"),
    "embedded": EndpointSettings(kind="local"),
}


@pytest.mark.parametrize(
    ("value", "lane"),
    [
        ("gpt-4o", (None, "gpt-4o")),
        ("ollama:qwen2.5:7b", ("ollama", "qwen2.5:7b")),
        ("embedded:my.gguf", ("embedded", "my.gguf")),
        ("qwen2.5:7b", (None, "qwen2.5:7b")),  # `qwen2.5` is no endpoint name
        ("llama3:8b", (None, "llama3:8b")),  # `llama3` is no endpoint either
        ("default:ollama:x", (None, "ollama:x")),
        ("hf.co/org/model:Q4_K_M", (None, "hf.co/org/model:Q4_K_M")),
        ("claude-3@2024", (None, "claude-3@2024")),
        ("x:", (None, "x:")),
    ],
)
def test_values(value: str, lane: tuple[str | None, str]) -> None:
    assert resolve_model(value, ENDPOINTS, lambda: True) == lane


def test_a_mistyped_endpoint_goes_to_the_default_endpoint_with_a_warning() -> None:
    told: list[str] = []
    assert resolve_model("olama:qwen", ENDPOINTS, lambda: True, told.append) == (
        None,
        "olama:qwen",
    )
    [line] = told
    assert "known: embedded, ollama" in line and "did you mean ollama:qwen?" in line
    told.clear()  # an Ollama name, not a typo of `ollama`: no warning
    assert resolve_model("llama3:8b", ENDPOINTS, lambda: True, told.append) == (None, "llama3:8b")
    assert not told


def test_without_a_default_endpoint_that_takes_models_any_endpoint_like_prefix_is_refused() -> None:
    with pytest.raises(WorkbenchError, match=r"no endpoint .llama3.*known: embedded, ollama"):
        resolve_model("llama3:8b", ENDPOINTS, lambda: False)
    assert resolve_model("qwen2.5:7b", ENDPOINTS, lambda: False) == (None, "qwen2.5:7b")
    with pytest.raises(WorkbenchError):
        resolve_model("  ", ENDPOINTS, lambda: True)


@pytest.mark.parametrize("value", ["ollama:", "embedded:", "default:"])
def test_an_endpoint_with_no_model_after_it_is_refused(value: str) -> None:
    """`-m ollama:` was sent to the default endpoint as the model `ollama:`."""
    with pytest.raises(WorkbenchError, match=r"no model after"):
        resolve_model(value, ENDPOINTS, lambda: True)


@pytest.mark.parametrize("value", ["gpt\x1b[31m-4o", "ollama:qwen\u202e", "gpt-4o\n"])
def test_a_model_name_with_a_control_character_is_refused(value: str) -> None:
    with pytest.raises(WorkbenchError, match=r"control character"):
        resolve_model(value, ENDPOINTS, lambda: True, option="--judge")
