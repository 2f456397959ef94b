"""One entry point for every format a run can be written in."""

from __future__ import annotations

from typing import Literal

from workbench.translate.models import Comparison

RunFormat = Literal["text", "json", "markdown", "html"]
RUN_FORMATS: tuple[str, ...] = ("text", "json", "markdown", "html")


def render_run(run: Comparison, fmt: str) -> str:
    if fmt == "json":
        return run.model_dump_json(indent=2) + "\n"
    if fmt == "markdown":
        from workbench.export.run_markdown import render_markdown

        return render_markdown(run)
    if fmt == "html":
        from workbench.export.run_html import render_html

        return render_html(run)
    from workbench.export.run_text import render_text

    return render_text(run)
