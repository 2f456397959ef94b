"""The comparison screen: a passage, its renditions side by side, diffs, judgment, export.

The translation runs in an async worker that consumes `TranslationEngine.run()` (the same code
path as `workbench translate`) and posts each event to the screen as an `EngineEvent` message.
"""

from __future__ import annotations

import contextlib
import random
import sqlite3
from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, SelectionList, Static, TextArea
from textual.widgets.selection_list import Selection
from textual.worker import Worker, WorkerState

from workbench.errors import WorkbenchError
from workbench.export.sanitize import strip_controls
from workbench.translate.events import (
    Event,
    RenditionFinished,
    RenditionStarted,
    RunFinished,
    TextDelta,
    TextReset,
)
from workbench.translate.models import Comparison, Rendition, RenditionError, SourceText, TargetSpec
from workbench.tui.screens.dialogs import InputDialog, TextDialog
from workbench.tui.text import literal, tune_cursors
from workbench.tui.widgets.column import REFERENCE_KEY, ColumnCommand, RenditionColumn

EXPORT_FORMATS = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}
EXPORT_FORMATS |= {".json": "json", ".txt": "text"}
NARROW = 100


class EngineEvent(Message):
    """One event of a translation run, for the screen (`run` tells stale runs apart)."""

    def __init__(self, run: int, event: Event, retry: bool = False) -> None:
        super().__init__()
        self.run = run
        self.event = event
        self.retry = retry


