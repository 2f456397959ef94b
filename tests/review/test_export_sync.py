"""Export is a sync: re-exporting into a folder updates it in place (issue 12)."""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

from tests.review.conftest import Result, Runner, record, save
from workbench.core.review.record import DecisionRecord

MANIFEST = ".workbench-export.json"


def _export(run: Runner, decisions: Path, out: Path, *args: str, fmt: str = "markdown") -> Result:
    result = run(
        "review", "export", *args, "--format", fmt, "--out", str(out), "--dir", str(decisions)
    )  # fmt: skip
    assert result.code == 0, result.err
    return result


def _counts(err: str) -> tuple[int, ...]:
    found = re.search(
        r"(\d+) added, (\d+) updated, (\d+) removed, (\d+) unchanged, (\d+) kept", err
    )
    assert found, err
    return tuple(int(n) for n in found.groups())


def _numbered(record_id: str, number: int, **kw: object) -> DecisionRecord:
    return record(record_id, **kw).model_copy(update={"number": number})  # type: ignore[arg-type]


def _pair(decisions: Path) -> tuple[DecisionRecord, DecisionRecord]:
    old = _numbered(
        "2024-01-02-adopt-kafka-mmmmm", 1, status="superseded",
        superseded_by=["2024-01-02-adopt-pulsar-nnnnn"],
    )  # fmt: skip
    new = _numbered(
        "2024-01-02-adopt-pulsar-nnnnn", 2, status="accepted", title="Adopt Pulsar",
        technology="Pulsar", supersedes=[old.id],
    )  # fmt: skip
    save(decisions, old)
    save(decisions, new)
    return old, new


def _snapshot(out: Path) -> dict[str, tuple[int, bytes]]:
    return {p.name: (p.stat().st_ino, p.read_bytes()) for p in out.iterdir()}


def test_adding_an_earlier_record_renames_nothing_and_leaves_nothing_stale(
    run: Runner, decisions: Path, tmp_path: Path
) -> None:
    _pair(decisions)
    out = tmp_path / "adr"
    first = _export(run, decisions, out)
    assert _counts(first.err) == (2, 0, 0, 0, 0)
    before = _snapshot(out)
    save(decisions, _numbered("2024-01-02-adopt-amqp-aaaaa", 3, title="Adopt AMQP"))
    again = _export(run, decisions, out)
    assert _counts(again.err) == (1, 0, 0, 2, 0)
    after = _snapshot(out)
    assert set(after) == set(before) | {"0003-adopt-amqp.md"}
    for name in before:
        if name != MANIFEST:
            assert after[name] == before[name], name  # the very same file, untouched
    assert (
        "[ADR-0002: Adopt Pulsar](0002-adopt-pulsar.md)"
        in (out / "0001-adopt-kafka.md").read_text()
    )
    assert "(0001-adopt-kafka.md)" in (out / "0002-adopt-pulsar.md").read_text()


def test_removed_and_renamed_records_take_their_files_with_them(
    run: Runner, decisions: Path, tmp_path: Path
) -> None:
    _old, new = _pair(decisions)
    extra = save(decisions, _numbered("2024-01-03-adopt-amqp-aaaaa", 3, title="Adopt AMQP"))
    out = tmp_path / "adr"
    _export(run, decisions, out)
    extra.unlink()
    save(decisions, new.model_copy(update={"title": "Adopt Apache Pulsar"}))
    result = _export(run, decisions, out)
    assert _counts(result.err) == (1, 1, 2, 0, 0)
    assert sorted(p.name for p in out.glob("*.md")) == [
        "0001-adopt-kafka.md", "0002-adopt-apache-pulsar.md",
    ]  # fmt: skip
    assert "(0002-adopt-apache-pulsar.md)" in (out / "0001-adopt-kafka.md").read_text()


