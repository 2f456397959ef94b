"""The comparison read sentence by sentence (`a`): rows are the source's sentences, each shown
column's sentences beside them (`core.compare.aligned_rows`: `↑` merged with the row above,
`+ ...` added, `(left out)`), the row under the cursor highlighted across every column, the
diff marks of the columns kept (cut to each row), the judge's critique marks on their words
(`aligned_marks.py`) with the reasons of the row under the cursor on the detail line.

It reads the session's analysed run (each rendition's `alignment`, the run's
`reference_alignment`) and the grid (which columns are shown, in which order, and the diff
baseline), and keeps nothing of its own but the rows it shows; it is rebuilt when they change.
Blind, the columns are the grid's: letters, in the shuffled order, equal widths.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from workbench.core.compare.aligned_rows import LEFT_OUT, MERGED, Cell, column_cells
from workbench.core.compare.analysis import REFERENCE, pair
from workbench.tui.screens.compare.aligned_marks import (
    ColumnMarks,
    column_marks,
    detail,
    mark_piece,
    row_errors,
)
from workbench.tui.text import diff_content, literal
from workbench.tui.widgets.aligned_table import AlignedTable

if TYPE_CHECKING:
    from workbench.core.translate.models import Rendition
    from workbench.tui.screens.compare.screen import CompareScreen

NOT_ANALYSED = (
    "The aligned view needs the analysed run: run the comparison (or open one from history) "
    "and wait for every rendition to come in."
)
WAITING = "Aligning the sentences once the run is analysed…"
LEGEND = "↑ with the row above · + added"
Marked = list[tuple[Content, list[Cell], ColumnMarks | None]]
"""Each shown column's label, cells and critique marks."""


class AlignedView(Vertical):
    """The note line (what is shown, or why nothing is) and the table."""

    DEFAULT_CSS = """
    AlignedView {
        height: 1fr;
    }
    AlignedView > #aligned-note {
        height: auto;
        padding: 0 1;
        color: $text-muted;
    }
    AlignedView > #aligned-detail {
        height: auto;
        max-height: 6;
        padding: 0 1;
        display: none;
    }
    """

    def __init__(self, screen: CompareScreen) -> None:
        super().__init__(id="aligned")
        self.owner = screen
        self.marked: Marked = []
        self.came_from: Widget | None = None
        """What had the focus when the view was shown (it gets it back when the view goes)."""
        self.row = 0
        """The row the reader is on, kept while a new run shows no rows (until it is analysed):
        the cursor goes back to it, or to the last row when the new run has fewer."""

    def compose(self) -> ComposeResult:
        yield Static(id="aligned-note")
        yield AlignedTable(id="aligned-table")
        yield Static(id="aligned-detail")

    @property
    def table(self) -> AlignedTable:
        return self.query_one(AlignedTable)

    def rebuild(self) -> None:
        """Read the run, the shown columns and the baseline again."""
        note = self.query_one("#aligned-note", Static)
        table = self.table
        if table.rows:
            self.row = table.cursor
        built = build(self.owner)
        if isinstance(built, str):
            note.update(literal(built))
            self.marked = []
            table.show([], [])
            self.show_detail()
            return
        labels, rows, message, self.marked = built
        note.update(literal(message))
        table.cursor = self.row
        table.show(labels, rows)  # on the reader's row (the last, when there are fewer)
        self.show_detail()

    def on_aligned_table_cursor_moved(self, event: AlignedTable.CursorMoved) -> None:
        self.show_detail()

    def show_detail(self) -> None:
        """The reasons of the judge's marks in the row under the cursor (hidden when the run
        has none)."""
        line = self.query_one("#aligned-detail", Static)
        any_marks = any(marks is not None for _, _, marks in self.marked)
        line.display = any_marks
        row = self.table.cursor
        errors = row_errors(self.marked, row) if any_marks else []
        line.update(detail(row, errors, any_marks))

    @property
    def detail_text(self) -> str:
        """The detail line as shown (for tests)."""
        return str(self.query_one("#aligned-detail", Static).content)


