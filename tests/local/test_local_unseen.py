"""The real embedded model on passages that are in no exemplar (issue 14 items 5, 7, 8):
sources that enumerate do not make it loop, a loop that happens all the same is stopped and
the rendition says it is partial, exemplar footnotes never reach a rendition, and the round
trip goes back on the forward exemplars. Kept short: the model is slow on a busy machine."""

from __future__ import annotations

from pathlib import Path

from tests.local.conftest import THREADS
from workbench.core.translate.models import Exemplar, StyleProfile
from workbench.core.translate.repetition import repeated_phrase
from workbench.io.translate.styles import load_catalog
from workbench.llm.local_generate import Decoding
from workbench.llm.local_provider import LocalProvider
from workbench.services.engine import TranslationEngine, TranslationJob, collect

SIDDHARTHA = (
    "Im Schatten des Hauses, in der Sonne des Flußufers bei den Booten, im Schatten des "
    "Salwaldes, im Schatten des Feigenbaumes wuchs Siddhartha auf, der schöne Sohn des "
    "Brahmanen, der junge Falke, zusammen mit Govinda, seinem Freunde, dem Brahmanensohn."
)
RIVER = "Der Fluss lachte. Ja, so war es, der Fluss lachte, er lachte hell den alten Fährmann aus."
KING = "Es war einmal ein König, der hatte drei Söhne, und der jüngste hieß der Dummling."
PROCESS = "Jemand musste Josef K. verleumdet haben, denn er wurde eines Morgens verhaftet."
EXEMPLAR_ONLY = ("Kämmerchen", "Bettchen", "Ungeziefer", "Maman", "hidalgo", "Dickens", "Dante")


def provider(model_dir: Path) -> LocalProvider:
    return LocalProvider(model_dir=str(model_dir), n_threads=THREADS)


def job(passage: str, *styles: str, round_trip: bool = False) -> TranslationJob:
    catalog = load_catalog().resolve(list(styles))
    return TranslationJob(passage, "de", "en", catalog, use_cache=False, round_trip=round_trip)


async def test_passages_that_enumerate_are_rendered_whole_without_a_loop(
    local_model_dir: Path,
) -> None:
    engine = TranslationEngine(provider(local_model_dir))
    for passage, style in [(SIDDHARTHA, "rosner"), (RIVER, "literal")]:
        (r,) = (await collect(engine, job(passage, style))).renditions
        assert r.error is None and r.partial is None, (style, r.error, r.text)
        assert repeated_phrase(passage, r.text) is None, r.text
        assert "Siddhartha" in r.text or "river" in r.text.lower()


async def test_a_loop_is_stopped_and_the_rendition_says_it_is_partial(
    local_model_dir: Path,
) -> None:
    """Exemplars that repeat themselves teach the model to loop, and with no penalties to hold
    it back it does: the guard stops it and the rendition ends there, partial, saying why."""
    echo = StyleProfile(
        id="echo",
        name="Echo",
        brief="b",
        temperature=0.0,
        exemplars=[
            Exemplar(
                source_language="de",
                target_language="en",
                source=word + ".",
                rendition=", ".join([answer] * 16) + ".",
            )
            for word, answer in [("Ja", "yes"), ("Gut", "good"), ("Hier", "here")]
        ],
    )
    bare = LocalProvider(
        model_dir=str(local_model_dir), decodings=(Decoding(1.0, 0.0, 0.0),), n_threads=THREADS
    )
    result = await collect(
        TranslationEngine(bare), TranslationJob("Nein.", "de", "en", [echo], use_cache=False)
    )
    (r,) = result.renditions
    assert r.partial is not None and r.partial.reason == "repetition", (r.error, r.text)
    assert r.error is not None and "repeat itself" in r.error.message
    assert r.text.strip() and repeated_phrase("Nein.", r.text) is None, r.text


async def test_exemplar_footnotes_never_reach_a_rendition_and_the_round_trip_returns(
    local_model_dir: Path,
) -> None:
    engine = TranslationEngine(provider(local_model_dir))
    for passage in (KING, PROCESS):
        (r,) = (await collect(engine, job(passage, "neugroschel", round_trip=True))).renditions
        assert r.error is None, r.error
        for note in r.footnotes:
            assert not any(word in note for word in EXEMPLAR_ONLY if word not in passage), note
        assert r.round_trip is not None and r.round_trip.error is None, r.round_trip
        assert r.round_trip.text.strip()
