"""One entry point for every format a run can be written in."""

from __future__ import annotations

from workbench.translate.models import Comparison

RUN_FORMATS: tuple[str, ...] = ("text", "json", "markdown", "html")


def render_run(
    run: Comparison, fmt: str, *, baseline: str | None = None, colour: bool = False
) -> str:
    """`baseline` picks the column the diff marks are against (markdown and html default to
    the reference, else the first rendition; text shows marks only when one is named)."""
    from workbench.export.run_view import build_view
    from workbench.translate.judgment import masked

    if fmt == "json":
        from workbench.core.text_safety import json_text

        return json_text(masked(run).model_dump_json(indent=2)) + "\n"
    if fmt == "markdown":
        from workbench.export.run_markdown import render_markdown

        return render_markdown(build_view(run, baseline))
    if fmt == "html":
        from workbench.export.run_html import render_html

        return render_html(build_view(run, baseline))
    from workbench.export.run_text import render_text

    return render_text(build_view(run, baseline, marks=baseline is not None), colour=colour)
