"""The comparison screen's setup pane: the passage, the languages, round trip, samples and the
styles, and what a run asks for, read from them (checked as the CLI checks its options)."""

from __future__ import annotations

import dataclasses

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Input, Label, SelectionList, TextArea
from textual.widgets.selection_list import Selection

from workbench.core.translate.models import Comparison
from workbench.export.sanitize import strip_controls
from workbench.io.translate.styles import StyleCatalog
from workbench.services.run import RunRequest
from workbench.tui.screens.compare.models import for_retry, run_models
from workbench.tui.text import literal
from workbench.tui.widgets.source_area import SourceArea

MAX_SAMPLES = 10  # as `workbench translate --samples`


def last_languages(source: str, target: str) -> tuple[str, str]:
    """Empty language fields start as the last run's (a value, not a placeholder)."""
    from workbench.io.translate.history import last_languages

    last = last_languages()
    if last is None:
        return source, target
    return source or last[0], target or last[1]


class SetupPane(Vertical):
    """What to run; `wanted_styles` orders the chosen styles (the command line's, or the
    opened run's)."""

    def __init__(self, setup: RunRequest, catalog: StyleCatalog, *, from_history: bool) -> None:
        super().__init__(id="setup")
        self.catalog = catalog
        # the editor must not send escapes to the terminal
        self.passage = strip_controls(setup.passage)
        self.source_language = setup.source_language
        self.target_language = setup.target_language
        if from_history and not (self.source_language and self.target_language):
            self.source_language, self.target_language = last_languages(
                self.source_language, self.target_language
            )
        self.wanted_styles = list(setup.styles)
        self.want_round_trip = setup.round_trip
        self.want_samples = max(1, setup.samples)
        self.models = setup.model_values()
        """The next run's `--model` values (the model picker's, `models.py`; none: the
        configured model)."""
        self.offered_models: list[str] = list(self.models)
        """Every model the picker has listed on this screen, so an unticked one stays."""

    def compose(self) -> ComposeResult:
        chosen = set(self.wanted_styles or self.catalog.builtin_ids)
        selections = [
            Selection(literal(f"{style.name} ({sid})"), sid, sid in chosen)
            for sid, style in sorted(self.catalog.styles.items())
        ]
        with Horizontal(id="setup-row"):
            yield SourceArea(self.passage, id="source", soft_wrap=True)
            with Vertical(id="options"):
                with Horizontal(id="langs"):
                    yield Label("from", id="from-label", classes="short-label")
                    yield Input(self.source_language, placeholder="e.g. de", id="from")
                    yield Label("to", id="to-label", classes="short-label")
                    yield Input(self.target_language, placeholder="e.g. en", id="to")
                with Horizontal(id="extras"):
                    yield Checkbox(
                        "Round trip",
                        self.want_round_trip,
                        id="round-trip",
                        tooltip="Translate each rendition back into the source language: a "
                        "diagnostic for meaning lost or added, not a quality score",
                    )
                    yield Label("samples", id="samples-label", classes="short-label")
                    yield Input(
                        str(self.want_samples),
                        type="integer",
                        id="samples",
                        tooltip="Samples per style (2 or more shows how much a style varies)",
                        valid_empty=True,
                    )
                yield SelectionList[str](*selections, id="styles")

    def on_mount(self) -> None:
        self.query_one("#source", TextArea).border_title = "Passage"
        self.query_one("#styles", SelectionList).border_title = "Styles"
        self.query_one("#samples", Input).border_title = "samples"
        self.query_one("#from", Input).border_title = "from"
        self.query_one("#to", Input).border_title = "to"
        self.set_models(self.models)

    def compact(self, short: bool) -> None:
        """One line each for the fields, named by their labels (compare.tcss)."""
        for field in self.query("#from, #to, #samples").results(Input):
            field.compact = short
        for box in self.query("#round-trip").results(Checkbox):
            box.compact = short

    # ----------------------------------------------------------------- reading

    @property
    def source(self) -> str:
        return self.query_one("#from", Input).value.strip()

    @property
    def target(self) -> str:
        return self.query_one("#to", Input).value.strip()

    def current(self, setup: RunRequest, retried: str | None = None) -> RunRequest:
        """`setup` with the passage, languages, round trip and models as the fields hold them
        now; with the model of column `retried` among the models."""
        request = dataclasses.replace(
            setup,
            passage=self.query_one("#source", TextArea).text,
            source_language=self.source,
            target_language=self.target,
            round_trip=self.query_one("#round-trip", Checkbox).value,
            models=self.models,
            model=None,
        )
        return request if retried is None else for_retry(request, retried)

    def request(self, setup: RunRequest) -> RunRequest | str:
        """The run the fields ask for (`setup` gives the model, provider and cache choice), or
        the problem with them, in one line (the field to correct has the cursor)."""
        passage = self.query_one("#source", TextArea).text
        source, target = self.source, self.target
        wanted = {sid: i for i, sid in enumerate(self.wanted_styles)}
        selected = list(self.query_one("#styles", SelectionList).selected)
        style_ids = sorted(selected, key=lambda sid: wanted.get(sid, len(wanted)))
        samples = self._samples()
        problem = None
        if not passage.strip():
            problem = "Type, paste or open (ctrl+o) a passage first."
        elif not source or not target:
            problem = "Give the source and target languages (e.g. de and en)."
            self.show_field("from" if not source else "to")
        else:
            problem, source, target = self._languages(source, target)
        if problem is None and not style_ids:
            problem = "Pick at least one style."
        elif problem is None and samples is None:
            problem = f"Samples must be a whole number from 1 to {MAX_SAMPLES}."
        if problem or samples is None:
            return problem or ""
        return dataclasses.replace(
            setup,
            passage=passage,
            source_language=source,
            target_language=target,
            styles=tuple(style_ids),
            samples=samples,
            round_trip=self.query_one("#round-trip", Checkbox).value,
            columns=None,
            models=self.models,
            model=None,
        )

    def _samples(self) -> int | None:
        raw = self.query_one("#samples", Input).value.strip()
        if not raw:
            return 1
        try:
            value = int(raw)
        except ValueError:
            return None
        return value if 1 <= value <= MAX_SAMPLES else None

    def _languages(self, source: str, target: str) -> tuple[str | None, str, str]:
        """(problem or None, source tag, target tag): read as the CLI reads --from and --to;
        the fields then show the tags."""
        from workbench.core.languages import LanguageError, parse_language

        tags = []
        for field, value in (("from", source), ("to", target)):
            try:
                tags.append(parse_language(value).tag)
            except LanguageError as exc:
                self.show_field(field)
                return f"{field.capitalize()}: {exc}", source, target
        self.query_one("#from", Input).value, self.query_one("#to", Input).value = tags
        return None, tags[0], tags[1]

    # ----------------------------------------------------------------- showing

    def show_field(self, name: str) -> None:
        """The pane shown (F2 may have hidden it), the cursor in the field to correct."""
        self.display = True
        self.query_one(f"#{name}", Input).focus()

    def show_passage(self, text: str) -> None:
        self.display = True
        self.query_one("#source", TextArea).text = strip_controls(text)

    def show_run(self, comparison: Comparison) -> None:
        """The fields as the opened run was set up."""
        self.query_one("#source", TextArea).text = strip_controls(comparison.source.text)
        self.query_one("#from", Input).value = comparison.source.language
        self.query_one("#to", Input).value = comparison.target.language
        self.wanted_styles = list(dict.fromkeys(r.style for r in comparison.renditions))
        samples = max((r.sample for r in comparison.renditions), default=1)
        self.query_one("#samples", Input).value = str(samples)
        self.query_one("#round-trip", Checkbox).value = any(
            r.round_trip is not None for r in comparison.renditions
        )
        models = run_models(comparison)
        if models:  # a run of several models: the picker holds them (else it stays as it is)
            self.offered_models = list(dict.fromkeys([*self.offered_models, *models]))
            self.set_models(models)
        selection = self.query_one("#styles", SelectionList)
        selection.deselect_all()
        for style in self.wanted_styles:
            if style in self.catalog.styles:
                selection.select(style)

    def set_models(self, models: tuple[str, ...]) -> None:
        """The next run's models, named under the styles (nothing there: the configured one)."""
        self.models = tuple(models)
        subtitle = f"models: {', '.join(self.models)}" if self.models else ""
        self.query_one("#styles", SelectionList).border_subtitle = literal(subtitle)

    def toggle(self) -> None:
        self.display = not self.display
        if self.display:
            self.query_one("#source", TextArea).focus()
