"""`TranslationSession`: one comparison's state (its columns by `ColumnKey`, their streamed
text, status and renditions, the reference, the judgment, the analysis) and every change made
to it, told to listeners as a `Change`; no Textual. Once a run has finished, its `Comparison`
is the one copy of renditions, reference and judgment (a column reads its rendition from it);
before that, a column keeps what the engine has sent. Runs are set up by the run service
(`workbench.services.run`); an interface feeds the engine's events to `apply()` (the TUI from
a worker, coalescing text) or calls `run()`, which does it all. Its analysis and the user's
judgment are in `finished.py`."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from workbench.core.compare.analysis import REFERENCE
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
    RoundTrip,
    SourceText,
    TargetSpec,
)
from workbench.services.run import RunRequest, Warn
from workbench.services.session import judging
from workbench.services.session.columns import (
    Change,
    ChangeKind,
    Listener,
    Refused,
    SessionColumn,
    column_name,
    replaced,
)
from workbench.services.session.finished import SessionAnalysis, SessionJudgment
from workbench.services.session.progress import RunProgress

if TYPE_CHECKING:
    from workbench.core.compare.glossary import GlossaryEntry
    from workbench.core.critique.models import Critique
    from workbench.io.translate.styles import StyleCatalog
    from workbench.services.run import RunEngine


class TranslationSession(SessionAnalysis, SessionJudgment):
    """The state of one comparison (see the module docstring). `warn` is told, in one line,
    what went wrong without stopping anything (history that cannot be saved)."""

    def __init__(self, *, warn: Warn, reference: Reference | None = None) -> None:
        self.warn = warn
        self.run_no = 0
        """Counts runs; events and results of an older run are ignored."""
        self.running = False
        self.request: RunRequest | None = None
        self.columns: dict[str, SessionColumn] = {}
        """The rendition columns by key (text form), in the run's order."""
        self.comparison: Comparison | None = None
        """The finished run: renditions, reference, judgment; analysed once `analysed`."""
        self.analysed = False
        self._reference = reference  # until a run has finished; then the Comparison's
        self._scores: dict[tuple[str, str], float] = {}  # (baseline, key) -> chrF
        self._glossary: list[GlossaryEntry] = []  # the running run's, for a stop to keep
        self._listeners: list[Listener] = []
        self._unsaved: str | None = None  # the run history could not keep (warned once)
        self._on_disk: Comparison | None = None  # the run as history holds it (saving.py)
        self.progress = RunProgress()
        """How far the running run has got (`progress.py`)."""

    # ------------------------------------------------------------------ listening

    def listen(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unlisten(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _emit(self, kind: ChangeKind, key: str | None = None, text: str = "") -> None:
        change = Change(kind, key, text)
        for listener in list(self._listeners):
            listener(change)

    # ------------------------------------------------------------------ reading

    @property
    def reference(self) -> Reference | None:
        if self.comparison is not None:
            return self.comparison.reference
        return self._reference

    @property
    def judgment(self) -> Judgment:
        return self.comparison.judgment if self.comparison is not None else Judgment()

    @property
    def blind(self) -> bool:
        return judging.is_blind(self.judgment)

    @property
    def order(self) -> list[str]:
        """The columns' keys in the run's order."""
        return list(self.columns)

    def shown_order(self) -> list[str]:
        """The columns' keys as shown: shuffled while the run is blind."""
        if self.blind:
            return [k for k in self.judgment.blind_order if k in self.columns]
        return self.order

    def alias(self, key: str) -> str | None:
        return judging.alias(self.judgment, key)

    def has_text(self, key: str) -> bool:
        if key == REFERENCE:
            return self.reference is not None and bool(self.reference.text.strip())
        column = self.columns.get(key)
        return column is not None and bool(column.text.strip())

    def score(self, baseline: str, key: str) -> float | None:
        """chrF of column `key` against `baseline`: from the analysis when the baseline is the
        reference, else as computed by `add_scores()` (None until then)."""
        if baseline == REFERENCE:
            column = self.columns.get(key)
            rendition = column.rendition if column is not None else None
            if rendition is not None and rendition.metrics is not None:
                return rendition.metrics.chrf.score
        return self._scores.get((baseline, key))

    # ------------------------------------------------------------------ running

    def begin(self, request: RunRequest, names: dict[str, str]) -> int:
        """A new run of `request` (`names`: style id -> name): its columns, waiting. The
        reference stays. Returns the run's number, for `apply()`."""
        from workbench.core.columns import column_keys
        from workbench.services.lanes import lanes_of

        self._reference = self.reference
        self.run_no += 1
        self.request = request
        self.comparison = None
        self.analysed = False
        self._scores.clear()
        self._glossary = []
        styles = list(dict.fromkeys(request.styles)) or list(names)
        keys = request.columns or column_keys(styles, request.samples, lanes_of(request))
        self.columns = {
            str(key): SessionColumn(self, key, key.label(names.get(key.style, key.style)))
            for key in keys
        }
        self.running = True
        self.progress.start(request.passage)
        self._emit("columns")
        return self.run_no

    def open_engine(self, request: RunRequest, catalog: StyleCatalog | None = None) -> RunEngine:
        """The engine for `request`, by the run service (raises WorkbenchError)."""
        from workbench.services.run import open_engine

        opened = open_engine(
            request, warn=self.warn, catalog=catalog, on_progress=self.progress.model_loading
        )
        self._glossary = list(opened.glossary)
        return opened

    async def run(self, request: RunRequest, catalog: StyleCatalog | None = None) -> Comparison:
        """Run `request` to its end: its events applied as they come, then analysed."""
        from workbench.io.translate.styles import load_catalog

        catalog = catalog or load_catalog()
        names = {s.id: s.name for s in catalog.resolve(list(request.styles))}
        run_no = self.begin(request, names)
        opened = self.open_engine(request, catalog)
        try:
            async for event in opened.events():
                self.apply(run_no, event)
        finally:
            await opened.aclose()
        self.analyse()
        assert self.comparison is not None
        return self.comparison

    def apply(self, run_no: int, event: Event, *, retry: bool = False) -> None:
        """One event of run `run_no` (a retry's when `retry`); an older run's are ignored."""
        if run_no != self.run_no:
            return
        if isinstance(event, RunFinished):
            if not retry:
                self._finished(event.comparison)
            return
        column = self.columns.get(event.key)
        if column is None:
            return
        if isinstance(event, TextDelta):
            self.append(run_no, {event.key: event.text})
        elif isinstance(event, RenditionStarted):
            column._start()
            self._emit("started", column.id)
        elif isinstance(event, TextReset):
            column.text = ""
            self._emit("reset", column.id)
        elif isinstance(event, RoundTripFinished):
            column._round_trip = event.round_trip
            if retry:  # the run holds the new round trip before the column shows it
                self._replace(event.key, round_trip=event.round_trip)
            self._emit("round_trip", column.id)
        elif isinstance(event, RenditionFinished):
            column._finish(event.rendition)
            if retry:
                self._replace(event.key, rendition=event.rendition)
            self._emit("finished", column.id)

    def append(self, run_no: int, texts: dict[str, str]) -> None:
        """Streamed text for some columns of run `run_no` (one batch each)."""
        if run_no != self.run_no:
            return
        for key, text in texts.items():
            column = self.columns.get(key)
            if column is None:
                continue
            if column.state == "waiting":
                column._start()
                self._emit("started", key)
            column.text += text
            self._emit("text", key, text)

    def setup_failed(self, run_no: int, message: str) -> None:
        """The run could not be set up: every column in flight fails with `message`."""
        if run_no != self.run_no:
            return
        self.running = False
        for column in self.columns.values():
            if column.in_flight:
                column._fail("configuration", message)
                self._emit("finished", column.id)

    def failed(self) -> None:
        """The run's worker ended with an error of its own."""
        self.running = False

    def stop(self) -> None:
        """The run was cancelled: what had arrived is kept as the run (partial renditions)."""
        from workbench.services.engine import new_run_id

        self.running = False
        renditions = [column._stop() for column in self.columns.values()]
        self._emit("stopped")
        request = self.request or RunRequest(passage="", source_language="", target_language="")
        self._set_run(
            Comparison(
                id=new_run_id(),
                source=SourceText(text=request.passage, language=request.source_language),
                target=TargetSpec(language=request.target_language),
                renditions=renditions,
                reference=self._reference,
                glossary=self._glossary,
            )
        )

    def retry(self, key: str, request: RunRequest) -> tuple[int, RunRequest] | None:
        """Ask for column `key` again, as `request` sets up runs now: its sample of its style,
        under its own cache key, never read from the cache (its answer replaces the cached
        one). Returns (run number, the request to run with `apply(..., retry=True)`), or None
        when the column is not one to retry (the reference, or one still in flight)."""
        column = self.columns.get(key)
        if column is None or column.in_flight:
            return None
        if self.running:
            raise Refused("Retry a column once the run has finished.")
        column._restart()
        self._emit("reset", key)
        narrowed = dataclasses.replace(
            request,
            styles=(column.key.style,),
            reference=None,
            columns=(column.key,),
            no_cache=True,
        )
        return self.run_no, narrowed

    def _finished(self, comparison: Comparison) -> None:
        self.running = False
        if self._reference is not None:
            comparison.reference = self._reference
        self._set_run(comparison)

    def _replace(
        self, key: str, *, rendition: Rendition | None = None, round_trip: RoundTrip | None = None
    ) -> None:
        """A retried column's new rendition (or its round trip) goes into the run, which is
        analysed and saved again."""
        run = self.comparison
        if run is None:
            return
        self._set_run(replaced(run, key, rendition=rendition, round_trip=round_trip))

    def _set_run(self, comparison: Comparison) -> None:
        """Keep the run (saved at once); its analysis is due (`pending_analysis()`)."""
        self.comparison = comparison
        self.analysed = False
        self._scores.clear()
        self._save()
        self._emit("run")

    # ----------------------------------------------------------------- history

    def open(self, comparison: Comparison) -> None:
        """Show a finished run (from history). One saved before its analysis needs one."""
        self.run_no += 1
        self.running = False
        self.request = None
        self._scores.clear()
        self._reference = None
        self.comparison = self._on_disk = comparison
        self.columns = {}
        for rendition in comparison.renditions:
            column = SessionColumn(self, rendition.column_key, column_name(rendition))
            column._finish(rendition)
            self.columns[column.id] = column
        keys = [k for k in (*self.columns, REFERENCE) if self.has_text(k)]
        self.analysed = len(keys) < 2 or bool(comparison.diffs)
        self._emit("columns")

    def _save(self) -> None:
        """Keep the run in history; if history cannot be saved, say so once per run (as a
        warning: the run stays on screen and can still be exported)."""
        from workbench.services.session.saving import keep

        run = self.comparison
        if run is None:
            return
        problems: list[str] = []
        kept = keep(run, self._on_disk, problems.append)
        self._on_disk, self.comparison = kept.on_disk, kept.shown
        if kept.conflict is not None:
            self.warn(kept.conflict)
        elif not problems:
            self._unsaved = None
        elif self._unsaved != run.id:
            self._unsaved = run.id
            for problem in problems:
                self.warn(problem)

    # ----------------------------------------------------------------- reference

    def set_reference(self, text: str, name: str = REFERENCE) -> None:
        """Add, change or (with empty text) remove the human reference; a finished run is
        analysed again, since diffs and metrics against the reference depend on it."""
        text = text.strip("\n")
        reference = Reference(text=text, name=name) if text.strip() else None
        self._reference = reference
        run = self.comparison
        if run is not None and not self.running:
            update: dict[str, object] = {"reference": reference}
            if run.critique is not None and _reference_text(run) != _text_of(reference):
                update["critique"] = None  # the judge was shown the old reference
                self.warn(
                    "The critique was made with the old reference: it was dropped. "
                    "Press k to ask the judge again."
                )
            self._set_run(run.model_copy(update=update))
        self._emit("reference")

    def set_critique(self, run_no: int, critique: Critique, judged: Comparison) -> bool:
        """The judge's critique of `judged` (ignored, False, when another run replaced it or a
        column's text changed since, as a retry changes it: it judged the old text)."""
        if run_no != self.run_no or self.comparison is None:
            return False
        texts = {r.key: r.text for r in self.comparison.renditions}
        if any(texts.get(r.key) != r.text for r in judged.renditions):
            return False
        if _reference_text(judged) != _reference_text(self.comparison):
            return False
        self.comparison = self.comparison.model_copy(update={"critique": critique})
        self._save()
        self._emit("critique")
        return True


def _text_of(reference: Reference | None) -> str:
    return reference.text if reference is not None else ""


def _reference_text(run: Comparison) -> str:
    """The reference the judge is shown with `run` ("" for none)."""
    return _text_of(run.reference)