def test_files_edited_by_hand_or_not_written_by_the_export_are_left_alone(
    run: Runner, decisions: Path, tmp_path: Path
) -> None:
    old, new = _pair(decisions)
    out = tmp_path / "adr"
    out.mkdir()
    (out / "README.md").write_text("mine\n")
    (out / "0009-mine.md").write_text("mine too\n")
    _export(run, decisions, out)
    (out / "0001-adopt-kafka.md").write_text("edited by hand\n")
    (decisions / f"{old.id}.yaml").unlink()
    save(decisions, new.model_copy(update={"decision": "Changed."}))
    (out / "0002-adopt-pulsar.md").write_text("also edited\n")
    result = _export(run, decisions, out)
    assert _counts(result.err) == (0, 0, 0, 0, 2)
    assert "0001-adopt-kafka.md: edited by hand" in result.err
    assert "0002-adopt-pulsar.md: edited by hand" in result.err
    assert (out / "0001-adopt-kafka.md").read_text() == "edited by hand\n"
    assert (out / "0002-adopt-pulsar.md").read_text() == "also edited\n"
    assert (out / "README.md").read_text() == "mine\n"
    assert (out / "0009-mine.md").read_text() == "mine too\n"


def test_a_file_the_export_did_not_write_is_never_replaced(
    run: Runner, decisions: Path, tmp_path: Path
) -> None:
    _pair(decisions)
    out = tmp_path / "adr"
    _export(run, decisions, out)
    (out / "0001-adopt-kafka.md").unlink()
    save(decisions, _numbered("2024-01-03-adopt-amqp-aaaaa", 3, title="Adopt AMQP"))
    (out / "0003-adopt-amqp.md").write_text("someone else's\n")
    result = _export(run, decisions, out)
    assert "0003-adopt-amqp.md: the export did not write it" in result.err
    assert (out / "0003-adopt-amqp.md").read_text() == "someone else's\n"
    assert (out / "0001-adopt-kafka.md").exists()  # a file that went missing is written again


def test_the_manifest_is_hostile(run: Runner, decisions: Path, tmp_path: Path) -> None:
    _pair(decisions)
    out = tmp_path / "adr"
    _export(run, decisions, out)
    assert not re.fullmatch(r"\d{4}-.+\.md", MANIFEST)
    victims = tmp_path / "victims"
    (victims / "sub").mkdir(parents=True)
    (out / "sub").mkdir()
    files = {
        "outside.md": victims / "outside.md",
        "link.md": victims / "linked.md",
        "nested.md": out / "sub" / "nested.md",
    }
    for path in files.values():
        path.write_text("precious\n")
    os.symlink(files["link.md"], out / "0005-link.md")
    (out / "0006-folder.md").mkdir()
    sha = hashlib.sha256(b"precious\n").hexdigest()
    manifest = json.loads((out / MANIFEST).read_text())
    manifest["exports"]["markdown"].update(
        {
            "../victims/outside.md": sha,
            str(files["outside.md"]): sha,
            "sub/nested.md": sha,
            "0005-link.md": sha,
            "0006-folder.md": sha,
            "..": sha,
            MANIFEST: sha,
        }
    )
    (out / MANIFEST).write_text(json.dumps(manifest))
    result = _export(run, decisions, out)
    assert _counts(result.err)[2] == 0  # nothing removed
    for path in files.values():
        assert path.read_text() == "precious\n"
    assert (out / "0005-link.md").is_symlink() and (out / "0006-folder.md").is_dir()
    kept = json.loads((out / MANIFEST).read_text())["exports"]["markdown"]
    assert sorted(kept) == ["0001-adopt-kafka.md", "0002-adopt-pulsar.md"]


