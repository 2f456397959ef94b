"""Helpers for the review tests: run the real CLI entry point, make records and answer files."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pytest

from tests.cli.helpers import wb
from workbench.core.review.record import DecisionRecord
from workbench.services.review.store import dump_record

FULL_ANSWERS = """\
problem: Nightly batch jobs miss their window as the data grows.
current-stack: Partition the Postgres tables and run the jobs in parallel.
new-costs: Monitoring a new cluster, on-call training, one more thing to know.
current-stack-difficulty: Postgres write throughput tops out at peak.
replacement-commitment: Yes; the cron runner goes within two quarters.
trusted-references:
  - name: Ana at Acme
    said: Solid once tuned.
    dislikes: Rebalancing storms.
low-risk-start: Mirror one topic for a month.
"""

REVIEW_ANSWER = """\
mixed-discipline-review:
  who: [Ana, Bo]
  disciplines: [SRE, security]
  where: https://wiki.example/review
"""


@dataclass
class Result:
    code: int
    out: str
    err: str


class Runner(Protocol):
    """The `run` fixture: the CLI called in-process with these arguments."""

    def __call__(self, *args: str) -> Result: ...


@pytest.fixture
def run() -> Runner:
    """The CLI's entry point called in this process (see tests/cli/helpers.py `wb`)."""

    def invoke(*args: str) -> Result:
        done = wb(*args)
        return Result(done.returncode, done.stdout, done.stderr)

    return invoke


@pytest.fixture
def decisions(tmp_path: Path) -> Path:
    folder = tmp_path / "decisions"
    folder.mkdir()
    return folder


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def record(
    record_id: str = "2024-01-02-adopt-kafka-aaaaa",
    *,
    status: str = "draft",
    solves: list[str] | None = None,
    supersedes: list[str] | None = None,
    superseded_by: list[str] | None = None,
    review: bool = True,
    title: str = "Adopt Kafka",
    technology: str = "Kafka",
) -> DecisionRecord:
    day = dt.date(2024, 1, 2)
    return DecisionRecord.model_validate(
        {
            "id": record_id,
            "title": title,
            "status": status,
            "date": day,
            "technology": {"name": technology, "quadrant": "platforms"},
            "solves": solves or [],
            "checklist": {"id": "new-technology", "version": 1},
            "answers": {
                "problem": "Jobs are late.",
                "current-stack": "Cron and Postgres.",
                "new-costs": "Monitoring.",
                "current-stack-difficulty": "Throughput.",
                "replacement-commitment": "Yes.",
                "trusted-references": "Ana; she dislikes rebalancing.",
                "low-risk-start": "One topic.",
            },
            "review": (
                {"who": ["Ana"], "disciplines": ["SRE", "security"], "where": "wiki"}
                if review
                else None
            ),
            "options": [
                {"name": "Current stack", "current_stack": True},
                {"name": technology},
            ],
            "links": {"supersedes": supersedes or [], "superseded_by": superseded_by or []},
            "history": [{"status": status, "date": day}],
        }
    )


def save(folder: Path, rec: DecisionRecord, name: str | None = None) -> Path:
    return write(folder / (name or f"{rec.id}.yaml"), dump_record(rec))
