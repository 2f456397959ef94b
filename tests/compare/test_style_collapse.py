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


def test_a_short_passage_whose_styles_differ_in_a_phrase_says_nothing() -> None:
    """Nine words, one phrase apart, are 85 % alike: on a passage this short that is a
    style's choice, not a model that cannot tell styles apart. Identical words still say so."""
    plain = "I can think. I can wait. I can fast."
    for other in ("I can think. I can wait. I can go hungry.", plain.replace("fast", "starve")):
        assert analyse(run(("rosner", 1, plain), ("bernofsky", 1, other))).run_notes == []
    assert analyse(run(("rosner", 1, plain), ("bernofsky", 1, plain))).run_notes


def test_styles_that_differ_or_one_styles_samples_say_nothing() -> None:
    differ = analyse(run(("rosner", 1, "I can think."), ("literal", 1, "I am able to wait.")))
    assert differ.run_notes == []
    samples = analyse(run(("rosner", 1, "I can think."), ("rosner", 2, "I can think.")))
    assert samples.run_notes == []


def lanes(*texts: tuple[str, str, str]) -> Comparison:
    """A run of models side by side: (style, model, text) per column."""
    return Comparison(
        id="r2",
        source=SourceText(text=PASSAGE, language="de"),
        target=TargetSpec(language="en"),
        renditions=[
            Rendition(style=style, style_name=style.title(), column_model=model, text=text)
            for style, model, text in texts
        ],
    )


def test_models_side_by_side_are_judged_each_on_its_own_styles() -> None:
    """One model that collapses is named, even when another model's styles differ (the
    pairs across models are not style evidence); two models that each render alike for
    different reasons do not add up to a collapse, nor do two that differ."""
    same, other = "I can fasten.", "I am able to wait, and to think."
    one = analyse(
        lanes(("rosner", "small", same), ("literal", "small", same),
              ("rosner", "big", "I can think."), ("literal", "big", other))
    )  # fmt: skip
    (note,) = one.run_notes
    assert "model small" in note and "big" not in note.split("OPENAI_BASE_URL")[0]
    differ = analyse(
        lanes(("rosner", "small", same), ("literal", "small", other),
              ("rosner", "big", same), ("literal", "big", other))
    )  # fmt: skip
    assert differ.run_notes == [], "rosner@small = rosner@big is no collapse of styles"
