from __future__ import annotations

from pathlib import Path

import yaml

from tests.review.conftest import FULL_ANSWERS, REVIEW_ANSWER, Runner, write


def _new(
    run: Runner, decisions: Path, tmp_path: Path, answers: str = FULL_ANSWERS, *extra: str
) -> str:
    answers_file = write(tmp_path / "answers.yaml", answers)
    result = run(
        "review", "new", "--title", "Adopt Kafka", "--answers", str(answers_file),
        "--technology", "Kafka", "--dir", str(decisions), *extra,
    )  # fmt: skip
    assert result.code == 0, result.err
    (path,) = [p for p in decisions.iterdir() if "kafka" in p.name and p.suffix == ".yaml"]
    return path.stem


def test_new_with_answers_needs_a_title(run: Runner, decisions: Path, tmp_path: Path) -> None:
    answers = write(tmp_path / "a.yaml", "problem: x\n")
    result = run("review", "new", "--answers", str(answers), "--dir", str(decisions))
    assert result.code == 2
    assert "--title" in result.err


def test_new_record_is_a_draft_with_the_current_stack_as_an_option(
    run: Runner, decisions: Path, tmp_path: Path
) -> None:
    record_id = _new(run, decisions, tmp_path)
    data = yaml.safe_load((decisions / f"{record_id}.yaml").read_text())
    assert data["status"] == "draft"
    assert list(data)[:5] == ["schema_version", "id", "number", "title", "status"]
    assert data["options"][0]["current_stack"] is True
    assert data["options"][0]["description"].startswith("Partition")
    assert data["references"][0]["dislikes"] == "Rebalancing storms."
    listed = run("review", "list", "--dir", str(decisions))
    assert record_id in listed.out


def test_gates_list_what_is_missing(run: Runner, decisions: Path, tmp_path: Path) -> None:
    record_id = _new(run, decisions, tmp_path, "problem: Jobs are late.\n")
    before = (decisions / f"{record_id}.yaml").read_bytes()
    proposed = run("review", "set-status", record_id, "proposed", "--dir", str(decisions))
    assert proposed.code == 2
    assert "current-stack" in proposed.err and "low-risk-start" in proposed.err
    assert "problem)" not in proposed.err
    assert (decisions / f"{record_id}.yaml").read_bytes() == before


def test_full_lifecycle_and_supersede_keeps_both_sides_in_step(
    run: Runner, decisions: Path, tmp_path: Path
) -> None:
    d = ("--dir", str(decisions))
    old = _new(run, decisions, tmp_path)
    assert run("review", "set-status", old, "proposed", *d).code == 0
    refused = run("review", "set-status", old, "accepted", *d)
    assert refused.code == 2 and "mixed-discipline-review" in refused.err
    assert "disciplines" in refused.err and "where" in refused.err
    write(tmp_path / "review.yaml", REVIEW_ANSWER)
    assert run("review", "answer", old, "--answers", str(tmp_path / "review.yaml"), *d).code == 0
    assert run("review", "set-status", old, "accepted", "--decision", "Use it.", *d).code == 0

    answers = write(tmp_path / "new.yaml", FULL_ANSWERS + REVIEW_ANSWER)
    made = run(
        "review", "new", "--title", "Adopt Pulsar", "--answers", str(answers),
        "--technology", "Pulsar", "--propose", *d,
    )  # fmt: skip
    assert made.code == 0, made.err
    new = next(p.stem for p in decisions.iterdir() if "pulsar" in p.name)
    direct = run("review", "set-status", old, "superseded", *d)
    assert direct.code == 2 and "--supersedes" in direct.err
    moved = run("review", "set-status", new, "accepted", "--supersedes", old[-5:], *d)
    assert moved.code == 0, moved.err

    old_data = yaml.safe_load((decisions / f"{old}.yaml").read_text())
    new_data = yaml.safe_load((decisions / f"{new}.yaml").read_text())
    assert old_data["status"] == "superseded"
    assert old_data["links"]["superseded_by"] == [new]
    assert new_data["status"] == "accepted"
    assert new_data["links"]["supersedes"] == [old]
    assert [h["status"] for h in old_data["history"]] == [
        "draft",
        "proposed",
        "accepted",
        "superseded",
    ]
    assert run("review", "validate", *d).code == 0
    accepted = run("review", "list", "--status", "accepted", *d)
    assert new in accepted.out and old not in accepted.out


def test_unknown_answer_id_names_file_line_and_field(
    run: Runner, decisions: Path, tmp_path: Path
) -> None:
    answers = write(tmp_path / "a.yaml", "problem: x\nnot-a-question: y\n")
    result = run(
        "review", "new", "--title", "T", "--answers", str(answers), "--dir", str(decisions)
    )
    assert result.code == 2
    assert "a.yaml:2: not-a-question:" in result.err


def test_an_unquoted_yes_says_to_quote_it(run: Runner, decisions: Path, tmp_path: Path) -> None:
    """Question 5 asks a yes-or-no question; YAML reads an unquoted `yes` as true, which the
    answers file refused with "expected text" when text was what was written."""
    answers = write(tmp_path / "a.yaml", "problem: x\nreplacement-commitment: yes\n")
    result = run(
        "review", "new", "--title", "T", "--answers", str(answers), "--dir", str(decisions)
    )  # fmt: skip
    assert result.code == 2
    assert "a.yaml:2: replacement-commitment: YAML reads an unquoted yes as true or false" in (
        result.err
    )
    assert "put the answer in quotes" in result.err


