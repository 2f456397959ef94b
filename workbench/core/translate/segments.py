"""A rendition's sentence alignment from the model's own answer, where the answer allows it.

The model is shown the passage's sentences numbered (`core.sentences`, the one splitter; from 1)
and asked for its rendition also as segments, each naming the source sentences it translates.
The segments are taken only when they can be trusted:

- their texts, joined, are the body text (white space aside: it is removed on both sides
  before comparing, so a segment may end without the space or line break the body has, and
  scripts written without spaces compare alike);
- their source numbers, read in order, are 1, 2, ... n: every source sentence once, in order
  (a segment may name several sentences, translated together, or none: a sentence the
  translation added; a segment with empty text is a sentence left out).

Otherwise there is no alignment from the model, and the aligner (`core.align`) makes one.
Each segment's text is split into sentences by the same splitter, numbered on through the
segments, so the target side covers every sentence of the segments once, in order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from workbench.core.align import SentencePair, sentence_joiner
from workbench.core.sentences import split_sentences
from workbench.core.translate.models import Segment

_SPACE = re.compile(r"\s+")


def _bare(text: str) -> str:
    return _SPACE.sub("", text)


def alignment_from_segments(
    source_sentences: Sequence[str],
    segments: Sequence[Segment],
    body: str,
    target_language: str,
    source_language: str,
) -> list[SentencePair] | None:
    """The alignment the segments give, or None when they do not rebuild `body` or do not
    cover each of `source_sentences` once, in order."""
    if not segments or not source_sentences:
        return None
    numbers = [n for segment in segments for n in segment.source]
    if numbers != list(range(1, len(source_sentences) + 1)):
        return None
    if _bare("".join(segment.text for segment in segments)) != _bare(body):
        return None
    join_s, join_t = sentence_joiner(source_language), sentence_joiner(target_language)
    pairs: list[SentencePair] = []
    next_target = 0
    for segment in segments:
        sentences = split_sentences(segment.text, target_language)
        if not segment.source and not sentences:
            continue  # an empty segment for no sentence: nothing to show
        target = list(range(next_target, next_target + len(sentences)))
        next_target += len(sentences)
        pairs.append(
            SentencePair(
                source=[n - 1 for n in segment.source],
                target=target,
                source_text=join_s.join(source_sentences[n - 1] for n in segment.source),
                target_text=join_t.join(sentences),
            )
        )
    return pairs


def join_pieces(pieces: Sequence[Sequence[SentencePair]]) -> list[SentencePair]:
    """The alignments of consecutive pieces of a passage as one: each piece's sentence
    indices shifted past the sentences of the pieces before it, on both sides."""
    out: list[SentencePair] = []
    source_offset = target_offset = 0
    for pairs in pieces:
        for pair in pairs:
            out.append(
                pair.model_copy(
                    update={
                        "source": [i + source_offset for i in pair.source],
                        "target": [j + target_offset for j in pair.target],
                    }
                )
            )
        source_offset += sum(len(pair.source) for pair in pairs)
        target_offset += sum(len(pair.target) for pair in pairs)
    return out


def numbered_sentences(passage: str, language: str) -> str:
    """The passage's sentences, one a line, numbered from 1 (as the prompt shows them)."""
    sentences = split_sentences(passage, language)
    return "\n".join(f"{n}. {_SPACE.sub(' ', s)}" for n, s in enumerate(sentences, 1))


def passage_alignment(
    passage: str,
    pieces: Sequence[str],
    answers: Sequence[tuple[Sequence[Segment], str]],
    source_language: str,
    target_language: str,
) -> list[SentencePair] | None:
    """The alignment of a whole passage from the segments of each piece's answer (`answers`:
    each piece's segments and body, in order), or None where any piece's segments fail the
    check. A passage sent in pieces is numbered piece by piece: the pieces' numbers are
    shifted on, provided the pieces' sentences are the passage's sentences (else None)."""
    if not answers or len(answers) != len(pieces):
        return None
    sentences = [split_sentences(piece, source_language) for piece in pieces]
    if len(pieces) > 1:
        whole = split_sentences(passage, source_language)
        if [s for piece in sentences for s in piece] != whole:
            return None
    aligned: list[list[SentencePair]] = []
    for piece_sentences, (segments, body) in zip(sentences, answers, strict=True):
        pairs = alignment_from_segments(
            piece_sentences, segments, body, target_language, source_language
        )
        if pairs is None:
            return None
        aligned.append(pairs)
    return join_pieces(aligned)
