"""Per-style progress on stderr while a run streams (only on a terminal, never when piped)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TextIO

from workbench.core.text_safety import one_line
from workbench.core.translate.events import (
    Event,
    RenditionFinished,
    RenditionStarted,
    TextDelta,
    TextReset,
)


@dataclass
class _Row:
    name: str
    state: str = "waiting"
    chars: int = 0
    started: float = 0.0
    detail: str = ""


class ProgressBoard:
    """One line per style, redrawn in place: waiting, streaming (n chars), done, partial (ended
    early, with some text) or failed. A blind run shows one line for the whole run (how many
    renditions are done): a row per column, its order, characters, time or cache flag could
    match a style to a letter."""

    def __init__(
        self,
        stream: TextIO,
        names: dict[str, str],
        *,
        min_interval: float = 0.1,
        blind: bool = False,
    ):
        self.stream = stream
        self.blind = blind
        self.rows = {key: _Row(one_line(name)) for key, name in names.items()}
        self.min_interval = min_interval
        self._drawn = 0
        self._last = 0.0

    def update(self, event: Event) -> None:
        if isinstance(event, RenditionStarted):
            row = self.rows.setdefault(event.key, _Row(one_line(event.style_name)))
            row.state, row.started = "requesting", time.perf_counter()
            self.draw(force=True)
            return
        if isinstance(event, TextDelta) and event.key in self.rows:
            self.rows[event.key].chars += len(event.text)
            self.rows[event.key].state = "streaming"
        elif isinstance(event, TextReset) and event.key in self.rows:
            self.rows[event.key].chars = 0
            self.rows[event.key].detail = "retrying"
            self.draw(force=True)
            return
        elif isinstance(event, RenditionFinished) and event.key in self.rows:
            row, r = self.rows[event.key], event.rendition
            row.state = "partial" if r.partial else "failed" if r.error else "done"
            row.chars = len(r.text)
            secs = (r.latency_ms or 0) / 1000
            row.detail = (
                f"{r.error.type}" if r.error else f"{secs:.1f} s" + (", cached" if r.cached else "")
            )
            self.draw(force=True)
            return
        self.draw()

    def draw(self, *, force: bool = False) -> None:
        now = time.perf_counter()
        if not force and now - self._last < self.min_interval:
            return
        self._last = now
        marks = {"waiting": "·", "requesting": "…", "streaming": "…", "done": "✓", "failed": "✗"}
        marks["partial"] = "◐"
        width = max((len(r.name) for r in self.rows.values()), default=10)
        lines = []
        if self.blind:
            ended = ("done", "failed", "partial")  # a partial rendition has finished too
            finished = [r.state for r in self.rows.values() if r.state in ended]
            counts = "".join(
                f", {finished.count(state)} {state}" for state in ended[1:] if state in finished
            )
            lines.append(f"blind run: {len(finished)} of {len(self.rows)} renditions done{counts}")
        for row in [] if self.blind else self.rows.values():
            extra = f"  {row.chars} chars" if row.state not in ("waiting", "requesting") else ""
            if row.detail:
                extra += f"  {row.detail}"
            lines.append(f"{marks[row.state]} {row.name:<{width}}  {row.state}{extra}")
        out = "\x1b[F" * self._drawn + "".join(f"\x1b[2K{line}\n" for line in lines)
        self.stream.write(out)
        self.stream.flush()
        self._drawn = len(lines)
