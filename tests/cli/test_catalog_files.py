"""Files in the config folder's `styles/` and `checklists/` that are not plain style or
checklist files: a FIFO, a link to a device, a hidden file, the same id twice (`x.yaml` and
`x.yml`). Listing names each problem once and goes on; asking for it is one clear error; no
file is changed."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.cli.helpers import assert_clean_error, wb, wb_process
from tests.fake_openai_server import FakeOpenAIServer

STYLE = "name: {name}\nbrief: Translate as {name} would.\n"
CHECKLIST = "id: {id}\nversion: 1\ntitle: {title}\nquestions:\n  - id: q\n    text: Why?\n"


def _folder(kind: str) -> Path:
    folder = Path(os.environ["WORKBENCH_CONFIG_DIR"]) / kind
    folder.mkdir(exist_ok=True)
    return folder


@pytest.mark.parametrize(
    ("kind", "listing"),
    [("styles", ["styles", "list"]), ("checklists", ["checklists", "list"])],
)
def test_a_fifo_or_a_device_link_is_named_not_waited_on(
    kind: str, listing: list[str], tmp_path: Path
) -> None:
    folder = _folder(kind)
    os.mkfifo(folder / "fifo.yaml")
    (folder / "zero.yaml").symlink_to("/dev/zero")
    real = tmp_path / "dotfiles" / "linked.yaml"  # a link to a regular file is followed
    real.parent.mkdir()
    real.write_text(
        STYLE.format(name="Linked")
        if kind == "styles"
        else CHECKLIST.format(id="linked", title="L"),
        encoding="utf-8",
    )
    (folder / "linked.yaml").symlink_to(real)
    listed = wb_process(*listing, timeout=30)
    assert listed.returncode == 0, listed.stderr
    assert "linked" in listed.stdout
    for bad, words in (("fifo", "FIFO"), ("zero", "not a regular file")):
        [line] = [x for x in listed.stderr.splitlines() if f"{bad}.yaml" in x]
        assert words in line, line
        err = assert_clean_error(wb_process(kind, "show", bad, timeout=30))
        assert f"{bad}.yaml" in err and words in err, err
    if kind == "styles":  # the style asked for is the broken one: exit 2, before any request
        args = ("translate", "-", "--from", "de", "--to", "en", "--style", "fifo")
        run = wb_process(*args, input="Hallo.\n", env={"WORKBENCH_MODEL": "m"}, timeout=30)
        assert "fifo.yaml" in assert_clean_error(run)


@pytest.mark.parametrize("kind", ["styles", "checklists"])
def test_one_id_in_two_files_is_named_not_silently_shadowed(kind: str) -> None:
    folder = _folder(kind)
    if kind == "styles":
        (folder / "mine.yaml").write_text(STYLE.format(name="New"), encoding="utf-8")
        (folder / "mine.yml").write_text(STYLE.format(name="Old"), encoding="utf-8")
    else:
        (folder / "mine.yaml").write_text(CHECKLIST.format(id="mine", title="New"), "utf-8")
        (folder / "mine.yml").write_text(CHECKLIST.format(id="mine", title="Old"), "utf-8")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    listed = wb(kind, "list")
    assert listed.returncode == 0, listed.stderr
    [line] = [x for x in listed.stderr.splitlines() if "mine" in x]
    assert "mine.yaml" in line and "mine.yml" in line, line
    err = assert_clean_error(wb(kind, "show", "mine"))
    [line] = err.splitlines()
    assert "mine.yaml" in line and "mine.yml" in line, line
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_hidden_files_in_the_styles_folder_are_not_styles() -> None:
    """An editor's lock (`.#mine.yaml`, a dangling link) or a hidden copy is not a style, as
    in the checklists folder."""
    folder = _folder("styles")
    (folder / "mine.yaml").write_text(STYLE.format(name="Mine"), encoding="utf-8")
    (folder / ".#mine.yaml").symlink_to("user@host.1234:1700000000")
    (folder / ".mine.yaml").write_text(STYLE.format(name="Hidden"), encoding="utf-8")
    listed = wb("styles", "list")
    assert listed.returncode == 0
    assert listed.stderr == ""
    assert "Mine" in listed.stdout and "Hidden" not in listed.stdout


def test_describe_refuses_an_id_a_yml_file_has_before_asking(
    fake_openai: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`mine.yml` is style `mine`: describing `--id mine` would write `mine.yaml` beside it."""
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    old = _folder("styles") / "mine.yml"
    old.write_text(STYLE.format(name="Old"), encoding="utf-8")
    result = wb("styles", "describe", "Hilda Rosner", "--from", "de", "--to", "en", "--id", "mine")
    assert "mine.yml already has the style" in assert_clean_error(result)
    assert fake_openai.requests == []
    assert sorted(p.name for p in old.parent.iterdir()) == ["mine.yml"]


