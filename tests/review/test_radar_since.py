"""The radar's `status` column against a date (`--since`), ring changes in the status history,
absolute description links from the config, and blip names on the HTML radar (issue 12)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import yaml

from tests.review.conftest import FULL_ANSWERS, REVIEW_ANSWER, record, save, write
from workbench.core.review.record import DecisionRecord


def _with_history(n: int, name: str, *changes: tuple[str, str]) -> DecisionRecord:
    rec = record(f"2024-01-{n:02d}-adopt-x-{'abcdefghjk'[n % 10] * 5}", technology=name)
    history = [{"status": status, "date": dt.date.fromisoformat(day)} for status, day in changes]
    return DecisionRecord.model_validate(
        {**rec.model_dump(), "status": changes[-1][0], "history": history}
    )


def _radar(run, decisions: Path, out: Path, *args: str) -> dict[str, dict[str, str]]:  # type: ignore[no-untyped-def]
    result = run(
        "review", "export", "--format", "radar", "--out", str(out), "--dir", str(decisions), *args
    )  # fmt: skip
    assert result.code == 0, result.err
    rows = list(csv.DictReader(io.StringIO((out / "radar.csv").read_text())))
    return {row["name"].strip(): row for row in rows}


def test_since_a_date_compares_with_the_rings_of_that_date(run, decisions, tmp_path) -> None:  # type: ignore[no-untyped-def]
    save(
        decisions, _with_history(1, "Kafka", ("proposed", "2024-01-05"), ("accepted", "2024-03-01"))
    )
    save(decisions, _with_history(2, "Redis", ("accepted", "2024-01-03")))
    save(
        decisions,
        _with_history(3, "Mongo", ("accepted", "2024-01-03"), ("deprecated", "2024-03-10")),
    )
    save(decisions, _with_history(4, "Pulsar", ("draft", "2024-01-04"), ("proposed", "2024-04-01")))
    rows = _radar(run, decisions, tmp_path / "radar", "--since", "2024-02-01")
    assert {name: row["status"] for name, row in rows.items()} == {
        "Kafka": "Moved In", "Redis": "No Change", "Mongo": "Moved Out", "Pulsar": "New",
    }  # fmt: skip
    # without --since: the previous export into the folder (the one just made)
    again = _radar(run, decisions, tmp_path / "radar")
    assert {row["status"] for row in again.values()} == {"No Change"}


def test_a_bad_since_is_one_clear_line(run, decisions, tmp_path) -> None:  # type: ignore[no-untyped-def]
    save(decisions, record(status="accepted"))
    result = run(
        "review", "export", "--format", "radar", "--out", str(tmp_path / "r"),
        "--dir", str(decisions), "--since", "last tuesday",
    )  # fmt: skip
    assert result.code == 2 and "--since" in result.err and "Traceback" not in result.err


def test_ring_changes_are_recorded_in_the_status_history(run, decisions, tmp_path) -> None:  # type: ignore[no-untyped-def]
    answers = write(tmp_path / "a.yaml", FULL_ANSWERS)
    made = run(
        "review", "new", "--title", "Adopt Kafka", "--answers", str(answers),
        "--dir", str(decisions),
    )  # fmt: skip
    assert made.code == 0, made.err
    path = Path(re.search(r"in (\S+\.yaml)", made.out).group(1))  # type: ignore[union-attr]
    record_id = path.stem
    assert run("review", "set-status", record_id, "proposed", "--dir", str(decisions)).code == 0
    assert yaml.safe_load(path.read_text())["history"][-1]["ring"] == "assess"
    review = write(tmp_path / "r.yaml", REVIEW_ANSWER)
    assert (
        run("review", "answer", record_id, "--answers", str(review), "--dir", str(decisions)).code
        == 0
    )
    assert run("review", "set-status", record_id, "accepted", "--dir", str(decisions)).code == 0
    moved = run(
        "review", "set-ring", record_id, "trial", "--note", "too early", "--dir", str(decisions)
    )
    assert moved.code == 0, moved.err
    data = yaml.safe_load(path.read_text())
    assert data["technology"]["ring"] == "trial"
    assert [(h["status"], h.get("ring")) for h in data["history"]] == [
        ("draft", None), ("proposed", "assess"), ("accepted", "adopt"), ("accepted", "trial"),
    ]  # fmt: skip
    assert data["history"][-1]["note"] == "too early"
    same = run("review", "set-ring", record_id, "trial", "--dir", str(decisions))
    assert same.code == 2 and "already" in same.err


def test_description_links_are_absolute_from_the_config(run, decisions, tmp_path) -> None:  # type: ignore[no-untyped-def]
    rec = save(decisions, record(status="accepted"))
    rows = _radar(run, decisions, tmp_path / "plain")
    assert "href" not in rows["Kafka"]["description"]  # never a relative link
    config = Path(__import__("os").environ["WORKBENCH_CONFIG_DIR"]) / "config.toml"
    config.write_text('[review]\nlink_base = "https://adr.example.org/decisions"\n')
    rows = _radar(run, decisions, tmp_path / "hosted")
    href = f'href="https://adr.example.org/decisions/{rec.stem}.html"'
    assert href in rows["Kafka"]["description"]
    rows = _radar(run, decisions, tmp_path / "given", "--link-base", "https://x.example/adr/")
    assert f'href="https://x.example/adr/{rec.stem}.html"' in rows["Kafka"]["description"]
    bad = run(
        "review", "export", "--format", "radar", "--out", str(tmp_path / "bad"),
        "--dir", str(decisions), "--link-base", "docs/adr",
    )  # fmt: skip
    assert bad.code == 2 and "--link-base" in bad.err and "absolute" in bad.err
    config.write_text('[review]\nlink_base = "docs/adr"\n')
    bad = run("review", "export", "--format", "radar", "--dir", str(decisions))
    assert bad.code == 2 and "[review] link_base" in bad.err and "Traceback" not in bad.err
    assert run("review", "show", rec.stem, "--dir", str(decisions)).code == 0  # needs no link


def test_the_html_radar_shows_blip_names(run, decisions, tmp_path) -> None:  # type: ignore[no-untyped-def]
    save(decisions, record(status="accepted", technology="Kafka <Streams>"))
    out = tmp_path / "site"
    assert (
        run("review", "export", "--format", "html", "--out", str(out), "--dir", str(decisions)).code
        == 0
    )
    svg = re.search(r"<svg.*</svg>", (out / "index.html").read_text(), re.S)
    assert svg
    labels = re.findall(r"<text[^>]*>([^<]*)</text>", svg.group(0))
    assert "Kafka &lt;Streams&gt;" in labels
