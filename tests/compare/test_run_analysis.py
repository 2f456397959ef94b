"""Comparison analysis of whole runs: reference metrics, round trips, samples, judgment,
and the Markdown and HTML exports (golden files)."""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sacrebleu

from tests.cli.helpers import assert_clean_error, wb
from tests.fake_openai_server import FakeOpenAIServer
from tests.llm_helpers import request_parts
from workbench.core.compare.analysis import analyse, pair
from workbench.core.translate.judgment import judge, masked, start_blind
from workbench.core.translate.models import (
    Comparison,
    Provenance,
    Reference,
    Rendition,
    RoundTrip,
    SourceText,
    TargetSpec,
    Usage,
)
from workbench.export.run_formats import render_run

GOLDEN = Path(__file__).parent / "golden"
SOURCE = "Ich kann denken. Ich kann warten. Ich kann fasten."
RENDERINGS = {
    "Hilda Rosner": "I can think. I can wait. I can fast.",
    "Susan Bernofsky": "I can think. I can wait. I can go without food.",
    "Literal gloss": "I can think. I can wait. I can fast.",
}
ROUND_TRIP = "Ich kann denken. Ich kann warten. Ich kann hungern."


def responder(body: dict[str, Any]) -> str | dict[str, Any]:
    passage, style = request_parts(body)
    text = ROUND_TRIP if style == "Round trip" else RENDERINGS.get(style, f"[{style}] {passage}")
    return {"text": text, "notes": [], "footnotes": []} if body.get("response_format") else text


@pytest.fixture
def server(fake_openai: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch) -> FakeOpenAIServer:
    fake_openai.responder = responder
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("WORKBENCH_MODEL", "fake-model")
    return fake_openai


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    source = tmp_path / "source.de.txt"
    source.write_text(SOURCE + "\n", encoding="utf-8")
    reference = tmp_path / "reference.en.txt"
    reference.write_text("I can think. I can wait. I can fast.\n", encoding="utf-8")
    return {"source": source, "reference": reference}


def translate(*args: str) -> dict[str, Any]:
    result = wb("translate", *args, "--format", "json")
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_reference_metrics_match_sacrebleu(
    server: FakeOpenAIServer, files: dict[str, Path]
) -> None:
    data = translate(
        str(files["source"]),
        "--from",
        "de",
        "--to",
        "en",
        "--style",
        "bernofsky",
        "--reference",
        str(files["reference"]),
    )
    r = data["renditions"][0]
    ref = "I can think. I can wait. I can fast."
    expected = sacrebleu.sentence_chrf(r["text"], [ref]).score
    assert r["metrics"]["chrf"]["score"] == pytest.approx(expected)
    assert r["metrics"]["chrf"]["signature"].startswith("nrefs:1")
    bleu = sacrebleu.metrics.BLEU(effective_order=True).sentence_score(r["text"], [ref]).score
    assert r["metrics"]["bleu"]["score"] == pytest.approx(bleu)
    assert data["reference"]["text"] == ref
    assert [(d["a"], d["b"]) for d in data["diffs"]] == [("bernofsky", "reference")]


def test_round_trip_is_diffed_against_the_source(
    server: FakeOpenAIServer, files: dict[str, Path]
) -> None:
    data = translate(
        str(files["source"]), "--from", "de", "--to", "en", "--style", "rosner", "--round-trip"
    )
    trip = data["renditions"][0]["round_trip"]
    assert trip["text"] == ROUND_TRIP
    ops = trip["ops"]
    assert "".join(t for op, t in ops if op != 1) == SOURCE
    assert "".join(t for op, t in ops if op != -1) == ROUND_TRIP
    assert [t for op, t in ops if op == -1] == ["fasten"]
    assert 0.5 < trip["similarity_to_source"] < 1
    back = [r for r in server.requests if request_parts(r["body"])[1] == "Round trip"]
    assert len(back) == 1
    assert request_parts(back[0]["body"])[0] == RENDERINGS["Hilda Rosner"]
    md = wb("history", "show", "last", "--format", "markdown").stdout
    assert "not a quality score" in md


def test_samples_show_variance(server: FakeOpenAIServer, files: dict[str, Path]) -> None:
    count = {"n": 0}

    def varying(body: dict[str, Any]) -> dict[str, Any]:
        count["n"] += 1
        return {"text": f"I can think. I can wait. Variation {count['n']}.", "notes": []}

    server.responder = varying
    data = translate(
        str(files["source"]), "--from", "de", "--to", "en", "--style", "rosner", "--samples", "3"
    )
    keys = [(r["style"], r["sample"]) for r in data["renditions"]]
    assert keys == [("rosner", 1), ("rosner", 2), ("rosner", 3)]
    [variance] = data["variance"]
    assert variance["style"] == "rosner" and variance["samples"] == 3
    assert 0 < variance["min_similarity"] <= variance["mean_similarity"] < 1
    assert len(data["diffs"]) == 3


def test_blind_then_judge_reveals(server: FakeOpenAIServer, files: dict[str, Path]) -> None:
    data = translate(
        str(files["source"]),
        "--from",
        "de",
        "--to",
        "en",
        "--style",
        "rosner",
        "--style",
        "bernofsky",
        "--blind",
    )
    assert sorted(r["style"] for r in data["renditions"]) == ["A", "B"]
    assert all(r["style_name"].startswith("Rendition ") for r in data["renditions"])
    assert data["judgment"]["blind_order"] == []
    text = wb("history", "show", "last").stdout
    assert "Rosner" not in text and "Bernofsky" not in text
    refused = wb("history", "judge", "last", "--favourite", "rosner")
    assert "blind" in assert_clean_error(refused)
    judged = wb("history", "judge", "last", "--favourite", "A", "--note", "B", "too flowery")
    assert judged.returncode == 0, judged.stderr
    assert "A was" in judged.stdout and "B was" in judged.stdout
    after = json.loads(wb("history", "show", "last", "--format", "json").stdout)
    assert after["judgment"]["favourite"] in ("rosner", "bernofsky")
    assert after["judgment"]["revealed"] is True
    assert list(after["judgment"]["notes"].values()) == ["too flowery"]
    assert {r["style"] for r in after["renditions"]} == {"rosner", "bernofsky"}


