"""The comparison screen: a passage, its renditions side by side, diffs, judgment, export.

Each run is set up by the run service (`workbench.services.run`: the same `RunRequest` and
`open_engine()` as `workbench translate`) and runs in an async worker that posts each engine
event to the screen as an `EngineEvent` message.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import time
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Checkbox, Footer, Input, SelectionList, Static, TextArea
from textual.widgets.selection_list import Selection
from textual.worker import Worker, WorkerState

from workbench.core.columns import ColumnKey, column_keys
from workbench.core.compare.analysis import REFERENCE
from workbench.core.errors import WorkbenchError
from workbench.core.translate.events import (
    Event,
    RenditionFinished,
    RenditionStarted,
    RoundTripFinished,
    RunFinished,
    TextDelta,
    TextReset,
)
from workbench.core.translate.models import (
    Comparison,
    Judgment,
    Reference,
    Rendition,
    RenditionError,
    RoundTrip,
    SourceText,
    TargetSpec,
)
from workbench.export.sanitize import strip_controls
from workbench.services.run import RunRequest
from workbench.tui.heap import settle
from workbench.tui.screens.dialogs import InputDialog, TextDialog
from workbench.tui.text import literal, tune_cursors
from workbench.tui.widgets.column import ColumnCommand, RenditionColumn

EXPORT_FORMATS = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}
EXPORT_FORMATS |= {".json": "json", ".txt": "text"}
NARROW = 100
MAX_SAMPLES = 10  # as `workbench translate --samples`
BATCH_S = 0.008  # at most 125 streamed-text messages a second; the screen paints at 60


class EngineEvent(Message):
    """One event of a translation run, for the screen (`run` tells stale runs apart)."""

    def __init__(self, run: int, event: Event, retry: bool = False) -> None:
        super().__init__()
        self.run = run
        self.event = event
        self.retry = retry


class StreamedText(Message):
    """Text deltas of one or more columns, coalesced by the worker (at most one message every
    BATCH_S); `arrived` is when the first delta of each key's batch came from the engine."""

    def __init__(self, run: int, texts: dict[str, str], arrived: dict[str, float]) -> None:
        super().__init__()
        self.run = run
        self.texts = texts
        self.arrived = arrived


