"""The comparison screen's dialogs, judgment and export: open a passage, add a reference, pick
a favourite, blind mode, write a note, reopen a run from history, export the run to a file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from workbench.core.compare.analysis import REFERENCE
from workbench.core.errors import WorkbenchError
from workbench.services.session import Refused
from workbench.tui.screens.dialogs import InputDialog, TextDialog

if TYPE_CHECKING:
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
    """The run (analysed now if its analysis has not arrived) in `fmt` at `path`, marked
    against the baseline when the diff is on."""
    from workbench.export.run_formats import render_run
    from workbench.io import write_output

    run = screen.session.analysed_run()
    assert run is not None
    grid = screen.grid
    baseline = grid.baseline if grid.diff_on and grid.widget(grid.baseline or "") else None
    try:
        write_output(path, render_run(run, fmt, baseline=baseline), option="")
    except OSError as exc:  # a WriteError: one line naming the file and why
        screen.notify(str(exc), severity="error", markup=False)
        return
    screen.notify(f"Exported to {path}", markup=False)
