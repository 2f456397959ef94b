"""The rendition deadline with the real embedded model (issue 11, item 8): the clock starts when
the model's worker picks the rendition up (loading the model does not count), a generation
that outlives it is stopped at its next token, and the model is free for the next run."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tests.local.conftest import THREADS
from workbench.io.translate.styles import load_catalog
from workbench.llm.local_provider import LocalProvider
from workbench.services.engine import TranslationEngine, TranslationJob, collect

PASSAGE = "Ich kann denken. Ich kann warten. Ich kann fasten."


def job(*style_ids: str) -> TranslationJob:
    styles = load_catalog().resolve(list(style_ids))
    return TranslationJob(PASSAGE, "de", "en", styles, use_cache=False)


async def test_a_generation_past_the_deadline_is_stopped(local_model_dir: Path) -> None:
    provider = LocalProvider(model_dir=str(local_model_dir), n_threads=THREADS)
    await provider.prepare()  # loading: not part of any rendition's time
    short = TranslationEngine(provider, deadline=0.001)
    result = await asyncio.wait_for(collect(short, job("rosner", "literal")), timeout=60)
    for r in result.renditions:
        assert r.error is not None and r.error.type == "timeout", r
    # the worker thread let go: the next run renders normally
    again = await asyncio.wait_for(collect(TranslationEngine(provider), job("rosner")), 120)
    assert again.renditions[0].error is None and again.renditions[0].text