def test_unknown_baseline_is_a_usage_error(
    server: FakeOpenAIServer, files: dict[str, Path]
) -> None:
    result = wb(
        "translate",
        str(files["source"]),
        "--from",
        "de",
        "--to",
        "en",
        "--style",
        "rosner",
        "--baseline",
        "nope",
    )
    assert "--baseline 'nope' is not a column" in assert_clean_error(result)
    assert server.requests == [], "refused before asking the model"


def test_reference_that_is_not_text(
    server: FakeOpenAIServer, files: dict[str, Path], tmp_path: Path
) -> None:
    bad = tmp_path / "ref.bin"
    bad.write_bytes(b"\x00\x01")
    result = wb(
        "translate", str(files["source"]), "--from", "de", "--to", "en", "--reference", str(bad)
    )
    assert "--reference" in assert_clean_error(result)
    assert server.requests == []


# -- exports of a fixed run ------------------------------------------------------------------

HOSTILE = (
    "[bold]x[/] [link=file:///etc/passwd]y[/link] \x1b[31mred\x1b[0m <script>alert(1)</script>"
)


def fixed_run() -> Comparison:
    def rendition(style: str, name: str, text: str, **kw: Any) -> Rendition:
        return Rendition(
            style=style,
            style_name=name,
            text=text,
            model="fake-model",
            usage=Usage(prompt_tokens=10, completion_tokens=5, total_tokens=15),
            latency_ms=1234.0,
            provenance=Provenance(base_url="http://127.0.0.1:1/v1", temperature=0.3),
            **kw,
        )

    run = Comparison(
        id="20261123-120000-abcd",
        created_at=datetime(2026, 11, 23, 12, 0, tzinfo=UTC),
        source=SourceText(text=SOURCE, language="de"),
        target=TargetSpec(language="en"),
        model="fake-model",
        renditions=[
            rendition(
                "rosner",
                "Hilda Rosner",
                "I can think. I can wait. I can fast.",
                round_trip=RoundTrip(text=ROUND_TRIP),
            ),
            rendition(
                "bernofsky",
                "Susan Bernofsky",
                "I can think. I can wait. I can go without food.",
                footnotes=["[1] fasten: to go without food"],
                notes=["kept the rhythm"],
            ),
            rendition("hostile", f"Evil {HOSTILE}", f"Text {HOSTILE}"),
        ],
        reference=Reference(text="I can think, I can wait, I can fast.", name="Rosner 1951"),
    )
    run = analyse(run)
    return judge(run, favourite="bernofsky", notes=[("rosner", f"plain *but* {HOSTILE}")])


@pytest.mark.parametrize(("fmt", "golden"), [("markdown", "run.md"), ("html", "run.html")])
def test_run_export_golden(fmt: str, golden: str) -> None:
    out = render_run(fixed_run(), fmt)
    path = GOLDEN / golden
    if os.environ.get("WORKBENCH_UPDATE_GOLDEN"):
        path.write_text(out, encoding="utf-8")
    assert out == path.read_text(encoding="utf-8")


def test_html_export_is_escaped_and_self_contained() -> None:
    page = render_run(fixed_run(), "html")
    assert "\x1b" not in page
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:|//|file:)""", page)
    assert "<del>" in page and "<ins>" in page and "wb-heatmap" in page
    assert "default-src 'none'" in page


def plaintext_bidi_selectors(page: str) -> set[str]:
    """The CSS selectors of the page whose text takes its direction from its own letters."""
    rules = re.findall(r"([^{}]+)\{([^}]*)\}", page.split("<style>")[1].split("</style>")[0])
    return {
        selector.strip()
        for selectors, body in rules
        if "unicode-bidi:plaintext" in body.replace(" ", "")
        for selector in selectors.split(",")
    }


def test_html_text_takes_its_direction_from_its_own_letters() -> None:
    """An Arabic or Hebrew rendition, source or reference showed its closing punctuation on
    the wrong side (the page is lang="und", left to right)."""
    selectors = plaintext_bidi_selectors(render_run(fixed_run(), "html"))
    assert {".source", ".text", "table.wb-aligned td", ".wb-diff"} <= selectors


def test_markdown_export_escapes_markup() -> None:
    md = render_run(fixed_run(), "markdown")
    assert "\x1b" not in md
    assert "\\<script\\>" in md and "\\[bold\\]" in md
    assert "plain \\*but\\*" in md
    assert "nrefs:1" in md, "sacrebleu signatures are recorded"


def test_flipped_pair_reads_delete_then_insert() -> None:
    run = fixed_run()
    d = pair(run, "reference", "rosner")
    assert d is not None
    for (op1, _), (op2, _) in zip(d.ops, d.ops[1:], strict=False):
        assert not (op1 == 1 and op2 == -1)


def test_masked_run_hides_everything_that_names_a_style() -> None:
    run = start_blind(
        fixed_run().model_copy(update={"judgment": fixed_run().judgment.__class__()}), seed=3
    )
    shown = masked(run).model_dump_json()
    for secret in ("rosner", 'Rosner"', "bernofsky", "Bernofsky", "0.3"):
        assert secret not in shown.replace("Rosner 1951", ""), secret
