"""Simple forms for the structured parts of a record: the options considered (question 2), the
trusted references and what they dislike (question 6), and the mixed-discipline review (question
8). Each posts `Changed` with the parsed value as the user types; all text is shown literally."""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static

from workbench.core.review.record import Option, Reference, Review
from workbench.tui.text import literal


def split_list(text: str) -> list[str]:
    """'Ana, Bo; Cy' -> ['Ana', 'Bo', 'Cy']"""
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


class PartsEditor(Vertical):
    """A list of rows of inputs with add and remove buttons."""

    FIELDS: tuple[tuple[str, str], ...] = ()
    ADD_LABEL = "Add"
    EMPTY = ""

    class Changed(Message):
        def __init__(self, editor: PartsEditor, value: Any) -> None:
            super().__init__()
            self.editor = editor
            self.value = value

    def __init__(self, rows: list[dict[str, str]], *, id: str | None = None) -> None:
        super().__init__(id=id, classes="parts-editor")
        self._initial = rows

    def compose(self) -> ComposeResult:
        yield Static(literal(self.EMPTY), classes="parts-empty")
        with Vertical(classes="parts-rows"):
            for values in self._initial:
                yield self._row(values)
        yield Button(self.ADD_LABEL, classes="parts-add", compact=True)

    def _row(self, values: dict[str, str]) -> Widget:
        inputs: list[Widget] = [
            Input(
                values.get(key, ""),
                placeholder=placeholder,
                name=key,
                classes="part-input",
                compact=True,
            )
            for key, placeholder in self.FIELDS
        ]
        remove = Button("✕", classes="parts-remove", compact=True, tooltip="Remove this row")
        return Horizontal(*inputs, remove, classes="parts-row")

    def on_mount(self) -> None:
        self._show_empty()

    def _show_empty(self) -> None:
        self.query_one(".parts-empty").display = not self.query(".parts-row")

    def rows(self) -> list[dict[str, str]]:
        out = []
        for row in self.query(".parts-row"):
            out.append({i.name or "": i.value for i in row.query(Input)})
        return out

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.has_class("parts-add"):
            row = self._row({})
            await self.query_one(".parts-rows").mount(row)
            row.query(Input).first().focus()
        elif event.button.has_class("parts-remove") and isinstance(event.button.parent, Widget):
            await event.button.parent.remove()
            self._changed()
        self._show_empty()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._changed()

    def _changed(self) -> None:
        self.post_message(self.Changed(self, self.value()))

    def value(self) -> Any:
        raise NotImplementedError


class ReferencesEditor(PartsEditor):
    FIELDS = (
        ("name", "who (someone we trust who uses it)"),
        ("said", "what they said"),
        ("dislikes", "what they don't like"),
    )
    ADD_LABEL = "Add a reference"
    EMPTY = "No references yet."

    def __init__(self, references: list[Reference], *, id: str | None = None) -> None:
        super().__init__([r.model_dump() for r in references], id=id)

    def value(self) -> list[Reference]:
        return [
            Reference(name=row["name"], said=row["said"], dislikes=row["dislikes"])
            for row in self.rows()
            if row["name"].strip()
        ]


class OptionsEditor(PartsEditor):
    """The options considered besides the current stack (which is always one of them)."""

    FIELDS = (
        ("name", "option"),
        ("description", "what it is"),
        ("pros", "good, because (a; b)"),
        ("cons", "bad, because (a; b)"),
    )
    ADD_LABEL = "Add an option"
    EMPTY = "Only the current stack so far."

    def __init__(self, options: list[Option], *, id: str | None = None) -> None:
        rows = [
            {
                "name": o.name,
                "description": o.description,
                "pros": "; ".join(o.pros),
                "cons": "; ".join(o.cons),
            }
            for o in options
            if not o.current_stack
        ]
        super().__init__(rows, id=id)

    def value(self) -> list[Option]:
        return [
            Option(
                name=row["name"],
                description=row["description"],
                pros=split_list(row["pros"]),
                cons=split_list(row["cons"]),
            )
            for row in self.rows()
            if row["name"].strip()
        ]


class ReviewEditor(Vertical):
    """Question 8: who took part, which disciplines, where it is documented, when."""

    class Changed(Message):
        def __init__(self, editor: ReviewEditor, value: Review | None) -> None:
            super().__init__()
            self.editor = editor
            self.value = value

    def __init__(self, review: Review | None, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="review-editor")
        self._initial = review or Review()

    def compose(self) -> ComposeResult:
        review = self._initial
        for name, label, value, placeholder in (
            ("who", "Who took part", ", ".join(review.who), "Ana (SRE), Bo (security), ..."),
            ("disciplines", "Disciplines", ", ".join(review.disciplines), "SRE, security, ..."),
            ("where", "Where it is documented", review.where, "a link or a path"),
            ("date", "Date (YYYY-MM-DD)", review.date.isoformat() if review.date else "", ""),
        ):
            with Horizontal(classes="review-row"):
                yield Label(label, classes="review-label")
                yield Input(
                    value, placeholder=placeholder, name=name, classes="review-input", compact=True
                )
        yield Static(classes="review-missing")

    def on_mount(self) -> None:
        self._show_missing(self.value())

    def value(self) -> Review | None:
        values = {i.name: i.value.strip() for i in self.query(Input)}
        try:
            day = dt.date.fromisoformat(values["date"]) if values["date"] else None
        except ValueError:
            day = None
        review = Review(
            who=split_list(values["who"]),
            disciplines=split_list(values["disciplines"]),
            where=values["where"],
            date=day,
        )
        return None if review == Review() else review

    def _show_missing(self, review: Review | None) -> None:
        missing = (review or Review()).missing()
        text = ("Still needed: " + "; ".join(missing)) if missing else "The review is recorded."
        self.query_one(".review-missing", Static).update(literal(text))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        review = self.value()
        self._show_missing(review)
        self.post_message(self.Changed(self, review))
