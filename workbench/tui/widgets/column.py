"""One rendition (or the reference) as a column: header, status line, metrics, streamed body,
and, when asked for, the round trip under it.

The body is a `TextBody` of auto height, so every column lives in one shared scroll view and
the columns scroll together. Streamed text arrives in batches (the screen's worker coalesces
deltas) and is appended: only the last screen line onwards is wrapped again, and only visible
lines are drawn, so a long rendition is never re-rendered per chunk.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content, Span
from textual.message import Message
from textual.widgets import Collapsible, Static

from workbench.core.critique.models import ColumnCritique, MarkedError
from workbench.core.translate.models import Rendition, RoundTrip
from workbench.services.session import AnyColumn, State
from workbench.tui.text import TERM_STYLE, diff_content, literal, visible
from workbench.tui.widgets.column_boxes import ROUND_TRIP_TITLE, flags_box, round_trip_box
from workbench.tui.widgets.critique_marks import marked, panel, placed
from workbench.tui.widgets.redraw import redraw
from workbench.tui.widgets.text_body import TextBody

FOCUS_MARK = "▶ "
"""Before the focused column's name, with its heavy border (compare.tcss): where the keys go."""

_STATE_STYLE = {
    "waiting": "$text-muted",
    "streaming": "$text-accent",
    "done": "$text-success",
    "partial": "bold $text-warning",
    "failed": "bold $text-error",
    "stopped": "$text-warning",
    "reference": "$text-secondary",
}


class ColumnCommand(Message):
    """A key pressed on a column, for the screen to act on."""

    def __init__(self, column: RenditionColumn, command: str) -> None:
        super().__init__()
        self.column = column
        self.command = command


