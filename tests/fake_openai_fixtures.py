"""Pytest fixtures for the fake OpenAI-compatible server.

Use it from tests/conftest.py with::

    from tests.fake_openai_fixtures import fake_openai  # noqa: F401
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fake_openai_server import FakeOpenAIServer


@pytest.fixture
def fake_openai() -> Iterator[FakeOpenAIServer]:
    """A started :class:`FakeOpenAIServer` on 127.0.0.1 (default responder), stopped afterwards.

    Tests configure it by setting attributes (``responder``, ``latency``, ``chunk_delay``,
    ``supports_json_schema``...) and appending to ``faults`` / calling ``add_fault``.
    """
    server = FakeOpenAIServer().start()
    try:
        yield server
    finally:
        server.stop()
