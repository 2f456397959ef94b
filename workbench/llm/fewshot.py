"""Few-shot completion prompts for a base (not instruction-tuned) model.

A base model cannot follow instructions, but it continues a pattern. The prompt is the style's
exemplar pairs, one block each, then the passage with the target label left open:

    German: Als Gregor Samsa eines Morgens ...
    English: When Gregor Samsa woke one morning ...

    German: <the passage>
    English:

The model's continuation up to the end of that line is the rendition. For a style with footnotes
the exemplars show them as lines starting with `[1]` right under the rendition, and the model may
add such lines too. Pure functions only: the runtime lives in `local_provider.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from workbench.core.sentences import base_language, split_sentences
from workbench.core.translate.leaks import drop_leaked
from workbench.core.translate.models import Exemplar, StyleProfile
from workbench.core.translate.prompts import language_name, split_passage

FEWSHOT_VERSION = "fewshot/2"
MAX_EXEMPLARS = 4
UNIT_CHARS = 400
"""A passage is rendered sentence by sentence, a sentence longer than this many characters
in parts: a small model keeps to the pattern better on short inputs."""

_FOOTNOTE_LINE = re.compile(r"^\s*\[(\d+)\]\s*")
_MARK = re.compile(r"\[(\d+)\]")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def one_line(text: str) -> str:
    """Collapse every run of whitespace (line breaks included) into one space."""
    return " ".join(text.split())


def split_rendition(rendition: str) -> tuple[str, list[str]]:
    """An exemplar's rendition as (body, footnote lines): footnotes are lines starting `[n]`."""
    body: list[str] = []
    notes: list[str] = []
    for line in rendition.strip().splitlines():
        if _FOOTNOTE_LINE.match(line):
            notes.append(one_line(line))
        elif notes and line.strip():
            notes[-1] += " " + one_line(line)  # a footnote's continuation line
        elif line.strip():
            body.append(line)
    return one_line(" ".join(body)), notes


def _base(tag: str) -> str:
    return base_language(tag)


def _reversed(e: Exemplar) -> Exemplar:
    return Exemplar(
        source_language=e.target_language,
        target_language=e.source_language,
        source=split_rendition(e.rendition)[0],
        rendition=e.source,
    )


def candidate_exemplars(
    style: StyleProfile, source_language: str, target_language: str
) -> list[Exemplar]:
    """The style's exemplars for the pair (by base language: `de-CH` reads `de`'s), then those
    of the pair the other way round, source and rendition swapped (the style is lost, the
    pattern is not): what serves the way back of a round trip."""
    src, tgt = _base(source_language), _base(target_language)
    forward = [
        e
        for e in style.exemplars
        if _base(e.source_language) == src and _base(e.target_language) == tgt
    ]
    backward = [
        _reversed(e)
        for e in style.exemplars
        if _base(e.source_language) == tgt and _base(e.target_language) == src
    ]
    return forward + backward