class RenditionColumn(Vertical, can_focus=True):
    """A column of the comparison, by its key: a style id, `style#n` for a later sample, or
    "reference" (`workbench.core.compare.analysis.REFERENCE`)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "b",
            "command('baseline')",
            "Baseline",
            id="column.baseline",
            tooltip="Diff the other columns against this one",
        ),
        Binding(
            "f",
            "command('favourite')",
            "Favourite",
            id="column.favourite",
            tooltip="Mark this rendition as your favourite",
        ),
        Binding(
            "n",
            "command('note')",
            "Note",
            id="column.note",
            tooltip="Write a note on this rendition",
        ),
        Binding(
            "r",
            "command('retry')",
            "Retry",
            id="column.retry",
            tooltip="Ask for this rendition again",
        ),
        Binding(
            "c",
            "command('copy')",
            "Copy",
            id="column.copy",
            tooltip="Copy this column's text to the clipboard",
        ),
        Binding(
            "w",
            "widen",
            "Widen",
            id="column.widen",
            tooltip="Make this column twice as wide (again: back)",
        ),
        Binding(
            "g",
            "toggle_box('col-flags')",
            "Flags",
            id="column.flags",
            tooltip="Open or close this column's flags (names, numbers, terms, sentences)",
        ),
        Binding(
            "t",
            "toggle_box('col-round-trip')",
            "Round trip",
            id="column.round_trip",
            tooltip="Open or close this column's round trip",
        ),
        Binding(
            "h",
            "command('hide')",
            "Hide",
            id="column.hide",
            tooltip="Hide this column (u shows it again)",
        ),
    ]

    def __init__(self, model: AnyColumn) -> None:
        super().__init__(classes="column")
        self.model = model
        self.key = model.id
        self.is_baseline = False
        self._diff: Content | None = None
        self._terms: tuple[str, list[tuple[int, int]]] = ("", [])  # glossary marks, by text
        self._metrics = ""
        self._critique: ColumnCritique | None = None
        self._ready = False

    # what the column shows is the session's (`workbench.services.session`): read, never kept
    @property
    def style_name(self) -> str:
        return self.model.name

    @property
    def state(self) -> State:
        return self.model.state

    @property
    def text(self) -> str:
        return self.model.text

    @property
    def reason(self) -> str:
        return self.model.reason

    @property
    def rendition(self) -> Rendition | None:
        return self.model.rendition

    @property
    def round_trip(self) -> RoundTrip | None:
        return self.model.round_trip

    @property
    def favourite(self) -> bool:
        return self.model.favourite

    @property
    def has_note(self) -> bool:
        return self.model.has_note

    @property
    def alias(self) -> str | None:
        return self.model.alias

    def compose(self) -> ComposeResult:
        yield Static(classes="col-title")
        yield Static(classes="col-status")
        yield Static(classes="col-metrics")
        yield Static(classes="col-critique")
        with Collapsible(title="Flags", collapsed=True, classes="col-flags"):
            yield Static(classes="flags-body")
        yield TextBody(classes="col-body")
        with Collapsible(title=ROUND_TRIP_TITLE, collapsed=True, classes="col-round-trip"):
            yield TextBody(classes="round-trip-body")

    def on_mount(self) -> None:
        for title in self.query_one(".col-flags").query("CollapsibleTitle"):
            title.can_focus = False  # `g` opens it: tab goes on from column to column
        self._ready = True  # the parts exist (is_mounted is only set after this handler)
        self.refresh_header()
        self._paint_body()
        self._paint_round_trip()

    # the focus mark comes and goes with the focus (on the column or in its round trip)
    def on_focus(self) -> None:
        self.refresh_header()

    def on_blur(self) -> None:
        self.refresh_header()

    def on_descendant_focus(self) -> None:
        self.refresh_header()

    def on_descendant_blur(self) -> None:
        self.refresh_header()

    def action_command(self, command: str) -> None:
        self.post_message(ColumnCommand(self, command))

    def action_widen(self) -> None:
        self.toggle_class("-wide")

    def action_toggle_box(self, name: str) -> None:
        for box in self.query(f".{name}").results(Collapsible):
            if box.display:
                box.collapsed = not box.collapsed

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A box's key is disabled while the column has no such box (no flags, round trip;
        none either while the column is being taken down)."""
        if action == "toggle_box" and parameters:
            boxes = self.query(f".{parameters[0]}").results(Collapsible)
            return True if any(box.display for box in boxes) else None
        return True

    @property
    def body(self) -> TextBody:
        return self.query_one(".col-body", TextBody)

    # ------------------------------------------------------------------ streaming

    def start(self) -> None:
        self.refresh_header()
        if self._ready:
            self.body.growing = True

    def append(self, delta: str) -> None:
        """Show a batch of streamed text (the session has it): appended to the body, never a
        full re-render."""
        if self._ready and self._diff is None:
            self.body.append(visible(delta))

    def reset(self) -> None:
        self.refresh_header()
        self._paint_body()
        self._paint_round_trip()

    def finish(self) -> None:
        if self._ready:
            self.body.growing = False
        self.refresh_header()
        self._paint_body()
        self._paint_round_trip()

    def stop(self) -> None:
        """The run was cancelled (this column may have finished before)."""
        if self._ready:
            self.body.growing = False
        self.refresh_header()

    def show_round_trip(self) -> None:
        self._paint_round_trip()
        self.refresh_header()  # the analysis brought the flags too

    # -------------------------------------------------------------------- display

    @property
    def shown_name(self) -> str:
        return self.alias if self.alias is not None else self.style_name

    def refresh_header(self) -> None:
        if not self._ready:
            return
        marks = ("★ " if self.favourite else "") + ("✎ " if self.has_note else "")
        title = Content.assemble(
            (FOCUS_MARK if self.has_focus_within else "", "bold $text-accent"),
            (marks, "$text-warning"),
            literal(self.shown_name, "bold"),
            (" · baseline" if self.is_baseline else "", "italic $text-secondary"),
        )
        redraw(self.query_one(".col-title", Static), title)
        redraw(self.query_one(".col-status", Static), self._status())
        metrics = self.query_one(".col-metrics", Static)
        redraw(metrics, literal(self._metrics, "$text-muted"))
        metrics.display = bool(self._metrics)
        self._paint_flags()
        critique = self.query_one(".col-critique", Static)
        critique.display = self._critique is not None
        redraw(
            critique,
            panel(self._critique, placed(self.text, self._critique), self.has_focus_within),
        )

    def _status(self) -> Content:
        parts: list[Content | tuple[str, str] | str] = [
            (self.state, _STATE_STYLE[self.state]),
        ]
        r = self.rendition
        if self.state == "streaming":
            count = f"{len(self.text):,} chars" if self.text else "no text yet"
            parts.append((f" · {count}", "$text-muted"))
        if self.state in ("failed", "partial", "stopped") and self.reason:
            said = self.reason.removeprefix(f"{self.state} ")  # "stopped by the user", once
            parts += [" ", literal(said, "$text-error")]
            if self.state in ("failed", "partial"):
                parts.append((" (r: retry)", "$text-muted"))
        if r is not None and self.alias is None:
            facts = []
            if r.usage is not None and r.usage.total_tokens is not None:
                facts.append(f"{r.usage.total_tokens} tok")
            if r.latency_ms is not None:
                facts.append(f"{r.latency_ms / 1000:.2f} s")
            if r.cached:
                facts.append("cached")
            if facts:
                parts += [" · ", ", ".join(facts)]
        return Content.assemble(*parts)

    def set_metrics(self, text: str) -> None:
        self._metrics = text
        self.refresh_header()

    def show_diff(self, ops: Sequence[tuple[int, str]] | None) -> None:
        """Mark this column against the baseline (None: plain text)."""
        self._diff = diff_content(ops) if ops is not None else None
        self._paint_body()

    def show_critique(self, critique: ColumnCritique | None) -> None:
        """The judge's marks on this column's words and its reasons (None: no critique)."""
        self._critique = critique
        self.refresh_header()
        self._paint_body()

    @property
    def critique_marks(self) -> list[MarkedError]:
        """The judge's errors marked in the text as shown (for tests and copying)."""
        return placed(self.text, self._critique)

    def repaint(self) -> None:
        self._paint_body()

    def mark_terms(self, text: str, spans: list[tuple[int, int]]) -> None:
        """Mark the glossary's renderings at `spans` of the shown `text` (when the diff is off
        and the column still shows that text)."""
        if (text, spans) != self._terms:
            self._terms = (text, spans)
            self._paint_body()

    def _plain_body(self, marks: list[MarkedError]) -> Content:
        """The text with the critique's marks, and the glossary's under them."""
        body = marked(self.text, marks)
        text, spans = self._terms
        if not spans or body.plain != text:
            return body
        terms = [Span(a, b, TERM_STYLE) for a, b in spans]
        return Content(text, [*terms, *body.spans], strip_control_codes=False)

    def _paint_body(self) -> None:
        if not self._ready:
            return
        marks = placed(self.text, self._critique) if self._diff is None else []
        body = self._diff if self._diff is not None else self._plain_body(marks)
        if self.rendition is not None and self.alias is None and self._diff is None:
            extra = [*self.rendition.footnotes, *self.rendition.notes]
            if extra:
                body = Content.assemble(
                    body, "\n\n", literal("\n".join(extra), "italic $text-muted")
                )
        self.body.update(body)

    def _paint_flags(self) -> None:
        """The analysis's flags of this column (as a blind run may show them), one a line."""
        box = self.query_one(".col-flags", Collapsible)
        flags = self.model.flags
        box.display = bool(flags)
        if not flags:
            return
        box.title, lines = flags_box(flags)
        redraw(box.query_one(".flags-body", Static), lines)

    def _paint_round_trip(self) -> None:
        if not self._ready:
            return
        box = self.query_one(".col-round-trip", Collapsible)
        trip = self.round_trip
        box.display = trip is not None
        if trip is None:
            return
        box.title, body = round_trip_box(trip)
        box.query_one(".round-trip-body", TextBody).update(body)