class CompareScreen(Screen[None]):
    CSS_PATH = "../compare.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+r",
            "run",
            "Run",
            id="compare.run",
            tooltip="Render the passage in every chosen style",
        ),
        Binding(
            "escape", "stop", "Stop", id="compare.stop", tooltip="Cancel the running renditions"
        ),
        Binding(
            "f2",
            "toggle_setup",
            "Setup",
            id="compare.setup",
            tooltip="Show or hide the passage, languages and styles",
        ),
        Binding(
            "ctrl+o",
            "open_passage",
            "Open",
            id="compare.open",
            tooltip="Open a passage from a file",
        ),
        Binding(
            "ctrl+l",
            "reference",
            "Reference",
            id="compare.reference",
            tooltip="Add a reference translation (paste or open a file)",
        ),
        Binding(
            "d,f4",
            "toggle_diff",
            "Diff",
            id="compare.diff",
            tooltip="Word diff marks against the baseline column on or off",
        ),
        Binding(
            "ctrl+b",
            "toggle_blind",
            "Blind",
            id="compare.blind",
            tooltip="Hide style names and shuffle the columns until a favourite is picked",
        ),
        Binding(
            "ctrl+s",
            "export",
            "Export",
            id="compare.export",
            tooltip="Export the run to Markdown, HTML, JSON or text",
        ),
        Binding("f6", "history", "History", id="compare.history", tooltip="Reopen a past run"),
        Binding(
            "u,f7",
            "unhide",
            "Unhide",
            id="compare.unhide",
            tooltip="Show hidden columns again",
            show=False,
        ),
    ]

    def __init__(
        self, setup: RunRequest | None = None, *, start: bool = False, run_id: str | None = None
    ) -> None:
        """`setup` fills the setup pane, and its model, provider and cache choice make every
        run of the screen; `start` runs it at once; `run_id` opens a run from history."""
        super().__init__()
        setup = setup or RunRequest(passage="", source_language="", target_language="")
        self.setup = setup
        # the editor must not send escapes to the terminal
        self.passage = strip_controls(setup.passage)
        self.source_language = setup.source_language
        self.target_language = setup.target_language
        self.wanted_styles = list(setup.styles)
        self.reference: Reference | None = (
            Reference(text=setup.reference, name=setup.reference_name or "reference")
            if setup.reference and setup.reference.strip()
            else None
        )
        self.want_round_trip = setup.round_trip
        self.want_samples = max(1, setup.samples)
        self.start_now = start
        self.open_run_id = run_id
        self.run_no = 0
        self.running = False
        # the finished run: renditions, reference, judgment; analysed once `analysed` is True
        self.comparison: Comparison | None = None
        self.analysed = False
        self.diff_on = False
        self.baseline: str | None = None
        self.order: list[str] = []
        self._columns: dict[str, RenditionColumn] = {}
        self._chrf: dict[tuple[str, str], float] = {}  # (baseline, key) -> chrF, not vs reference
        self._closing = False
        self._run_worker: Worker[None] | None = None  # the current run's; older ones are stale
        self._unsaved: str | None = None  # the run history could not keep (warned once)

    @property
    def judgment(self) -> Judgment:
        return self.comparison.judgment if self.comparison is not None else Judgment()

    @property
    def blind(self) -> bool:
        j = self.judgment
        return j.blind and not j.revealed and bool(j.blind_order)

    # -------------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        from workbench.io.translate.styles import load_catalog

        self.catalog = load_catalog()
        chosen = set(self.wanted_styles or self.catalog.builtin_ids)
        selections = [
            Selection(literal(f"{style.name} ({sid})"), sid, sid in chosen)
            for sid, style in sorted(self.catalog.styles.items())
        ]
        with Vertical(id="setup"), Horizontal(id="setup-row"):
            yield TextArea(self.passage, id="source", soft_wrap=True)
            with Vertical(id="options"):
                with Horizontal(id="langs"):
                    yield Input(self.source_language, placeholder="from (de)", id="from")
                    yield Input(self.target_language, placeholder="to (en)", id="to")
                with Horizontal(id="extras"):
                    yield Checkbox(
                        "Round trip",
                        self.want_round_trip,
                        id="round-trip",
                        tooltip="Translate each rendition back into the source language: a "
                        "diagnostic for meaning lost or added, not a quality score",
                    )
                    yield Input(
                        str(self.want_samples),
                        type="integer",
                        id="samples",
                        tooltip="Samples per style (2 or more shows how much a style varies)",
                        valid_empty=True,
                    )
                yield SelectionList[str](*selections, id="styles")
        yield Static(id="run-info")
        yield Static(id="variance")
        with VerticalScroll(id="columns-scroll"):
            yield Horizontal(id="columns")
        yield Footer()

    def on_mount(self) -> None:
        # the openai SDK takes about half a second to import: do it off the event loop now,
        # rather than on it when the first run starts (keys would wait that long)
        self.run_worker(_preload_llm, thread=True, group="preload", exit_on_error=False)
        tune_cursors(self)
        self.query_one("#source", TextArea).border_title = "Passage"
        self.query_one("#styles", SelectionList).border_title = "Styles"
        self.query_one("#samples", Input).border_title = "samples"
        self.query_one("#variance").display = False
        for problem in self.catalog.problems:
            self.notify(
                str(problem),
                title="A style file could not be read",
                severity="warning",
                markup=False,
            )
        if self.reference is not None:
            self._show_reference()
        if self.open_run_id:
            self.open_run(self.open_run_id)
        elif self.start_now:
            self.call_after_refresh(self.action_run)
        self.refresh_info()

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW, "-narrow")

    @property
    def columns(self) -> list[RenditionColumn]:
        return list(self.query_one("#columns").query_children(RenditionColumn))

    def refresh_info(self) -> None:
        parts: list[str] = []
        if self.comparison is not None:
            parts.append(f"run {self.comparison.id}")
        src = self.query_one("#from", Input).value.strip() or "?"
        tgt = self.query_one("#to", Input).value.strip() or "?"
        parts.append(f"{src} → {tgt}")
        if self.running:
            parts.append("running… (escape stops)")
        elif self.comparison is not None and not self.analysed:
            parts.append("analysing…")
        if self.diff_on and self.baseline in self._columns:
            parts.append(f"diff vs {self._columns[self.baseline].shown_name}")
        if self.blind:
            parts.append("blind")
        if not self._columns:
            parts.append("ctrl+r runs the passage in the chosen styles")
        self.query_one("#run-info", Static).update(literal(" · ".join(parts)))
        self._refresh_variance()

    def _refresh_variance(self) -> None:
        box = self.query_one("#variance", Static)
        run = self.comparison
        if run is None or not run.variance or self.blind or not self.analysed:
            box.display = False
            return
        names = {r.style: r.style_name for r in run.renditions}
        lines = [
            f"{names.get(v.style, v.style)}: {v.samples} samples, similarity between them "
            f"mean {v.mean_similarity:.2f}, min {v.min_similarity:.2f}"
            for v in run.variance
        ]
        box.update(literal("Variance of samples · " + " · ".join(lines)))
        box.display = True

    # ------------------------------------------------------------------- running

    def _samples(self) -> int | None:
        raw = self.query_one("#samples", Input).value.strip()
        if not raw:
            return 1
        try:
            value = int(raw)
        except ValueError:
            return None
        return value if 1 <= value <= MAX_SAMPLES else None

    def _languages(self, source: str, target: str) -> tuple[str | None, str, str]:
        """(problem or None, source tag, target tag): read as the CLI reads --from and --to;
        the setup's fields then show the tags."""
        from workbench.core.languages import LanguageError, parse_language

        tags = []
        for field, value in (("from", source), ("to", target)):
            try:
                tags.append(parse_language(value).tag)
            except LanguageError as exc:
                return f"{field.capitalize()}: {exc}", source, target
        self.query_one("#from", Input).value, self.query_one("#to", Input).value = tags
        return None, tags[0], tags[1]

    def action_run(self) -> None:
        passage = self.query_one("#source", TextArea).text
        source = self.query_one("#from", Input).value.strip()
        target = self.query_one("#to", Input).value.strip()
        wanted = {sid: i for i, sid in enumerate(self.wanted_styles)}
        selected = list(self.query_one("#styles", SelectionList).selected)
        style_ids = sorted(selected, key=lambda sid: wanted.get(sid, len(wanted)))
        samples = self._samples()
        round_trip = self.query_one("#round-trip", Checkbox).value
        problem = None
        if not passage.strip():
            problem = "Type, paste or open (ctrl+o) a passage first."
        elif not source or not target:
            problem = "Give the source and target languages (e.g. de and en)."
        else:
            problem, source, target = self._languages(source, target)
        if problem is None and not style_ids:
            problem = "Pick at least one style."
        elif problem is None and samples is None:
            problem = f"Samples must be a whole number from 1 to {MAX_SAMPLES}."
        if problem or samples is None:
            self.notify(problem or "", severity="warning", markup=False)
            return
        self.run_no += 1
        self.comparison = None
        self.analysed = False
        self._chrf.clear()
        self._leave_blind()
        for column in self.columns:
            if column.key != REFERENCE:
                column.remove()
                self._columns.pop(column.key, None)
        if self.baseline != REFERENCE:
            self.baseline = None
        names = {s.id: s.name for s in self.catalog.resolve(style_ids)}
        new = [
            RenditionColumn(str(key), key.label(names[key.style]))
            for key in column_keys(names, samples)
        ]
        for column in new:
            self._columns[column.key] = column
        ref = self._columns.get(REFERENCE)
        row = self.query_one("#columns")
        if ref is not None:
            row.mount_all(new, before=ref)
        else:
            row.mount_all(new)
        self.order = [c.key for c in new]
        if self.size.height < 40:
            self.query_one("#setup").display = False
            self.call_after_refresh(new[0].focus)
        self.running = True
        self.refresh_info()
        request = dataclasses.replace(
            self.setup,
            passage=passage,
            source_language=source,
            target_language=target,
            styles=tuple(style_ids),
            samples=samples,
            round_trip=round_trip,
            reference=self.reference.text if self.reference is not None else None,
            reference_name=self.reference.name if self.reference is not None else "reference",
            columns=None,
        )
        self._run_worker = self._translate(self.run_no, request)

    @work(exclusive=True, group="translate")
    async def _translate(self, run_no: int, request: RunRequest) -> None:
        await self._drive(run_no, request, retry=False)

    @work(group="retry")
    async def _retry(self, run_no: int, request: RunRequest) -> None:
        await self._drive(run_no, request, retry=True)

    async def _drive(self, run_no: int, request: RunRequest, *, retry: bool) -> None:
        """Run `request` through the run service (as `workbench translate` does), posting its
        events to the screen."""
        from workbench.services.run import open_engine

        try:
            opened = open_engine(request, warn=self._warn, catalog=self.catalog)
        except WorkbenchError as exc:
            self._setup_failed(run_no, exc.message)
            return
        settle("llm")  # the SDK is loaded: keep it out of the collector's full passes
        batch = _Batcher(self, run_no)
        try:
            async for event in opened.events():
                if isinstance(event, TextDelta):
                    batch.add(event.key, event.text)
                    continue
                batch.flush()
                self.post_message(EngineEvent(run_no, event, retry))
        finally:
            batch.cancel()
            await opened.aclose()

    def _warn(self, message: str) -> None:
        self.notify(message, severity="warning", markup=False)

    def _setup_failed(self, run_no: int, message: str) -> None:
        self.notify(message, title="Cannot run", severity="error", markup=False, timeout=10)
        if run_no != self.run_no:
            return
        self.running = False
        for column in self.columns:
            if column.state in ("waiting", "streaming"):
                column.finish(
                    Rendition(
                        style=column.key,
                        style_name=column.style_name,
                        error=RenditionError(type="configuration", message=message),
                    )
                )
        self.refresh_info()

    def on_streamed_text(self, message: StreamedText) -> None:
        if message.run != self.run_no or self._gone():
            return
        for key, text in message.texts.items():
            column = self._columns.get(key)
            if column is not None:
                column.append(text)

    def on_engine_event(self, message: EngineEvent) -> None:
        if message.run != self.run_no or self._gone():
            return
        event = message.event
        if isinstance(event, RunFinished):
            if not message.retry:
                self._run_finished(event.comparison)
            return
        column = self._columns.get(event.key)
        if column is None:
            return
        if isinstance(event, TextDelta):
            column.append(event.text)
        elif isinstance(event, RenditionStarted):
            column.start()
        elif isinstance(event, TextReset):
            column.reset()
        elif isinstance(event, RoundTripFinished):
            column.set_round_trip(event.round_trip)
            if message.retry:
                self._replace(event.key, round_trip=event.round_trip)
        elif isinstance(event, RenditionFinished):
            column.finish(event.rendition)
            if message.retry:
                self._replace(event.key, rendition=event.rendition)

    def _replace(
        self, key: str, *, rendition: Rendition | None = None, round_trip: RoundTrip | None = None
    ) -> None:
        """A retried column's new rendition (or its round trip) goes into the run, which is
        analysed and saved again."""
        run = self.comparison
        if run is None:
            return
        renditions = []
        for r in run.renditions:
            if r.key == key:
                r = rendition if rendition is not None else r
                if round_trip is not None:
                    r = r.model_copy(update={"round_trip": round_trip})
            renditions.append(r)
        self._set_run(run.model_copy(update={"renditions": renditions}))

    def _run_finished(self, comparison: Comparison) -> None:
        self.running = False
        if self.reference is not None:
            comparison.reference = self.reference
        self._set_run(comparison)

    def _set_run(self, comparison: Comparison) -> None:
        """Keep the run (saved at once), and analyse it in a thread: saved again when done."""
        self.comparison = comparison
        self.analysed = False
        self._chrf.clear()
        self._save()
        self.refresh_info()
        self._analyse(self.run_no, comparison)

    @work(thread=True, exclusive=True, group="analyse")
    def _analyse(self, run_no: int, comparison: Comparison) -> None:
        from textual.worker import get_current_worker

        from workbench.core.compare.analysis import analyse

        analysed = analyse(comparison)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._analysed, run_no, comparison, analysed)

    def _gone(self) -> bool:
        """The screen was closed (the app is quitting) while a worker was busy."""
        return not self.is_attached or self._closing

    def on_unmount(self) -> None:
        self._closing = True

    def _analysed(self, run_no: int, before: Comparison, analysed: Comparison) -> None:
        with contextlib.suppress(NoMatches):  # the screen may be closing as the thread ends
            self._take_analysis(run_no, before, analysed)

    def _take_analysis(self, run_no: int, before: Comparison, analysed: Comparison) -> None:
        current = self.comparison
        if (
            self._gone()
            or run_no != self.run_no
            or current is None
            or current.renditions is not before.renditions
        ):
            return  # the run changed meanwhile; a newer analysis is on its way
        if current.reference != analysed.reference:
            return
        # what the user did meanwhile (favourite, notes, blind) is kept
        self.comparison = analysed.model_copy(update={"judgment": current.judgment})
        self.analysed = True
        self._save()
        for r in self.comparison.renditions:
            column = self._columns.get(r.key)
            if column is not None:
                column.rendition = r
                column.set_round_trip(r.round_trip)
        if self.diff_on:
            if self.baseline not in self._columns:
                self.baseline = self._default_baseline()
            self.refresh_diffs()
        self.refresh_info()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group == "translate" and event.state == WorkerState.CANCELLED:
            if worker is self._run_worker:  # not a run that a newer one replaced
                self._run_stopped()
        elif event.state == WorkerState.ERROR:
            error = worker.error
            if worker.group in ("translate", "retry"):
                self.running = False
            self.notify(
                f"{type(error).__name__}: {error}",
                title="The run failed" if worker.group != "analyse" else "The analysis failed",
                severity="error",
                markup=False,
            )
            self.refresh_info()

    def action_stop(self) -> None:
        if not self.running:
            return
        self.workers.cancel_group(self, "translate")
        self.workers.cancel_group(self, "retry")

    def _run_stopped(self) -> None:
        self.running = False
        renditions = []
        for column in self.columns:
            if column.key == REFERENCE:
                continue
            column.stop()
            if column.rendition is None:
                key = ColumnKey.parse(column.key)
                column.rendition = Rendition(
                    style=key.style,
                    style_name=column.style_name,
                    sample=key.sample,
                    text=column.text,
                    error=RenditionError(type="cancelled", message="stopped by the user"),
                )
            if column.round_trip is not None and column.rendition.round_trip is None:
                column.rendition = column.rendition.model_copy(
                    update={"round_trip": column.round_trip}
                )
            renditions.append(column.rendition)
        from workbench.services.engine import new_run_id

        self._set_run(
            Comparison(
                id=new_run_id(),
                source=SourceText(
                    text=self.query_one("#source", TextArea).text,
                    language=self.query_one("#from", Input).value.strip(),
                ),
                target=TargetSpec(language=self.query_one("#to", Input).value.strip()),
                renditions=renditions,
                reference=self.reference,
            )
        )
        self.notify("Stopped; what had arrived is kept.", markup=False)

    # ------------------------------------------------------------------- history

    def _save(self) -> None:
        """Keep the run in history; if history cannot be saved, say so once per run (as a
        warning: the run stays on screen and can still be exported)."""
        from workbench.services.run import keep_run

        run = self.comparison
        if run is None:
            return
        problems: list[str] = []
        if keep_run(run, problems.append) is not None:
            self._unsaved = None
        elif self._unsaved != run.id:
            self._unsaved = run.id
            for problem in problems:
                self._warn(problem)

    def open_run(self, run_id: str) -> None:
        from workbench.io.translate.history import load_run

        try:
            comparison = load_run(run_id)
        except WorkbenchError as exc:
            self.notify(exc.message, title="Cannot open the run", severity="error", markup=False)
            return
        self.show_comparison(comparison)

    def show_comparison(self, comparison: Comparison) -> None:
        """Show a finished run (from history): its passage, renditions, reference, judgment.
        A run saved before it was analysed is analysed now (in a thread)."""
        self._run_worker = None  # its cancellation is not a stop: this run replaces it
        self.workers.cancel_group(self, "translate")
        self.run_no += 1
        self.running = False
        self.diff_on = False
        self.baseline = None
        self._chrf.clear()
        for column in self.columns:
            column.remove()
        self._columns.clear()
        self.query_one("#source", TextArea).text = strip_controls(comparison.source.text)
        self.query_one("#from", Input).value = comparison.source.language
        self.query_one("#to", Input).value = comparison.target.language
        self.comparison = comparison
        judgment = comparison.judgment
        new = []
        for rendition in comparison.renditions:
            column = RenditionColumn(rendition.key, _column_name(rendition))
            column.finish(rendition)
            column.favourite = rendition.key == judgment.favourite
            column.has_note = bool(judgment.notes.get(rendition.key))
            self._columns[column.key] = column
            new.append(column)
        self.order = [c.key for c in new]
        self.wanted_styles = list(dict.fromkeys(r.style for r in comparison.renditions))
        self.query_one("#columns").mount_all(new)
        if self.size.height < 40 and new:
            self.query_one("#setup").display = False
            self.call_after_refresh(new[0].focus)
        self.reference = comparison.reference
        self._show_reference()
        if self.blind:
            self._enter_blind()
        samples = max((r.sample for r in comparison.renditions), default=1)
        self.query_one("#samples", Input).value = str(samples)
        self.query_one("#round-trip", Checkbox).value = any(
            r.round_trip is not None for r in comparison.renditions
        )
        selection = self.query_one("#styles", SelectionList)
        selection.deselect_all()
        for style in self.wanted_styles:
            if style in self.catalog.styles:
                selection.select(style)
        # a run with text but no diffs was saved before its analysis: analyse it now
        keys = [k for k in (*self.order, REFERENCE) if self._has_text(k)]
        self.analysed = len(keys) < 2 or bool(comparison.diffs)
        if not self.analysed:
            self._analyse(self.run_no, comparison)
        self.refresh_info()

    def _has_text(self, key: str) -> bool:
        column = self._columns.get(key)
        return column is not None and bool(column.text.strip())

    def action_history(self) -> None:
        from workbench.tui.screens.history import HistoryScreen

        def chosen(run_id: str | None) -> None:
            if run_id:
                self.open_run(run_id)

        self.app.push_screen(HistoryScreen(), chosen)

    def action_export(self) -> None:
        comparison = self.comparison
        if comparison is None:
            self.notify("Nothing to export yet: run or open a comparison.", severity="warning")
            return

        def write(path_text: str | None) -> None:
            if not path_text or not path_text.strip():
                return
            path = Path(path_text.strip()).expanduser()
            fmt = EXPORT_FORMATS.get(path.suffix.lower())
            if fmt is None:
                self.notify("End the file name with .md, .html, .json or .txt.", severity="warning")
                return
            self.export_to(path, fmt)

        self.app.push_screen(
            InputDialog("Export the run to (the suffix picks the format)", f"{comparison.id}.md"),
            write,
        )

    def export_to(self, path: Path, fmt: str) -> None:
        from workbench.export.run_formats import render_run
        from workbench.io import write_output

        assert self.comparison is not None
        run = self.comparison
        if not self.analysed:
            from workbench.core.compare.analysis import analyse

            run = analyse(run)
        baseline = self.baseline if self.diff_on and self.baseline in self._columns else None
        order = self.judgment.blind_order
        if baseline in order and self.blind:  # the blind export names the columns A, B...
            from workbench.core.translate.judgment import blind_label

            baseline = blind_label(order.index(baseline))
        try:
            write_output(path, render_run(run, fmt, baseline=baseline), option="")
        except (OSError, WorkbenchError) as exc:  # a WriteError names the file and why
            self.notify(str(exc), severity="error", markup=False)
            return
        self.notify(f"Exported to {path}", markup=False)

    # -------------------------------------------------------------------- inputs

    def action_toggle_setup(self) -> None:
        setup = self.query_one("#setup")
        setup.display = not setup.display
        if setup.display:
            self.query_one("#source", TextArea).focus()

    def action_open_passage(self) -> None:
        def load(path: str | None) -> None:
            if not path or not path.strip():
                return
            from workbench.io.inputs import read_passage

            try:
                text, _ = read_passage(str(Path(path.strip()).expanduser()))
            except WorkbenchError as exc:
                self.notify(exc.message, title="Cannot open", severity="error", markup=False)
                return
            self.query_one("#setup").display = True
            self.query_one("#source", TextArea).text = strip_controls(text)

        self.app.push_screen(
            InputDialog("Open a passage file", placeholder="path/to/passage.txt"), load
        )

    def action_reference(self) -> None:
        def done(text: str | None) -> None:
            if text is None:
                return
            name = "reference"
            if text.startswith("@") and "\n" not in text.strip():
                from workbench.io.inputs import read_passage

                path = Path(text.strip()[1:]).expanduser()
                try:
                    text, _ = read_passage(str(path))
                except WorkbenchError as exc:
                    self.notify(exc.message, title="Cannot open", severity="error", markup=False)
                    return
                name = path.name
            self.set_reference(text, name)

        self.app.push_screen(
            TextDialog(
                "Reference translation: paste it, or type @path/to/file (empty removes it)",
                self.reference.text if self.reference is not None else "",
            ),
            done,
        )

    def set_reference(self, text: str, name: str = "reference") -> None:
        """Add, change or (with empty text) remove the human reference; the run is analysed
        again, since diffs and metrics against the reference depend on it."""
        text = text.strip("\n")
        self.reference = Reference(text=text, name=name) if text.strip() else None
        self._show_reference()
        if self.comparison is not None and not self.running:
            self._set_run(self.comparison.model_copy(update={"reference": self.reference}))
        if self.diff_on:
            self.refresh_diffs()
        self.refresh_info()

    def _show_reference(self) -> None:
        column = self._columns.get(REFERENCE)
        if self.reference is None:
            if column is not None:
                column.remove()
                del self._columns[REFERENCE]
                if self.baseline == REFERENCE:
                    self.baseline = None
            return
        name = "Reference" if self.reference.name == "reference" else self.reference.name
        if column is None:
            column = RenditionColumn(REFERENCE, name, state="reference")
            self._columns[REFERENCE] = column
            self.query_one("#columns").mount(column)
        column.set_reference(self.reference.text, f"Reference: {name}")

    # --------------------------------------------------------------------- diffs

    def action_toggle_diff(self) -> None:
        self.diff_on = not self.diff_on
        if self.diff_on and self.baseline not in self._columns:
            self.baseline = self._default_baseline()
        self.refresh_diffs()

    def _default_baseline(self) -> str | None:
        if REFERENCE in self._columns:
            return REFERENCE
        for column in self.columns:
            if column.text:
                return column.key
        return None

    def set_baseline(self, key: str) -> None:
        self.baseline = key
        self.diff_on = True
        self.refresh_diffs()

    def refresh_diffs(self) -> None:
        """Mark every column against the baseline from the analysed run's diffs (computed once,
        by `analyse()`); only chrF against a rendition baseline is computed here, in a thread."""
        from workbench.core.compare.analysis import pair

        run = self.comparison if self.analysed else None
        base = self.baseline if self.diff_on else None
        wanted: dict[str, tuple[str, str]] = {}
        for column in self.columns:
            column.is_baseline = base is not None and column.key == base
            diff = pair(run, base, column.key) if run and base and not column.is_baseline else None
            column.show_diff(diff.ops if diff is not None else None)
            if column.is_baseline:
                column.set_metrics("baseline")
            elif diff is None:
                column.set_metrics("diff after the analysis…" if base and column.text else "")
            else:
                chrf = self._chrf_for(base, column)
                if chrf is None and base is not None:
                    wanted[column.key] = (column.text, self._columns[base].text)
                score = f"{chrf:.1f}" if chrf is not None else "…"
                column.set_metrics(f"similarity {diff.similarity:.2f} · chrF {score}")
        if wanted and base is not None:
            self._score(self.run_no, base, wanted)
        self.refresh_info()

    def _chrf_for(self, base: str | None, column: RenditionColumn) -> float | None:
        """chrF of the column against the baseline: from the analysis when the baseline is the
        reference, else computed once per pair (None until then)."""
        if base == REFERENCE:
            rendition = column.rendition
            if rendition is not None and rendition.metrics is not None:
                return rendition.metrics.chrf.score
        return self._chrf.get((base or "", column.key))

    @work(thread=True, exclusive=True, group="metrics")
    def _score(self, run_no: int, baseline: str, pairs: dict[str, tuple[str, str]]) -> None:
        from textual.worker import get_current_worker

        from workbench.core.compare.metrics import chrf

        worker = get_current_worker()
        scores: dict[str, float] = {}
        for key, (text, reference) in pairs.items():
            if worker.is_cancelled:
                return
            scores[key] = chrf(text, reference).score

        def show() -> None:
            if run_no != self.run_no or self._gone():
                return
            for key, score in scores.items():
                self._chrf[(baseline, key)] = score
            if self.diff_on and baseline == self.baseline:
                with contextlib.suppress(NoMatches):  # the screen may be closing
                    self.refresh_diffs()

        if not worker.is_cancelled:
            self.app.call_from_thread(show)

    # ------------------------------------------------------------------ judgment

    def _judge(self, judgment: Judgment) -> None:
        assert self.comparison is not None
        self.comparison = self.comparison.model_copy(update={"judgment": judgment})
        self._save()

    def action_toggle_blind(self) -> None:
        from workbench.core.translate.judgment import start_blind

        run = self.comparison
        if run is None or self.running:
            self.notify("Blind mode starts on a finished run.", severity="warning")
            return
        if self.blind:
            self._leave_blind()
            self._judge(self.judgment.model_copy(update={"blind": False, "blind_order": []}))
        else:
            if len(run.renditions) < 2:
                self.notify("Blind mode needs at least two renditions.", severity="warning")
                return
            blind = start_blind(run)
            self._judge(
                blind.judgment.model_copy(
                    update={"favourite": None, "revealed": False, "decided_at": None}
                )
            )
            self._enter_blind()
            self.notify(
                "Blind mode: names hidden and columns shuffled until you pick a favourite (f)."
            )
        if self.diff_on:
            self.refresh_diffs()
        self.refresh_info()

    def _enter_blind(self) -> None:
        from workbench.core.translate.judgment import blind_label

        order = self.judgment.blind_order
        columns = [self._columns[k] for k in order if k in self._columns]
        self._arrange(columns)
        for index, column in enumerate(columns):
            column.favourite = False
            column.alias = f"Rendition {blind_label(index)}"
            column.refresh_header()
            column.repaint()

    def _arrange(self, columns: list[RenditionColumn]) -> None:
        row = self.query_one("#columns")
        for column in columns:
            row.move_child(column, after=row.children[-1])
        reference = self._columns.get(REFERENCE)
        if reference is not None:
            row.move_child(reference, after=row.children[-1])

    def _leave_blind(self) -> None:
        shuffled = any(c.alias is not None for c in self._columns.values())
        if not shuffled:
            return
        ordered = [self._columns[k] for k in self.order if k in self._columns]
        self._arrange(ordered)
        for column in ordered:
            column.alias = None
            column.refresh_header()
            column.repaint()

    def on_column_command(self, message: ColumnCommand) -> None:
        column, command = message.column, message.command
        if command == "baseline":
            self.set_baseline(column.key)
        elif command == "copy":
            self.app.copy_to_clipboard(column.text)
            self.notify(
                f"Copied {column.shown_name} ({len(column.text)} characters).", markup=False
            )
        elif command == "retry":
            self.retry(column)
        elif command == "favourite":
            self.pick_favourite(column)
        elif command == "note":
            self.edit_note(column)
        elif command == "hide":
            column.display = False
            self.focus_next(RenditionColumn)

    def retry(self, column: RenditionColumn) -> None:
        if column.key == REFERENCE or column.state in ("waiting", "streaming"):
            return
        if self.running:
            self.notify("Retry a column once the run has finished.", severity="warning")
            return
        column.rendition = None
        column.set_round_trip(None)
        column.state = "waiting"
        column.reset()
        column.refresh_header()
        key = ColumnKey.parse(column.key)
        request = dataclasses.replace(
            self.setup,
            passage=self.query_one("#source", TextArea).text,
            source_language=self.query_one("#from", Input).value.strip(),
            target_language=self.query_one("#to", Input).value.strip(),
            styles=(key.style,),
            round_trip=self.query_one("#round-trip", Checkbox).value,
            reference=None,
            columns=(key,),  # this sample of its style, under its own cache key
            no_cache=True,  # asked again; its answer replaces this sample's cached one
        )
        self._retry(self.run_no, request)

    def _judge_name(self, key: str) -> str:
        """How `judge()` should be told about a column: its letter while the run is blind."""
        from workbench.core.translate.judgment import blind_label

        order = self.judgment.blind_order
        if self.judgment.blind and key in order:
            return blind_label(order.index(key))
        return key

    def pick_favourite(self, column: RenditionColumn) -> None:
        from workbench.core.translate.judgment import judge

        if column.key == REFERENCE:
            return
        if self.comparison is None or self.running:
            self.notify("Pick a favourite once the run has finished.", severity="warning")
            return
        was_blind = self.blind
        alias = column.shown_name
        if self.judgment.favourite == column.key and not was_blind:
            self._judge(self.judgment.model_copy(update={"favourite": None, "decided_at": None}))
        else:
            self._judge(judge(self.comparison, favourite=self._judge_name(column.key)).judgment)
        for other in self.columns:
            other.favourite = other.key == self.judgment.favourite
            other.refresh_header()
        if was_blind:
            self._leave_blind()
            self.notify(
                f"{alias} was {column.style_name}.", title="Favourite picked blind", markup=False
            )
        self.refresh_info()

    def edit_note(self, column: RenditionColumn) -> None:
        from workbench.core.translate.judgment import judge

        if self.comparison is None or self.running or column.key == REFERENCE:
            self.notify("Notes go on the renditions of a finished run.", severity="warning")
            return

        def done(text: str | None) -> None:
            if text is None or self.comparison is None:
                return
            self._judge(
                judge(self.comparison, notes=[(self._judge_name(column.key), text)]).judgment
            )
            column.has_note = column.key in self.judgment.notes
            column.refresh_header()

        current = self.judgment.notes.get(column.key, "")
        self.app.push_screen(TextDialog(f"Note on {column.shown_name}", current), done)

    def action_unhide(self) -> None:
        for column in self.columns:
            column.display = True

    @on(SelectionList.SelectedChanged)
    @on(Input.Changed)
    def _inputs_changed(self) -> None:
        with contextlib.suppress(NoMatches):
            self.refresh_info()

    def describe_columns(self) -> Content:
        """Plain summary of the columns (for tests and the palette)."""
        return Content(", ".join(f"{c.key}:{c.state}" for c in self.columns))