def test_a_question_left_blank_is_not_answered(
    run: Runner, decisions: Path, tmp_path: Path
) -> None:
    """A template answers file with `current-stack:` left empty (YAML's null) was refused as
    "expected text"; it is a question not answered yet, like `current-stack: ""`."""
    answers = write(tmp_path / "a.yaml", "problem: x\ncurrent-stack:\ntrusted-references:\n")
    result = run(
        "review", "new", "--title", "T", "--answers", str(answers), "--dir", str(decisions)
    )  # fmt: skip
    assert result.code == 0, result.err
    (made,) = decisions.glob("*.yaml")
    record = yaml.safe_load(made.read_text())
    assert record["answers"]["problem"] == "x"
    assert "current-stack" not in record["answers"]


def test_choice_answers_are_checked(run: Runner, decisions: Path, tmp_path: Path) -> None:
    answers = write(tmp_path / "a.yaml", "level: L9\n")
    result = run(
        "review", "new", "--checklist", "performance-maturity", "--title", "Perf",
        "--answers", str(answers), "--dir", str(decisions),
    )  # fmt: skip
    assert result.code == 2 and "L0, L1" in result.err
    write(tmp_path / "a.yaml", "level: l2\n")
    ok = run(
        "review", "new", "--checklist", "performance-maturity", "--title", "Perf",
        "--answers", str(answers), "--dir", str(decisions),
    )  # fmt: skip
    assert ok.code == 0, ok.err


def test_due_lists_records_to_revisit(run: Runner, decisions: Path, tmp_path: Path) -> None:
    record_id = _new(run, decisions, tmp_path, FULL_ANSWERS, "--revisit-by", "2000-01-01")
    due = run("review", "list", "--due", "--dir", str(decisions))
    assert record_id in due.out
    tagged = run("review", "list", "--tag", "other", "--dir", str(decisions))
    assert record_id not in tagged.out


def test_a_new_record_opened_to_supersede_completes_the_link_when_accepted(
    run: Runner, decisions: Path, tmp_path: Path
) -> None:
    d = ("--dir", str(decisions))
    write(tmp_path / "full.yaml", FULL_ANSWERS + REVIEW_ANSWER)
    made = run(
        "review", "new", "--title", "Adopt Redis", "--answers", str(tmp_path / "full.yaml"),
        "--propose", *d,
    )  # fmt: skip
    assert made.code == 0, made.err
    old = next(p.stem for p in decisions.iterdir() if "redis" in p.name)
    not_yet = run(
        "review", "new", "--title", "Adopt Valkey", "--answers", str(tmp_path / "full.yaml"),
        "--supersedes", old, *d,
    )  # fmt: skip
    assert not_yet.code == 2 and "only an accepted or deprecated record" in not_yet.err
    assert run("review", "set-status", old, "accepted", *d).code == 0
    missing = run("review", "new", "--title", "X", "--supersedes", "nothing-like-it", *d)
    assert missing.code == 2 and "no record 'nothing-like-it'" in missing.err

    made = run(
        "review", "new", "--title", "Adopt Valkey", "--answers", str(tmp_path / "full.yaml"),
        "--supersedes", old[-5:], "--propose", *d,
    )  # fmt: skip
    assert made.code == 0, made.err
    new = next(p.stem for p in decisions.iterdir() if "valkey" in p.name)
    new_data = yaml.safe_load((decisions / f"{new}.yaml").read_text())
    assert new_data["links"]["supersedes"] == [old]
    # an intent while the new record is proposed: the old one stays accepted, lint is clean
    assert yaml.safe_load((decisions / f"{old}.yaml").read_text())["status"] == "accepted"
    assert run("review", "validate", *d).code == 0

    assert run("review", "set-status", new, "accepted", *d).code == 0
    old_data = yaml.safe_load((decisions / f"{old}.yaml").read_text())
    new_data = yaml.safe_load((decisions / f"{new}.yaml").read_text())
    assert old_data["status"] == "superseded"
    assert old_data["links"]["superseded_by"] == [new]
    assert new_data["status"] == "accepted" and new_data["links"]["supersedes"] == [old]
    assert run("review", "validate", *d).code == 0


def test_a_too_long_technology_name_is_named_as_such(run: Runner, tmp_path: Path) -> None:
    """The technology's name defaults to the title and has its own limit: the error names the
    field (not a bare `name:`), and says where the name came from."""
    answers = tmp_path / "a.yaml"
    answers.write_text("problem: x\n", encoding="utf-8")
    folder = tmp_path / "decisions"
    given = run("review", "new", "--title", "Kafka", "--technology", "k" * 250,
                "--answers", str(answers), "--dir", str(folder))  # fmt: skip
    assert given.code == 2
    assert given.err.startswith("workbench: error: technology.name: ")
    defaulted = run("review", "new", "--title", "t" * 250,
                    "--answers", str(answers), "--dir", str(folder))  # fmt: skip
    assert defaulted.code == 2
    assert "technology.name (the title, when no technology name is given): " in defaulted.err
    assert not folder.exists() or not list(folder.glob("*.yaml"))


def test_a_refused_status_change_reads_as_english() -> None:
    from workbench.core.review.record import transition_problem

    assert transition_problem("accepted", "draft") == (
        "an accepted record can move to deprecated, not to draft"
    )
    assert str(transition_problem("draft", "accepted")).startswith("a draft record")
