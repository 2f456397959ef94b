"""Command palette entries for the reviews screens (ctrl+p): their actions, found by name."""

from __future__ import annotations

from workbench.tui.commands import WorkbenchCommands

# (name, help, action, the screen class names that offer it)
COMMANDS: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("Next question", "Save and go to the next question", "screen.next", ("ReviewFlowScreen",)),
    ("Previous question", "Save and go back one question", "screen.back", ("ReviewFlowScreen",)),
    ("Outline", "Jump to any question", "screen.outline", ("ReviewFlowScreen",)),
    ("Save draft", "Write the draft record now", "screen.save", ("ReviewFlowScreen",)),
    ("Propose record", "Check the gate and propose", "screen.propose", ("ReviewFlowScreen",)),
    ("New review", "Start a guided review", "screen.new_review", ("RecordsScreen",)),
    ("Search records", "Filter the records as you type", "screen.search", ("RecordsScreen",)),
    ("Export all records", "Markdown, HTML, JSON or radar", "screen.export", ("RecordsScreen",)),
    ("Reload records", "Read the decisions folder again", "screen.reload", ("RecordsScreen",)),
    (
        "Change status",
        "Move the record through its lifecycle",
        "screen.status",
        ("RecordReaderScreen",),
    ),
    (
        "Accept record",
        "Accept it (asks for question 8's review)",
        "screen.accept",
        ("RecordReaderScreen",),
    ),
    (
        "Supersede record",
        "Mark it replaced by another record",
        "screen.supersede",
        ("RecordReaderScreen",),
    ),
    (
        "Edit answers",
        "Reopen the guided review on this record",
        "screen.edit",
        ("RecordReaderScreen", "RecordsScreen"),
    ),
    (
        "Export record",
        "This record as Markdown, HTML, JSON or radar",
        "screen.export",
        ("RecordReaderScreen",),
    ),
]


class ReviewCommands(WorkbenchCommands):
    """Offers the actions of the screen on top, when it is one of the reviews screens (the
    discovery and search are the app provider's; only what is available differs)."""

    def _available(self) -> list[tuple[str, str, str]]:
        name = type(self.screen).__name__
        return [(n, h, a) for n, h, a, screens in COMMANDS if name in screens]
