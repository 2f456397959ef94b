"""Gate problems are data: which question, what kind of gap, and the sentence to show."""

from __future__ import annotations

from tests.review.conftest import record
from workbench.review.catalog import load_catalog
from workbench.review.record import GateProblem, gate_gaps, gate_problems


def test_each_gap_names_its_question_and_kind() -> None:
    checklist = load_catalog().get("new-technology")
    rec = record(review=False)
    rec = rec.model_copy(update={"answers": {**rec.answers, "problem": ""}})
    gaps = gate_gaps(rec, checklist, "accepted")
    assert [(g.question_id, g.number, g.kind) for g in gaps] == [
        ("problem", "1", "unanswered"),
        ("mixed-discipline-review", "8", "review"),
    ]
    assert all(isinstance(g, GateProblem) for g in gaps)
    # the sentences are what they were, and what the CLI prints
    assert [g.message for g in gaps] == gate_problems(rec, checklist, "accepted")
    assert gaps[0].message == "question 1 (problem) is not answered"
    assert gaps[1].message.startswith("question 8 (mixed-discipline-review): the review must")
    assert str(gaps[1]) == gaps[1].message
    assert gate_gaps(rec, checklist, "proposed") == gaps[:1]


def test_a_choice_gap_is_a_choice() -> None:
    checklist = load_catalog().get("performance-maturity")
    rec = record().model_copy(
        update={"checklist": {"id": "performance-maturity", "version": 1}, "answers": {}}
    )
    kinds = {g.question_id: g.kind for g in gate_gaps(rec, checklist, "proposed")}
    assert kinds["level"] == "choice"
