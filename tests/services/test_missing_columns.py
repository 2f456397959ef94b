"""A run that lacks one of its planned columns is counted, whichever part of the plan (style,
model, sample) the column stands for: `translate` names it and exits 1."""

from __future__ import annotations

from workbench.core.columns import column_keys
from workbench.core.translate.models import Comparison, Rendition, SourceText, TargetSpec
from workbench.services.run_failures import missing_columns


def _run(renditions: list[Rendition]) -> Comparison:
    return Comparison(
        id="20261201-000000-abcd",
        source=SourceText(text="Ich kann denken.", language="de"),
        target=TargetSpec(language="en"),
        renditions=renditions,
    )


def test_a_column_of_one_model_missing_is_found() -> None:
    planned = column_keys(["rosner", "bernofsky"], 1, [(None, "gpt-a"), ("far", "gpt-b")])
    kept = [
        Rendition(
            style=k.style,
            style_name="S",
            endpoint=k.endpoint,
            column_model=k.model,
            text="I can think.",
        )
        for k in planned
        if not (k.style == "bernofsky" and k.model == "gpt-b")
    ]
    assert missing_columns(_run(kept), planned) == ["bernofsky@far:gpt-b"]


def test_a_sample_missing_is_found_and_a_whole_run_is_not() -> None:
    planned = column_keys(["rosner"], 3)
    kept = [
        Rendition(style="rosner", style_name="Hilda Rosner", sample=n, text="I can think.")
        for n in (1, 3)
    ]
    assert missing_columns(_run(kept), planned) == ["rosner#2"]
    every = [
        *kept,
        Rendition(style="rosner", style_name="Hilda Rosner", sample=2, text="I can think."),
    ]
    assert missing_columns(_run(every), planned) == []
