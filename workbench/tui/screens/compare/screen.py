"""The comparison screen: a passage, its renditions side by side, diffs, judgment, export.

The run's state is the screen's `TranslationSession` (`workbench.services.session`); the
screen composes the setup pane (`setup.py`) and the column grid (`grid.py`), turns keys into
changes of the session and renders each change the session reports. Each run is set up by
the run service (the same `RunRequest` and `open_engine()` as `workbench translate`) and runs
in an async worker (`workers.py`) that posts the engine's events to the screen.
"""

from __future__ import annotations

import contextlib
import dataclasses
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Input, SelectionList, Static
from textual.worker import Worker

from workbench.core.compare.analysis import REFERENCE
from workbench.core.errors import WorkbenchError
from workbench.core.translate.models import Comparison, Judgment, Reference
from workbench.services.run import RunRequest
from workbench.services.session import Change, Refused, TranslationSession
from workbench.tui.screens.compare import aligned, critique, dialogs, glossary, status, workers
from workbench.tui.screens.compare.grid import ColumnGrid
from workbench.tui.screens.compare.keys import BINDINGS, ESSENTIAL_KEYS, follow_run, works
from workbench.tui.screens.compare.setup import SetupPane
from workbench.tui.screens.compare.workers import EngineEvent, StreamedText
from workbench.tui.text import tune_cursors
from workbench.tui.widgets.column import ColumnCommand, RenditionColumn
from workbench.tui.widgets.footer import KeyFooter

NARROW = 100
SHORT = 32
"""Terminals fewer rows high than this get the compact setup pane (80x24: 8 rows)."""
ROOMY = 40
"""Terminals fewer rows high than this hide the setup pane once a run starts."""


