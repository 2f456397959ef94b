"""The passage editor, with the run's glossary terms underlined where they occur.

Textual's `TextArea` draws highlights (normally from a syntax tree) as styles named in its
theme; this one adds a highlight of its own for every glossary term found on a line (found as
the check finds them: `workbench.core.compare.glossary.term_spans`), kept up to date as the
passage is edited. The passage stays plain text: nothing in it is read as markup.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from rich.style import Style
from textual.widgets import TextArea

HIGHLIGHT = "workbench.glossary"
_STYLE = Style(underline=True, bold=True)


class SourceArea(TextArea):
    """A `TextArea` that underlines glossary terms (`set_terms`)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        self._terms: tuple[str, ...] = ()
        self._language = ""
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def set_terms(self, terms: Sequence[str], language: str) -> None:
        """Underline `terms` (source terms, in `language`); none: no marks."""
        wanted = tuple(dict.fromkeys(t for t in terms if t.strip()))
        if (wanted, language) == (self._terms, self._language):
            return
        self._terms, self._language = wanted, language
        self._build_highlight_map()
        self.refresh()

    def marked(self) -> list[tuple[int, str]]:
        """(line, term as written) of every mark: what a test reads."""
        out = []
        for row, spans in sorted(self._highlights.items()):
            line = self.document.get_line(row).encode("utf-8")
            for start, end, name in spans:
                if name == HIGHLIGHT:
                    out.append((row, line[start:end].decode("utf-8")))
        return out

    def _set_theme(self, theme: str) -> None:
        super()._set_theme(theme)
        styles = {**self._theme.syntax_styles, HIGHLIGHT: _STYLE}  # a copy: themes are shared
        self._theme = dataclasses.replace(self._theme, syntax_styles=styles)

    def _build_highlight_map(self) -> None:
        super()._build_highlight_map()
        if not self._terms:
            return
        from bisect import bisect_right

        from workbench.core.compare.glossary import term_spans

        lines = self.document.lines
        starts = [0]
        for line in lines:
            starts.append(starts[-1] + len(line) + 1)
        for start, end in term_spans("\n".join(lines), self._terms, self._language):
            row = bisect_right(starts, start) - 1
            line = lines[row]
            first, last = start - starts[row], min(end - starts[row], len(line))
            # highlights are in bytes of the line's UTF-8
            begin = len(line[:first].encode("utf-8"))
            stop = begin + len(line[first:last].encode("utf-8"))
            self._highlights[row].append((begin, stop, HIGHLIGHT))