def test_json_paths_under_a_config_folder_whose_name_is_not_utf8_are_utf8(tmp_path: Path) -> None:
    """JSON is UTF-8: a path's bytes that are not are each U+FFFD (they were written raw)."""
    import json
    import subprocess
    import sys

    config = tmp_path / os.fsdecode(b"conf\xe9")
    (config / "styles").mkdir(parents=True)
    (config / "styles" / "mine.yaml").write_text(STYLE.format(name="Mine"), encoding="utf-8")
    env = {**os.environ, "WORKBENCH_CONFIG_DIR": str(config)}
    for args in (["styles", "list"], ["doctor", "--no-hash"]):
        done = subprocess.run(
            [sys.executable, "-m", "workbench", *args, "--format", "json"],
            capture_output=True,
            env=env,
            timeout=60,
        )
        assert done.returncode in (0, 1), done.stderr
        data = json.loads(done.stdout.decode("utf-8"))  # strict: no raw \xe9 byte
        paths = [d["path"] for d in data] if args[0] == "styles" else [data["config_file"]]
        assert any(str(tmp_path / "conf\ufffd") in p for p in paths), paths


def test_styles_list_is_one_line_per_style() -> None:
    """A summary written as a YAML block (`summary: |`) or a name with a newline stays on its
    style's line."""
    (_folder("styles") / "multi.yaml").write_text(
        'name: "Two\\nLines\\e]0;T\\a"\nsummary: |\n  First line.\n  Second line.\nbrief: b\n',
        encoding="utf-8",
    )
    listed = wb("styles", "list")
    assert listed.returncode == 0, listed.stderr
    [row] = [line for line in listed.stdout.splitlines() if "Two" in line]
    assert row.startswith("multi ") and row.endswith("[user]"), listed.stdout
    assert "Two Lines — First line. Second line." in row
    assert len(listed.stdout.splitlines()) == 5  # the four built-in styles and this one


@pytest.mark.parametrize("kind", ["styles", "checklists"])
def test_an_id_that_is_not_the_file_name_is_named_with_its_line(kind: str) -> None:
    body = (
        "name: N\nid: other\nbrief: b\n"
        if kind == "styles"
        else "version: 1\nid: other\ntitle: T\nquestions:\n  - id: q\n    text: Why?\n"
    )
    (_folder(kind) / "wrong.yaml").write_text(body, encoding="utf-8")
    err = assert_clean_error(wb(kind, "show", "wrong"))
    [line] = err.splitlines()
    assert "wrong.yaml:2: id: " in line and "'other'" in line, line


