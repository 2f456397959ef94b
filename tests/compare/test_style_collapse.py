"""When the styles' renditions are identical or nearly so, the run says once that this model
cannot show style differences and how to point at a real model (issue 14 item 6)."""

from __future__ import annotations

import json

from workbench.core.compare.analysis import analyse
from workbench.core.translate.models import Comparison, Rendition, SourceText, TargetSpec
from workbench.export.run_formats import render_run

PASSAGE = "Ich kann denken. Ich kann warten. Ich kann fasten."


def run(*texts: tuple[str, int, str]) -> Comparison:
    return Comparison(
        id="r1",
        source=SourceText(text=PASSAGE, language="de"),
        target=TargetSpec(language="en"),
        model="gemma-3-270m (base, few-shot; modest quality)",
        renditions=[
            Rendition(style=style, style_name=style.title(), sample=sample, text=text)
            for style, sample, text in texts
        ],
    )


def test_identical_styles_are_said_once_in_text_and_json() -> None:
    same = "I can fasten."
    analysed = analyse(
        run(("rosner", 1, same), ("literal", 1, same), ("bernofsky", 1, "I can fasten"),
            ("neugroschel", 1, same))
    )  # fmt: skip
    (note,) = analysed.run_notes
    assert "cannot show style differences" in note and "gemma-3-270m" in note
    assert "OPENAI_BASE_URL" in note and "Ollama" in note and "vLLM" in note
    text = render_run(analysed, "text")
    assert text.count("cannot show style differences") == 1
    assert json.loads(render_run(analysed, "json"))["run_notes"] == [note]


def test_styles_that_differ_or_one_styles_samples_say_nothing() -> None:
    differ = analyse(run(("rosner", 1, "I can think."), ("literal", 1, "I am able to wait.")))
    assert differ.run_notes == []
    samples = analyse(run(("rosner", 1, "I can think."), ("rosner", 2, "I can think.")))
    assert samples.run_notes == []
