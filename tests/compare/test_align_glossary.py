"""A glossary's fixed renderings anchor the alignment: a sentence with a term and one with its
rendering are more likely a pair, so a sentence left out is placed where it was, not beside it
(what lengths alone cannot tell apart in sentences of nearly one length). In the core, in
`workbench align --glossary` (and the glossaries found on their own), and in a `translate`
run's alignments of its renditions and reference."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.cli.helpers import wb
from tests.compare.parallel_passages import BAKERY_DE, BAKERY_EN, LETTER_EN, LETTER_FR
from tests.fake_openai_server import FakeOpenAIServer
from workbench.core.align import align
from workbench.core.align_features import TermPairs

LETTER_TERMS = TermPairs(("fr", "en"), (("lettre", "letter"),))
LEFT_OUT = 5
"""`Aucune lettre n'était jamais arrivée.` / `No letter had ever arrived.`: without the
glossary, the aligner puts the sentence left out one later (6, of nearly the same length)."""
ENGLISH_LEFT_OUT = [*LETTER_EN[:LEFT_OUT], *LETTER_EN[LEFT_OUT + 1 :]]


def alone(beads: list[Any]) -> list[tuple[int, ...]]:
    return [tuple(b.source) for b in beads if not b.target]


def test_a_glossary_term_places_the_sentence_left_out() -> None:
    assert alone(align(LETTER_FR, ENGLISH_LEFT_OUT)) == [(LEFT_OUT + 1,)]  # the control
    beads = align(LETTER_FR, ENGLISH_LEFT_OUT, terms=LETTER_TERMS)
    assert [(b.source, b.target) for b in beads] == [
        *[((i,), (i,)) for i in range(LEFT_OUT)],
        ((LEFT_OUT,), ()),
        *[((i,), (i - 1,)) for i in range(LEFT_OUT + 1, len(LETTER_FR))],
    ]


def test_terms_work_both_ways_round() -> None:
    """The aligner walks the longer text: a target longer than its source flips the terms."""
    flipped = TermPairs(("en", "fr"), (("letter", "lettre"),))
    beads = align(ENGLISH_LEFT_OUT, LETTER_FR, terms=flipped)
    assert [tuple(b.target) for b in beads if not b.source] == [(LEFT_OUT,)]


def test_terms_inflected_and_in_any_case_are_found() -> None:
    """As the glossary check finds them: `Heft` stands for `Hefte`, `notebook` for `Notebook`."""
    target = [sentence.replace("notebook", "Notebooks") for sentence in BAKERY_EN]
    terms = TermPairs(("de", "en"), (("Heft", "notebook"),))
    assert alone(align(BAKERY_DE, [*target[:12], *target[13:]], terms=terms)) == [(12,)]
    assert alone(align(BAKERY_DE, [*target[:12], *target[13:]])) == [(11,)]  # the control


WORDS = sorted({w.strip(".,").lower() for s in LETTER_FR + LETTER_EN for w in s.split()})


@settings(max_examples=60, deadline=None)
@given(
    cut=st.lists(st.integers(0, len(LETTER_EN) - 1), max_size=4, unique=True),
    pairs=st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(WORDS)), max_size=6),
)
def test_with_any_terms_every_sentence_is_in_one_bead_in_order(
    cut: list[int], pairs: list[tuple[str, str]]
) -> None:
    target = [s for k, s in enumerate(LETTER_EN) if k not in cut]
    beads = align(LETTER_FR, target, terms=TermPairs(("fr", "en"), tuple(pairs)))
    assert [i for b in beads for i in b.source] == list(range(len(LETTER_FR)))
    assert [j for b in beads for j in b.target] == list(range(len(target)))


@pytest.fixture
def letter_files(tmp_path: Path) -> tuple[Path, Path]:
    source, target = tmp_path / "letter.fr.txt", tmp_path / "letter.en.txt"
    source.write_text(" ".join(LETTER_FR) + "\n", encoding="utf-8")
    target.write_text(" ".join(ENGLISH_LEFT_OUT) + "\n", encoding="utf-8")
    return source, target


def _left_out(*args: str, cwd: Path | None = None) -> list[list[int]]:
    result = wb("align", *args, "--from", "fr", "--to", "en", "--format", "json", cwd=cwd)
    assert result.returncode == 0, result.stderr
    return [pair["source"] for pair in json.loads(result.stdout) if not pair["target"]]


def test_align_command_reads_the_glossary(letter_files: tuple[Path, Path], tmp_path: Path) -> None:
    source, target = (str(path) for path in letter_files)
    assert _left_out(source, target) == [[LEFT_OUT + 1]]  # the control
    glossary = tmp_path / "terms.csv"
    glossary.write_text("source,target\nlettre,letter\n", encoding="utf-8")
    assert _left_out(source, target, "--glossary", str(glossary)) == [[LEFT_OUT]]
    only_one_style = tmp_path / "styled.csv"
    only_one_style.write_text("source,target,style\nlettre,letter,rosner\n", encoding="utf-8")
    assert _left_out(source, target, "--glossary", str(only_one_style)) == [[LEFT_OUT + 1]]


def test_align_command_finds_the_working_folders_glossary(
    letter_files: tuple[Path, Path], tmp_path: Path
) -> None:
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / ".workbench-glossary.csv").write_text("source,target\nlettre,letter\n", "utf-8")
    source, target = (str(path) for path in letter_files)
    assert _left_out(source, target, cwd=folder) == [[LEFT_OUT]]


def test_a_bad_glossary_is_one_line_and_exit_2(
    letter_files: tuple[Path, Path], tmp_path: Path
) -> None:
    glossary = tmp_path / "bad.csv"
    glossary.write_text("source,target\nlettre\n", encoding="utf-8")
    source, target = (str(path) for path in letter_files)
    result = wb("align", source, target, "--from", "fr", "--to", "en", "--glossary", str(glossary))
    assert result.returncode == 2 and result.stdout == ""
    [line] = result.stderr.splitlines()
    assert str(glossary) in line and "2" in line, line  # the file and its line


def test_translate_aligns_renditions_and_reference_with_the_runs_glossary(
    fake_openai: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The rendition (an answer without segments: the aligner's) and the reference both leave
    sentence 5 out; with the run's glossary each says so at 5. An entry for one style only
    does not anchor: that style's column would align apart from the others."""
    fake_openai.responder = lambda body: (
        {"text": " ".join(ENGLISH_LEFT_OUT), "notes": [], "footnotes": []}
        if body.get("response_format")
        else " ".join(ENGLISH_LEFT_OUT)
    )
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("WORKBENCH_MODEL", "fake-model")
    passage, reference = tmp_path / "p.fr.txt", tmp_path / "r.en.txt"
    passage.write_text(" ".join(LETTER_FR), encoding="utf-8")
    reference.write_text(" ".join(ENGLISH_LEFT_OUT), encoding="utf-8")
    glossary = tmp_path / "terms.csv"
    glossary.write_text("source,target\nlettre,letter\n", encoding="utf-8")

    def run(*extra: str) -> dict[str, Any]:
        result = wb(
            "translate", str(passage), "--from", "fr", "--to", "en", "--style", "rosner",
            "--reference", str(reference), "--format", "json", "--no-cache", *extra,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        data: dict[str, Any] = json.loads(result.stdout)
        return data

    one_style = tmp_path / "rosner.csv"  # would make rosner's blind column align apart
    one_style.write_text("source,target,style\nlettre,letter,rosner\n", encoding="utf-8")
    cases = (
        ((), [[LEFT_OUT + 1]]),
        (("--glossary", str(glossary)), [[LEFT_OUT]]),
        (("--glossary", str(one_style)), [[LEFT_OUT + 1]]),
    )
    for extra, want in cases:
        data = run(*extra)
        [rendition] = data["renditions"]
        assert rendition["alignment_origin"] == "aligner"
        for pairs in (rendition["alignment"], data["reference_alignment"]):
            assert [p["source"] for p in pairs if not p["target"]] == want, extra
