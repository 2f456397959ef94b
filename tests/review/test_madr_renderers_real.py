"""The exported MADR Markdown of hostile records rendered by the Markdown libraries ADR sites
are built with, installed from PyPI into a venv of their own once per machine
(`~/.cache/workbench-tests/madr-renderers`: tests/review/registry_installs.py): python-markdown
with MkDocs' default extensions and mistune. Each must give the record the same headings as a
plain record has, and no raw HTML, no event attribute, no `javascript:`/`data:` target and no
remote image. Skipped, with the reason, when the registry cannot be reached."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.review.conftest import Runner, record, save
from tests.review.registry_installs import pip_venv
from tests.review.test_hostile_records import EVIL_ANSWERS

RENDERERS = ["markdown==3.11.3", "mistune==3.4.0"]

RENDER = r"""
import json, re, sys
from html.parser import HTMLParser
import markdown, mistune

RENDER = {
    "python-markdown": lambda s: markdown.markdown(
        s, extensions=["toc", "tables", "fenced_code", "footnotes"]),
    "mistune": mistune.create_markdown(
        escape=False, plugins=["table", "strikethrough", "footnotes", "url"]),
}

class Seen(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.headings, self.problems, self.level = [], [], None

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            self.level = tag
            self.headings.append([tag, ""])
        if tag in ("script", "style", "iframe", "object", "embed", "svg", "form", "base"):
            self.problems.append("<" + tag + ">")
        for name, value in attrs:
            value = "".join(c for c in (value or "") if c.isprintable() and not c.isspace())
            value = value.replace("\\", "/").lower()
            if name.startswith("on"):
                self.problems.append(tag + "[" + name + "]")
            if name in ("href", "src") and re.match(r"(javascript|data|vbscript|file):", value):
                self.problems.append(tag + "[" + name + "=" + value[:40] + "]")
            if tag == "img" and name == "src" and re.match(r"([a-z][a-z0-9+.-]*:|//)", value):
                self.problems.append("remote image " + value[:40])

    def handle_endtag(self, tag):
        if tag == self.level:
            self.level = None

    def handle_data(self, data):
        if self.level:
            self.headings[-1][1] += data

out = {}
for path in sys.argv[1:]:
    text = open(path, encoding="utf-8").read().split("\n---\n", 1)[1]  # the front matter
    for name, render in RENDER.items():
        seen = Seen()
        seen.feed(render(text))
        out[path.rsplit("/", 1)[1] + " " + name] = [seen.headings, seen.problems]
print(json.dumps(out))
"""

MORE_ANSWERS = {  # what these renderers read otherwise than CommonMark does
    "current-stack-difficulty": "#1 priority is uptime\n\n> #tag",
    "new-costs": "~~~~ <b>\n<script>alert(1)</script>\n<img src=x onerror=alert(2)>\n~~~~",
    "replacement-commitment": "```yaml title=x\n<script>alert(3)</script>\n```",
    "low-risk-start": "[r]:\n~~~~\n<img src=x onerror=alert(4)>\n~~~~",
    "problem": "See [x].\n\n> [x]:\n> javascript:alert(5)\n\n[y](java\nscript:alert(6))",
    "trusted-references": "   [z]: \n[z]: javascript:alert(7)\n\n[z] ![ ![i](http://e.example/t.png)",
}


@pytest.fixture(scope="module")
def renderers() -> Path:
    return pip_venv("madr-renderers", RENDERERS) / "bin" / "python"


@pytest.mark.parametrize("answers", [EVIL_ANSWERS, MORE_ANSWERS], ids=["hostile", "dialects"])
def test_python_markdown_and_mistune_render_hostile_answers_as_text(
    renderers: Path, run: Runner, decisions: Path, tmp_path: Path, answers: dict[str, str]
) -> None:
    plain = record("2024-01-02-plain-kafka-ppppp", status="accepted", title="Plain Kafka")
    hostile = record("2024-01-03-evil-kafka-eeeee", status="accepted", title="Evil Kafka")
    save(decisions, plain)
    save(decisions, hostile.model_copy(update={"answers": {**hostile.answers, **answers}}))
    out = tmp_path / "adr"
    result = run("review", "export", "--format", "markdown", "--out", str(out),
                 "--dir", str(decisions))  # fmt: skip
    assert result.code == 0, result.err
    files = sorted(str(p) for p in out.glob("*.md"))
    rendered = subprocess.run(
        [str(renderers), "-c", RENDER, *files],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    seen = json.loads(rendered.stdout)
    for reader in ("python-markdown", "mistune"):
        (plain_headings, _), (headings, problems) = (
            seen[f"{name} {reader}"] for name in ("0001-plain-kafka.md", "0002-evil-kafka.md")
        )
        assert problems == [], (reader, problems)
        assert [h[0] for h in headings] == [h[0] for h in plain_headings], (reader, headings)
