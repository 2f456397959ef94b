"""The comparison read sentence by sentence (`a`): rows are the source's sentences, each shown
column's sentences beside them (`core.compare.aligned_rows`: `↑` merged with the row above,
`+ ...` added, `(left out)`), the row under the cursor highlighted across every column, the
diff marks of the columns kept (cut to each row).

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
from textual.widgets import Static

from workbench.core.compare.aligned_rows import LEFT_OUT, MERGED, Cell, column_cells
from workbench.core.compare.analysis import REFERENCE, pair
from workbench.tui.text import diff_content, literal
from workbench.tui.widgets.aligned_table import AlignedTable

if TYPE_CHECKING:
    from workbench.tui.screens.compare.screen import CompareScreen

NOT_ANALYSED = (
    "The aligned view needs the analysed run: run the comparison (or open one from history) "
    "and wait for every rendition to come in."
)
WAITING = "Aligning the sentences once the run is analysed…"
LEGEND = "↑ with the row above · + added"


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
    """

    def __init__(self, screen: CompareScreen) -> None:
        super().__init__(id="aligned")
        self.owner = screen

    def compose(self) -> ComposeResult:
        yield Static(id="aligned-note")
        yield AlignedTable(id="aligned-table")

    @property
    def table(self) -> AlignedTable:
        return self.query_one(AlignedTable)

    def rebuild(self) -> None:
        """Read the run, the shown columns and the baseline again."""
        note = self.query_one("#aligned-note", Static)
        built = build(self.owner)
        if isinstance(built, str):
            note.update(literal(built))
            self.table.show([], [])
            return
        labels, rows, message = built
        note.update(literal(message))
        self.table.show(labels, rows)


def build(screen: CompareScreen) -> tuple[list[Content], list[list[Content]], str] | str:
    """The header labels, the rows (the source sentence, then each column's cell) and the note
    line; or, when there is nothing to align, why."""
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
    missing: list[str] = []
    for column in screen.columns:
        if not screen.grid.chosen(column.key):
            continue  # hidden by the user (u shows it again); every page's column is here
        if column.key == REFERENCE:
            alignment, text = run.reference_alignment, run.reference.text if run.reference else ""
        else:
            rendition = run.column(column.key)
            alignment = rendition.alignment if rendition is not None else None
            text = rendition.text if rendition is not None else ""
        diff = pair(run, base, column.key) if base and base != column.key else None
        cells = column_cells(
            text, alignment, len(source), run.target.language, diff.ops if diff else None
        )
        if cells is None:
            missing.append(column.shown_name)
            continue
        labels.append(literal(column.shown_name))
        columns.append(cells)
    if not columns:
        return "No column is aligned to the source yet (no text, or an incomplete rendition)."
    rows = [
        [literal(sentence), *(cell_content(cells[i]) for cells in columns)]
        for i, sentence in enumerate(source)
    ]
    bits = [f"{len(source)} source sentences", LEGEND]
    if base is not None:
        bits.append(f"marks vs {_name(screen, base)}")
    if missing:
        bits.append("not aligned: " + ", ".join(missing))
    return labels, rows, " · ".join(bits)


def _name(screen: CompareScreen, key: str) -> str:
    widget = screen.grid.widget(key)
    return widget.shown_name if widget is not None else key


def cell_content(cell: Cell) -> Content:
    """A cell as Content: its sentences (with their diff marks), merge marks, added sentences;
    never markup (`tui.text`)."""
    if not cell:
        return Content(LEFT_OUT).stylize("italic $text-muted")
    parts: list[Content] = []
    for index, piece in enumerate(cell):
        if index:
            parts.append(Content(" "))
        if piece.kind == "merged":
            parts.append(Content(MERGED).stylize("$text-muted"))
            continue
        if piece.kind == "added":
            parts.append(Content("+ ").stylize("bold $text-warning"))
        parts.append(diff_content(piece.ops))
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
        shown = [c for c in screen.columns if c.display]
        if shown:
            shown[0].focus()
        return
    if screen.comparison is None or not screen.analysed:
        screen.notify(NOT_ANALYSED, title="Not yet", severity="warning", markup=False)
        return
    scroll.display = False
    view.display = True
    screen.grid.all_pages = True
    screen.grid.lay_out()
    view.rebuild()
    view.table.focus()


REBUILT_ON = frozenset({"columns", "run", "analysis", "judgment", "reference"})


def follow(screen: CompareScreen, kind: str | None = None) -> None:
    """Rebuild the aligned view, when it is shown, after a change of the session (`kind`) or
    of the grid (None: hidden columns, the baseline, diff marks)."""
    view = screen.aligned
    if view.display and (kind is None or kind in REBUILT_ON):
        view.rebuild()