class CompareScreen(Screen[None]):
    CSS_PATH = "../../compare.tcss"
    ESSENTIAL_KEYS = ESSENTIAL_KEYS
    """Shown in the footer however narrow the terminal (`widgets.footer`)."""
    BINDINGS: ClassVar[list[BindingType]] = BINDINGS

    def __init__(
        self, setup: RunRequest | None = None, *, start: bool = False, run_id: str | None = None
    ) -> None:
        """`setup` fills the setup pane, and its model, provider and cache choice make every
        run of the screen; `start` runs it at once; `run_id` opens a run from history."""
        super().__init__()
        setup = setup or RunRequest(passage="", source_language="", target_language="")
        self.setup = setup
        self.start_now = start
        self.open_run_id = run_id
        self._run_worker: Worker[None] | None = None  # the current run's; older ones are stale
        reference = (
            Reference(text=setup.reference, name=setup.reference_name or REFERENCE)
            if setup.reference and setup.reference.strip()
            else None
        )
        self.session = TranslationSession(warn=self._warn, reference=reference)
        self._closing = False
        self.stop_shown = False  # in the footer (`keys.works`: while a run is going)
        self.exporting: str | None = None
        """The file an export is being written to (in a thread), shown in the run's line."""

    # the session's state, as the screen's tests and commands read it
    @property
    def comparison(self) -> Comparison | None:
        return self.session.comparison

    @property
    def analysed(self) -> bool:
        return self.session.analysed

    @property
    def running(self) -> bool:
        return self.session.running

    @property
    def judgment(self) -> Judgment:
        return self.session.judgment

    @property
    def blind(self) -> bool:
        return self.session.blind

    @property
    def order(self) -> list[str]:
        return self.session.order

    @property
    def diff_on(self) -> bool:
        return self.grid.diff_on

    @property
    def baseline(self) -> str | None:
        return self.grid.baseline

    @property
    def columns(self) -> list[RenditionColumn]:
        return self.grid.columns

    # -------------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        from workbench.io.translate.styles import load_catalog

        self.catalog = load_catalog()
        from_history = not self.start_now and self.open_run_id is None
        self.setup_pane = SetupPane(self.setup, self.catalog, from_history=from_history)
        summary = Static(id="grid-summary")
        self.grid = ColumnGrid(self.session, summary)
        yield self.setup_pane
        yield Static(id="run-info")
        yield Static(id="variance")
        yield summary
        with VerticalScroll(id="columns-scroll"):
            yield self.grid
        self.aligned = aligned.AlignedView(self)
        self.aligned.display = False
        yield self.aligned
        yield KeyFooter()

    def on_mount(self) -> None:
        self.run_worker(workers.preload_llm, thread=True, group="preload", exit_on_error=False)
        tune_cursors(self)
        self.query_one("#variance").display = False
        self.set_interval(status.TICK_S, partial(status.tick, self))
        for problem in self.catalog.problems:
            self.notify(
                str(problem),
                title="A style file could not be read",
                severity="warning",
                markup=False,
            )
        self.session.listen(self._changed)
        if self.session.reference is not None:
            self.grid.show(Change("reference"))
        if self.open_run_id:
            self.open_run(self.open_run_id)
        elif self.start_now:
            self.call_after_refresh(self.action_run)
        self.refresh_info()

    def on_unmount(self) -> None:
        self._closing = True
        self.session.unlisten(self._changed)

    def gone(self) -> bool:
        """The screen was closed (the app is quitting) while a worker was busy."""
        return not self.is_attached or self._closing

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW, "-narrow")
        short = self.size.height < SHORT
        self.set_class(short, "-short")
        self.setup_pane.compact(short)
        self.grid.lay_out()

    def refresh_info(self) -> None:
        """The run's line (and its samples' variance) above the columns."""
        status.draw_info(self)

    # ------------------------------------------------------------ the session

    def _changed(self, change: Change) -> None:
        """Render a change of the session."""
        self.grid.show(change)
        kind = change.kind
        if kind in ("columns", "run"):
            self._analyse_if_due()
            self.refresh_info()
        elif kind == "analysis":
            if self.diff_on:
                if self.grid.widget(self.baseline or "") is None:
                    self.grid.baseline = self.grid.default_baseline()
                self.refresh_diffs()
            self.refresh_info()
        elif kind == "reference":
            if self.diff_on:
                self.refresh_diffs()
            self.refresh_info()
        elif kind in ("judgment", "critique"):
            self.refresh_info()
        elif kind in ("reset", "finished") and not self.session.running:
            self.refresh_info()  # a retry: the line counts the columns' ends
        elif kind == "scores" and self.diff_on and change.key == self.baseline:
            with contextlib.suppress(NoMatches):  # the screen may be closing
                self.refresh_diffs()
        aligned.follow(self, kind)
        glossary.follow(self, kind)
        follow_run(self)

    def _analyse_if_due(self) -> None:
        pending = self.session.pending_analysis()
        if pending is not None:
            job = partial(workers.analyse, self, *pending)
            self.run_worker(job, thread=True, exclusive=True, group="analyse")

    def _warn(self, message: str) -> None:
        self.notify(message, severity="warning", markup=False, timeout=8)

    # ------------------------------------------------------------------ running

    def action_run(self) -> None:
        request = self.setup_pane.request(self.setup)
        if isinstance(request, str):
            self.notify(request, severity="warning", markup=False)
            return
        reference = self.session.reference
        names = {s.id: s.name for s in self.catalog.resolve(list(request.styles))}
        request = dataclasses.replace(
            request,
            reference=reference.text if reference is not None else None,
            reference_name=reference.name if reference is not None else REFERENCE,
        )
        run_no = self.session.begin(request, names)
        self._focus_columns()
        job = workers.drive(self, run_no, request, retry=False)
        self._run_worker = self.run_worker(job, exclusive=True, group="translate")

    def _focus_columns(self) -> None:
        """On a short terminal, the columns (or the aligned view) take the setup pane's room."""
        columns = self.grid.shown()
        if self.size.height < ROOMY and columns:
            self.setup_pane.display = False
            shown = self.aligned.table if self.aligned.display else columns[0]
            self.call_after_refresh(shown.focus)

    def setup_failed(self, run_no: int, message: str) -> None:
        self.notify(message, title="Cannot run", severity="error", markup=False, timeout=10)
        self.session.setup_failed(run_no, message)
        self.refresh_info()

    def on_streamed_text(self, message: StreamedText) -> None:
        if not self.gone():
            self.session.append(message.run, message.texts)

    def on_engine_event(self, message: EngineEvent) -> None:
        if not self.gone():
            self.session.apply(message.run, message.event, retry=message.retry)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        workers.state_changed(self, event, current=self._run_worker)

    def action_stop(self) -> None:
        if self.running:
            workers.stop(self)

    def retry(self, column: RenditionColumn) -> None:
        try:
            retry = self.session.retry(column.key, self.setup_pane.current(self.setup, column.key))
        except Refused as refused:
            self.notify(refused.message, severity="warning")
            return
        if retry is not None:
            self.run_worker(workers.drive(self, *retry, retry=True), group="retry")

    # ------------------------------------------------------------------- history

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
        self.grid.diff_on = False
        self.grid.baseline = None
        self.setup_pane.show_run(comparison)
        self.session.open(comparison)
        self._focus_columns()

    def action_history(self) -> None:
        dialogs.history(self)

    def action_export(self) -> None:
        dialogs.ask_export(self)

    def export_to(self, path: Path, fmt: str) -> None:
        dialogs.export_to(self, path, fmt)

    # -------------------------------------------------------------------- inputs

    def action_toggle_setup(self) -> None:
        self.setup_pane.toggle()

    def action_open_passage(self) -> None:
        dialogs.open_passage(self)

    def action_reference(self) -> None:
        dialogs.ask_reference(self)

    def set_reference(self, text: str, name: str = REFERENCE) -> None:
        """Add, change or (with empty text) remove the human reference; the run is analysed
        again, since diffs and metrics against the reference depend on it."""
        self.session.set_reference(text, name)

    @on(SelectionList.SelectedChanged)
    @on(Input.Changed)
    def _inputs_changed(self) -> None:
        with contextlib.suppress(NoMatches):
            self.refresh_info()

    # --------------------------------------------------------------------- diffs

    def action_toggle_diff(self) -> None:
        grid = self.grid
        grid.diff_on = not grid.diff_on
        if grid.diff_on and grid.widget(grid.baseline or "") is None:
            grid.baseline = grid.default_baseline()
        self.refresh_diffs()
        aligned.follow(self)

    def set_baseline(self, key: str) -> None:
        self.grid.baseline = key
        self.grid.diff_on = True
        self.refresh_diffs()
        aligned.follow(self)

    def refresh_diffs(self) -> None:
        """Mark the columns against the baseline; chrF against a rendition baseline is
        computed in a thread, once per pair."""
        wanted = self.grid.refresh_diffs()
        if wanted and self.baseline is not None:
            job = partial(workers.score, self, self.session.run_no, self.baseline, wanted)
            self.run_worker(job, thread=True, exclusive=True, group="metrics")
        self.refresh_info()

    # ------------------------------------------------------------------ judgment

    def action_critique(self) -> None:
        critique.ask(self)

    def action_toggle_blind(self) -> None:
        dialogs.toggle_blind(self)

    def on_column_command(self, message: ColumnCommand) -> None:
        dialogs.column_command(self, message.column, message.command)

    # ------------------------------------------------------------------ columns

    def action_unhide(self) -> None:
        self.grid.hide(set())
        aligned.follow(self)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return works(self, action)

    def action_page(self, step: int) -> None:
        if not self.grid.turn(step):
            self.notify("No more columns that way.", timeout=2)

    def action_choose_columns(self) -> None:
        dialogs.choose_columns(self)

    def action_pick_models(self) -> None:
        from workbench.tui.screens.compare.models import pick

        pick(self)

    def action_toggle_aligned(self) -> None:
        aligned.toggle(self)
