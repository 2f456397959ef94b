"""The fake OpenAI server as the TUI tests use it (`helpers.serve`): `serving(responder,
**settings)` sets it up; `server` is the one most tests want, each style answering
`[<style name>] <passage>` with the SDK's retries off. A module with other answers or pacing
names its own `server` from `serving`."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

from tests.fake_openai_server import FakeOpenAIServer
from tests.tui.helpers import Serving, serve


@pytest.fixture
def serving(
    fake_openai: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch, isolated_dirs: Path
) -> Serving:
    return partial(serve, fake_openai, monkeypatch, isolated_dirs)


@pytest.fixture
def server(serving: Serving) -> FakeOpenAIServer:
    return serving()
