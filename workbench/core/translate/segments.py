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
The target side indexes the rendition's sentences as the same splitter cuts its whole text (as
every reader of an alignment does): each sentence goes to the segment it stands in, and where
one runs across segments (the model cut inside what the splitter calls one sentence) those
segments make one bead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import accumulate

from workbench.core.align import SentencePair, sentence_joiner
from workbench.core.sentences import split_sentences
from workbench.core.translate.models import Segment

_SPACE = re.compile(r"\s+")


def _bare(text: str) -> str:
    return _SPACE.sub("", text)


def segments_fit(count: int, segments: Sequence[Segment], body: str) -> bool:
    """Whether `segments` cover sentences 1..`count` once each, in order, and rebuild `body`."""
    if not segments or count == 0:
        return False
    numbers = [n for segment in segments for n in segment.source]
    if numbers != list(range(1, count + 1)):
        return False
    return _bare("".join(segment.text for segment in segments)) == _bare(body)


def alignment_from_segments(
    source_sentences: Sequence[str],
    segments: Sequence[Segment],
    text: str,
    target_language: str,
    source_language: str,
) -> list[SentencePair] | None:
    """The alignment the segments give, or None when they do not fit (`segments_fit`).

    The target side is the sentences of `text` as the one splitter cuts it (what every reader
    of an alignment splits it into). A sentence that runs across segments joins them into one
    bead (the model cut where the splitter does not)."""
    if not segments_fit(len(source_sentences), segments, text):
        return None
    sentences = split_sentences(text, target_language)
    if _bare("".join(sentences)) != _bare(text):
        return None  # the splitter lost something: no positions to map segments onto
    ends = list(accumulate(len(_bare(s)) for s in sentences))
    clean = {0, *ends}  # the bare positions where no sentence runs across
    starts = [0, *ends[:-1]]
    join_s, join_t = sentence_joiner(source_language), sentence_joiner(target_language)
    pairs: list[SentencePair] = []
    group: list[int] = []
    position = next_target = 0
    for index, segment in enumerate(segments):
        group.extend(segment.source)
        position += len(_bare(segment.text))
        if index < len(segments) - 1 and position not in clean:
            continue  # a sentence runs on into the next segment: one bead for both
        target: list[int] = []
        while next_target < len(sentences) and starts[next_target] < position:
            target.append(next_target)
            next_target += 1
        if group or target:
            pairs.append(
                SentencePair(
                    source=[n - 1 for n in group],
                    target=target,
                    source_text=join_s.join(source_sentences[n - 1] for n in group),
                    target_text=join_t.join(sentences[j] for j in target),
                )
            )
        group = []
    return pairs


def numbered_sentences(passage: str, language: str) -> str:
    """The passage's sentences, one a line, numbered from 1 (as the prompt shows them)."""
    sentences = split_sentences(passage, language)
    return "\n".join(f"{n}. {_SPACE.sub(' ', s)}" for n, s in enumerate(sentences, 1))


def passage_alignment(
    passage: str,
    pieces: Sequence[str],
    answers: Sequence[tuple[Sequence[Segment], str]],
    text: str,
    source_language: str,
    target_language: str,
) -> list[SentencePair] | None:
    """The alignment of a whole rendition (`text`: the pieces' bodies joined) from the
    segments of each piece's answer (`answers`: each piece's segments and body, in order), or
    None where any piece's segments do not fit. A passage sent in pieces is numbered piece by
    piece: each piece's numbers are shifted past the sentences of the pieces before it,
    provided the pieces' sentences are the passage's sentences (else None)."""
    if not answers or len(answers) != len(pieces):
        return None
    per_piece = [split_sentences(piece, source_language) for piece in pieces]
    sentences = [s for piece in per_piece for s in piece]
    if len(pieces) > 1 and sentences != split_sentences(passage, source_language):
        return None
    shifted: list[Segment] = []
    offset = 0
    for piece_sentences, (segments, body) in zip(per_piece, answers, strict=True):
        if not segments_fit(len(piece_sentences), segments, body):
            return None
        shifted += [Segment(source=[n + offset for n in s.source], text=s.text) for s in segments]
        offset += len(piece_sentences)
    return alignment_from_segments(sentences, shifted, text, target_language, source_language)
