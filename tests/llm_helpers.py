"""Helpers for tests that talk to the fake OpenAI-compatible server."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from workbench.llm.openai_provider import OpenAIProvider

PASSAGE_RE = re.compile(r"<<<PASSAGE \([^)]*\)\n(.*)\nPASSAGE>>>", re.S)
STYLE_RE = re.compile(r"^Style: (.*)\.$", re.M)


def request_parts(body: dict[str, Any]) -> tuple[str, str]:
    """The passage and the style name a translation request carries."""
    text = "\n".join(str(m.get("content", "")) for m in body["messages"])
    passage = PASSAGE_RE.search(text)
    style = STYLE_RE.findall(text)
    return (passage.group(1) if passage else ""), (style[-1] if style else "")


def answers_by_style(texts: Mapping[str, str]) -> Callable[[dict[str, Any]], Any]:
    """A responder answering each style (by its name) with its text in `texts` ("?" for any
    other), as JSON with no notes when JSON was asked for, else as text."""

    def answer(body: dict[str, Any]) -> str | dict[str, Any]:
        text = texts.get(request_parts(body)[1], "?")
        return {"text": text, "notes": [], "footnotes": []} if body.get("response_format") else text

    return answer


def style_responder(body: dict[str, Any]) -> str | dict[str, Any]:
    """Answers `[<style name>] <passage>`: as JSON when JSON was asked for, else as text."""
    passage, style = request_parts(body)
    text = f"[{style}] {passage}"
    if body.get("response_format"):
        return {"text": text, "notes": [f"note from {style}"], "footnotes": []}
    return text


def make_provider(base_url: str, **kw: Any) -> OpenAIProvider:
    options: dict[str, Any] = {
        "api_key": "sk-test-secret-key-1234567890",
        "base_url": base_url,
        "model": "fake-model",
        "timeout": 5.0,
        "max_retries": 2,
    }
    options.update(kw)
    return OpenAIProvider(**options)
