"""The guided review: one question at a time, saved as you go.

An outline on the left marks each question answered (✓), skipped (–) or not yet seen, and which
are required (* to propose, ** to accept); the pane on the right shows the question, its guidance,
its parts and an editor. Every change is written to the draft record through the review store
(atomic writes) a moment after typing stops, and at once on every move, so leaving, a closed
terminal or ctrl+q loses at most the last quarter second of typing. The question you were on is
kept beside the record (`workbench.services.review.drafts`), and reopening the draft starts there.

Another process (the CLI, a second TUI, git) may change the record meanwhile: its change to
other fields is merged in and shown in the form; its change to a field typed into here too is
a conflict: a notice names the field, the typed text stays in the form, theirs stays on disk,
and ctrl+s then replaces theirs with the text here.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widgets import (
    Button,
    ContentSwitcher,
    Header,
    Input,
    OptionList,
    Static,
    TextArea,
)

from workbench.core.errors import WorkbenchError
from workbench.core.review.checklist import Question
from workbench.core.review.record import Option as RecordOption
from workbench.services.review.drafts import Draft, load_position, save_position
from workbench.tui.review_commands import ReviewCommands
from workbench.tui.review_sync import renew_editors
from workbench.tui.screens import review_outline, review_panes
from workbench.tui.screens.dismiss import DismissOnce
from workbench.tui.screens.review_outline import START
from workbench.tui.screens.review_saving import DraftSaving
from workbench.tui.text import literal, tell, tune_cursors
from workbench.tui.widgets.footer import KeyFooter
from workbench.tui.widgets.review_parts import (
    PartsEditor,
    ReferencesEditor,
    ReviewEditor,
)

SAVE_DELAY = 0.25


class ReviewFlowScreen(DismissOnce, DraftSaving):
    """Answer a checklist into a draft record; dismisses with the record id (or None)."""

    CSS_PATH = "../review.tcss"
    SUB_TITLE = "guided review"
    COMMANDS: ClassVar = {ReviewCommands}
    ESSENTIAL_KEYS = review_outline.ESSENTIAL_KEYS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n,alt+right", "next", "Next", id="review.next", tooltip="The next question"),
        Binding(
            "ctrl+b,alt+left", "back", "Back", id="review.back", tooltip="The previous question"
        ),
        Binding(
            "ctrl+o", "outline", "Outline", id="review.outline", tooltip="Jump to any question"
        ),
        Binding("ctrl+s", "save", "Save", id="review.save", tooltip="Save the draft now"),
        Binding(
            "f5", "propose", "Propose", id="review.propose", tooltip="Propose the record (gates)"
        ),
        Binding("escape", "leave", "Leave", id="review.leave", tooltip="Save and leave the review"),
    ]

    def __init__(self, draft: Draft, *, ask_title: bool = False) -> None:
        super().__init__()
        self.draft = draft
        self.order = [START, *(q.id for q in draft.questions())]
        self.visited: set[str] = set()
        self.dirty = False
        self.title_given = not ask_title
        """False until the user types a title (the draft is not written before)."""
        self._save_timer: Timer | None = None
        self._options_stale = False
        resume = load_position(draft.record.id) if draft.path is not None else None
        if ask_title:
            self.current = START
        elif resume in self.order:
            self.current = resume or START
        else:
            self.current = self.order[1]
        # questions before where the user resumes were seen: unanswered ones count as skipped
        self.visited = set(self.order[: self.order.index(self.current)])

    # ---- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="review-body"):
            with Vertical(id="review-side"):
                yield OptionList(id="review-outline")
                yield Static(
                    Content("✓ answered  – skipped\n* to propose  ** to accept"),
                    id="review-legend",
                )
            with Vertical(id="review-main"):
                yield Static(id="review-progress")
                yield Static(id="review-level")
                with ContentSwitcher(initial=self._pane(self.current), id="review-panes"):
                    yield from review_panes.start_pane(self.draft, title_given=self.title_given)
                    for question in self.draft.questions():
                        yield from review_panes.question_pane(self.draft, question)
                with Horizontal(id="review-buttons"):
                    yield Button("← Back", id="review-back")
                    yield Button("Next →", id="review-next", variant="primary")
                    yield Button("Propose (F5)", id="review-propose", variant="success")
                    yield Static(id="review-saved")
        yield KeyFooter()

    def _pane(self, key: str) -> str:
        return review_panes.pane(key)

    def on_mount(self) -> None:
        tune_cursors(self)
        self._refresh_outline()
        self._show(self.current)

    # ---- what is shown ---------------------------------------------------------------------

    def _question(self, key: str) -> Question | None:
        return None if key == START else self.draft.checklist.question(key)

    def on_resize(self) -> None:
        review_outline.fit_height(self)
        self.call_after_refresh(self._refresh_outline)

    def _refresh_outline(self) -> None:
        review_outline.fill(self)
        answered, total = self.draft.progress()
        position = self.order.index(self.current)
        where = "title" if self.current == START else f"{position} of {len(self.order) - 1}"
        record = self.draft.record
        title = record.title if self.title_given else "(no title yet)"
        progress = literal(
            f"{title} · {record.status} · question {where} · {answered} of {total} answered"
        )
        self.query_one("#review-progress", Static).update(progress)
        self.query_one("#review-level", Static).update(review_panes.level(self.draft))

    def _show(self, key: str) -> None:
        self.current = key
        self.visited.add(key)
        self.query_one(ContentSwitcher).current = self._pane(key)
        self._refresh_outline()
        self.query_one("#review-back", Button).disabled = key == self.order[0]
        self.query_one("#review-next", Button).disabled = key == self.order[-1]
        if self.draft.path is not None:
            save_position(self.draft.record.id, key)
        self._focus_editor()
        self.call_after_refresh(self._focus_editor)

    def _focus_editor(self) -> None:
        pane = self.query_one(f"#{self._pane(self.current)}")
        question = self._question(self.current)
        first_input = question is None or question.kind == "review"
        order = ("Input", "TextArea") if first_input else ("TextArea", "OptionList", "Input")
        for selector in order:
            found = pane.query(selector)
            if found:
                found.first().focus(scroll_visible=False)
                break
        if isinstance(pane, VerticalScroll):
            pane.scroll_home(animate=False, immediate=True)

    # ---- saving ----------------------------------------------------------------------------

    def _changed(self) -> None:
        self.dirty = True
        self._refresh_outline()
        if self._save_timer is not None:
            self._save_timer.stop()
        if self.draft.path is None and self.current == "start":
            return  # the first save names the file after the title: on leaving this step
        self._save_timer = self.set_timer(SAVE_DELAY, self.flush)

    @on(TextArea.Changed, ".q-answer")
    def _answer_changed(self, event: TextArea.Changed) -> None:
        name = event.text_area.name or ""
        if self.draft.set_text(name, event.text_area.text):
            self._changed()

    @on(OptionList.OptionSelected, ".q-choice")
    def _choice_made(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        name = event.option_list.name or ""
        if self.draft.set_text(name, event.option.id or ""):
            self._changed()

    @on(PartsEditor.Changed)
    def _parts_changed(self, event: PartsEditor.Changed) -> None:
        if isinstance(event.editor, ReferencesEditor):
            changed = self.draft.set_references(event.value)
        else:
            changed = self.draft.set_options(event.value)
        if changed:
            self._changed()

    @on(ReviewEditor.Changed)
    def _review_changed(self, event: ReviewEditor.Changed) -> None:
        if self.draft.set_review(event.value):
            self._changed()

    @on(Input.Changed, "#review-title")
    def _title_changed(self, event: Input.Changed) -> None:
        if not event.value.strip():
            return
        self.title_given = True
        options = self.draft.record.options
        if self.draft.retitle(event.value):
            self._options_follow(options)
            technology = self.query_one("#review-technology", Input)
            if technology.value != self.draft.record.technology.name:
                with technology.prevent(Input.Changed):
                    technology.value = self.draft.record.technology.name
            self._changed()

    @on(Input.Changed, "#review-technology")
    def _technology_changed(self, event: Input.Changed) -> None:
        options = self.draft.record.options
        if self.draft.rename_technology(event.value):
            self._options_follow(options)
            self._changed()

    def _options_follow(self, before: list[RecordOption]) -> None:
        """The option named after the technology was renamed with it: question 2's editor is
        rebuilt from the record before it is next shown (it still holds the old name)."""
        if self.draft.record.options != before:
            self._options_stale = True

    # ---- moving ----------------------------------------------------------------------------

    def _go(self, key: str) -> None:
        if not self.title_given:
            tell(self, "Give the record a title first.", severity="warning")
            return
        self.flush()
        if self._options_stale:
            self._options_stale = False
            self.call_later(renew_editors, self, "options")
        self._show(key)

    def action_next(self) -> None:
        index = self.order.index(self.current)
        if index + 1 < len(self.order):
            self._go(self.order[index + 1])
        else:
            self.action_propose()

    def action_back(self) -> None:
        index = self.order.index(self.current)
        if index > 0:
            self._go(self.order[index - 1])

    def action_outline(self) -> None:
        self.query_one("#review-outline", OptionList).focus()

    @on(OptionList.OptionSelected, "#review-outline")
    def _jump(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id and event.option.id != self.current:
            self._go(event.option.id)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {
            "review-back": self.action_back,
            "review-next": self.action_next,
            "review-propose": self.action_propose,
        }
        action = actions.get(event.button.id or "")
        if action is not None:
            event.stop()
            action()

    def action_propose(self) -> None:
        from workbench.tui.screens.review_dialogs import GateDialog

        self.flush()
        missing = self.draft.missing_for("proposed")
        if self.draft.record.status != "draft":
            tell(self, f"This record is already {self.draft.record.status}.", severity="warning")
            return

        def answered(choice: object) -> None:
            if choice == "propose":
                self._propose()
            elif isinstance(choice, str):
                self._go(choice)

        self.app.push_screen(
            GateDialog("proposed", missing, self._first_missing(), self.draft.record.title),
            answered,
        )

    def _first_missing(self) -> str | None:
        for question in self.draft.checklist.answerable():
            if question.required == "proposed" and not self.draft.answered(question):
                return question.id
        return None

    def _propose(self) -> None:
        try:
            missing = self.draft.propose()
        except (OSError, WorkbenchError) as exc:
            tell(self, f"could not propose: {exc}", severity="error")
            return
        if missing:
            tell(self, ("Still missing: " + "; ".join(missing)), severity="warning")
            return
        tell(self, f"{self.draft.record.id} is proposed.")
        self.dismiss(self.draft.record.id)