def test_a_manifest_that_is_a_link_or_garbage_removes_nothing(
    run: Runner, decisions: Path, tmp_path: Path
) -> None:
    _pair(decisions)
    out = tmp_path / "adr"
    _export(run, decisions, out)
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text((out / MANIFEST).read_text())
    (out / MANIFEST).unlink()
    os.symlink(elsewhere, out / MANIFEST)
    (decisions / "2024-01-02-adopt-kafka-mmmmm.yaml").unlink()
    before = _snapshot(out)
    refused = run("review", "export", "--format", "markdown", "--out", str(out),
                  "--dir", str(decisions))  # fmt: skip
    # like every file the workbench names itself: a link there is refused, never followed
    assert refused.code == 2, (refused.out, refused.err)
    assert MANIFEST in refused.err and "link" in refused.err
    assert len(refused.err.strip().splitlines()) == 1
    assert elsewhere.read_text().startswith("{")  # not written through
    assert (out / MANIFEST).is_symlink()
    assert _snapshot(out) == before  # nothing written, nothing removed
    (out / MANIFEST).unlink()
    (out / MANIFEST).write_text("[not json")
    assert "ignored the export manifest" in _export(run, decisions, out).err
    assert (out / "0001-adopt-kafka.md").exists()  # an unreadable manifest removes nothing


def test_formats_share_a_folder_and_a_partial_export_removes_nothing(
    run: Runner, decisions: Path, tmp_path: Path
) -> None:
    _old, new = _pair(decisions)
    out = tmp_path / "site"
    _export(run, decisions, out)
    _export(run, decisions, out, fmt="html")
    assert len(list(out.glob("*.md"))) == 2 and len(list(out.glob("*.html"))) == 3
    result = _export(run, decisions, out, new.id)
    assert _counts(result.err)[2] == 0
    assert len(list(out.glob("*.md"))) == 2


def test_exporting_some_records_from_the_browser_removes_nothing(
    decisions: Path, tmp_path: Path
) -> None:
    from workbench.services.review.export import export_context, export_records
    from workbench.services.review.store import load_folder

    old, new = _pair(decisions)
    everything = [s.record for s in load_folder(decisions).records]
    ctx = export_context(everything, {}, old.date)
    out = tmp_path / "adr"
    assert len(export_records("markdown", everything, out, ctx)) == 2
    (decisions / f"{old.id}.yaml").unlink()  # gone from the folder, yet one record exported:
    assert len(export_records("markdown", [new], out, export_context([new], {}, old.date))) == 1
    assert len(list(out.glob("*.md"))) == 1  # the full export of what is left prunes
    save(decisions, old)
    everything = [s.record for s in load_folder(decisions).records]
    export_records("markdown", everything, out, export_context(everything, {}, old.date))
    export_records("markdown", [new], out, export_context(everything, {}, old.date))
    assert len(list(out.glob("*.md"))) == 2  # a subset of the folder prunes nothing


def test_an_export_that_fails_part_way_still_records_what_it_wrote(
    run: Runner, decisions: Path, tmp_path: Path
) -> None:
    """A refused link stops the export (exit 2); the files it wrote before are in the manifest,
    so the next export updates them rather than keeping them as someone else's."""
    first = _numbered("2024-01-02-adopt-kafka-mmmmm", 1)
    save(decisions, first)
    out = tmp_path / "adr"
    _export(run, decisions, out)
    second = _numbered("2024-01-03-adopt-pulsar-nnnnn", 2, title="Adopt Pulsar")
    third = _numbered("2024-01-04-adopt-redis-ppppp", 3, title="Adopt Redis")
    save(decisions, second)
    save(decisions, third)
    outside = tmp_path / "outside.md"
    outside.write_text("precious\n")
    os.symlink(outside, out / "0003-adopt-redis.md")
    refused = run("review", "export", "--format", "markdown", "--out", str(out),
                  "--dir", str(decisions))  # fmt: skip
    assert refused.code == 2 and "link" in refused.err, refused.err
    assert outside.read_text() == "precious\n"
    assert (out / "0002-adopt-pulsar.md").exists()
    (out / "0003-adopt-redis.md").unlink()
    save(decisions, second.model_copy(update={"decision": "Pulsar it is."}))
    result = _export(run, decisions, out)
    assert _counts(result.err)[:2] == (1, 1)  # 0003 added, 0002 updated: none kept
    assert "Pulsar it is" in (out / "0002-adopt-pulsar.md").read_text()


