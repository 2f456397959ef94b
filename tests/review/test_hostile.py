"""A folder of bad and hostile files: named, never run, never changed; good records still load."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from tests.review.conftest import Runner, record, save, write


def _bomb(levels: int) -> str:
    names = [f"l{i}" for i in range(levels + 1)]
    lines = ["id: 2024-01-02-bomb-ccccc", "checklist: {id: new-technology, version: 1}"]
    lines.append(f"a: &{names[0]} [" + ",".join(['"lol"'] * 9) + "]")
    for prev, name in itertools.pairwise(names):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    lines.append(f"tags: *{names[-1]}")
    return "\n".join(lines) + "\n"


BAD = {
    "broken.yaml": "id: 2024-01-02-x-aaaaa\ntitle: [unclosed\n",
    "python-object.yaml": "!!python/object/apply:os.system ['touch /tmp/wb-pwned']\n",
    "python-tag-inside.yaml": "id: !!python/object:builtins.dict {}\n",
    "wrong-types.yaml": "id: 2024-01-02-x-bbbbb\ntitle: 5\nstatus: maybe\ndate: soon\n",
    "alias-bomb.yaml": _bomb(12),  # 9**12 strings if expanded; refused for its alias count
    "small-alias-bomb.yaml": _bomb(8),  # under the alias limit: fails validation, quickly
    "not-a-record.yaml": "name: my-app\nversion: 3\n",
    "a-list.yaml": "- one\n- two\n",
    "empty.yaml": "",
    # nested under YAML's own depth limit, too deep for a recursive walk of its nodes
    "deeply-nested.yaml": "id: 2024-01-02-x-ddddd\ntitle: t\nsolves: " + "[" * 600 + "]" * 600,
    # a raw escape (YAML allows none), after letters of two bytes: its line is still found
    "control-character.yaml": "id: 2024-01-02-x-eeeee\ntitle: Über é\ntags: [a\x1b[31mb]\n",
}


Hostile = tuple[Path, list[str], dict[str, bytes]]  # the folder, the good ids, every file's bytes


@pytest.fixture
def hostile(decisions: Path) -> Hostile:
    good = [
        record("2024-01-02-adopt-kafka-aaaaa"),
        record("2024-01-03-adopt-redis-bbbbb", title="Adopt Redis", technology="Redis"),
    ]
    for rec in good:
        save(decisions, rec)
    for name, text in BAD.items():
        write(decisions / name, text)
    (decisions / "huge.yaml").write_bytes(b"# padding\n" * 520_000)  # about 5 MB
    (decisions / "binary.yaml").write_bytes(bytes(range(256)) * 8)
    write(decisions / "notes.txt", "not yaml, not looked at\n")
    before = {p.name: p.read_bytes() for p in decisions.iterdir()}
    return decisions, [r.id for r in good], before


def _unchanged(folder: Path, before: dict[str, bytes]) -> None:
    after = {p.name: p.read_bytes() for p in folder.iterdir() if p.name != ".schema"}
    assert after == before


def test_validate_names_every_bad_file_and_changes_nothing(run: Runner, hostile: Hostile) -> None:
    folder, _good, before = hostile
    result = run("review", "validate", "--dir", str(folder))
    assert result.code == 1
    bad_names = [*BAD, "huge.yaml", "binary.yaml"]
    for name in bad_names:
        assert name in result.out, name
    assert "broken.yaml:3: YAML syntax error" in result.out
    assert (
        "python-object.yaml:1: YAML syntax error: could not determine a constructor" in result.out
    )
    assert "too many YAML aliases" in result.out
    assert "too large" in result.out and "binary" in result.out
    assert "wrong-types.yaml:2: title:" in result.out
    assert (
        "control-character.yaml:3: YAML syntax error: character U+001B is not allowed in YAML"
        in result.out
    )
    assert "<unicode string>" not in result.out and "position" not in result.out
    assert "notes.txt" not in result.out
    assert "Traceback" not in result.out + result.err
    assert not Path("/tmp/wb-pwned").exists()
    _unchanged(folder, before)


def test_list_lists_good_records_and_counts_skipped(run: Runner, hostile: Hostile) -> None:
    folder, good, before = hostile
    result = run("review", "list", "--dir", str(folder))
    assert result.code == 1  # the list lacks them: said on stderr, and in the exit code
    for record_id in good:
        assert record_id in result.out
    assert f"skipped {len(BAD) + 2} files" in result.err
    _unchanged(folder, before)


def test_writing_a_good_record_leaves_bad_files_alone(run: Runner, hostile: Hostile) -> None:
    folder, good, before = hostile
    result = run("review", "set-status", good[0], "proposed", "--dir", str(folder))
    assert result.code == 0, result.err
    changed = {
        p.name for p in folder.iterdir() if p.is_file() and p.read_bytes() != before.get(p.name)
    }
    assert changed == {f"{good[0]}.yaml"}  # and the schema beside the records:
    assert [p.name for p in (folder / ".schema").iterdir()] == ["decision-record.schema.json"]


def test_a_bad_record_cannot_be_changed(run: Runner, hostile: Hostile) -> None:
    folder, _good, before = hostile
    result = run("review", "set-status", "wrong-types", "proposed", "--dir", str(folder))
    assert result.code == 2 and "cannot be read" in result.err
    _unchanged(folder, before)


def test_missing_folder_is_a_usage_error(run: Runner, tmp_path: Path) -> None:
    result = run("review", "validate", "--dir", str(tmp_path / "nope"))
    assert result.code == 2 and "no decisions folder" in result.err