def empty_judgment() -> dict[str, Any]:
    return {"favourite": None, "notes": {}, "blind": False}


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
        self,
        *,
        passage: str = "",
        source_language: str = "",
        target_language: str = "",
        styles: list[str] | None = None,
        reference: str | None = None,
        start: bool = False,
        run_id: str | None = None,
    ) -> None:
        super().__init__()
        self.passage = strip_controls(passage)  # the editor must not send escapes to the terminal
        self.source_language = source_language
        self.target_language = target_language
        self.wanted_styles = list(styles or [])
        self.reference_text = reference
        self.start_now = start
        self.open_run_id = run_id
        self.run_no = 0
        self.running = False
        self.comparison: Comparison | None = None
        self.judgment: dict[str, Any] = empty_judgment()
        self.diff_on = False
        self.baseline: str | None = None
        self.blind = False
        self.order: list[str] = []
        self._columns: dict[str, RenditionColumn] = {}

    # -------------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        from workbench.translate.styles import load_catalog

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
                yield SelectionList[str](*selections, id="styles")
        yield Static(id="run-info")
        with VerticalScroll(id="columns-scroll"):
            yield Horizontal(id="columns")
        yield Footer()

    def on_mount(self) -> None:
        tune_cursors(self)
        self.query_one("#source", TextArea).border_title = "Passage"
        self.query_one("#styles", SelectionList).border_title = "Styles"
        for problem in self.catalog.problems:
            self.notify(
                str(problem),
                title="A style file could not be read",
                severity="warning",
                markup=False,
            )
        if self.reference_text:
            self._set_reference(self.reference_text)
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
        if self.diff_on and self.baseline in self._columns:
            parts.append(f"diff vs {self._columns[self.baseline].shown_name}")
        if self.blind:
            parts.append("blind")
        if not self._columns:
            parts.append("ctrl+r runs the passage in the chosen styles")
        self.query_one("#run-info", Static).update(literal(" · ".join(parts)))

    # ------------------------------------------------------------------- running

    def action_run(self) -> None:
        passage = self.query_one("#source", TextArea).text
        source = self.query_one("#from", Input).value.strip()
        target = self.query_one("#to", Input).value.strip()
        wanted = {sid: i for i, sid in enumerate(self.wanted_styles)}
        selected = list(self.query_one("#styles", SelectionList).selected)
        style_ids = sorted(selected, key=lambda sid: wanted.get(sid, len(wanted)))
        problem = None
        if not passage.strip():
            problem = "Type, paste or open (ctrl+o) a passage first."
        elif not source or not target:
            problem = "Give the source and target languages (e.g. de and en)."
        elif not style_ids:
            problem = "Pick at least one style."
        if problem:
            self.notify(problem, severity="warning", markup=False)
            return
        self.run_no += 1
        self.comparison = None
        self.judgment = empty_judgment()
        self._leave_blind(record=False)
        for column in self.columns:
            if column.key != REFERENCE_KEY:
                column.remove()
                self._columns.pop(column.key, None)
        if self.baseline != REFERENCE_KEY:
            self.baseline = None
        styles = self.catalog.resolve(style_ids)
        new = [RenditionColumn(s.id, s.name) for s in styles]
        for column in new:
            self._columns[column.key] = column
        ref = self._columns.get(REFERENCE_KEY)
        row = self.query_one("#columns")
        if ref is not None:
            row.mount_all(new, before=ref)
        else:
            row.mount_all(new)
        self.order = [s.id for s in styles]
        if self.size.height < 40:
            self.query_one("#setup").display = False
            self.call_after_refresh(new[0].focus)
        self.running = True
        self.refresh_info()
        self._translate(self.run_no, passage, source, target, style_ids)

    @work(exclusive=True, group="translate")
    async def _translate(
        self, run_no: int, passage: str, source: str, target: str, style_ids: list[str]
    ) -> None:
        await self._drive(run_no, passage, source, target, style_ids, retry=False)

    @work(group="retry")
    async def _retry(self, run_no: int, passage: str, source: str, target: str, key: str) -> None:
        await self._drive(run_no, passage, source, target, [key], retry=True)

    async def _drive(
        self,
        run_no: int,
        passage: str,
        source: str,
        target: str,
        style_ids: list[str],
        *,
        retry: bool,
    ) -> None:
        from workbench.config import load_settings
        from workbench.llm.cache import ResponseCache
        from workbench.llm.factory import make_provider
        from workbench.translate.engine import TranslationEngine, TranslationJob

        try:
            settings = load_settings()
            provider = make_provider(settings.llm, local=settings.local)
        except WorkbenchError as exc:
            self._setup_failed(run_no, exc.message)
            return
        cache: ResponseCache | None
        try:
            cache = ResponseCache()
        except (sqlite3.Error, OSError) as exc:
            self.notify(f"response cache unavailable: {exc}", severity="warning", markup=False)
            cache = None
        engine = TranslationEngine(provider, cache=cache, concurrency=settings.llm.concurrency)
        job = TranslationJob(
            passage=passage,
            source_language=source,
            target_language=target,
            styles=self.catalog.resolve(style_ids),
            use_cache=not retry,
            max_chars=settings.llm.max_chars_per_request,
        )
        try:
            async for event in engine.run(job):
                self.post_message(EngineEvent(run_no, event, retry))
        finally:
            await provider.aclose()
            if cache is not None:
                cache.close()

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

    def on_engine_event(self, message: EngineEvent) -> None:
        if message.run != self.run_no:
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
        elif isinstance(event, RenditionFinished):
            column.finish(event.rendition)
            if message.retry and self.comparison is not None:
                self.comparison.renditions = [
                    event.rendition if r.style == event.key else r
                    for r in self.comparison.renditions
                ]
                self._save()
            if self.diff_on:
                self.refresh_diffs()

    def _run_finished(self, comparison: Comparison) -> None:
        self.running = False
        self.comparison = comparison
        self._save()
        self.refresh_info()
        if self.diff_on:
            self.refresh_diffs()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group == "translate" and event.state == WorkerState.CANCELLED:
            self._run_stopped()
        elif event.state == WorkerState.ERROR:
            error = worker.error
            self.running = False
            self.notify(
                f"{type(error).__name__}: {error}",
                title="The run failed",
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
            if column.key == REFERENCE_KEY:
                continue
            column.stop()
            if column.rendition is None:
                column.rendition = Rendition(
                    style=column.key,
                    style_name=column.style_name,
                    text=column.text,
                    error=RenditionError(type="cancelled", message="stopped by the user"),
                )
            renditions.append(column.rendition)
        from workbench.translate.engine import new_run_id

        self.comparison = Comparison(
            id=new_run_id(),
            source=SourceText(
                text=self.query_one("#source", TextArea).text,
                language=self.query_one("#from", Input).value.strip(),
            ),
            target=TargetSpec(language=self.query_one("#to", Input).value.strip()),
            renditions=renditions,
        )
        self._save()
        self.notify("Stopped; what had arrived is kept.", markup=False)
        self.refresh_info()

    # ------------------------------------------------------------------- history

    def _save(self) -> None:
        if self.comparison is None:
            return
        from workbench.translate.history import save_run

        extra = self.comparison.extra
        extra["judgment"] = {
            "favourite": self.judgment["favourite"],
            "notes": dict(self.judgment["notes"]),
            "blind": bool(self.judgment["blind"]),
        }
        if self.reference_text:
            extra["reference"] = {"text": self.reference_text}
        else:
            extra.pop("reference", None)
        try:
            save_run(self.comparison)
        except (OSError, WorkbenchError) as exc:
            self.notify(f"could not save the run: {exc}", severity="error", markup=False)

    def open_run(self, run_id: str) -> None:
        from workbench.translate.history import load_run

        try:
            comparison = load_run(run_id)
        except WorkbenchError as exc:
            self.notify(exc.message, title="Cannot open the run", severity="error", markup=False)
            return
        self.show_comparison(comparison)

    def show_comparison(self, comparison: Comparison) -> None:
        """Show a finished run (from history): its passage, renditions and judgment."""
        self.workers.cancel_group(self, "translate")
        self.run_no += 1
        self.running = False
        self.blind = False
        self.diff_on = False
        self.baseline = None
        for column in self.columns:
            column.remove()
        self._columns.clear()
        self.query_one("#source", TextArea).text = strip_controls(comparison.source.text)
        self.query_one("#from", Input).value = comparison.source.language
        self.query_one("#to", Input).value = comparison.target.language
        judgment = comparison.extra.get("judgment")
        self.judgment = empty_judgment()
        if isinstance(judgment, dict):
            favourite = judgment.get("favourite")
            self.judgment["favourite"] = favourite if isinstance(favourite, str) else None
            notes = judgment.get("notes")
            if isinstance(notes, dict):
                self.judgment["notes"] = {str(k): str(v) for k, v in notes.items()}
            self.judgment["blind"] = bool(judgment.get("blind"))
        new = []
        for rendition in comparison.renditions:
            column = RenditionColumn(rendition.style, rendition.style_name)
            column.finish(rendition)
            column.favourite = rendition.style == self.judgment["favourite"]
            column.has_note = bool(self.judgment["notes"].get(rendition.style))
            self._columns[column.key] = column
            new.append(column)
        self.order = [c.key for c in new]
        self.wanted_styles = list(self.order)
        self.query_one("#columns").mount_all(new)
        if self.size.height < 40 and new:
            self.query_one("#setup").display = False
            self.call_after_refresh(new[0].focus)
        self.comparison = comparison
        self.reference_text = None
        reference = comparison.extra.get("reference")
        if isinstance(reference, dict) and isinstance(reference.get("text"), str):
            self._set_reference(reference["text"], save=False)
        selection = self.query_one("#styles", SelectionList)
        selection.deselect_all()
        for rendition in comparison.renditions:
            if rendition.style in self.catalog.styles:
                selection.select(rendition.style)
        self.refresh_info()

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
        from workbench.atomic import write_text_atomic
        from workbench.export.run_formats import render_run

        assert self.comparison is not None
        self._save()
        try:
            write_text_atomic(path, render_run(self.comparison, fmt))
        except OSError as exc:
            self.notify(
                f"{path}: cannot write: {exc.strerror or exc}", severity="error", markup=False
            )
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
            from workbench.cli.inputs import read_passage

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
            if text.startswith("@") and "\n" not in text.strip():
                from workbench.cli.inputs import read_passage

                try:
                    text, _ = read_passage(str(Path(text.strip()[1:]).expanduser()))
                except WorkbenchError as exc:
                    self.notify(exc.message, title="Cannot open", severity="error", markup=False)
                    return
            self._set_reference(text)

        self.app.push_screen(
            TextDialog(
                "Reference translation: paste it, or type @path/to/file (empty removes it)",
                self.reference_text or "",
            ),
            done,
        )

    def _set_reference(self, text: str, *, save: bool = True) -> None:
        text = text.strip("\n")
        column = self._columns.get(REFERENCE_KEY)
        if not text.strip():
            self.reference_text = None
            if column is not None:
                column.remove()
                del self._columns[REFERENCE_KEY]
                if self.baseline == REFERENCE_KEY:
                    self.baseline = None
        else:
            self.reference_text = text
            if column is None:
                column = RenditionColumn(REFERENCE_KEY, "Reference", state="reference")
                self._columns[REFERENCE_KEY] = column
                self.query_one("#columns").mount(column)
            column.set_reference(text)
        if save:
            self._save()
        if self.diff_on:
            self.refresh_diffs()
        self.refresh_info()

    # --------------------------------------------------------------------- diffs

    def action_toggle_diff(self) -> None:
        self.diff_on = not self.diff_on
        if self.diff_on and self.baseline not in self._columns:
            self.baseline = self._default_baseline()
        self.refresh_diffs()

    def _default_baseline(self) -> str | None:
        if REFERENCE_KEY in self._columns:
            return REFERENCE_KEY
        for column in self.columns:
            if column.text:
                return column.key
        return None

    def set_baseline(self, key: str) -> None:
        self.baseline = key
        self.diff_on = True
        self.refresh_diffs()

    def refresh_diffs(self) -> None:
        from workbench.compare.diff import diff_against

        columns = self.columns
        texts = {
            c.key: c.text for c in columns if c.state not in ("waiting", "streaming") and c.text
        }
        active = self.diff_on and self.baseline is not None and self.baseline in texts
        results = diff_against(self.baseline, texts) if active and self.baseline else {}
        for column in columns:
            column.is_baseline = active and column.key == self.baseline
            result = results.get(column.key)
            column.show_diff(result.ops if result is not None else None)
            if result is not None:
                column.set_metrics(f"similarity {result.similarity:.2f} · chrF …")
            elif column.is_baseline:
                column.set_metrics("baseline")
            else:
                column.set_metrics("")
        if active and self.baseline is not None:
            others = {k: v for k, v in texts.items() if k in results}
            self._score(self.run_no, self.baseline, texts[self.baseline], others, results)
        self.refresh_info()

    @work(thread=True, exclusive=True, group="metrics")
    def _score(
        self,
        run_no: int,
        baseline: str,
        reference: str,
        texts: dict[str, str],
        results: dict[str, Any],
    ) -> None:
        from textual.worker import get_current_worker

        from workbench.compare.metrics import chrf

        worker = get_current_worker()
        scores: dict[str, float] = {}
        for key, text in texts.items():
            if worker.is_cancelled:
                return
            scores[key] = chrf(text, reference).score

        def show() -> None:
            if run_no != self.run_no or baseline != self.baseline or not self.diff_on:
                return
            for key, score in scores.items():
                column = self._columns.get(key)
                if column is not None:
                    sim = results[key].similarity
                    column.set_metrics(f"similarity {sim:.2f} · chrF {score:.1f}")

        if not worker.is_cancelled:
            self.app.call_from_thread(show)

    # ------------------------------------------------------------------ judgment

    def action_toggle_blind(self) -> None:
        if self.blind:
            self._leave_blind(record=False)
            self.judgment["blind"] = False
        else:
            columns = [c for c in self.columns if c.key != REFERENCE_KEY]
            if len(columns) < 2:
                self.notify("Blind mode needs at least two renditions.", severity="warning")
                return
            self.blind = True
            self.judgment["blind"] = True
            self.judgment["favourite"] = None
            for column in columns:
                column.favourite = False
            random.shuffle(columns)
            self._arrange(columns)
            for index, column in enumerate(columns):
                column.alias = f"Rendition {chr(ord('A') + index)}"
                column.refresh_header()
                column.flush()
            self.notify(
                "Blind mode: names hidden and columns shuffled until you pick a favourite (f)."
            )
        self._save()
        self.refresh_info()

    def _arrange(self, columns: list[RenditionColumn]) -> None:
        row = self.query_one("#columns")
        for column in columns:
            row.move_child(column, after=row.children[-1])
        reference = self._columns.get(REFERENCE_KEY)
        if reference is not None:
            row.move_child(reference, after=row.children[-1])

    def _leave_blind(self, *, record: bool) -> None:
        if not self.blind:
            return
        self.blind = False
        ordered = [self._columns[k] for k in self.order if k in self._columns]
        self._arrange(ordered)
        for column in ordered:
            column.alias = None
            column.refresh_header()
            column.flush()

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
        if column.key == REFERENCE_KEY or column.state in ("waiting", "streaming"):
            return
        column.rendition = None
        column.state = "waiting"
        column.reset()
        column.refresh_header()
        self._retry(
            self.run_no,
            self.query_one("#source", TextArea).text,
            self.query_one("#from", Input).value.strip(),
            self.query_one("#to", Input).value.strip(),
            column.key,
        )

    def pick_favourite(self, column: RenditionColumn) -> None:
        if column.key == REFERENCE_KEY:
            return
        if self.comparison is None:
            self.notify("Pick a favourite once the run has finished.", severity="warning")
            return
        was_blind = self.blind
        alias = column.shown_name
        same = self.judgment["favourite"] == column.key and not was_blind
        self.judgment["favourite"] = None if same else column.key
        for other in self.columns:
            other.favourite = other.key == self.judgment["favourite"]
            other.refresh_header()
        if was_blind:
            self._leave_blind(record=True)
            self.notify(
                f"{alias} was {column.style_name}.", title="Favourite picked blind", markup=False
            )
        self._save()
        self.refresh_info()

    def edit_note(self, column: RenditionColumn) -> None:
        if self.comparison is None or column.key == REFERENCE_KEY:
            self.notify("Notes go on the renditions of a finished run.", severity="warning")
            return

        def done(text: str | None) -> None:
            if text is None:
                return
            notes: dict[str, str] = self.judgment["notes"]
            if text.strip():
                notes[column.key] = text
            else:
                notes.pop(column.key, None)
            column.has_note = bool(text.strip())
            column.refresh_header()
            self._save()

        current = self.judgment["notes"].get(column.key, "")
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
