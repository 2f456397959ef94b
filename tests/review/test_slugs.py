"""Titles outside ASCII keep their words in record ids and export file names (issue 12, item 5)."""

from __future__ import annotations

from tests.review.conftest import FULL_ANSWERS, record, save, write
from workbench.core.review.record import new_id, slugify
from workbench.services.review.store import load_record


def test_titles_in_other_scripts_are_transliterated() -> None:
    assert slugify("采用 Kafka 作为事件总线") == "cai-yong-kafka-zuo-wei-shi-jian-zong-xian"
    assert slugify("使用する") == "shi-yong-suru"
    assert slugify("Ünïcode straße") == "unicode-strasse"
    assert slugify("Adopt Kafka") == "adopt-kafka"
    assert len(slugify("word " * 40)) <= 48


def test_new_record_id_and_markdown_name_keep_the_words(run, decisions, tmp_path) -> None:  # type: ignore[no-untyped-def]
    answers = write(tmp_path / "a.yaml", FULL_ANSWERS)
    result = run(
        "review", "new", "--title", "采用 Kafka 作为事件总线", "--answers", str(answers),
        "--dir", str(decisions),
    )  # fmt: skip
    assert result.code == 0, result.err
    (path,) = decisions.glob("*.yaml")
    assert "-cai-yong-kafka-zuo-wei-shi-jian-zong-xian-" in path.name
    assert new_id("使用する", load_record(path).date, "aaaaa").endswith("-shi-yong-suru-aaaaa")
    out = tmp_path / "md"
    result = run(
        "review", "export", "--format", "markdown", "--out", str(out), "--dir", str(decisions)
    )
    assert result.code == 0, result.err
    assert [p.name for p in out.glob("*.md")] == [
        "0001-cai-yong-kafka-zuo-wei-shi-jian-zong-xian.md"
    ]


def test_existing_ids_never_change(run, decisions, tmp_path) -> None:  # type: ignore[no-untyped-def]
    old = record("2024-01-02-kafka-aaaaa", title="采用 Kafka 作为事件总线")
    path = save(decisions, old)
    answers = write(tmp_path / "a.yaml", "problem: Still late.\n")
    assert (
        run(
            "review", "answer", "kafka-aaaaa", "--answers", str(answers), "--dir", str(decisions)
        ).code
        == 0
    )
    assert sorted(p.name for p in decisions.glob("*.yaml")) == [path.name]
    assert load_record(path).id == "2024-01-02-kafka-aaaaa"
