from __future__ import annotations

import os
from pathlib import Path

from tests.review.conftest import Runner, record, save


def test_clean_folder_passes(run: Runner, decisions: Path) -> None:
    save(decisions, record(status="accepted"))
    result = run("review", "validate", "--dir", str(decisions))
    assert result.code == 0, result.out
    assert "ok: 1 record checked" in result.err


def test_duplicate_ids(run: Runner, decisions: Path) -> None:
    rec = record()
    save(decisions, rec)
    save(decisions, rec, name="copy.yaml")
    result = run("review", "validate", "--dir", str(decisions))
    assert result.code == 1
    assert "duplicate id" in result.out and "copy.yaml" in result.out


def test_one_sided_supersede_and_superseded_still_accepted(run: Runner, decisions: Path) -> None:
    old = record("2024-01-02-old-aaaaa", status="accepted")
    new = record("2024-02-02-new-bbbbb", status="accepted", supersedes=[old.id])
    save(decisions, old)
    save(decisions, new)
    result = run("review", "validate", "--dir", str(decisions))
    assert result.code == 1
    assert "does not list it in superseded_by" in result.out
    assert "still accepted" in result.out


def test_a_record_superseding_itself_or_a_cycle_of_supersedes_is_reported(
    run: Runner, decisions: Path
) -> None:
    """Hand-edited links no command makes: both sides of each link agree, so the one-sided
    checks said nothing (a cycle passed validate; a self-link read "supersedes C, which is
    still accepted")."""
    a, b, c = "2024-01-02-a-aaaaa", "2024-01-03-b-bbbbb", "2024-01-04-c-ccccc"
    save(decisions, record(a, status="superseded", supersedes=[b], superseded_by=[b]))
    save(decisions, record(b, status="superseded", supersedes=[a], superseded_by=[a]))
    save(decisions, record(c, status="accepted", supersedes=[c], superseded_by=[c]))
    result = run("review", "validate", "--dir", str(decisions))
    assert result.code == 1
    assert f"{c}.yaml: links: the record supersedes itself" in result.out
    assert "which is still accepted" not in result.out
    assert f"{a}.yaml: links: supersede links go round in a cycle: {a} -> {b} -> {a}" in (
        result.out
    )
    assert f"{b}.yaml: links: supersede links go round in a cycle: {b} -> {a} -> {b}" in (
        result.out
    )


def test_two_accepted_records_for_one_problem(run: Runner, decisions: Path) -> None:
    save(decisions, record("2024-01-02-kafka-aaaaa", status="accepted", solves=["event-bus"]))
    save(decisions, record("2024-01-03-pulsar-bbbbb", status="accepted", solves=["event-bus"]))
    result = run("review", "validate", "--dir", str(decisions))
    assert result.code == 1 and "question 5" in result.out


def test_gate_broken_by_hand_edit_is_reported(run: Runner, decisions: Path) -> None:
    save(decisions, record(status="accepted", review=False))
    result = run("review", "validate", "--dir", str(decisions))
    assert result.code == 1 and "mixed-discipline-review" in result.out


def test_a_record_of_a_checklist_whose_override_does_not_load_is_a_problem(
    run: Runner, decisions: Path
) -> None:
    """Your broken `new-technology.yaml` is named, not passed over for the bundled questions
    (as `checklists show` and `review new` refuse it)."""
    folder = Path(os.environ["WORKBENCH_CONFIG_DIR"]) / "checklists"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "new-technology.yaml").write_text(
        "id: new-technology\nversion: 2\ntitle: Ours\nquestions:\n  - id: q\n", encoding="utf-8"
    )
    save(decisions, record(status="accepted"))
    result = run("review", "validate", "--dir", str(decisions))
    assert result.code == 1, result.out
    assert "checklist.id: checklist 'new-technology' does not load" in result.out, result.out
    assert "new-technology.yaml:5" in result.out, result.out
