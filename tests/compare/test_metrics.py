"""Metrics agree with direct sacrebleu calls and carry sacrebleu's signatures."""

from __future__ import annotations

import subprocess
import sys

import pytest
import sacrebleu

from workbench.core.compare.metrics import bleu_tokenizer, score_against_reference

PAIRS = [
    ("The cat sat on the mat.", "The cat is sitting on the mat."),
    ("He went home early.", "He went home early."),
    ("Completely unrelated words here.", "The weather is nice today."),
    ("", "A reference."),
]


@pytest.mark.parametrize(("hyp", "ref"), PAIRS)
def test_scores_match_sacrebleu(hyp: str, ref: str) -> None:
    scores = score_against_reference(hyp, ref)
    assert scores.chrf.score == pytest.approx(sacrebleu.sentence_chrf(hyp, [ref]).score)
    assert scores.chrf_plus is not None
    assert scores.chrf_plus.score == pytest.approx(
        sacrebleu.sentence_chrf(hyp, [ref], word_order=2).score
    )
    assert scores.bleu.score == pytest.approx(sacrebleu.sentence_bleu(hyp, [ref]).score)
    assert scores.ter.score == pytest.approx(sacrebleu.sentence_ter(hyp, [ref]).score)


def test_identical_texts_score_perfectly() -> None:
    scores = score_against_reference("He went home early.", "He went home early.")
    assert scores.chrf.score == pytest.approx(100.0)
    assert scores.bleu.score == pytest.approx(100.0)
    assert scores.ter.score == pytest.approx(0.0)


def test_signatures_are_recorded() -> None:
    scores = score_against_reference("The cat sat.", "The cat sat down.")
    version = sacrebleu.__version__
    assert (
        scores.chrf.signature == f"nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:{version}"
    )
    assert scores.chrf_plus is not None and "nw:2" in scores.chrf_plus.signature
    assert "tok:13a" in scores.bleu.signature and "eff:yes" in scores.bleu.signature
    assert "tok:tercom" in scores.ter.signature
    assert [s.name for s in scores.all()] == ["chrF", "chrF++", "BLEU", "TER"]
    assert scores.ter.higher_is_better is False and scores.chrf.higher_is_better


def test_chinese_target_uses_the_zh_tokenizer() -> None:
    hyp, ref = "我爱北京天安门", "我爱上海天安门"
    scores = score_against_reference(hyp, ref, target_lang="zh-Hans", chrf_plus=False)
    assert scores.chrf_plus is None
    assert "tok:zh" in scores.bleu.signature
    assert scores.bleu.score == pytest.approx(
        sacrebleu.sentence_bleu(hyp, [ref], tokenize="zh").score
    )
    assert "asian:yes" in scores.ter.signature
    assert bleu_tokenizer("ja") == "char"
    assert bleu_tokenizer("en_GB") == "13a"
    assert bleu_tokenizer(None) == "13a"


def test_scores_serialize() -> None:
    data = score_against_reference("a b", "a c").model_dump(mode="json")
    assert set(data) == {"chrf", "chrf_plus", "bleu", "ter"}
    assert set(data["chrf"]) == {"name", "score", "higher_is_better", "signature", "detail"}


def test_importing_the_compare_core_does_not_import_sacrebleu() -> None:
    code = (
        "import sys\n"
        "import workbench.core.compare.metrics, workbench.core.compare.diff\n"
        "import workbench.core.compare.flags\n"
        "print('sacrebleu' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
