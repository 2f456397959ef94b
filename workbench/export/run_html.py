"""A translation run as one self-contained HTML page: renditions side by side."""

from __future__ import annotations

from workbench.export.sanitize import html_text
from workbench.translate.models import Comparison, Rendition

_CSS = """
body{font-family:system-ui,sans-serif;margin:1.5rem;color:#1d1d1f;background:#fff}
h1{font-size:1.3rem}.meta{color:#666;font-size:.85rem}
.source{background:#f5f5f7;padding:1rem;border-radius:6px;white-space:pre-wrap}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr));gap:1rem;margin-top:1rem}
.col{border:1px solid #ddd;border-radius:6px;padding:1rem}
.col h2{font-size:1rem;margin:0 0 .3rem}
.text{white-space:pre-wrap;line-height:1.5}
.error{color:#b00020;font-weight:600}
ins{background:#d4f7d4;text-decoration:none}del{background:#ffd7d5}
ol.fn,ul.notes{font-size:.9rem;color:#333}
"""


def _column(r: Rendition) -> str:
    meta = [html_text(r.model or "?")]
    if r.latency_ms is not None:
        meta.append(f"{r.latency_ms / 1000:.2f} s")
    if r.usage and r.usage.total_tokens is not None:
        meta.append(f"{r.usage.total_tokens} tokens")
    if r.cached:
        meta.append("cached")
    parts = [
        '<section class="col">',
        f"<h2>{html_text(r.style_name)} <code>{html_text(r.style)}</code></h2>",
        f'<div class="meta">{" · ".join(meta)}</div>',
    ]
    if r.error is not None:
        parts.append(
            f'<p class="error">Failed ({html_text(r.error.type)}): {html_text(r.error.message)}</p>'
        )
    if r.text:
        parts.append(f'<div class="text">{html_text(r.text)}</div>')
    if r.footnotes:
        items = "".join(f"<li>{html_text(f)}</li>" for f in r.footnotes)
        parts.append(f'<ol class="fn">{items}</ol>')
    if r.notes:
        items = "".join(f"<li>{html_text(n)}</li>" for n in r.notes)
        parts.append(f'<ul class="notes">{items}</ul>')
    parts.append("</section>")
    return "\n".join(parts)


def render_html(run: Comparison) -> str:
    columns = "\n".join(_column(r) for r in run.renditions)
    return f"""<!DOCTYPE html>
<html lang="{html_text(run.target.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Translation comparison {html_text(run.id)}</title>
<style>{_CSS}</style>
</head>
<body>
<h1>Translation comparison</h1>
<p class="meta">Run {html_text(run.id)} · {run.created_at.strftime("%Y-%m-%d %H:%M UTC")} ·
{html_text(run.source.language)} → {html_text(run.target.language)} ·
model {html_text(run.model or "?")}</p>
<h2>Source</h2>
<div class="source">{html_text(run.source.text)}</div>
<div class="grid">
{columns}
</div>
</body>
</html>
"""
