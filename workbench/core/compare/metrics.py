"""Automatic scores of a rendition (hypothesis) against a reference translation, via sacrebleu.

Each score carries sacrebleu's signature string (for example
``nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0``), which records every setting
and the sacrebleu version, so anyone can reproduce the number.

- chrF (character n-gram F-score, beta 2) is the headline metric: it needs no tokenizer, so it
  is fair across scripts. chrF++ (``word_order=2``) adds word bigrams.
- BLEU is sentence-level BLEU with effective order (so short texts do not score 0 at once).
  Its tokenizer follows the target language: ``zh`` for Chinese, ``char`` for Japanese, Korean
  and Thai (the MeCab tokenizers need extra packages), ``13a`` otherwise.
- TER (translation edit rate) is lower-is-better; ``asian_support`` is on for CJK and Thai targets.

A whole passage is scored as one segment. Scores are on sacrebleu's 0-100 scale.
sacrebleu is imported only when a score is computed (it is slow to import).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

_CHAR_TOKENIZED = ("ja", "ko", "th", "lo", "km", "my")


class MetricScore(BaseModel):
    """One sacrebleu score with what is needed to reproduce it."""

    name: str = Field(description="chrF, chrF++, BLEU or TER")
    score: float = Field(description="on sacrebleu's 0-100 scale")
    higher_is_better: bool
    signature: str = Field(description="sacrebleu's signature string for this score")
    detail: str = Field(default="", description="sacrebleu's own one-line summary")


class ReferenceScores(BaseModel):
    """How close a rendition is to a reference translation."""

    chrf: MetricScore
    chrf_plus: MetricScore | None = None
    bleu: MetricScore
    ter: MetricScore

    def all(self) -> list[MetricScore]:
        return [s for s in (self.chrf, self.chrf_plus, self.bleu, self.ter) if s is not None]


def _lang(target_lang: str | None) -> str:
    return (target_lang or "").lower().replace("_", "-").split("-")[0]


def bleu_tokenizer(target_lang: str | None) -> str:
    """sacrebleu's BLEU tokenizer for a target language code (``zh``, ``ja``, ``en-GB``...)."""
    lang = _lang(target_lang)
    if lang == "zh":
        return "zh"
    if lang in _CHAR_TOKENIZED:
        return "char"
    return "13a"


def _asian(target_lang: str | None) -> bool:
    return _lang(target_lang) in ("zh", *_CHAR_TOKENIZED)


def _score(metric: Any, name: str, hypothesis: str, reference: str, higher: bool) -> MetricScore:
    result = metric.sentence_score(hypothesis, [reference])
    return MetricScore(
        name=name,
        score=float(result.score),
        higher_is_better=higher,
        signature=str(metric.get_signature()),
        detail=str(result),
    )


def chrf(hypothesis: str, reference: str, *, word_order: int = 0) -> MetricScore:
    """chrF (``word_order=0``) or chrF++ (``word_order=2``)."""
    from sacrebleu.metrics import CHRF

    name = "chrF++" if word_order else "chrF"
    return _score(CHRF(word_order=word_order), name, hypothesis, reference, True)


def bleu(hypothesis: str, reference: str, *, target_lang: str | None = None) -> MetricScore:
    from sacrebleu.metrics import BLEU

    metric = BLEU(effective_order=True, tokenize=bleu_tokenizer(target_lang))
    return _score(metric, "BLEU", hypothesis, reference, True)


def ter(hypothesis: str, reference: str, *, target_lang: str | None = None) -> MetricScore:
    from sacrebleu.metrics import TER

    metric = TER(asian_support=_asian(target_lang))
    return _score(metric, "TER", hypothesis, reference, False)


def score_against_reference(
    hypothesis: str,
    reference: str,
    *,
    target_lang: str | None = None,
    chrf_plus: bool = True,
) -> ReferenceScores:
    """chrF, chrF++ (optional), BLEU and TER of `hypothesis` against `reference`."""
    return ReferenceScores(
        chrf=chrf(hypothesis, reference),
        chrf_plus=chrf(hypothesis, reference, word_order=2) if chrf_plus else None,
        bleu=bleu(hypothesis, reference, target_lang=target_lang),
        ter=ter(hypothesis, reference, target_lang=target_lang),
    )
