"""The comparison screen's columns side by side: they render the session's columns (each
widget reads its column of `TranslationSession`, nothing is kept twice), shuffled while the
run is blind, marked against a baseline when the diff is on, a page of the chosen ones at a
time (`paging.py`) with a summary row naming the others.

A column off screen is not drawn while it streams: it is marked stale and catches up with
its column of the session (text, status, error) when it is shown again."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Static

from workbench.core.compare.analysis import REFERENCE, pair
from workbench.services.session import Change, ReferenceColumn, TranslationSession
from workbench.tui.screens.compare.paging import Pager, fitting, summary
from workbench.tui.widgets.column import RenditionColumn


class ColumnGrid(Horizontal):
    """The columns of the session's run, then the reference (when there is one)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "step(1)", "Next column", show=False, id="grid.next"),
        Binding("shift+tab", "step(-1)", "Previous column", show=False, id="grid.previous"),
        Binding("right", "step(1, True)", "Next column", show=False, id="grid.right"),
        Binding("left", "step(-1, True)", "Previous column", show=False, id="grid.left"),
    ]

    def __init__(self, session: TranslationSession, summary_row: Static) -> None:
        super().__init__(id="columns")
        self.session = session
        self.reference = ReferenceColumn(session)
        self.diff_on = False
        self.baseline: str | None = None
        self._shuffled = False  # arranged in the blind order (the DOM's order, not the run's)
        self.pager = Pager()
        self.summary_row = summary_row
        self.all_pages = False
        """Every chosen column counts as shown (the aligned view shows them all)."""
        self._stale: set[str] = set()  # off screen while their column of the session changed
        self.paged = False
        """The chosen columns take more than one page (the page keys are shown then)."""

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
            if not widget.display:
                self._stale.add(widget.key)
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
        self._stale.clear()
        self.pager.page = 0
        self._show_reference()
        if self.session.blind:
            self._arrange()
        self.lay_out()

    def _show_reference(self) -> None:
        column = self.widget(REFERENCE)
        if self.session.reference is None:
            if column is not None:
                column.remove()
                if self.baseline == REFERENCE:
                    self.baseline = None
                self.call_after_refresh(self.lay_out)
            return
        if column is None:
            self.mount(RenditionColumn(self.reference))
            self.call_after_refresh(self.lay_out)
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
        focused = self._focused_column()
        if self._shuffled:  # the columns hidden before would tell who is who
            self.pager.hidden.clear()
            self.pager.page = 0
        for key in self.session.shown_order():
            column = self.widget(key)
            if column is not None:
                self.move_child(column, after=self.children[-1])
                column.refresh_header()
                column.repaint()
        reference = self.widget(REFERENCE)
        if reference is not None:
            self.move_child(reference, after=self.children[-1])
        first = next(iter(self.columns), None)
        if self._shuffled and first is not None and first.key != REFERENCE:
            # nor may the focus or the diff baseline stay on the column they were on
            if self.baseline not in (None, REFERENCE):
                self.baseline = first.key
            if focused is not None and focused.key != REFERENCE:
                self.screen.set_focus(first)
        elif focused is not None:  # revealed: the column picked keeps the focus, on its page
            self.pager.reveal(self.keys, focused.key)
        self.lay_out()

    # ---------------------------------------------------------------- pages

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns]

    def shown(self) -> list[RenditionColumn]:
        """The columns on screen, left to right."""
        return [c for c in self.columns if c.display]

    def chosen(self, key: str) -> bool:
        """Column `key` is one the user wants to see (on this page or another)."""
        return key in self.pager.chosen(self.keys)

    def lay_out(self, width: int | None = None) -> None:
        """Show the current page of the chosen columns (as many as fit `width`, the screen's
        by default), hide the others, and say in the summary row what is not shown. The
        focused column stays on screen."""
        if not self.is_attached:
            return
        keys = self.keys
        focused = self._focused_column()
        size = fitting(width if width is not None else self.screen.size.width)
        self.pager.resize(keys, size, focused.key if focused is not None else None)
        on = set(self.pager.shown(keys))
        for column in self.columns:
            show = column.key in on
            if show != column.display:
                column.display = show
                if show and column.key in self._stale:
                    self._catch_up(column)
        if focused is not None and not focused.display:
            shown = self.shown()
            if shown:
                shown[0].focus()
        self.refresh_summary()
        paged = self.pager.pages(keys) > 1 and not self.all_pages
        if paged != self.paged:
            self.paged = paged
            self.screen.refresh_bindings()

    def refresh_summary(self) -> None:
        columns = self.columns
        keys = [c.key for c in columns]
        shown = self.pager.chosen(keys) if self.all_pages else [c.key for c in self.shown()]
        names = {c.key: c.shown_name for c in columns}
        line = summary(
            names, keys, shown, self.pager, self.screen.size.width - 2, paged=not self.all_pages
        )
        self.summary_row.display = line is not None
        if line is not None:
            self.summary_row.update(line)

    def _catch_up(self, column: RenditionColumn) -> None:
        """A column shown again draws its column of the session as it is now."""
        self._stale.discard(column.key)
        if column.model.in_flight:
            column.start()
            column.reset()
        else:
            column.finish()

    def _focused_column(self) -> RenditionColumn | None:
        node: Widget | None = self.screen.focused if self.is_attached else None
        while node is not None and not isinstance(node, RenditionColumn):
            node = node.parent if isinstance(node.parent, Widget) else None
        return node if node is not None and node.parent is self else None

    def turn(self, step: int) -> bool:
        """The next (1) or previous (-1) page; the focus, if it was on a column, goes to the
        new page's first column."""
        if not self.pager.turn(self.keys, step):
            return False
        focused = self._focused_column()
        self.lay_out()
        shown = self.shown()
        if focused is not None and shown and focused not in shown:
            (shown[0] if step > 0 else shown[-1]).focus()
        return True

    def focus_key(self, key: str) -> None:
        """Focus column `key`, turning to its page."""
        column = self.widget(key)
        if column is None:
            return
        self.pager.reveal(self.keys, key)
        self.lay_out()
        column.focus()

    def hide(self, keys: set[str]) -> None:
        """Hide the columns `keys` (and only those): the chooser's choice, `h`, `u`."""
        self.pager.hidden = set(keys)
        self.lay_out()

    def action_step(self, step: int, by_column: bool = False) -> None:
        """An arrow moves to the next (1) or previous (-1) chosen column, turning the page
        when it is on another; tab moves the focus as it always does (into a column's round
        trip, out of the grid) except past the last column shown: to the next page's first."""
        screen = self.screen
        default = screen.focus_next if step > 0 else screen.focus_previous
        focused = self._focused_column()
        chosen = self.pager.chosen(self.keys)
        if focused is None or focused.key not in chosen:
            default()
            return
        target = chosen.index(focused.key) + step
        if not 0 <= target < len(chosen):
            default()
            return
        here = screen.focused
        chain = screen.focus_chain
        if not by_column and here is not None and here in chain:
            after = chain[(chain.index(here) + step) % len(chain)]
            if any(c is after or c in after.ancestors for c in self.shown()):
                default()
                return
        self.focus_key(chosen[target])

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
