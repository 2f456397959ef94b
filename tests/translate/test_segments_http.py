"""The alignment from the model where it can: the passage's sentences are numbered in the
prompt, the answer carries its text as segments keyed by source sentence number too; segments
that rebuild the body and cover every source sentence once, in order, are the rendition's
alignment (origin `model`), any others leave it to the aligner (origin `aligner`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from tests.fake_openai_server import FakeOpenAIServer, strict_schema_problem
from tests.llm_helpers import make_provider, request_parts
from workbench.core.compare.analysis import analyse
from workbench.core.sentences import split_sentences
from workbench.core.translate.models import Comparison, Rendition
from workbench.io.translate.styles import load_catalog
from workbench.llm.cache import ResponseCache
from workbench.services.engine import TranslationEngine, TranslationJob, collect

PASSAGE = "Siddhartha ging zum Fluss. Govinda folgte ihm. Sie schwiegen lange."
TEXT = "Siddhartha went to the river, and Govinda followed him. For a long time they were silent."
GOOD = [
    {"source": [1, 2], "text": "Siddhartha went to the river, and Govinda followed him."},
    {"source": [3], "text": "For a long time they were silent."},
]
SENTENCES_RE = re.compile(r"<<<SENTENCES\n(.*?)\nSENTENCES>>>", re.S)

Segments = list[dict[str, Any]]


def numbered(body: dict[str, Any]) -> list[str]:
    """The numbered sentences a request shows (none: the block is not there)."""
    text = "\n".join(str(m.get("content", "")) for m in body["messages"])
    block = SENTENCES_RE.search(text)
    if block is None:
        return []
    return [line.split(". ", 1)[1] for line in block.group(1).splitlines()]


def responder(text: str, segments: Segments | Callable[[dict[str, Any]], Segments]) -> Any:
    def answer(body: dict[str, Any]) -> str | dict[str, Any]:
        if not body.get("response_format"):
            return text
        segs = segments(body) if callable(segments) else segments
        return {"text": text, "segments": segs, "notes": [], "footnotes": []}

    return answer


async def render(server: FakeOpenAIServer, **kw: Any) -> tuple[Rendition, Comparison]:
    """One rendition (rosner), and the run analysed as the CLI and the TUI analyse it."""
    cache = kw.pop("cache", None)
    passage = kw.pop("passage", PASSAGE)
    job = TranslationJob(passage, "de", "en", load_catalog().resolve(["rosner"]), **kw)
    provider = make_provider(server.base_url)
    try:
        run = await collect(TranslationEngine(provider, cache=cache), job)
    finally:
        await provider.aclose()
    (rendition,) = run.renditions
    assert rendition.error is None, rendition.error
    return rendition, analyse(run)


def beads(rendition: Rendition) -> list[tuple[list[int], list[int]]]:
    assert rendition.alignment is not None
    return [(p.source, p.target) for p in rendition.alignment]


async def test_segments_that_rebuild_the_body_are_the_alignment(
    fake_openai: FakeOpenAIServer,
) -> None:
    fake_openai.responder = responder(TEXT, GOOD)
    rendition, analysed = await render(fake_openai)
    assert rendition.text == TEXT
    assert rendition.alignment_origin == "model"
    # the model's 2-1 merge where the aligner (length alone) would see 1-1 beads
    assert beads(rendition) == [([0, 1], [0]), ([2], [1])]
    assert rendition.alignment is not None
    assert rendition.alignment[0].source_text == "Siddhartha ging zum Fluss. Govinda folgte ihm."
    assert rendition.alignment[1].target_text == "For a long time they were silent."
    kept = analysed.renditions[0]
    assert kept.alignment_origin == "model" and kept.alignment == rendition.alignment
    (request,) = fake_openai.requests
    body = request["body"]
    assert numbered(body) == split_sentences(PASSAGE, "de")
    schema = body["response_format"]["json_schema"]["schema"]
    assert "segments" in schema["required"] and strict_schema_problem(schema) is None


async def test_segments_may_differ_from_the_body_in_white_space_only(
    fake_openai: FakeOpenAIServer,
) -> None:
    text = "Siddhartha went to the river.\nGovinda followed him.\n\nThey were silent."
    segments = [
        {"source": [1], "text": "Siddhartha went to the river."},
        {"source": [2], "text": " Govinda followed him. "},
        {"source": [3], "text": "They were silent."},
    ]
    fake_openai.responder = responder(text, segments)
    rendition, _ = await render(fake_openai)
    assert rendition.alignment_origin == "model"
    assert beads(rendition) == [([0], [0]), ([1], [1]), ([2], [2])]


BAD: dict[str, Segments] = {
    "missing text": [{"source": [1, 2]}, {"source": [3], "text": GOOD[1]["text"]}],
    "text not the body's": [GOOD[0], {"source": [3], "text": "They said nothing."}],
    "a sentence missing": [GOOD[0]],
    "a number not in the passage": [GOOD[0], {"source": [4], "text": GOOD[1]["text"]}],
    "a number twice": [GOOD[0], {"source": [2, 3], "text": GOOD[1]["text"]}],
    "out of order": [{"source": [2, 1], "text": GOOD[0]["text"]}, GOOD[1]],
    "0-based": [
        {"source": [0, 1], "text": GOOD[0]["text"]},
        {"source": [2], "text": GOOD[1]["text"]},
    ],
    "not a list of objects": [GOOD[0]["text"], GOOD[1]["text"]],  # type: ignore[list-item]
    "none": [],
}


@pytest.mark.parametrize("case", list(BAD))
async def test_segments_that_do_not_check_out_leave_it_to_the_aligner(
    fake_openai: FakeOpenAIServer, case: str
) -> None:
    fake_openai.responder = responder(TEXT, BAD[case])
    rendition, analysed = await render(fake_openai)
    assert rendition.text == TEXT, "the rendition itself is never the worse for its segments"
    assert rendition.alignment is None and rendition.alignment_origin is None
    aligned = analysed.renditions[0]
    assert aligned.alignment_origin == "aligner"
    assert aligned.alignment, "the aligner aligned the text"
    assert sorted(i for p in aligned.alignment for i in p.source) == [0, 1, 2]


async def test_a_text_mode_answer_is_aligned_by_the_aligner(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.supports_json_schema = False
    fake_openai.supports_json_object = False
    fake_openai.responder = responder(TEXT, GOOD)
    rendition, analysed = await render(fake_openai)
    assert rendition.provenance.output_mode == "text"
    assert rendition.alignment_origin is None
    assert analysed.renditions[0].alignment_origin == "aligner"
    asked = fake_openai.requests[-1]["body"]
    assert not asked.get("response_format") and numbered(asked) == []


async def test_a_json_object_answer_with_good_segments_is_taken(
    fake_openai: FakeOpenAIServer,
) -> None:
    fake_openai.supports_json_schema = False
    fake_openai.responder = responder(TEXT, GOOD)
    rendition, _ = await render(fake_openai)
    assert rendition.provenance.output_mode == "json_object"
    assert rendition.alignment_origin == "model"


PARAGRAPHS = [
    "Siddhartha ging zum Fluss. Govinda folgte ihm.",
    "Sie schwiegen lange. Dann sprach Govinda.",
    "Der Fluss lachte.",
]


def piece_by_piece(body: dict[str, Any]) -> Segments:
    """Each piece answered sentence for sentence, numbered within the piece (from 1)."""
    return [
        {"source": [n], "text": f"EN {sentence}"} for n, sentence in enumerate(numbered(body), 1)
    ]


def piece_text(body: dict[str, Any]) -> dict[str, Any] | str:
    segments = piece_by_piece(body)
    return {
        "text": " ".join(s["text"] for s in segments),
        "segments": segments,
        "notes": [],
        "footnotes": [],
    }


async def test_a_passage_in_pieces_is_numbered_per_piece_and_shifted_on(
    fake_openai: FakeOpenAIServer,
) -> None:
    fake_openai.responder = piece_text
    passage = "\n\n".join(PARAGRAPHS)
    rendition, analysed = await render(fake_openai, passage=passage, max_chars=50)
    assert rendition.provenance.chunks == 3
    pieces = [numbered(r["body"]) for r in fake_openai.requests]
    assert [len(p) for p in pieces] == [2, 2, 1], "each piece numbers its own sentences from 1"
    assert rendition.alignment_origin == "model"
    assert beads(rendition) == [([i], [i]) for i in range(5)]
    assert rendition.alignment is not None
    assert [p.target_text for p in rendition.alignment] == [
        f"EN {s}" for s in split_sentences(passage, "de")
    ]
    assert analysed.renditions[0].alignment == rendition.alignment


async def test_one_piece_failing_the_check_leaves_the_whole_passage_to_the_aligner(
    fake_openai: FakeOpenAIServer,
) -> None:
    def answer(body: dict[str, Any]) -> dict[str, Any] | str:
        out = piece_text(body)
        assert isinstance(out, dict)
        if "Fluss lachte" in request_parts(body)[0]:
            out["segments"] = []
        return out

    fake_openai.responder = answer
    passage = "\n\n".join(PARAGRAPHS)
    rendition, analysed = await render(fake_openai, passage=passage, max_chars=50)
    assert rendition.alignment_origin is None
    assert analysed.renditions[0].alignment_origin == "aligner"


async def test_a_round_trip_asks_for_no_segments(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.responder = responder(TEXT, GOOD)
    rendition, _ = await render(fake_openai, round_trip=True)
    assert rendition.round_trip is not None and rendition.round_trip.error is None
    first, back = (r["body"] for r in fake_openai.requests)
    assert numbered(first) and not numbered(back)
    assert '"segments": []' in back["messages"][0]["content"]


async def test_a_cached_answer_keeps_its_segments(
    fake_openai: FakeOpenAIServer, tmp_path: Any
) -> None:
    fake_openai.responder = responder(TEXT, GOOD)
    cache = ResponseCache(tmp_path / "cache.sqlite3")
    first, _ = await render(fake_openai, cache=cache)
    again, _ = await render(fake_openai, cache=cache)
    assert again.cached and len(fake_openai.requests) == 1
    assert again.alignment_origin == "model" and again.alignment == first.alignment
