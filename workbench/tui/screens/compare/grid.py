"""The comparison screen's columns side by side: they render the session's columns (each
widget reads its column of `TranslationSession`, nothing is kept twice), shuffled while the
run is blind, marked against a baseline when the diff is on."""

from __future__ import annotations

from textual.containers import Horizontal

from workbench.core.compare.analysis import REFERENCE, pair
from workbench.services.session import Change, ReferenceColumn, TranslationSession
from workbench.tui.widgets.column import RenditionColumn


class ColumnGrid(Horizontal):
    """The columns of the session's run, then the reference (when there is one)."""

    def __init__(self, session: TranslationSession) -> None:
        super().__init__(id="columns")
        self.session = session
        self.reference = ReferenceColumn(session)
        self.diff_on = False
        self.baseline: str | None = None
        self._shuffled = False  # arranged in the blind order (the DOM's order, not the run's)

    # ---------------------------------------------------------------- reading

    def _current(self, column: RenditionColumn) -> bool:
        """The widget shows a column of the session now (not one being removed)."""
        if column.key == REFERENCE:
            return column.model is self.reference and self.session.reference is not None
        return self.session.columns.get(column.key) is column.model

    @property
    def columns(self) -> list[RenditionColumn]:
        """The column widgets, as shown (left to right)."""
        return [c for c in self.query_children(RenditionColumn) if self._current(c)]

    def widget(self, key: str) -> RenditionColumn | None:
        model = self.reference if key == REFERENCE else self.session.columns.get(key)
        if model is None:
            return None
        return next((c for c in self.query_children(RenditionColumn) if c.model is model), None)

    # ---------------------------------------------------------------- rendering

    def show(self, change: Change) -> None:
        """Render one change of the session."""
        kind = change.kind
        if kind == "columns":
            self._rebuild()
        elif kind == "reference":
            self._show_reference()
        elif kind == "judgment":
            self._show_judgment()
        elif kind == "stopped":
            for column in self.columns:
                column.stop()
        elif kind == "analysis":
            for column in self.columns:
                column.show_round_trip()
        elif change.key is not None:
            widget = self.widget(change.key)
            if widget is None:
                return
            if kind == "text":
                widget.append(change.text)
            elif kind == "started":
                widget.start()
            elif kind == "reset":
                widget.reset()
            elif kind == "finished":
                widget.finish()
            elif kind == "round_trip":
                widget.show_round_trip()
        if kind in ("critique", "run", "columns"):
            self.show_critique()

    def _rebuild(self) -> None:
        """The session's columns replace the old ones; the reference column stays."""
        for column in list(self.query_children(RenditionColumn)):
            if column.key != REFERENCE:
                column.remove()
        self._shuffled = False
        if self.baseline != REFERENCE:
            self.baseline = None
        new = [RenditionColumn(model) for model in self.session.columns.values()]
        reference = self.widget(REFERENCE)
        if reference is not None:
            self.mount_all(new, before=reference)
        else:
            self.mount_all(new)
        self._show_reference()
        if self.session.blind:
            self._arrange()

    def _show_reference(self) -> None:
        column = self.widget(REFERENCE)
        if self.session.reference is None:
            if column is not None:
                column.remove()
                if self.baseline == REFERENCE:
                    self.baseline = None
            return
        if column is None:
            self.mount(RenditionColumn(self.reference))
        else:
            column.refresh_header()
            column.repaint()

    def _show_judgment(self) -> None:
        if self.session.blind != self._shuffled:
            self._arrange()
        else:
            for column in self.columns:
                column.refresh_header()

    def _arrange(self) -> None:
        """The columns in the order shown (shuffled while blind), names and notes as blind
        mode wants them; the reference last."""
        self._shuffled = self.session.blind
        for key in self.session.shown_order():
            column = self.widget(key)
            if column is not None:
                self.move_child(column, after=self.children[-1])
                column.refresh_header()
                column.repaint()
        reference = self.widget(REFERENCE)
        if reference is not None:
            self.move_child(reference, after=self.children[-1])

    def show_critique(self) -> None:
        """Each column's critique marks and reasons (none when the run has no critique)."""
        run = self.session.comparison
        critique = run.critique if run is not None else None
        for column in self.columns:
            column.show_critique(critique.column(column.key) if critique is not None else None)

    # ---------------------------------------------------------------- diffs

    def default_baseline(self) -> str | None:
        if self.widget(REFERENCE) is not None:
            return REFERENCE
        for column in self.columns:
            if column.text:
                return column.key
        return None

    def refresh_diffs(self) -> dict[str, tuple[str, str]]:
        """Mark every column against the baseline from the analysed run's diffs (computed once,
        by the analysis). Returns the pairs whose chrF against a rendition baseline is still
        to be computed: key -> (its text, the baseline's text)."""
        session = self.session
        run = session.comparison if session.analysed else None
        base = self.baseline if self.diff_on else None
        base_column = self.widget(base) if base is not None else None
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
                chrf = session.score(base or "", column.key)
                if chrf is None and base_column is not None:
                    wanted[column.key] = (column.text, base_column.text)
                score = f"{chrf:.1f}" if chrf is not None else "…"
                column.set_metrics(f"similarity {diff.similarity:.2f} · chrF {score}")
        return wanted