def _normal(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def is_same_text(a: str, b: str) -> bool:
    """True when one text contains the other (case, spacing and punctuation aside)."""
    x, y = _normal(a), _normal(b)
    return bool(x and y) and (x in y or y in x)


def pick_exemplars(
    style: StyleProfile,
    source_language: str,
    target_language: str,
    unit: str = "",
    limit: int = MAX_EXEMPLARS,
) -> list[Exemplar]:
    """The exemplars to show for `unit`: of the pair (see `candidate_exemplars`), never the
    unit itself nor one that contains it or that it contains (a model shown the answer copies
    it), the `limit` nearest to it in length, the nearest last (next to the unit)."""
    pool = [
        e
        for e in candidate_exemplars(style, source_language, target_language)
        if not (unit and is_same_text(e.source, unit))
    ]
    if unit:
        length = len(one_line(unit))
        pool = sorted(pool, key=lambda e: abs(len(one_line(e.source)) - length))[:limit]
        return pool[::-1]
    return pool[:limit]


def exemplar_pairs(styles: list[StyleProfile]) -> set[tuple[str, str]]:
    """The language pairs (base tags) the styles have exemplars for, either way round."""
    pairs: set[tuple[str, str]] = set()
    for style in styles:
        for e in style.exemplars:
            src, tgt = _base(e.source_language), _base(e.target_language)
            pairs |= {(src, tgt), (tgt, src)}
    return pairs


@dataclass(frozen=True)
class FewShotPrompt:
    text: str
    stop: list[str] = field(default_factory=list)
    footnotes: bool = False


def build_fewshot_prompt(
    unit: str,
    source_language: str,
    target_language: str,
    exemplars: list[Exemplar],
    *,
    footnotes: bool,
) -> FewShotPrompt:
    """The completion prompt for one unit of the passage (see the module's docstring)."""
    blocks: list[str] = []
    labels: set[str] = set()
    for ex in exemplars:
        src_label = language_name(ex.source_language)
        tgt_label = language_name(ex.target_language)
        labels.add(src_label)
        body, notes = split_rendition(ex.rendition)
        block = f"{src_label}: {one_line(ex.source)}\n{tgt_label}: {body}"
        if footnotes and notes:
            block += "\n" + "\n".join(notes)
        blocks.append(block)
    source = language_name(_base(source_language))
    target = language_name(_base(target_language))
    labels.add(source)
    blocks.append(f"{source}: {one_line(unit)}\n{target}:")
    stop = ["\n\n", *sorted(f"\n{label}:" for label in labels)] if footnotes else ["\n"]
    return FewShotPrompt("\n\n".join(blocks), stop, footnotes)


def passage_units(
    passage: str, max_chars: int = UNIT_CHARS, language: str = "en"
) -> list[list[str]]:
    """The passage as paragraphs, each a list of units: its sentences (`core.sentences`, the
    one splitter), a sentence longer than `max_chars` cut at whitespace. A small model keeps
    to the pattern one sentence at a time, and one sentence's loop cannot eat the rest.

    Lines inside a paragraph are joined (hard-wrapped prose reads as one paragraph).
    """
    paragraphs = [one_line(p) for p in _PARAGRAPH_BREAK.split(passage.strip())]
    return [
        [
            piece
            for sentence in split_sentences(p, language)
            for piece in split_passage(sentence, max_chars, language)
        ]
        for p in paragraphs
        if p
    ]


@dataclass
class ParsedUnit:
    text: str
    footnotes: list[str]


def parse_completion(completion: str, *, footnotes: bool) -> ParsedUnit:
    """The rendition in a completion: its first line; for footnote styles, the `[n]` lines
    right under it."""
    lines = completion.lstrip(" \t").split("\n")
    text = lines[0].strip()
    notes: list[str] = []
    if footnotes:
        for line in lines[1:]:
            if not _FOOTNOTE_LINE.match(line):
                break
            notes.append(line.strip())
    return ParsedUnit(text, notes)


def renumber(unit: ParsedUnit, offset: int) -> ParsedUnit:
    """Shift the footnote numbers of a unit by `offset` (units are numbered from [1] each)."""
    if not offset:
        return unit

    def shift(match: re.Match[str]) -> str:
        return f"[{int(match.group(1)) + offset}]"

    return ParsedUnit(_MARK.sub(shift, unit.text), [_MARK.sub(shift, n, 1) for n in unit.footnotes])


def without_leaks(
    unit: ParsedUnit, passage: str, style: StyleProfile, source_language: str
) -> ParsedUnit:
    """`unit` without the footnotes copied from the style's exemplars (`core.translate.leaks`):
    they are about the exemplars, not about the passage."""
    if not unit.footnotes:
        return unit
    src = _base(source_language)
    sources = [e.source for e in style.exemplars if _base(e.source_language) == src]
    sources += [
        split_rendition(e.rendition)[0] for e in style.exemplars if _base(e.target_language) == src
    ]
    texts = [t for e in style.exemplars for t in (e.source, e.rendition)]
    text, footnotes, _ = drop_leaked(unit.text, unit.footnotes, [], passage, sources, texts)
    return ParsedUnit(text, footnotes)
