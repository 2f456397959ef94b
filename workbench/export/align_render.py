"""A sentence alignment (`workbench align`) as text, JSON or a self-contained HTML page; the
aligned table of a run's Markdown and HTML exports. Every piece of text is made safe for its
target (`core.text_safety`)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from pydantic import TypeAdapter

from workbench.core.align import SentencePair
from workbench.core.text_safety import html_text, json_text, one_lines

ALIGN_FORMATS: tuple[str, ...] = ("text", "json", "html")

_CSS = """
table.wb-align{border-collapse:collapse;width:100%}
table.wb-align td,table.wb-align th{border:1px solid #ddd;padding:.3rem .5rem;vertical-align:top}
table.wb-align td.n{color:#555;white-space:nowrap;font-size:.85rem}
table.wb-align td.none{color:#999;font-style:italic}
table.wb-align td{unicode-bidi:plaintext}
"""


def numbers(indices: Sequence[int]) -> str:
    """Sentence numbers as people count them (from 1): `1`, `2+3`, or `-` for none."""
    if len(indices) == 1:
        return str(indices[0] + 1)
    return "+".join([str(i + 1) for i in indices]) or "-"


@lru_cache(maxsize=1)
def _pair_list() -> TypeAdapter[list[SentencePair]]:
    return TypeAdapter(list[SentencePair])


def render_alignment(
    pairs: list[SentencePair], fmt: str, *, source_name: str, target_name: str
) -> str:
    if fmt == "json":  # pydantic's encoder: json.dumps(indent=2)'s text, ten times sooner
        dumped = _pair_list().dump_json(pairs, indent=2).decode("utf-8")
        return json_text(dumped) + "\n"
    if fmt == "html":
        return _html(pairs, source_name, target_name)
    return _text(pairs)


def _text(pairs: list[SentencePair]) -> str:
    source = [numbers(p.source) for p in pairs]
    target = [numbers(p.target) for p in pairs]
    width = max(map(len, source), default=1)
    out = [
        f"{s:>{width}} | {s_text or '(nothing)'}\n{t:>{width}} | {t_text or '(nothing)'}\n\n"
        for s, s_text, t, t_text in zip(
            source,
            one_lines([p.source_text for p in pairs]),
            target,
            one_lines([p.target_text for p in pairs]),
            strict=True,
        )
    ]
    out.append("Sentence numbers count from 1; '-': a sentence with no counterpart.\n")
    return "".join(out)


def _cell(text: str) -> str:
    return f"<td>{html_text(text)}</td>" if text else '<td class="none">(nothing)</td>'


def _html(pairs: list[SentencePair], source_name: str, target_name: str) -> str:
    from workbench.export.diff_render import DIFF_CSS, html_page

    rows = [
        "<tr>"
        f'<td class="n">{numbers(p.source)}</td>{_cell(p.source_text)}'
        f'<td class="n">{numbers(p.target)}</td>{_cell(p.target_text)}'
        "</tr>"
        for p in pairs
    ]
    body = (
        "<h1>Sentence alignment</h1>\n"
        f'<p class="wb-meta">{html_text(source_name)} → {html_text(target_name)} · '
        f"{len(pairs)} rows</p>\n"
        '<table class="wb-align"><thead><tr>'
        f"<th>#</th><th>{html_text(source_name)}</th><th>#</th><th>{html_text(target_name)}</th>"
        "</tr></thead><tbody>\n" + "\n".join(rows) + "\n</tbody></table>"
    )
    return html_page(
        f"Sentence alignment: {source_name} → {target_name}", body, css=DIFF_CSS + _CSS
    )
