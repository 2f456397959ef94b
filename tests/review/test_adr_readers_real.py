"""The exported Markdown read by the real ADR tools, where they install from the registries:
Backstage's `@backstage/plugin-adr-common` and log4brains' `@log4brains/core` from npm, and
pyadr from PyPI (in a venv of its own). Skipped, with the reason, when node/npm are missing or
a registry cannot be reached. They are installed once per machine
(`~/.cache/workbench-tests/adr-readers*`: tests/review/registry_installs.py)."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.review.conftest import record, save
from tests.review.registry_installs import npm_modules, pip_venv

PYADR = "pyadr==0.19.0"
PACKAGES = ["@backstage/plugin-adr-common@0.2.22", "@log4brains/core@1.1.0", "marked@4"]

BACKSTAGE = """
const fs = require("fs"), path = require("path");
const { parseMadrWithFrontmatter, madrFilePathFilter } = require("@backstage/plugin-adr-common");
const { marked } = require("marked");
const dir = process.argv[process.argv.length - 1], out = {};
for (const name of fs.readdirSync(dir).filter(madrFilePathFilter)) {
  const parsed = parseMadrWithFrontmatter(fs.readFileSync(path.join(dir, name), "utf8"));
  // plugin-adr-backend's madrParser: the title is the first depth-1 heading
  const h1 = marked.lexer(parsed.content).find(t => t.type === "heading" && t.depth === 1);
  out[name] = { title: h1 && h1.text, status: parsed.status, date: parsed.date };
}
console.log(JSON.stringify(out));
"""

LOG4BRAINS = """
const { Log4brains } = require("@log4brains/core");
(async () => {
  const adrs = await Log4brains.create(process.argv[process.argv.length - 1]).searchAdrs();
  const out = {};
  for (const a of adrs) out[a.slug] = {
    title: a.title, status: a.status, supersededBy: a.supersededBy, deciders: a.deciders,
    date: a.publicationDate && a.publicationDate.slice(0, 10),
  };
  console.log(JSON.stringify(out));
})().catch(e => { console.error(String(e)); process.exit(1); });
"""


@pytest.fixture(scope="module")
def node_modules() -> Path:
    return npm_modules("adr-readers", PACKAGES)


def _node(node_modules: Path, script: str, arg: Path) -> dict[str, dict[str, object]]:
    done = subprocess.run(
        ["node", "-e", script, str(arg)],
        capture_output=True, text=True, timeout=120, check=False,
        env={"NODE_PATH": str(node_modules), "PATH": "/usr/bin:/bin", "HOME": str(arg)},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    result: dict[str, dict[str, object]] = json.loads(done.stdout)
    return result


@pytest.fixture
def exported(run, decisions, tmp_path) -> Path:  # type: ignore[no-untyped-def]
    day = dt.date(2024, 3, 4)
    old = record(
        "2024-01-02-adopt-kafka-aaaaa", status="superseded",
        superseded_by=["2024-02-01-adopt-pulsar-ppppp"],
    ).model_copy(update={"decision_makers": ["Ana", "Bo"], "decided": day})  # fmt: skip
    new = record(
        "2024-02-01-adopt-pulsar-ppppp", status="accepted", title="Adopt C<D & E>F",
        supersedes=[old.id],
    )  # fmt: skip
    save(decisions, old)
    save(decisions, new)
    save(decisions, record("2024-02-03-adopt-redis-rrrrr", title="Adopt Redis"))
    save(decisions, record("2024-02-04-adopt-mongo-mmmmm", status="rejected", title="Mongo"))
    project = tmp_path / "project"
    out = project / "adr"
    result = run(
        "review", "export", "--format", "markdown", "--out", str(out), "--dir", str(decisions)
    )  # fmt: skip
    assert result.code == 0, result.err
    (project / ".log4brains.yml").write_text(
        "project:\n  name: t\n  tz: Etc/UTC\n  adrFolder: ./adr\n"
    )
    return project


def test_backstage_reads_title_status_and_date(node_modules: Path, exported: Path) -> None:
    seen = _node(node_modules, BACKSTAGE, exported / "adr")
    assert seen == {
        "0001-adopt-kafka.md": {
            "title": "Adopt Kafka",
            "status": "superseded by ADR-0002",
            "date": "2024-03-04",
        },
        "0002-adopt-c-d-e-f.md": {
            "title": "Adopt C\\<D & E\\>F",
            "status": "accepted",
            "date": "2024-01-02",
        },
        "0003-adopt-redis.md": {"title": "Adopt Redis", "status": "draft", "date": "2024-01-02"},
        "0004-mongo.md": {"title": "Mongo", "status": "rejected", "date": "2024-01-02"},
    }  # Backstage's title is the heading's source, escape included; the manifest is no ADR


def test_log4brains_reads_status_date_deciders_and_superseder(
    node_modules: Path, exported: Path
) -> None:
    seen = _node(node_modules, LOG4BRAINS, exported)
    assert seen == {
        "0001-adopt-kafka": {
            "title": "Adopt Kafka", "status": "superseded", "supersededBy": "0002-adopt-c-d-e-f",
            "deciders": ["Ana", "Bo"], "date": "2024-03-04",
        },
        "0002-adopt-c-d-e-f": {
            "title": "Adopt C<D & E>F", "status": "accepted", "supersededBy": None,
            "deciders": [], "date": "2024-01-02",
        },
        "0003-adopt-redis": {
            "title": "Adopt Redis", "status": "draft", "supersededBy": None, "deciders": [],
            "date": "2024-01-02",
        },
        "0004-mongo": {
            "title": "Mongo", "status": "rejected", "supersededBy": None, "deciders": [],
            "date": "2024-01-02",
        },
    }  # fmt: skip


@pytest.fixture(scope="module")
def pyadr() -> Path:
    """pyadr in a venv of its own (it pins old versions of libraries we use)."""
    command = pip_venv("adr-readers-pyadr", [PYADR]) / "bin" / "pyadr"
    if not command.exists():
        pytest.skip(f"pip install {PYADR} made no pyadr command")
    return command


def test_pyadr_checks_the_folder_and_reads_every_status(pyadr: Path, exported: Path) -> None:
    project = exported.parent / "pyadr"
    (project / "docs").mkdir(parents=True)
    shutil.copytree(exported / "adr", project / "docs" / "adr")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(project), "NO_COLOR": "1"}

    def pyadr_run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(pyadr), *args, "--no-ansi"], cwd=project, env=env,
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip

    checked = pyadr_run("check-adr-repo")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert pyadr_run("toc").returncode == 0
    toc = (project / "docs" / "adr" / "index.md").read_text()
    sections = dict(re.findall(r"^##+ (.+)\n\n((?:\* .*\n)+)", toc, re.M))
    assert "0002 - Adopt C\\<D & E\\>F" in sections["Accepted Records"]
    assert "0004 - Mongo" in sections["Rejected Records"]
    assert "0001 - Adopt Kafka" in sections["Superseded Records"]
    assert "superseded by [0002-adopt-c-d-e-f]" in sections["Superseded Records"]
    assert "0003 - Adopt Redis" in sections["Status `draft`"]
