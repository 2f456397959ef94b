"""Skepticism flags: cheap signs that a rendition may have dropped, added or skipped something.

They are prompts to look closer, not verdicts. Each check is deliberately simple:

``length_ratio``
    The rendition's length over the source's, in *letter units*: letters and digits count 1,
    but a Chinese character counts 3 and a kana or Hangul syllable 2, roughly the number of Latin
    letters each stands for, so English against Chinese or Japanese compares like with like.
    Flagged outside ``[length_low, length_high]`` (default 0.5 to 2.0), and only when the source
    has at least ``min_units`` units (short texts vary too much).
``untranslated``
    Long source words (``untranslated_min_length`` letters or more, not capitalized) found
    verbatim among the rendition's words. Capitalized words are treated as names (below).
    Cognates between related languages ("information" in English and French) are flagged too.
``name_missing`` / ``name_added``
    Names, taken to be capitalized words that are not at the start of a sentence and never occur
    lowercased in the same text, present in one text but not the other. Only names in the script
    that dominates the other text are expected there (a Latin name need not appear in a Chinese
    rendition, which transliterates it). Capitals alone are not trusted in a German text
    (``source_lang`` or ``target_lang`` ``"de"``), where every noun is capitalized.
    Given the run's other texts (``others``: the other columns and the reference), a capitalized
    source word that stands verbatim in one of them (never lowercased there) is a name in any
    language, sentence starts included; and when the source is in a script without capitals
    (Chinese, Japanese, Korean), the names of the other texts are its names. A rendition that
    lacks one of these is flagged ``name_missing``.
``number_missing`` / ``number_added``
    Numbers present in one text and not the other, compared after normalizing digits of any
    script to ASCII and the thousands and decimal separators (``1,000``, ``1.000`` and ``1000``
    are the same; ``3,14`` and ``3.14`` are the same). Numbers written in words are not seen.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from workbench.core.compare.tokens import tokenize

if TYPE_CHECKING:  # pragma: no cover
    import regex

_NO_CAPITAL_NOUNS = ("de", "lb")  # languages that capitalize every noun
_SENTENCE_END = (".", "!", "?", "。", "！", "？", "…", "\n")


class Flag(BaseModel):
    """One thing about a rendition worth a second look."""

    kind: str = Field(
        description="length_ratio, untranslated, name_missing, name_added, sentence_missing, ..."
    )
    message: str = Field(description="one readable line")
    detail: list[str] = Field(default_factory=list, description="the words or numbers at issue")


class FlagConfig(BaseModel):
    length_low: float = 0.5
    length_high: float = 2.0
    min_units: int = 30
    untranslated_min_length: int = 7
    max_items: int = 10


@lru_cache(maxsize=1)
def _patterns() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    import regex

    units = regex.compile(r"(\p{Han})|([\p{Hiragana}\p{Katakana}\p{Hangul}])|([\p{L}\p{N}])")
    number = regex.compile(r"\d+(?:[.,]\d+|['\u00a0\u202f ]\d{3}(?!\d))*")
    return units, number


def letter_units(text: str) -> float:
    """Text length in rough Latin-letter equivalents (see the module docs)."""
    units, _ = _patterns()
    total = 0.0
    for han, syllabic, _other in units.findall(text):
        total += 3.0 if han else 2.0 if syllabic else 1.0
    return total


def normalize_number(raw: str) -> str:
    """``1,000.50`` -> ``1000.50``; ``1.000,5`` -> ``1000.5``; ``٣`` -> ``3``."""
    digits = "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in raw)
    groups: list[str] = []
    seps: list[str] = []
    current = ""
    for char in digits:
        if char.isdigit():
            current += char
        else:
            groups.append(current)
            seps.append(char)
            current = ""
    groups.append(current)
    if len(groups) == 1:
        return groups[0]
    # a last group of other than 3 digits after a '.' or ',' is the decimal part
    decimal = ""
    if seps[-1] in ".," and (len(groups[-1]) != 3 or (len(groups) == 2 and groups[0] == "0")):
        decimal = "." + groups.pop()
        seps.pop()
    return "".join(groups) + decimal


def numbers(text: str) -> set[str]:
    """The normalized numbers written with digits in `text`."""
    _, number = _patterns()
    return {normalize_number(m) for m in number.findall(text)}


def _number_key(number: str) -> tuple[float, str]:
    try:
        return (float(number), number)
    except ValueError:  # pragma: no cover - normalize_number yields digits and one '.'
        return (0.0, number)


def _script(word: str) -> str:
    for char in word:
        if char.isalpha():
            if char.isascii():
                return "LATIN"  # unicodedata's name of every ASCII letter starts so
            try:
                return unicodedata.name(char).split()[0]
            except ValueError:
                return "?"
    return "?"


def _dominant_script(words: list[str]) -> str:
    counts = Counter(_script(w) for w in words if any(c.isalpha() for c in w))
    return counts.most_common(1)[0][0] if counts else "?"


@lru_cache(maxsize=8)
def _words_with_position(text: str) -> tuple[tuple[str, bool], ...]:
    """Word tokens with whether each starts a sentence (kept for the last few texts: the
    analysis of a run reads its source and each column once per column)."""
    out: list[tuple[str, bool]] = []
    start = True
    for token in tokenize(text):
        first = token[0]
        if first.isalnum():
            out.append((token, start))
            start = False
        elif token.rstrip().endswith(_SENTENCE_END) or "\n" in token:
            start = True
    return tuple(out)


def names(text: str) -> set[str]:
    """Capitalized words not at a sentence start and never seen lowercased in `text`."""
    words = _words_with_position(text)
    lowered = {w for w, _ in words if w[:1].islower()}
    return {
        w
        for w, at_start in words
        if not at_start and w[:1].isupper() and len(w) > 1 and w.lower() not in lowered
    }


def _listed(items: list[str], limit: int) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def flag_rendition(
    source: str,
    rendition: str,
    *,
    source_lang: str | None = None,
    target_lang: str | None = None,
    config: FlagConfig | None = None,
    others: Sequence[str] = (),
) -> list[Flag]:
    """Skepticism flags for `rendition` as a translation of `source`, in a stable order.
    `others`: the run's other renditions and the reference, where names are confirmed."""
    cfg = config or FlagConfig()
    flags: list[Flag] = []
    flags.extend(_length_flag(source, rendition, cfg))
    flags.extend(_untranslated_flag(source, rendition, cfg))
    flags.extend(
        _name_flags(
            source,
            rendition,
            cfg,
            trust_source=_trusts_capitals(source_lang),
            trust_rendition=_trusts_capitals(target_lang),
            shared=shared_names(source, others, trust_others=_trusts_capitals(target_lang)),
        )
    )
    flags.extend(_number_flags(source, rendition, cfg))
    return flags


