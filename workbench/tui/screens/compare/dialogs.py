"""The comparison screen's dialogs, judgment and export: open a passage, add a reference, pick
a favourite, blind mode, write a note, reopen a run from history, export the run to a file,
choose the columns shown; and the keys pressed on a column."""

from __future__ import annotations

import contextlib
import os
import time
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.css.query import NoMatches

from workbench.core.compare.analysis import REFERENCE
from workbench.core.errors import WorkbenchError
from workbench.services.session import Refused
from workbench.tui.screens.compare import aligned
from workbench.tui.screens.dialogs import InputDialog, TextDialog

if TYPE_CHECKING:
    from workbench.core.translate.models import Comparison
    from workbench.tui.screens.compare.screen import CompareScreen
    from workbench.tui.widgets.column import RenditionColumn

EXPORT_FORMATS = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}
EXPORT_FORMATS |= {".json": "json", ".txt": "text"}


def open_passage(screen: CompareScreen) -> None:
    def load(path: str | None) -> None:
        if not path or not path.strip():
            return
        from workbench.io.inputs import read_passage

        try:
            text, _ = read_passage(str(Path(path.strip()).expanduser()))
        except WorkbenchError as exc:
            screen.notify(exc.message, title="Cannot open", severity="error", markup=False)
            return
        screen.setup_pane.show_passage(text)

    screen.app.push_screen(
        InputDialog("Open a passage file", placeholder="path/to/passage.txt"), load
    )


def ask_reference(screen: CompareScreen) -> None:
    """The reference: pasted, or read from the file named after an @."""

    def done(text: str | None) -> None:
        if text is None:
            return
        name = REFERENCE
        if text.startswith("@") and "\n" not in text.strip():
            from workbench.io.inputs import read_passage

            path = Path(text.strip()[1:]).expanduser()
            try:
                text, _ = read_passage(str(path))
            except WorkbenchError as exc:
                screen.notify(exc.message, title="Cannot open", severity="error", markup=False)
                return
            name = path.name
        screen.set_reference(text, name)

    reference = screen.session.reference
    screen.app.push_screen(
        TextDialog(
            "Reference translation: paste it, or type @path/to/file (empty removes it)",
            reference.text if reference is not None else "",
        ),
        done,
    )


def edit_note(screen: CompareScreen, column: RenditionColumn) -> None:
    session = screen.session
    try:
        if column.key == REFERENCE:
            raise Refused("Notes go on the renditions of a finished run.")
        current = session.note(column.key)
    except Refused as refused:
        screen.notify(refused.message, severity="warning")
        return

    def done(text: str | None) -> None:
        if text is not None:
            session.set_note(column.key, text)

    screen.app.push_screen(TextDialog(f"Note on {column.shown_name}", current), done)


def toggle_blind(screen: CompareScreen) -> None:
    try:
        blind = screen.session.toggle_blind()
    except Refused as refused:
        screen.notify(refused.message, severity="warning")
        return
    if blind:
        screen.notify(
            "Blind mode: names hidden and columns shuffled until you pick a favourite (f)."
        )
    if screen.diff_on:
        screen.refresh_diffs()
    screen.refresh_info()


def pick_favourite(screen: CompareScreen, column: RenditionColumn) -> None:
    """Column's rendition the favourite; one picked blind is named (it reveals the run)."""
    if column.key == REFERENCE:
        return
    alias = column.shown_name
    try:
        was_blind = screen.session.pick_favourite(column.key)
    except Refused as refused:
        screen.notify(refused.message, severity="warning")
        return
    if was_blind:
        screen.notify(
            f"{alias} was {column.style_name}.", title="Favourite picked blind", markup=False
        )


def history(screen: CompareScreen) -> None:
    from workbench.tui.screens.history import HistoryScreen

    def chosen(run_id: str | None) -> None:
        if run_id:
            screen.open_run(run_id)

    screen.app.push_screen(HistoryScreen(), chosen)


