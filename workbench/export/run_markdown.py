"""A translation run as a readable Markdown report."""

from __future__ import annotations

from workbench.export.sanitize import markdown_text
from workbench.translate.models import Comparison


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in markdown_text(text).split("\n"))


def render_markdown(run: Comparison) -> str:
    lines = [
        f"# Translation comparison {run.id}",
        "",
        f"- Created: {run.created_at.strftime('%Y-%m-%d %H:%M UTC')}",
        f"- From {markdown_text(run.source.language)} to {markdown_text(run.target.language)}",
        f"- Model: {markdown_text(run.model or '?')}",
        "",
        "## Source",
        "",
        _quote(run.source.text),
        "",
    ]
    for r in run.renditions:
        lines += [f"## {markdown_text(r.style_name)} (`{r.style}`)", ""]
        meta = [f"model {markdown_text(r.model or '?')}"]
        if r.latency_ms is not None:
            meta.append(f"{r.latency_ms / 1000:.2f} s")
        if r.usage and r.usage.total_tokens is not None:
            meta.append(f"{r.usage.total_tokens} tokens")
        if r.cached:
            meta.append("from cache")
        lines += [f"*{', '.join(meta)}*", ""]
        if r.error is not None:
            lines += [f"**Failed** ({r.error.type}): {markdown_text(r.error.message)}", ""]
        if r.text:
            lines += [_quote(r.text), ""]
        if r.footnotes:
            lines += ["Footnotes:", ""] + [f"- {markdown_text(f)}" for f in r.footnotes] + [""]
        if r.notes:
            lines += ["Translator's notes:", ""] + [f"- {markdown_text(n)}" for n in r.notes]
            lines += [""]
    return "\n".join(lines).rstrip() + "\n"