def test_an_alias_bomb_under_the_alias_limit_is_named_not_expanded() -> None:
    """72 aliases (under the limit of 100), nine to a level over eight levels: 43 million
    questions once expanded. It is refused as a problem naming its line; it took minutes
    and all memory (`checklists list`, and every command that reads the checklists)."""
    lines = ["id: bomb", "version: 1", "title: T", "questions:", "  - &q0 {id: a, text: t}"]
    for level in range(1, 9):
        parts = ", ".join([f"*q{level - 1}"] * 9)
        lines.append(f"  - &q{level} {{id: a{level}, text: t, parts: [{parts}]}}")
    (_folder("checklists") / "bomb.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    listed = wb_process("checklists", "list", timeout=60)
    assert listed.returncode == 0, listed.stderr
    assert "new-technology" in listed.stdout
    [line] = [x for x in listed.stderr.splitlines() if "bomb.yaml" in x]
    assert "aliases expand" in line, line
    err = assert_clean_error(wb_process("checklists", "show", "bomb", timeout=60))
    assert "bomb.yaml:" in err and "aliases expand" in err


def test_describe_force_onto_a_link_is_refused_before_asking(
    fake_openai: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The link would be refused when saving: refused before the model is paid to answer."""
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    target = tmp_path / "elsewhere.yaml"
    target.write_text(STYLE.format(name="Elsewhere"), encoding="utf-8")
    (_folder("styles") / "mine.yaml").symlink_to(target)
    args = ("styles", "describe", "Hilda Rosner", "--from", "de", "--to", "en", "--id", "mine")
    err = assert_clean_error(wb(*args, "--force"))
    assert "mine.yaml is a symbolic link" in err
    assert fake_openai.requests == []
    assert target.read_text(encoding="utf-8") == STYLE.format(name="Elsewhere")


def test_a_broken_override_of_a_bundled_checklist_is_an_error_not_the_bundled_one() -> None:
    """Your `new-technology.yaml` with a mistake: the reviews must not go on silently with the
    bundled questions (as a broken override of a built-in style is an error when used)."""
    override = _folder("checklists") / "new-technology.yaml"
    override.write_text(
        "id: new-technology\nversion: 2\ntitle: Ours\nquestions:\n  - id: q\n", encoding="utf-8"
    )
    listed = wb("checklists", "list")
    assert listed.returncode == 0 and "new-technology.yaml:5" in listed.stderr
    err = assert_clean_error(wb("checklists", "show", "new-technology"))
    [line] = err.splitlines()
    assert "new-technology.yaml:5: questions[0].text: Field required" in line, line


def test_a_broken_override_of_a_built_in_style_stops_a_run_of_every_built_in_style(
    fake_openai: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Your `rosner.yaml` with a mistake: a run of the default styles (no --style: every
    built-in one) must not render the bundled Rosner in its place without a word, as
    `--style rosner` does not: one line naming your file and line, exit 2, nothing asked."""
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    broken = _folder("styles") / "rosner.yaml"
    broken.write_text("name: Ours\nname: Theirs\nbrief: b\n", encoding="utf-8")
    passage = tmp_path / "p.txt"
    passage.write_text("Ich kann denken.\n", encoding="utf-8")
    for styles in ([], ["--style", "rosner"]):
        args = ["translate", str(passage), "--from", "de", "--to", "en", *styles]
        [line] = assert_clean_error(wb(*args, "--no-history")).splitlines()
        assert "rosner.yaml:2" in line and "duplicate key 'name'" in line, line
    assert fake_openai.requests == []


def test_the_lists_do_not_offer_what_a_broken_override_makes_unusable() -> None:
    """A built-in style or bundled checklist that your broken file of the same id overrides
    cannot be used (that is an error naming your file): the lists say so on its line, not
    `[built-in]` / `bundled` as if it could."""
    (_folder("styles") / "rosner.yaml").write_text("name: [broken\n", encoding="utf-8")
    (_folder("checklists") / "new-technology.yaml").write_text("id: [\n", encoding="utf-8")
    styles = wb("styles", "list")
    assert styles.returncode == 0, styles.stderr
    [rosner] = [line for line in styles.stdout.splitlines() if line.startswith("rosner ")]
    assert rosner.endswith("[your file does not load: using it is an error]"), rosner
    listed = json.loads(wb("styles", "list", "--format", "json").stdout)
    [entry] = [row for row in listed if row["id"] == "rosner"]
    assert entry["origin"] == "user (does not load)"
    assert entry["path"].endswith("rosner.yaml") and "prompts" not in entry["path"]
    checklists = wb("checklists", "list")
    assert checklists.returncode == 0, checklists.stderr
    [bundled] = [line for line in checklists.stdout.splitlines() if "new-technology" in line]
    assert "does not load" in bundled and "bundled" not in bundled, bundled
