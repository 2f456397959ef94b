"""Marks that do not depend on colour, in a real terminal limited to 16 colours, and with
NO_COLOR: diff deletions struck, insertions bold and underlined; the focused column in a heavy
box with ▶ before its name. Snapshots are always in true colour, so this reads tmux's own
record of the screen (`capture-pane -e`)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.fake_openai_server import FakeOpenAIServer
from tests.llm_helpers import style_responder
from tests.tui.tmux_helpers import isolated_env, needs_tmux, terminal

pytestmark = needs_tmux

SGR = re.compile(r"\x1b\[([0-9;:]*)m")
ATTRS = {"1": "bold", "4": "underline", "9": "strike"}
OFF = {"22": "bold", "24": "underline", "29": "strike"}


def attributed(line: str) -> list[tuple[str, frozenset[str], bool]]:
    """Each character of a captured line with its attributes, and whether any colour beyond
    the 16 standard ones was asked for since the last reset."""
    out: list[tuple[str, frozenset[str], bool]] = []
    attrs: set[str] = set()
    rich = False
    pos = 0
    for match in SGR.finditer(line):
        out += [(ch, frozenset(attrs), rich) for ch in line[pos : match.start()]]
        pos = match.end()
        params = (match.group(1) or "0").replace(":", ";").split(";")
        index = 0
        while index < len(params):
            code = params[index] or "0"
            if code == "0":
                attrs.clear()
                rich = False
            elif code in ATTRS:
                attrs.add(ATTRS[code])
            elif code in OFF:
                attrs.discard(OFF[code])
            elif code in ("38", "48", "58"):
                rich = True
                index += 2 if params[index + 1 : index + 2] == ["5"] else 4
            index += 1
    out += [(ch, frozenset(attrs), rich) for ch in line[pos:]]
    return out


def attrs_of(line: str, needle: str) -> set[frozenset[str]]:
    chars = attributed(line)
    text = "".join(ch for ch, _, _ in chars)
    start = text.index(needle)
    return {a for _, a, _ in chars[start : start + len(needle)]}


@pytest.mark.parametrize("no_color", [False, True], ids=["16-colours", "NO_COLOR"])
def test_diff_and_focus_marks_without_colour(
    isolated_dirs: Path, tmp_path: Path, no_color: bool
) -> None:
    passage = tmp_path / "passage.txt"
    passage.write_text("Ich kann denken.", encoding="utf-8")
    with FakeOpenAIServer(style_responder) as server, terminal(tmp_path) as term:
        env = {
            **isolated_env(isolated_dirs),
            "OPENAI_BASE_URL": server.base_url,
            "TEXTUAL_COLOR_SYSTEM": "standard",
        }
        if no_color:
            env["NO_COLOR"] = "1"
        args = ["compare", str(passage), "--from", "de", "--to", "en"]
        term.start([*args, "--style", "rosner", "--style", "literal"], env, (100, 30))
        term.wait_for("[Literal gloss] Ich kann denken")
        # the first column is focused once the run starts: a heavy box and the ▶ mark
        screen = term.wait_for("▶ Hilda Rosner")
        assert "┏" in screen and "┃" in screen, screen
        term.keys("d")  # diff marks on, against the first column
        term.wait_for("similarity")
        lines = term.capture(escapes=True).splitlines()
        marked = next(line for line in lines if "[Hilda RosnerLiteral gloss]" in SGR.sub("", line))
        marked = marked[marked.index("│") :]  # the marked column (beside the baseline at 80)
        # "[Hilda Rosner]" became "[Literal gloss]": the old words struck, the new ones bold
        # and underlined, whatever the colours
        assert attrs_of(marked, "Literal gloss") == {frozenset({"bold", "underline"})}, marked
        assert attrs_of(marked, "Hilda Rosner") == {frozenset({"strike"})}, marked
        assert attrs_of(marked, "Ich kann") == {frozenset()}, marked
        # 16 colours: no 256-colour or true-colour codes anywhere
        every = [c for line in lines for c in attributed(line)]
        assert not any(rich for _, _, rich in every)
        term.keys("C-q")
        assert term.exit_code() == 0