def _trusts_capitals(lang: str | None) -> bool:
    return (lang or "").lower().replace("_", "-").split("-")[0] not in _NO_CAPITAL_NOUNS


def _length_flag(source: str, rendition: str, cfg: FlagConfig) -> list[Flag]:
    src, out = letter_units(source), letter_units(rendition)
    if src < cfg.min_units:
        return []
    ratio = out / src
    if cfg.length_low <= ratio <= cfg.length_high:
        return []
    which = "short" if ratio < cfg.length_low else "long"
    return [
        Flag(
            kind="length_ratio",
            message=f"unusually {which}: {ratio:.2f} times the source's length "
            f"(expected {cfg.length_low:g} to {cfg.length_high:g})",
            detail=[f"{ratio:.3f}"],
        )
    ]


def _untranslated_flag(source: str, rendition: str, cfg: FlagConfig) -> list[Flag]:
    rendition_words = {w for w, _ in _words_with_position(rendition)}
    found = [
        w
        for w in dict.fromkeys(w for w, _ in _words_with_position(source))
        if len(w) >= cfg.untranslated_min_length
        and w[:1].islower()
        and not any(c.isdigit() for c in w)
        and w in rendition_words
    ]
    if not found:
        return []
    return [
        Flag(
            kind="untranslated",
            message=f"source words left as they are: {_listed(found, cfg.max_items)}",
            detail=found,
        )
    ]