def test_supersede_links_name_the_right_file_after_a_renumber_and_re_export(
    run: Runner, decisions: Path, tmp_path: Path
) -> None:
    """Issue 12: "Superseded by" and "Supersedes" links always name the right file, also when
    a renumber moves a record and the export is made again into the same folder."""
    _pair(decisions)
    clash = _numbered("2024-01-01-adopt-amqp-aaaaa", 2, title="Adopt AMQP")  # a branch's number
    save(decisions, clash)
    out = tmp_path / "adr"
    _export(run, decisions, out)
    assert run("review", "renumber", "--dir", str(decisions)).code == 0  # Pulsar 2 -> 3
    _export(run, decisions, out)
    names = {p.name for p in out.glob("*.md")}
    assert names == {"0001-adopt-kafka.md", "0002-adopt-amqp.md", "0003-adopt-pulsar.md"}
    for path in out.glob("*.md"):
        for target in re.findall(r"\]\((\d{4}-[^)]+\.md)\)", path.read_text()):
            assert target in names, (path.name, target)
    kafka = (out / "0001-adopt-kafka.md").read_text()
    assert "(0003-adopt-pulsar.md)" in kafka and "0002-adopt-pulsar" not in kafka
    assert "(0001-adopt-kafka.md)" in (out / "0003-adopt-pulsar.md").read_text()


def test_two_files_with_one_id_stop_the_export_naming_both_files(
    run: Runner, decisions: Path, tmp_path: Path
) -> None:
    """A record file copied to start another one keeps the id: every format refuses to
    export (exit 2, nothing written), naming the id and both files, instead of writing one
    record under the other's name or failing part-way on a file name."""
    first = record("2024-01-02-adopt-kafka-aaaaa")
    save(decisions, first)
    copy = first.model_copy(update={"number": 2, "title": "Adopt Pulsar"})
    save(decisions, copy, "copy.yaml")
    for fmt in ("markdown", "html", "json", "radar", "backstage-radar"):
        out = tmp_path / f"out-{fmt}"
        result = run(
            "review", "export", "--format", fmt, "--out", str(out), "--dir", str(decisions)
        )  # fmt: skip
        assert result.code == 2, (fmt, result.err)
        assert "2024-01-02-adopt-kafka-aaaaa" in result.err and "copy.yaml" in result.err
        assert "Traceback" not in result.err
        assert not out.exists() or not any(out.iterdir()), fmt
    single = run("review", "export", "--format", "json", "--dir", str(decisions))
    assert single.code == 2 and "copy.yaml" in single.err and single.out == ""


def test_two_records_holding_one_number_and_title_are_named_with_the_way_out(
    run: Runner, decisions: Path, tmp_path: Path
) -> None:
    """Two branches each gave a record ADR number 1 and the same title: the Markdown export
    cannot write both as 0001-adopt-kafka.md and says why, and what resolves it."""
    save(decisions, record("2024-01-02-adopt-kafka-aaaaa").model_copy(update={"number": 1}))
    save(decisions, record("2024-01-03-adopt-kafka-bbbbb").model_copy(update={"number": 1}))
    result = run(
        "review", "export", "--format", "markdown", "--out", str(tmp_path / "md"),
        "--dir", str(decisions),
    )  # fmt: skip
    assert result.code == 2
    assert "0001-adopt-kafka.md" in result.err and "review renumber" in result.err
    assert "Traceback" not in result.err


def test_the_line_on_stdout_says_how_many_files_were_written(
    run: Runner, decisions: Path, tmp_path: Path
) -> None:
    """Exporting again into an up-to-date folder writes nothing, and stdout says so (it said
    "wrote 3 files" while every file was left as it was)."""
    _pair(decisions)
    out = tmp_path / "out"
    first = _export(run, decisions, out)
    assert f"exported 2 files to {out}: 2 written, 0 unchanged" in first.out, first.out
    again = _export(run, decisions, out)
    assert f"exported 2 files to {out}: 0 written, 2 unchanged" in again.out, again.out