def build(screen: CompareScreen) -> tuple[list[Content], list[list[Content]], str, Marked] | str:
    """The header labels, the rows (the source sentence, then each column's cell), the note
    line and each column's critique marks; or, when there is nothing to align, why."""
    from workbench.core.sentences import split_sentences

    session = screen.session
    run = session.comparison
    if run is None or not session.analysed:
        return WAITING
    source = split_sentences(run.source.text, run.source.language)
    if not source:
        return "The passage has no sentences to align."
    base = screen.baseline if screen.diff_on else None
    labels: list[Content] = [Content("source")]
    columns: list[list[Cell]] = []
    marked: Marked = []
    missing: dict[str, list[str]] = {}  # why -> the columns not aligned for it
    for column in screen.columns:
        if not screen.grid.chosen(column.key):
            continue  # hidden by the user (u shows it again); every page's column is here
        critique = rendition = None
        if column.key == REFERENCE:
            alignment, text = run.reference_alignment, run.reference.text if run.reference else ""
        else:
            critique = run.critique.column(column.key) if run.critique is not None else None
            rendition = run.column(column.key)
            alignment = rendition.alignment if rendition is not None else None
            text = rendition.text if rendition is not None else ""
        diff = pair(run, base, column.key) if base and base != column.key else None
        cells = column_cells(
            text, alignment, len(source), run.target.language, diff.ops if diff else None
        )
        if cells is None:
            missing.setdefault(_why(rendition), []).append(column.shown_name)
            continue
        label = literal(column.shown_name)
        labels.append(label)
        columns.append(cells)
        marked.append((label, cells, column_marks(text, critique, run.target.language)))
    unaligned = [f"{why}: {', '.join(names)}" for why, names in missing.items()]
    if not columns:
        return " · ".join(["No column is aligned to the source", *unaligned])
    rows = [
        [literal(sentence), *(cell_content(c[i], m) for _, c, m in marked)]
        for i, sentence in enumerate(source)
    ]
    bits = [f"{len(source)} source sentences", LEGEND]
    if base is not None:
        bits.append(f"marks vs {_name(screen, base)}")
    bits += unaligned
    if any(m is not None for _, _, m in marked):
        bits.append("underlined: the judge's marks")
    return labels, rows, " · ".join(bits), marked


def _why(rendition: Rendition | None) -> str:
    """Why a column is not in the table: it failed (no text), stopped early, or its sentences
    could not be aligned."""
    if rendition is not None and rendition.partial is not None:  # it has an error too
        return "incomplete"
    if rendition is not None and rendition.error is not None:
        return "failed"
    return "not aligned"


def _name(screen: CompareScreen, key: str) -> str:
    widget = screen.grid.widget(key)
    return widget.shown_name if widget is not None else key


def cell_content(cell: Cell, marks: ColumnMarks | None = None) -> Content:
    """A cell as Content: its sentences (with their diff marks and the judge's), merge marks,
    added sentences; never markup (`tui.text`)."""
    if not cell:
        return Content(LEFT_OUT).stylize("italic $text-muted")
    parts: list[Content] = []
    for index, piece in enumerate(cell):
        if index:  # an added sentence on a line of its own, its mark before it
            parts.append(Content("\n" if piece.kind == "added" else " "))
        if piece.kind == "merged":
            parts.append(Content(MERGED).stylize("$text-muted"))
            continue
        if piece.kind == "added":
            parts.append(Content("+ ").stylize("bold $text-warning"))
        sentence = diff_content(piece.ops)
        if marks is not None and piece.index is not None:
            start = marks.spans[piece.index][0]
            sentence = mark_piece(sentence, piece.ops, start, marks.in_sentence(piece.index))
        parts.append(sentence)
    return Content.assemble(*parts, strip_control_codes=False)


def toggle(screen: CompareScreen) -> None:
    """The aligned view on (once the run is analysed) or back to the columns."""
    view = screen.aligned
    scroll = screen.query_one("#columns-scroll")
    if view.display:
        view.display = False
        scroll.display = True
        screen.grid.all_pages = False
        screen.grid.lay_out()
        back = view.came_from
        view.came_from = None
        if back is not None and _shown(back):
            back.focus()  # where the user was (a column, most often)
            return
        shown = [c for c in screen.columns if c.display]
        if shown:
            shown[0].focus()
        return
    if screen.comparison is None or not screen.analysed:
        screen.notify(NOT_ANALYSED, title="Not yet", severity="warning", markup=False)
        return
    view.came_from = screen.focused
    scroll.display = False
    view.display = True  # its key, essential (`keys.py`), leads back to the columns
    screen.grid.all_pages = True
    screen.grid.lay_out()
    view.rebuild()
    view.table.focus()


def _shown(widget: Widget) -> bool:
    """Whether `widget` can take the focus and is on the screen (itself and every parent)."""
    if not widget.is_attached or not widget.focusable:
        return False
    return all(node.display for node in widget.ancestors_with_self if isinstance(node, Widget))


REBUILT_ON = frozenset({"columns", "run", "analysis", "judgment", "reference", "critique"})


def follow(screen: CompareScreen, kind: str | None = None) -> None:
    """Rebuild the aligned view, when it is shown, after a change of the session (`kind`) or
    of the grid (None: hidden columns, the baseline, diff marks)."""
    view = screen.aligned
    if view.display and (kind is None or kind in REBUILT_ON):
        view.rebuild()
