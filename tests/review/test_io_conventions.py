"""I/O conventions (issue 12): `-` is stdin for the files a command without a screen reads,
one-file exports go to `-o PATH` or stdout, `review show --format markdown`."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

from tests.review.conftest import FULL_ANSWERS, REVIEW_ANSWER, record, save, write

ROOT = Path(__file__).resolve().parents[2]


def _wb(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "workbench", *args],
        input=stdin, capture_output=True, text=True, timeout=60, check=False, cwd=ROOT,
    )  # fmt: skip


def test_answers_from_stdin(decisions: Path) -> None:
    made = _wb("review", "new", "--title", "Adopt Kafka", "--answers", "-",
               "--dir", str(decisions), stdin=FULL_ANSWERS)  # fmt: skip
    assert made.returncode == 0, made.stderr
    path = Path(re.search(r"in (\S+\.yaml)", made.stdout).group(1))  # type: ignore[union-attr]
    assert "Nightly batch jobs" in path.read_text()
    answered = _wb("review", "answer", path.stem, "--answers", "-", "--dir", str(decisions),
                   stdin=REVIEW_ANSWER)  # fmt: skip
    assert answered.returncode == 0, answered.stderr
    assert "wiki.example/review" in path.read_text()
    bad = _wb("review", "answer", path.stem, "--answers", "-", "--dir", str(decisions),
              stdin="nonsense-question: x\n")  # fmt: skip
    assert bad.returncode == 2 and bad.stderr.startswith("workbench: error: stdin:1:")
    assert "Traceback" not in bad.stderr


def test_diff_reads_one_side_from_stdin(tmp_path: Path) -> None:
    b = write(tmp_path / "b.txt", "Ich kann warten.\n")
    result = _wb("diff", "-", str(b), "--format", "json", stdin="Ich kann denken.\n")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["a"] == {"path": "-"}


def test_one_file_exports_go_to_stdout_or_to_o(run, decisions, tmp_path) -> None:  # type: ignore[no-untyped-def]
    save(decisions, record(status="accepted"))
    d = ("--dir", str(decisions))
    shown = run("review", "export", "--format", "radar", *d)
    assert shown.code == 0, shown.err
    assert [row["name"] for row in csv.DictReader(io.StringIO(shown.out))] == ["Kafka"]
    target = tmp_path / "radar.csv"
    to_file = run("review", "export", "--format", "radar", "-o", str(target), *d)
    assert to_file.code == 0 and to_file.out == "" and target.read_text() == shown.out
    out_json = tmp_path / "all.json"
    assert run("review", "export", "--format", "json", "--output", str(out_json), *d).code == 0
    assert [r["id"] for r in json.loads(out_json.read_text())] == [record().id]
    dash = run("review", "export", "--format", "backstage-radar", "-o", "-", *d)
    assert json.loads(dash.out)["entries"][0]["title"] == "Kafka"
    many = run("review", "export", "--format", "markdown", *d)
    assert many.code == 2 and "--out" in many.err and "Traceback" not in many.err
    both = run("review", "export", "--format", "json", "--out", str(tmp_path / "x"),
               "-o", str(tmp_path / "y.json"), *d)  # fmt: skip
    assert both.code == 2 and "not both" in both.err
    missing = run("review", "export", "--format", "json", "-o", str(tmp_path / "no" / "x.json"), *d)
    assert missing.code == 2 and "does not exist" in missing.err


def test_show_markdown_is_the_exported_madr_text(run, decisions, tmp_path) -> None:  # type: ignore[no-untyped-def]
    save(decisions, record(status="accepted").model_copy(update={"number": 4}))
    shown = run("review", "show", "aaaaa", "--format", "markdown", "--dir", str(decisions))
    assert shown.code == 0, shown.err
    out = tmp_path / "md"
    assert run("review", "export", "--format", "markdown", "--out", str(out),
               "--dir", str(decisions)).code == 0  # fmt: skip
    assert shown.out == (out / "0004-adopt-kafka.md").read_text()
    assert shown.out.startswith("---\n")
