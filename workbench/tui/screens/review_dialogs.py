"""Dialogs of the reviews screens: gates, status changes, question 8's review, supersede, export.

Every record field, id and error message is shown with `literal()`: never markup.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from workbench.core.review.record import DecisionRecord, GateProblem, Review, Status
from workbench.tui.screens.dismiss import DismissOnce
from workbench.tui.text import literal, tune_cursors
from workbench.tui.widgets.footer import KeyFooter
from workbench.tui.widgets.review_parts import ReviewEditor

_CLOSE = Binding("escape", "cancel", "Cancel", id="dialog.cancel", tooltip="Close the dialog")


class _Dialog(DismissOnce, ModalScreen[object]):
    BINDINGS: ClassVar[list[BindingType]] = [_CLOSE]

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")

    def on_mount(self) -> None:
        tune_cursors(self)

    def action_cancel(self) -> None:
        self.dismiss(None)


class GateDialog(_Dialog):
    """What stands between the record and `target`: propose now, or go to the first gap."""

    def __init__(self, target: str, missing: list[str], first_missing: str | None, title: str):
        super().__init__()
        self.target = target
        self.missing = missing
        self.first_missing = first_missing
        self.record_title = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="gate"):
            if self.missing:
                yield Label(
                    literal(f"Not ready to be {self.target} yet: still missing"),
                    classes="dialog-title",
                )
                yield Static(literal("\n".join(f"• {m}" for m in self.missing)), id="gate-missing")
            else:
                yield Label(literal(f"Ready to be {self.target}"), classes="dialog-title")
                yield Static(
                    literal(f"“{self.record_title}”: every required question is answered.")
                )
            with Horizontal(classes="dialog-buttons"):
                if self.missing and self.first_missing:
                    yield Button("Go to the first gap", variant="primary", id="gate-go")
                if not self.missing:
                    yield Button(f"Make it {self.target}", variant="success", id="gate-ok")
                yield Button("Cancel", id="gate-cancel")
        yield KeyFooter()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "gate-ok":
            self.dismiss("propose")
        elif event.button.id == "gate-go":
            self.dismiss(self.first_missing)
        else:
            self.dismiss(None)


class ReviewDialog(_Dialog):
    """Question 8's mixed-discipline review, asked for when accepting a record."""

    BINDINGS: ClassVar[list[BindingType]] = [
        _CLOSE,
        Binding("ctrl+s", "accept", "Save", id="dialog.save", tooltip="Record the review"),
    ]

    def __init__(self, review: Review | None, why: str) -> None:
        super().__init__()
        self.review = review
        self.why = why

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="review-dialog"):
            yield Label(literal(self.why), classes="dialog-title")
            yield ReviewEditor(self.review, id="dialog-review")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save the review (ctrl+s)", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")
        yield KeyFooter()

    def action_accept(self) -> None:
        self.dismiss(self.query_one(ReviewEditor).value() or Review())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self.action_accept()
        else:
            self.dismiss(None)


class StatusDialog(_Dialog):
    """Pick the next status (only the allowed moves), with a note; shows each target's gate."""

    def __init__(
        self, record: DecisionRecord, targets: list[Status], gaps: dict[str, list[GateProblem]]
    ):
        super().__init__()
        self.record = record
        self.targets = targets
        self.gaps = gaps

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="status-dialog"):
            yield Label(
                literal(f"{self.record.title}: now {self.record.status}. Move it to"),
                classes="dialog-title",
            )
            yield OptionList(
                *[Option(self._prompt(t), id=t) for t in self.targets], id="status-targets"
            )
            yield Input(placeholder="a note for the status history (optional)", id="status-note")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
        yield KeyFooter()

    def _prompt(self, target: str) -> Content:
        gaps = self.gaps.get(target, [])
        if not gaps:
            return Content.assemble((target, "bold"))
        if target == "accepted" and all(g.kind == "review" for g in gaps):
            hint = f"question {gaps[0].number}'s review will be asked for"
        else:
            hint = "still missing: " + "; ".join(g.message for g in gaps)
        return Content.assemble((target, "bold"), "\n  ", literal(hint, "$text-warning"))

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        note = self.query_one("#status-note", Input).value
        self.dismiss((event.option.id, note))

    def on_button_pressed(self) -> None:
        self.dismiss(None)


NEW_RECORD = "+new"
"""What PickRecordDialog dismisses with for its "new" choice (no record id looks like it)."""


class PickRecordDialog(_Dialog):
    """Choose one record from a list (the one that supersedes the record being read)."""

    def __init__(
        self, title: str, records: list[DecisionRecord], note: str = "", new_label: str = ""
    ) -> None:
        super().__init__()
        self.title_text = title
        self.records = records
        self.note = note
        self.new_label = new_label
        """When given, a first choice that dismisses with NEW_RECORD."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-tall", id="pick-record"):
            yield Label(literal(self.title_text), classes="dialog-title")
            if self.note:
                yield Static(literal(self.note), classes="dialog-note")
            choices = [
                Option(
                    Content.assemble(
                        literal(r.title, "bold"), "\n  ", literal(f"{r.id} · {r.status}")
                    ),
                    id=r.id,
                )
                for r in self.records
            ]
            if self.new_label:
                label = Content.assemble((self.new_label, "bold"), "\n  ", "the guided checklist")
                choices.insert(0, Option(label, id=NEW_RECORD))
            if choices:
                yield OptionList(*choices, id="pick-list")
            else:
                yield Static(Content("No record can do that yet."))
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
        yield KeyFooter()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def on_button_pressed(self) -> None:
        self.dismiss(None)


class ExportDialog(_Dialog):
    """Export format and folder; dismisses with (format, folder)."""

    def __init__(self, what: str, default_out: Path) -> None:
        super().__init__()
        self.what = what
        self.default_out = default_out

    def compose(self) -> ComposeResult:
        from workbench.services.review.export import FORMATS

        with Vertical(classes="dialog", id="export-dialog"):
            yield Label(literal(f"Export {self.what}"), classes="dialog-title")
            yield Label("Format")
            yield Select(
                [(f, f) for f in FORMATS], value="markdown", allow_blank=False, id="export-format"
            )
            yield Label("Folder to write into")
            yield Input(str(self.default_out), id="export-out", placeholder="folder")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")
        yield KeyFooter()

    def _accept(self) -> None:
        fmt = self.query_one("#export-format", Select).value
        out = self.query_one("#export-out", Input).value.strip()
        if out:
            self.dismiss((str(fmt), Path(out).expanduser()))

    def on_input_submitted(self) -> None:
        self._accept()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self._accept()
        else:
            self.dismiss(None)


class ChecklistDialog(_Dialog):
    """Which checklist a new review follows."""

    def __init__(self, choices: list[tuple[str, str]]) -> None:
        super().__init__()
        self.choices = choices

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="checklist-dialog"):
            yield Label("A new review: which checklist?", classes="dialog-title")
            yield OptionList(
                *[
                    Option(Content.assemble(literal(title, "bold"), "\n  ", literal(key)), id=key)
                    for key, title in self.choices
                ],
                id="checklist-list",
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