def ask_export(screen: CompareScreen) -> None:
    comparison = screen.session.comparison
    if comparison is None:
        screen.notify("Nothing to export yet: run or open a comparison.", severity="warning")
        return

    def write(path_text: str | None) -> None:
        if not path_text or not path_text.strip():
            return
        if path_text.strip().endswith(("/", os.sep)):  # as `-o NAME/`: a folder's name
            screen.notify("A name ending in '/' is a folder; give a file name.", severity="warning")
            return
        path = Path(path_text.strip()).expanduser()
        fmt = EXPORT_FORMATS.get(path.suffix.lower())
        if fmt is None:
            screen.notify("End the file name with .md, .html, .json or .txt.", severity="warning")
            return
        export_to(screen, path, fmt)

    screen.app.push_screen(
        InputDialog("Export the run to (the suffix picks the format)", f"{comparison.id}.md"),
        write,
    )


def export_to(screen: CompareScreen, path: Path, fmt: str) -> None:
    """The run (analysed first if its analysis has not arrived) in `fmt` at `path`, marked
    against the baseline when the diff is on: in a thread, so a long export leaves the screen
    working; the run's line says where it goes, a notification when it is written."""
    run = screen.session.comparison
    assert run is not None
    grid = screen.grid
    baseline = grid.baseline if grid.diff_on and grid.widget(grid.baseline or "") else None
    order = run.judgment.blind_order
    if baseline in order and screen.session.blind:  # the blind export names columns A, B...
        from workbench.core.translate.judgment import blind_label

        baseline = blind_label(order.index(baseline))
    job = partial(_export, screen, run, not screen.session.analysed, path, fmt, baseline)
    screen.exporting = str(path)
    screen.refresh_info()
    screen.run_worker(job, thread=True, group="export", exit_on_error=False)


def _export(
    screen: CompareScreen,
    run: Comparison,
    analyse_first: bool,
    path: Path,
    fmt: str,
    baseline: str | None,
) -> None:
    """Write the export (in a thread worker, group "export"), then tell the screen."""
    from workbench.core.compare.analysis import analyse
    from workbench.export.run_formats import render_run
    from workbench.io import write_output

    started = time.monotonic()
    problem: str | None = None
    try:
        if analyse_first:
            run = analyse(run)
        write_output(path, render_run(run, fmt, baseline=baseline), option="")
    except (OSError, WorkbenchError) as exc:  # a WriteError names the file and why
        problem = str(exc)
    except Exception as exc:  # a bug: said in one line, the screen goes on
        problem = f"the export to {path} failed: {type(exc).__name__}: {exc}"
    took = time.monotonic() - started

    def done() -> None:
        if screen.exporting == str(path):
            screen.exporting = None
        if screen.gone():
            return
        with contextlib.suppress(NoMatches):
            screen.refresh_info()
        if problem is not None:
            screen.notify(problem, title="Not exported", severity="error", markup=False)
        else:
            screen.notify(f"Exported to {path} ({took:.1f} s)", markup=False)

    screen.app.call_from_thread(done)


def column_command(screen: CompareScreen, column: RenditionColumn, command: str) -> None:
    """A key pressed on a column (`ColumnCommand`)."""
    if command == "baseline":
        screen.set_baseline(column.key)
    elif command == "copy":
        screen.app.copy_to_clipboard(column.text)
        screen.notify(f"Copied {column.shown_name} ({len(column.text)} characters).", markup=False)
    elif command == "retry":
        if column.key != REFERENCE:
            screen.retry(column)
    elif command == "favourite":
        pick_favourite(screen, column)
    elif command == "note":
        edit_note(screen, column)
    elif command == "hide":
        grid = screen.grid
        if len([c for c in grid.columns if grid.chosen(c.key)]) < 2:
            screen.notify("The last column shown stays (u shows the hidden ones).", timeout=3)
            return
        grid.hide(grid.pager.hidden | {column.key})
        aligned.follow(screen)


def choose_columns(screen: CompareScreen) -> None:
    """The column chooser: which columns to show, by their titles as shown."""
    from workbench.tui.screens.compare.chooser import ColumnChooser

    grid = screen.grid
    columns = [(c.key, c.shown_name) for c in grid.columns]
    if not columns:
        screen.notify("No column yet: run the passage first (ctrl+r).", severity="warning")
        return

    def chosen(hidden: set[str] | None) -> None:
        if hidden is not None and not screen.gone():
            grid.hide(hidden)
            aligned.follow(screen)

    screen.app.push_screen(ColumnChooser(columns, grid.pager.hidden), chosen)
