"""`workbench translate --glossary` end to end against the real-HTTP test server, which answers
each style with a known rendition: the entries reach the prompts (shared ones every request,
a style's own only that style's), every output lists each column's hits and misses, the
config dir's, the working folder's and the option's glossaries merge nearest first, and a bad
glossary is one line naming file, line and field, exit 2."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.cli.helpers import assert_clean_error, wb, wb_process
from tests.fake_openai_server import FakeOpenAIServer
from tests.llm_helpers import request_parts

PASSAGE = "Die Flüsse flossen am Dorf vorbei. Der Fährmann lachte.\n"
RENDITIONS = {
    "Hilda Rosner": "The rivers ran past the village. The ferryman laughed.",
    "Literal gloss": "The streams flowed past the hamlet. The boatman laughed.",
}


def known_renditions(body: dict[str, Any]) -> str | dict[str, Any]:
    _, style = request_parts(body)
    text = RENDITIONS.get(style, "?")
    if body.get("response_format"):
        return {"text": text, "notes": [], "footnotes": []}
    return text


@pytest.fixture
def server(fake_openai: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch) -> FakeOpenAIServer:
    fake_openai.responder = known_renditions
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret-key-1234567890")
    monkeypatch.setenv("WORKBENCH_MODEL", "fake-model")
    return fake_openai


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "passage.de.txt").write_text(PASSAGE, encoding="utf-8")
    return folder


def translate(project: Path, *extra: str) -> Any:
    args = ["translate", "passage.de.txt", "--from", "de", "--to", "en"]
    args += ["--style", "rosner", "--style", "literal", "--no-history", *extra]
    return wb(*args, cwd=project)


def columns(result: Any) -> dict[str, dict[str, list[str]]]:
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    out = {}
    for r in data["renditions"]:
        check = r["glossary"]
        out[r["style"]] = {k: [t["source"] for t in check[k]] for k in ("hits", "misses")}
    return out


def test_hits_misses_and_prompts_with_a_glossary_file(
    server: FakeOpenAIServer, project: Path
) -> None:
    glossary = project / "terms.csv"
    glossary.write_text(
        "source,target,note,style\nFluss,river,,\nFährmann,ferryman,the old man,\n"
        "Dorf,hamlet,,literal\n",
        encoding="utf-8",
    )
    result = translate(project, "--glossary", "terms.csv", "--format", "json")
    assert columns(result) == {
        "rosner": {"hits": ["Fluss", "Fährmann"], "misses": []},
        "literal": {"hits": ["Dorf"], "misses": ["Fluss", "Fährmann"]},
    }
    data = json.loads(result.stdout)
    assert [e["source"] for e in data["glossary"]] == ["Fluss", "Fährmann", "Dorf"]
    literal = data["renditions"][1]
    [flag] = [f for f in literal["flags"] if f["kind"] == "glossary_missing"]
    assert flag["detail"] == ["Fluss", "Fährmann"]
    assert not [f for f in data["renditions"][0]["flags"] if f["kind"] == "glossary_missing"]
    # the prompts: shared entries in the system message of each request, a style's own in its
    for request in server.requests:
        messages = request["body"]["messages"]
        assert '"Fluss" -> "river"' in messages[0]["content"]
        assert "the old man" in messages[0]["content"]
        _, style = request_parts(request["body"])
        own = '"Dorf" -> "hamlet"' in messages[-1]["content"]
        assert own == (style == "Literal gloss")
        assert all('"Dorf"' not in m["content"] for m in messages[:-1])


@pytest.mark.parametrize(
    ("fmt", "kept", "missing"),
    [
        ("text", 'glossary kept: "Fluss" -> "river"', 'glossary missing: "Fluss" -> "river"'),
        ("markdown", '- kept: "Fluss" -\\> "river"', '- missing: "Fluss" -\\> "river"'),
        ("html", "Glossary kept: &quot;Fluss&quot; -&gt; &quot;river&quot;", "Glossary missing:"),
    ],
)
def test_every_format_lists_each_columns_hits_and_misses(
    server: FakeOpenAIServer, project: Path, fmt: str, kept: str, missing: str
) -> None:
    (project / "terms.yaml").write_text("- {source: Fluss, target: river}\n", encoding="utf-8")
    result = translate(project, "--glossary", "terms.yaml", "--format", fmt)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert kept in out and missing in out
    assert out.index(kept) < out.index(missing), "rosner keeps it, literal (after it) misses it"


def test_the_working_folder_wins_over_the_config_dir_and_the_option_over_both(
    server: FakeOpenAIServer, project: Path, isolated_dirs: Path
) -> None:
    config = isolated_dirs / "config" / "glossary.tsv"
    config.write_text("source\ttarget\nFluss\tstream\nFährmann\tboatman\n", encoding="utf-8")
    result = translate(project, "--format", "json")
    assert columns(result) == {
        "rosner": {"hits": [], "misses": ["Fluss", "Fährmann"]},
        "literal": {"hits": ["Fluss", "Fährmann"], "misses": []},
    }
    nearer = project / ".workbench-glossary.csv"
    nearer.write_text("source,target\nfluss,river\n", encoding="utf-8")
    assert columns(translate(project, "--format", "json")) == {
        "rosner": {"hits": ["fluss"], "misses": ["Fährmann"]},
        "literal": {"hits": ["Fährmann"], "misses": ["fluss"]},
    }
    option = project / "run.yaml"
    option.write_text("- {source: FLUSS, target: stream}\n", encoding="utf-8")
    assert columns(translate(project, "--glossary", "run.yaml", "--format", "json")) == {
        "rosner": {"hits": [], "misses": ["FLUSS", "Fährmann"]},
        "literal": {"hits": ["FLUSS", "Fährmann"], "misses": []},
    }


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("bad-header.csv", "source,translation\nFluss,river\n", "bad-header.csv:1: header:"),
        (
            "no-target.csv",
            "source,target\nFluss,river\nDorf,\n",
            "no-target.csv:3: target: missing",
        ),
        ("bad.yaml", "- source: Fluss\n  target: [river\n", "bad.yaml:3: YAML syntax error"),
        (  # shown without its escape, "riv\x1b[31mer" would read "river", kept but missing
            "escape.csv",
            "source,target\nFluss,riv\x1b[31mer\n",
            "escape.csv:2: target: a control character (U+001B)",
        ),
    ],
)
def test_a_bad_glossary_is_one_line_and_exit_2(
    server: FakeOpenAIServer, project: Path, name: str, text: str, where: str
) -> None:
    (project / name).write_text(text, encoding="utf-8")
    result = translate(project, "--glossary", name)
    stderr = assert_clean_error(result, 2)
    assert where in stderr
    assert len(stderr.strip().splitlines()) == 1
    assert server.requests == [], "nothing is asked of the model"


def test_a_bad_default_glossary_stops_a_real_process_with_exit_2(
    server: FakeOpenAIServer, project: Path, isolated_dirs: Path
) -> None:
    (project / ".workbench-glossary.csv").write_text("source,target\n,river\n", encoding="utf-8")
    env = {
        "OPENAI_BASE_URL": server.base_url,
        "OPENAI_API_KEY": "sk-test",
        "WORKBENCH_MODEL": "fake-model",
        "HOME": str(isolated_dirs),
    }
    args = ["translate", "passage.de.txt", "--from", "de", "--to", "en", "--no-history"]
    result = wb_process(*args, env=env, cwd=project)
    stderr = assert_clean_error(result, 2)
    assert ".workbench-glossary.csv:2: source: missing" in stderr


def test_a_blind_run_does_not_name_the_style_of_an_entry(
    server: FakeOpenAIServer, project: Path
) -> None:
    (project / "terms.csv").write_text(
        "source,target,style\nFluss,river,\nDorf,hamlet,literal\n", encoding="utf-8"
    )
    result = translate(project, "--glossary", "terms.csv", "--blind", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert "literal" not in result.stdout.lower() and "rosner" not in result.stdout.lower()
    data = json.loads(result.stdout)
    assert [e["style"] for e in data["glossary"]] == [None, "(hidden)"]


def test_a_blind_run_checks_a_term_whose_one_style_entry_is_for_a_style_not_in_it(
    server: FakeOpenAIServer, project: Path
) -> None:
    """An entry for a style the run does not have tells no column apart: the term's entry for
    every style is checked in every column, blind or not."""
    (project / "terms.csv").write_text(
        "source,target,style\nFluss,river,\nFluss,creek,bernofsky\n", encoding="utf-8"
    )
    seen = columns(translate(project, "--glossary", "terms.csv", "--blind", "--format", "json"))
    assert sorted(c["hits"] + c["misses"] for c in seen.values()) == [["Fluss"], ["Fluss"]]


def test_compare_checks_its_glossary_before_the_screen_opens(
    server: FakeOpenAIServer, project: Path
) -> None:
    (project / "terms.csv").write_text("source,target\nFluss\n", encoding="utf-8")
    args = ["compare", "passage.de.txt", "--from", "de", "--to", "en", "--glossary", "terms.csv"]
    stderr = assert_clean_error(wb(*args, cwd=project), 2)
    assert "terms.csv:2: target: missing" in stderr


@pytest.mark.usefixtures("server")
def test_an_entry_for_a_style_that_does_not_exist_is_warned_of(project: Path) -> None:
    """A style column naming no style ("Rosner", the style's name, not its id) held for no
    column, silently: the run says so, with the style it probably meant."""
    (project / "g.csv").write_text(
        "source,target,style\nFluss,stream,Rosner\nDorf,hamlet,nosuch\nFährmann,boatman,literal\n",
        encoding="utf-8",
    )
    result = translate(project, "--glossary", "g.csv", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert "'Fluss' is for the style 'Rosner', which does not exist" in result.stderr
    assert "did you mean 'rosner'?" in result.stderr
    assert "'Dorf' is for the style 'nosuch'" in result.stderr
    assert "boatman" not in result.stderr  # literal is a style (of this run, too)


@pytest.mark.parametrize("where", ["config", "project"])
def test_a_glossary_found_on_its_own_that_is_a_fifo_is_named_not_waited_on(
    server: FakeOpenAIServer, project: Path, isolated_dirs: Path, where: str
) -> None:
    """A glossary the workbench finds by itself (not one named with --glossary) must be a
    plain file: a FIFO there hung every run, in a real process, before any request."""
    if where == "config":
        fifo = isolated_dirs / "config" / "glossary.csv"
    else:
        fifo = project / ".workbench-glossary.csv"
    os.mkfifo(fifo)
    env = {
        "OPENAI_BASE_URL": server.base_url,
        "OPENAI_API_KEY": "sk-test",
        "WORKBENCH_MODEL": "fake-model",
    }
    args = ["translate", "passage.de.txt", "--from", "de", "--to", "en", "--no-history"]
    result = wb_process(*args, env=env, cwd=project, timeout=30)
    stderr = assert_clean_error(result, 2)
    assert fifo.name in stderr, stderr
    assert server.requests == []
