"""A glossary: fixed renderings of names and terms, and the check that a rendition keeps them.

An entry maps a `source` term to its `target` rendering, with an optional `note` for the model
and an optional `style`: without one the entry holds for every style of a run (it goes into
the prompt's shared prefix), with one only for that style (its own message; it wins over an
entry for every style with the same source term).

The check is case- and inflection-tolerant (how terms are found: `term_index`). A rendition
misses an entry when the source term occurs in the source and the fixed rendering does not
occur in the rendition (it is missing, or another rendering stands in its place).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from workbench.core.compare.term_set import term_set

if TYPE_CHECKING:  # pragma: no cover
    from workbench.core.compare.flags import Flag

GLOSSARY_FIELDS = ("source", "target", "note", "style")
MISSING_KIND = "glossary_missing"


class GlossaryEntry(BaseModel):
    """One fixed rendering (see the module docs)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str = Field(min_length=1, description="the term as it stands in the source")
    target: str = Field(min_length=1, description="its fixed rendering in the target language")
    note: str = Field(default="", description="a hint for the model (context, usage)")
    style: str | None = Field(default=None, description="only for this style; none: every style")

    @field_validator("source", "target", "note", mode="before")
    @classmethod
    def _one_line(cls, value: Any) -> Any:
        return " ".join(value.split()) if isinstance(value, str) else value

    @field_validator("style", mode="before")
    @classmethod
    def _no_blank_style(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip()
            return value or None
        return value

    @property
    def key(self) -> tuple[str, str | None]:
        """Entries with the same key are the same entry (a nearer glossary's wins)."""
        return (self.source.casefold(), self.style)


class TermCheck(BaseModel):
    """A glossary term that occurs in the source, and whether this rendition keeps it."""

    source: str
    target: str


class GlossaryCheck(BaseModel):
    """A rendition checked against the run's glossary: the terms of the source it renders as
    fixed (hits) and those whose fixed rendering it lacks (misses)."""

    hits: list[TermCheck] = Field(default_factory=list)
    misses: list[TermCheck] = Field(default_factory=list)


def merge(*layers: Iterable[GlossaryEntry]) -> list[GlossaryEntry]:
    """The entries of every layer, a later layer's entry replacing an earlier one with the same
    source term (and style), in place."""
    merged: dict[tuple[str, str | None], GlossaryEntry] = {}
    for layer in layers:
        for entry in layer:
            merged[entry.key] = entry
    return list(merged.values())


def shared_entries(entries: Sequence[GlossaryEntry]) -> list[GlossaryEntry]:
    """The entries for every style (the prompt's shared prefix)."""
    return [e for e in entries if e.style is None]


def style_entries(entries: Sequence[GlossaryEntry], style: str) -> list[GlossaryEntry]:
    """The entries for `style` alone (its own message)."""
    return [e for e in entries if e.style == style]


def entries_for(entries: Sequence[GlossaryEntry], style: str) -> list[GlossaryEntry]:
    """What holds for a rendition in `style`: its own entries, and the shared ones for the
    source terms it has none of."""
    own = style_entries(entries, style)
    terms = {e.source.casefold() for e in own}
    return [e for e in shared_entries(entries) if e.source.casefold() not in terms] + own


def one_style_terms(entries: Sequence[GlossaryEntry], styles: Collection[str]) -> set[str]:
    """The source terms (casefolded) with an entry for one of the run's `styles`: while a run
    is blind no column is checked or marked for them, since only that style's column would
    be. An entry for a style the run does not have tells no column apart."""
    return {e.source.casefold() for e in entries if e.style and e.style in styles}


def blind_entries(entries: Sequence[GlossaryEntry], styles: Collection[str]) -> list[GlossaryEntry]:
    """What holds for every column of a blind run (of `styles`) alike: the entries for every
    style of the terms that have no entry for one of those styles."""
    own = one_style_terms(entries, styles)
    return [e for e in entries if not e.style and e.source.casefold() not in own]


def entries_in(entries: Sequence[GlossaryEntry], text: str, language: str) -> list[GlossaryEntry]:
    """The entries whose source term occurs in `text` (in `language`), found as the check
    finds terms: what a prompt needs of a glossary kept for a whole book."""
    if not entries:
        return []
    found = term_set(tuple(e.source for e in entries), language).found(text)
    return [entry for entry in entries if entry.source in found]


def prompt_lines(entries: Sequence[GlossaryEntry]) -> list[str]:
    """The entries as prompt lines: `- "source" -> "target" (note)`."""
    return [f'- "{e.source}" -> "{e.target}"' + (f" ({e.note})" if e.note else "") for e in entries]


class GlossaryChecker:
    """Checks the renditions of one run: the source is read once, each rendition once."""

    def __init__(
        self,
        entries: Sequence[GlossaryEntry],
        source: str,
        source_language: str,
        target_language: str,
    ) -> None:
        self.entries = list(entries)
        sources = term_set(tuple(e.source for e in self.entries), source_language)
        self.in_source = sources.found(source)
        wanted = [e for e in self.entries if e.source in self.in_source]
        self.targets = term_set(tuple(sorted({e.target for e in wanted})), target_language)

    def check(self, text: str, style: str) -> GlossaryCheck:
        """The hits and misses of a rendition in `style`."""
        kept = self.targets.found(text)
        result = GlossaryCheck()
        for entry in entries_for(self.entries, style):
            if entry.source not in self.in_source:
                continue
            term = TermCheck(source=entry.source, target=entry.target)
            (result.hits if entry.target in kept else result.misses).append(term)
        return result


def term_spans(text: str, terms: Iterable[str], language: str) -> list[tuple[int, int]]:
    """Where any of `terms` occurs in `text` (a text in `language`): sorted, disjoint spans."""
    terms = [t for t in dict.fromkeys(terms) if t.strip()]
    if not terms or not text:
        return []
    found = term_set(tuple(terms), language).spans(text)
    spans = sorted(span for where in found.values() for span in where)
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def glossary_flag(check: GlossaryCheck, max_items: int = 10) -> Flag | None:
    """One flag naming the terms whose fixed rendering a rendition lacks (None: none)."""
    from workbench.core.compare.flags import Flag

    if not check.misses:
        return None
    shown = [f'"{m.source}" -> "{m.target}"' for m in check.misses]
    listed = ", ".join(shown[:max_items])
    if len(shown) > max_items:
        listed += f" and {len(shown) - max_items} more"
    return Flag(
        kind=MISSING_KIND,
        message=f"glossary renderings missing or replaced: {listed}",
        detail=[m.source for m in check.misses],
    )