class _Batcher:
    """Coalesces the engine's text deltas per column into one message: everything that arrives
    in the same turn of the event loop goes out together (at the end of that turn), and messages
    are at least BATCH_S apart, so a fast stream never floods the screen's message queue. The
    screen paints at most once a frame anyway; this only bounds the number of messages."""

    def __init__(self, screen: CompareScreen, run_no: int) -> None:
        self.screen = screen
        self.run_no = run_no
        self.texts: dict[str, list[str]] = {}
        self.arrived: dict[str, float] = {}
        self.last = 0.0
        self.timer: asyncio.Handle | None = None

    def add(self, key: str, text: str) -> None:
        now = time.perf_counter()
        self.texts.setdefault(key, []).append(text)
        self.arrived.setdefault(key, now)
        if self.timer is not None:
            return
        wait = BATCH_S - (now - self.last)
        loop = asyncio.get_running_loop()
        if wait <= 0:
            self.timer = loop.call_soon(self.flush)
        else:
            self.timer = loop.call_later(wait, self.flush)

    def flush(self) -> None:
        self.cancel()
        if not self.texts:
            return
        texts = {k: "".join(v) for k, v in self.texts.items()}
        self.screen.post_message(StreamedText(self.run_no, texts, self.arrived))
        self.texts, self.arrived = {}, {}
        self.last = time.perf_counter()

    def cancel(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None


def _preload_llm() -> None:
    import openai  # noqa: F401

    import workbench.llm.factory  # noqa: F401


def _column_name(r: Rendition) -> str:
    return ColumnKey(r.style, r.sample).label(r.style_name)
