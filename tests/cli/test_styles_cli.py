from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from tests.cli.helpers import assert_clean_error, wb
from tests.fake_openai_server import FakeOpenAIServer


def test_styles_list_and_show() -> None:
    listing = wb("styles", "list")
    assert listing.returncode == 0
    for style_id in ("rosner", "neugroschel", "bernofsky", "literal"):
        assert style_id in listing.stdout
    data = json.loads(wb("styles", "list", "--format", "json").stdout)
    assert {d["id"] for d in data} >= {"rosner", "literal"}
    shown = wb("styles", "show", "neugroschel")
    assert shown.returncode == 0
    body = yaml.safe_load(shown.stdout)
    assert body["id"] == "neugroschel" and body["footnotes"] is True


def test_styles_show_unknown() -> None:
    assert "unknown style" in assert_clean_error(wb("styles", "show", "zzz"))


def test_broken_user_style_is_warned_about_in_list() -> None:
    folder = Path(os.environ["WORKBENCH_CONFIG_DIR"]) / "styles"
    folder.mkdir()
    (folder / "bad.yaml").write_text("name: Bad\ntemperature: 9\nbrief: x\n", encoding="utf-8")
    listing = wb("styles", "list")
    assert listing.returncode == 0
    assert "bad.yaml:2: temperature" in listing.stderr
    assert "rosner" in listing.stdout


def test_describe_saves_an_editable_style(
    fake_openai: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    brief = {
        "name": "Hilda Rosner",
        "summary": "Clear and plain.",
        "brief": "Translate plainly and directly.",
        "footnotes": False,
        "temperature": 0.3,
    }
    fake_openai.responder = lambda body: brief
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    result = wb("styles", "describe", "Hilda Rosner", "--from", "de", "--to", "en")
    assert result.returncode == 0, result.stderr
    assert "Translate plainly" in result.stdout
    path = Path(os.environ["WORKBENCH_CONFIG_DIR"]) / "styles" / "hilda-rosner.yaml"
    saved = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert saved["brief"] == "Translate plainly and directly."
    assert wb("styles", "show", "hilda-rosner").returncode == 0
    again = wb("styles", "describe", "Hilda Rosner", "--from", "de", "--to", "en")
    assert "already exists" in assert_clean_error(again)
    assert yaml.safe_load(path.read_text(encoding="utf-8")) == saved
    name_sent = fake_openai.requests[0]["body"]["messages"][-1]["content"]
    assert "Hilda Rosner" in name_sent


@pytest.mark.parametrize(
    ("answer", "saved"),
    [
        ({"brief": "  \n ", "temperature": 0.3}, None),  # no brief: nothing to save
        ({"brief": "Translate plainly.", "temperature": float("nan")}, 0.7),  # the default
    ],
    ids=["blank-brief", "nan-temperature"],
)
def test_describe_with_an_unusable_answer_is_a_clear_error_or_a_valid_style(
    fake_openai: FakeOpenAIServer,
    monkeypatch: pytest.MonkeyPatch,
    answer: dict[str, object],
    saved: float | None,
) -> None:
    fake_openai.responder = lambda body: {"name": "N", "summary": "s", "footnotes": False, **answer}
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    result = wb("styles", "describe", "Hilda", "--from", "de", "--to", "en", "--id", "hilda")
    path = Path(os.environ["WORKBENCH_CONFIG_DIR"]) / "styles" / "hilda.yaml"
    if saved is None:
        assert "no brief" in assert_clean_error(result)
        assert not path.exists()
    else:
        assert result.returncode == 0, result.stderr
        assert yaml.safe_load(path.read_text(encoding="utf-8"))["temperature"] == saved
        assert wb("styles", "show", "hilda").returncode == 0
