"""One rendition (or the reference) as a column: header, status line, metrics, streamed body.

The body is a `Static` of auto height, so every column lives in one shared scroll view and
the columns scroll together. Streamed text is buffered and painted at most every `FLUSH_S`
(the first delta is painted at once), so a long rendition is never re-rendered per chunk.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static

from workbench.translate.models import Rendition
from workbench.tui.text import diff_content, literal

State = Literal["waiting", "streaming", "done", "failed", "stopped", "reference"]
FLUSH_S = 0.05
REFERENCE_KEY = "@reference"  # never a valid style id

_STATE_STYLE = {
    "waiting": "$text-muted",
    "streaming": "$text-accent",
    "done": "$text-success",
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
    """A column of the comparison. `key` is the style id, or REFERENCE_KEY."""

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
            "h",
            "command('hide')",
            "Hide",
            id="column.hide",
            tooltip="Hide this column (u shows it again)",
        ),
    ]

    def __init__(self, key: str, name: str, *, state: State = "waiting") -> None:
        super().__init__(classes="column")
        self.key = key
        self.style_name = name
        self.alias: str | None = None  # shown instead of the name in blind mode
        self.state: State = state
        self.text = ""
        self.rendition: Rendition | None = None
        self.favourite = False
        self.has_note = False
        self.is_baseline = False
        self.reason = ""
        self.paints = 0
        self._pending: list[str] = []
        self._last_flush = 0.0
        self._timer: Timer | None = None
        self._diff: Content | None = None
        self._metrics = ""

    def compose(self) -> ComposeResult:
        yield Static(classes="col-title")
        yield Static(classes="col-status")
        yield Static(classes="col-metrics")
        yield Static(classes="col-body")

    def on_mount(self) -> None:
        self.refresh_header()
        self._paint_body()

    def action_command(self, command: str) -> None:
        self.post_message(ColumnCommand(self, command))

    def action_widen(self) -> None:
        self.toggle_class("-wide")

    # ------------------------------------------------------------------ streaming

    def start(self) -> None:
        self.state = "streaming"
        self.reason = ""
        self.refresh_header()

    def append(self, delta: str) -> None:
        """Buffer streamed text; paint now if the last paint is old enough, else soon."""
        self._pending.append(delta)
        if self.state == "waiting":
            self.start()
        if self._timer is not None:
            return
        wait = FLUSH_S - (time.perf_counter() - self._last_flush)
        if wait <= 0:
            self.flush()
        else:
            self._timer = self.set_timer(wait, self.flush)

    def reset(self) -> None:
        self._pending.clear()
        self.text = ""
        self._paint_body()

    def flush(self) -> None:
        self._timer = None
        if self._pending:
            self.text += "".join(self._pending)
            self._pending.clear()
        self._last_flush = time.perf_counter()
        self._paint_body()

    def finish(self, rendition: Rendition) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._pending.clear()
        self.rendition = rendition
        self.text = rendition.text
        if rendition.error is not None:
            self.state = "stopped" if rendition.error.type == "cancelled" else "failed"
            self.reason = f"{rendition.error.type}: {rendition.error.message}"
        else:
            self.state = "done"
            self.reason = ""
        self.refresh_header()
        self._paint_body()

    def stop(self) -> None:
        """The run was cancelled before this column finished."""
        if self.state in ("waiting", "streaming"):
            self.flush()
            self.state = "stopped"
            self.reason = "stopped by the user"
            self.refresh_header()

    def set_reference(self, text: str) -> None:
        self.state = "reference"
        self.text = text
        self.refresh_header()
        self._paint_body()

    # -------------------------------------------------------------------- display

    @property
    def shown_name(self) -> str:
        return self.alias if self.alias is not None else self.style_name

    def refresh_header(self) -> None:
        if not self.is_mounted:
            return
        marks = ("★ " if self.favourite else "") + ("✎ " if self.has_note else "")
        title = Content.assemble(
            (marks, "$text-warning"),
            literal(self.shown_name, "bold"),
            (" · baseline" if self.is_baseline else "", "italic $text-secondary"),
        )
        self.query_one(".col-title", Static).update(title)
        self.query_one(".col-status", Static).update(self._status())
        metrics = self.query_one(".col-metrics", Static)
        metrics.update(literal(self._metrics, "$text-muted"))
        metrics.display = bool(self._metrics)

    def _status(self) -> Content:
        parts: list[Content | tuple[str, str] | str] = [
            (self.state, _STATE_STYLE[self.state]),
        ]
        r = self.rendition
        if self.state in ("failed", "stopped") and self.reason:
            parts += [" ", literal(self.reason, "$text-error")]
            if self.state == "failed":
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

    def _paint_body(self) -> None:
        if not self.is_mounted:
            return
        self.paints += 1
        body = self._diff if self._diff is not None else literal(self.text)
        if self.rendition is not None and self.alias is None and self._diff is None:
            extra = [*self.rendition.footnotes, *self.rendition.notes]
            if extra:
                body = Content.assemble(
                    body, "\n\n", literal("\n".join(extra), "italic $text-muted")
                )
        self.query_one(".col-body", Static).update(body)
