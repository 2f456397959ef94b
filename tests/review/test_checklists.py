from __future__ import annotations

import json
from pathlib import Path

from tests.review.conftest import Runner, write
from workbench.io import paths
from workbench.io.review.catalog import load_catalog


def test_new_technology_is_faithful_to_the_source() -> None:
    checklist = load_catalog().get("new-technology")
    top = [q.id for q in checklist.questions]
    assert top == ["problem", "current-stack", "new-costs", "current-stack-difficulty"]
    parts = [q.id for q in checklist.questions[3].parts]
    assert parts == [
        "replacement-commitment",
        "trusted-references",
        "low-risk-start",
        "mixed-discipline-review",
    ]
    assert [q.number for q in checklist.answerable()] == [str(n) for n in range(1, 9)]
    assert checklist.questions[0].guidance == "Tech should never be introduced as an end to itself"
    commitment = checklist.question("replacement-commitment")
    references = checklist.question("trusted-references")
    review = checklist.question("mixed-discipline-review")
    assert commitment and references and review
    assert "kill and eat" in (commitment.guidance or "")
    assert references.guidance == "if they don’t hate it, they haven’t used it in depth yet"
    assert review.required == "accepted"


def test_performance_maturity_has_levels_and_management_questions() -> None:
    checklist = load_catalog().get("performance-maturity")
    level = checklist.question("level")
    assert level is not None
    assert [c.id for c in level.choices] == ["L0", "L1", "L2", "L3", "L4", "L5"]
    assert [c.label for c in level.choices][:2] == ["Bliss", "Firefighting"]
    management = checklist.question("management")
    assert management is not None and len(management.parts) == 5


def test_checklists_ship_in_the_bundled_dir() -> None:
    names = {p.name for p in paths.bundled_dir("checklists").iterdir()}
    assert {"new-technology.yaml", "performance-maturity.yaml"} <= names


def test_cli_list_and_show(run: Runner) -> None:
    listed = run("checklists", "list")
    assert listed.code == 0
    assert "new-technology" in listed.out and "performance-maturity" in listed.out
    shown = run("checklists", "show", "new-technology")
    assert shown.code == 0 and "id: mixed-discipline-review" in shown.out
    as_json = run("checklists", "show", "performance-maturity", "--format", "json")
    assert json.loads(as_json.out)["id"] == "performance-maturity"
    missing = run("checklists", "show", "nope")
    assert missing.code == 2 and "no checklist 'nope'" in missing.err


def test_user_checklists_add_and_broken_ones_are_named(run: Runner) -> None:
    folder = paths.config_dir() / "checklists"
    folder.mkdir(parents=True)
    write(
        folder / "security.yaml",
        "id: security\nversion: 1\ntitle: Security\nquestions:\n"
        "  - id: threats\n    text: What are the threats?\n",
    )
    write(folder / "broken.yaml", "id: broken\nversion: 1\ntitle: B\nquestions:\n  - id: x\n")
    listed = run("checklists", "list")
    assert "security" in listed.out
    assert "broken.yaml:5" in listed.err and "questions[0].text" in listed.err
    shown = run("checklists", "show", "broken")
    assert shown.code == 2 and "broken.yaml" in shown.err
    assert "Traceback" not in shown.err
    assert Path(folder / "broken.yaml").read_text().endswith("- id: x\n")


def test_user_checklist_text_cannot_act_on_the_terminal(run: Runner) -> None:
    """A checklist in the config dir is untrusted text: `checklists list` and `show` print
    its title, author, epigraph, questions and guidance without escape sequences."""
    folder = paths.config_dir() / "checklists"
    folder.mkdir(parents=True)
    write(
        folder / "evil.yaml",
        'id: evil\nversion: 1\ntitle: "T\\e]0;HACKED\\a\\e[31m"\n'
        'author: "A\\x9b2J"\nepigraph: "E\\e]8;;http://x\\aL\\e]8;;\\a"\n'
        "questions:\n"
        '  - id: q\n    number: "1\\e[2J"\n    text: "Q\\e]52;c;aGk=\\a\\u202e"\n'
        '    guidance: "G\\x1b[1m"\n'
        "    kind: choice\n    choices:\n"
        '      - {id: c, label: "L\\e[5m", description: "D\\a"}\n'
        'notes: ["N\\e[8m"]\n',
    )
    listed = run("checklists", "list")
    shown = run("checklists", "show", "evil")
    assert listed.code == 0 and shown.code == 0
    assert "evil" in listed.out and "Q" in shown.out
    for out in (listed.out, shown.out):
        for raw in ("\x1b", "\x07", "\x9b", "\u202e", "[31m", "[2J"):
            assert raw not in out, (raw, out)


def test_a_checklist_nested_too_deeply_is_skipped_and_named(run: Runner) -> None:
    """Parts nested hundreds deep (under YAML's own depth limit) are a broken checklist like
    any other: named and skipped, never an internal error for every command."""
    folder = paths.config_dir() / "checklists"
    folder.mkdir(parents=True)
    nested = "{id: last, text: l}"
    for depth in range(400):
        nested = f"{{id: q{depth}, text: t, parts: [{nested}]}}"
    write(folder / "deep.yaml", f"id: deep\nversion: 1\ntitle: t\nquestions: [{nested}]\n")
    listed = run("checklists", "list")
    assert listed.code == 0, listed.err
    assert "new-technology" in listed.out and "deep.yaml" in listed.err
    assert "internal error" not in listed.err
    shown = run("checklists", "show", "deep")
    assert shown.code == 2 and "deep.yaml" in shown.err and "internal error" not in shown.err
