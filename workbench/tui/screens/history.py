"""Past runs, newest first: Enter reopens one on the comparison screen."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Static

from workbench.tui.screens.dismiss import DismissOnce
from workbench.tui.text import literal, problem_lines
from workbench.tui.widgets.footer import KeyFooter

SHOWN = 200
"""The newest runs the screen lists: a long history is not read whole to open it."""


class HistoryScreen(DismissOnce, Screen[str | None]):
    ESSENTIAL_KEYS = ("history.open", "history.back", "app.help", "app.quit")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="history.back", tooltip="Close the history"),
        # priority: the table has the focus and an enter of its own, which is not shown,
        # and would hide this one from the footer
        Binding(
            "enter",
            "open",
            "Open",
            id="history.open",
            tooltip="Reopen the selected run",
            priority=True,
        ),
    ]

    def compose(self) -> ComposeResult:
        yield Static(id="history-title")
        yield DataTable(id="runs", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        from workbench.io.translate.history import list_runs, run_file_count

        runs, problems = list_runs(SHOWN)
        files = run_file_count()
        skipped = len(problems)
        table = self.query_one(DataTable)
        rows = [
            (
                run.id,
                [
                    literal(run.id),
                    literal(run.created_at),
                    literal(f"{run.source_language} → {run.target_language}"),
                    literal(", ".join(run.styles)),
                    literal(str(run.failed) if run.failed else ""),
                    literal(run.preview),
                ],
            )
            for run in runs
        ]
        # The DataTable does not measure Content cells: each column is made as wide as its
        # widest cell, or every one would be cut to the width of its heading.
        for i, heading in enumerate(("run", "when", "languages", "styles", "failed", "passage")):
            width = max([len(heading), *(cells[i].cell_length for _, cells in rows)])
            table.add_column(heading, width=width)
        for key, cells in rows:
            table.add_row(*cells, key=key)
        title = f"History: {len(runs)} runs" + (f" ({skipped} unreadable)" if skipped else "")
        if len(runs) + skipped < files:
            title = (
                f"History: the newest {len(runs)} of {files} runs"
                + (f" ({skipped} unreadable)" if skipped else "")
                + "; `workbench history list -n N` lists more"
            )
        if not runs:
            title += ". Runs you make on the comparison screen are kept here."
        self.query_one("#history-title", Static).update(literal(title))
        table.focus()
        if problems:
            self.notify(
                problem_lines(problems, "workbench history list"),
                title="Skipped, not a readable run" + ("s" if skipped > 1 else ""),
                severity="warning",
                markup=False,
            )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.dismiss(event.row_key.value)

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
            self.dismiss(key.value)

    def action_back(self) -> None:
        self.dismiss(None)