_UNCASED_SCRIPTS = frozenset({"CJK", "HIRAGANA", "KATAKANA", "HANGUL"})


def _forms(words: Sequence[tuple[str, bool]]) -> set[str]:
    """The words, and each without a possessive 's ("Govinda's" also stands for "Govinda")."""
    out = set()
    for w, _ in words:
        out.add(w)
        for tail in ("'s", "\u2019s"):
            if w.endswith(tail):
                out.add(w[: -len(tail)])
    return out


def shared_names(source: str, others: Sequence[str], *, trust_others: bool = True) -> set[str]:
    """Names of `source` confirmed by the run's other texts (see the module docs)."""
    if not others:
        return set()
    src_words = _words_with_position(source)
    src_long = {w.lower() for w, _ in src_words if len(w) >= _COPY_NEIGHBOUR_LENGTH}
    uncased = trust_others and _dominant_script([w for w, _ in src_words]) in _UNCASED_SCRIPTS
    found: set[str] = set()
    for other in others:
        words = _words_with_position(other)
        translated = _not_copied(words, src_long)
        forms = _forms(translated)
        lowered = {w for w, _ in words if w[:1].islower()}
        mid = {w for w, at_start in translated if not at_start}
        for w, _ in src_words:
            if (
                len(w) > 1
                and w[:1].isupper()
                and w in forms
                and w.lower() not in lowered
                and (w in mid or len(w) >= 4)
            ):
                found.add(w)
        if uncased:
            found |= names(other)
    return found


_COPY_NEIGHBOUR_LENGTH = 4
"""A source word this long or longer beside a word of another text marks it as copied."""


def _not_copied(
    words: Sequence[tuple[str, bool]], source_words: set[str]
) -> list[tuple[str, bool]]:
    """The words of another text that stand in translated text: a word next to a (long) word of
    the source was left as it was with its neighbours ("er kennt keine Ungeduld"), and a German
    noun left untranslated confirms no name."""
    kept = []
    for i, (word, at_start) in enumerate(words):
        beside = (words[j][0].lower() for j in (i - 1, i + 1) if 0 <= j < len(words))
        if not any(n in source_words and n != word.lower() for n in beside):
            kept.append((word, at_start))
    return kept


def _name_flags(
    source: str,
    rendition: str,
    cfg: FlagConfig,
    *,
    trust_source: bool,
    trust_rendition: bool,
    shared: frozenset[str] | set[str] = frozenset(),
) -> list[Flag]:
    src_names = names(source) if trust_source else set()
    out_names = names(rendition) if trust_rendition else set()
    src_words = [w for w, _ in _words_with_position(source)]
    out_words = [w for w, _ in _words_with_position(rendition)]
    src_all, out_all = set(src_words), set(out_words)
    out_script, src_script = _dominant_script(out_words), _dominant_script(src_words)
    out_forms = _forms(_words_with_position(rendition))
    missing = sorted(
        {n for n in src_names if n not in out_all and _script(n) == out_script}
        | {n for n in shared if n not in out_forms}
    )
    added = sorted(n for n in out_names if n not in src_all and _script(n) == src_script)
    return _one_sided("name", "names", missing, added, cfg)


def _number_flags(source: str, rendition: str, cfg: FlagConfig) -> list[Flag]:
    src, out = numbers(source), numbers(rendition)
    missing = sorted(src - out, key=_number_key)
    added = sorted(out - src, key=_number_key)
    return _one_sided("number", "numbers", missing, added, cfg)


def _one_sided(
    kind: str, what: str, missing: list[str], added: list[str], cfg: FlagConfig
) -> list[Flag]:
    """`<kind>_missing` (in the source, not here) and `<kind>_added` (here, not in the source)."""
    flags = []
    for suffix, items, where in (
        ("missing", missing, "in the source but not here"),
        ("added", added, "here but not in the source"),
    ):
        if items:
            message = f"{what} {where}: {_listed(items, cfg.max_items)}"
            flags.append(Flag(kind=f"{kind}_{suffix}", message=message, detail=items))
    return flags
