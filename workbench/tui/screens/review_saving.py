"""The guided review's saving: the draft written a moment after typing stops and on every move,
a save that fails said once (not once per keystroke, over the editor), and the user's text
never dropped without a word.

A save fails when someone else changed a field typed into here too (ctrl+s then replaces
theirs), when the record file was deleted meanwhile (ctrl+s writes it again), or when the
folder cannot be written. Leaving then (escape) is refused once, with what to do; a second
escape leaves, and the text is kept in a file of its own (`Draft.keep_unsaved`), named in a
notice and, when the app is quitting or the terminal was closed, on the terminal after it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from workbench.core.errors import WorkbenchError
from workbench.io.review.editing import EditConflict
from workbench.services.review.drafts import Draft, save_position
from workbench.tui.review_sync import show_theirs
from workbench.tui.text import literal, tell


class DraftSaving(Screen[str | None]):
    draft: Draft
    current: str
    dirty = False
    title_given = True
    _save_timer: Timer | None = None
    _told: str | None = None
    """The save failure the user was last told about (told again only when it changes)."""
    _can_overrule = False
    """ctrl+s may replace the other side's change (a conflict) or write the file again."""
    _leave_anyway = False
    """Leaving was refused once for an unsaved change: the next escape leaves."""
    _kept: Path | None = None

    def _refresh_outline(self) -> None:
        """The outline and progress line (the screen's)."""

    def flush(self, *, overrule: bool = False) -> bool:
        """Write the draft if it changed; False (and a notice) when it could not be written.
        `overrule`: the user chose to replace the conflicting fields they were told about (or
        to write again a record file deleted meanwhile)."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if not self.dirty or not self.title_given:
            return True
        first = self.draft.path is None
        try:
            theirs = self.draft.save(overrule=overrule)
        except EditConflict as exc:
            self._conflict(exc)
            return False
        except (OSError, WorkbenchError) as exc:
            self._failed(f"could not save the draft: {exc}", overrule=False)
            return False
        self.dirty = False
        self._told, self._can_overrule, self._leave_anyway = None, False, False
        if first:
            save_position(self.draft.record.id, self.current)
        self._saved_label(f"saved {dt.datetime.now():%H:%M:%S}")
        if theirs:
            show_theirs(self, theirs)  # type: ignore[arg-type]
            self._refresh_outline()
            tell(
                self, "Merged in a change made elsewhere: " + ", ".join(f or "all" for f in theirs)
            )
        return True

    def _saved_label(self, text: str) -> None:
        for label in self.query("#review-saved").results(Static):  # gone when unmounting
            label.update(Content(text))
            label.tooltip = literal(str(self.draft.path))

    def _conflict(self, exc: EditConflict) -> None:
        """Someone else changed what was typed here too, or removed the file: say so once;
        the text stays."""
        if exc.gone:
            text = (
                f"Not saved: the record file {exc.path} was deleted while you edited it here. "
                "Your text stays here. Press ctrl+s to write the file again."
            )
            self._failed(text, overrule=True)
        elif exc.fields:
            text = (
                f"Not saved: {', '.join(exc.fields)} was changed in the record file by someone "
                "else while you edited it here. Your text stays here; theirs stays on disk. "
                "Press ctrl+s to replace theirs with yours."
            )
            self._failed(text, overrule=True)
        else:
            self._failed(f"could not save the draft: {exc}", overrule=False)

    def _failed(self, text: str, *, overrule: bool) -> None:
        self._saved_label("not saved")
        self._can_overrule = overrule
        if text != self._told:
            self._told = text
            tell(self, text, severity="error")

    def action_save(self) -> None:
        self.dirty = True
        if self.flush(overrule=self._can_overrule):
            tell(self, "Draft saved.")

    def action_leave(self) -> None:
        if not self.flush() and not self._leave_anyway:
            self._leave_anyway = True
            how = "ctrl+s saves them (see the notice); " if self._can_overrule else ""
            tell(
                self,
                "Not left: your changes are not saved in the record file. "
                f"{how}escape again leaves and keeps them in a file of their own.",
                severity="warning",
            )
            return
        self.dismiss(self.draft.record.id if self.draft.path else None)

    def on_unmount(self) -> None:
        self.save_before_exit()

    def save_before_exit(self) -> None:
        """Leaving, or the app is closing (quit, the terminal closed, the process told to
        stop): saved, or else kept in a file of its own and said where."""
        if self.flush() or self._kept is not None:
            return
        try:
            self._kept = self.draft.keep_unsaved()
        except OSError as exc:
            note = f"your changes to “{self.draft.record.title}” could not be kept: {exc}"
        else:
            note = (
                f"your changes to “{self.draft.record.title}” are not in its record file; "
                f"they are kept in {self._kept}"
            )
        tell(self, note[0].upper() + note[1:], severity="error")
        notes = getattr(self.app, "exit_notes", None)
        if isinstance(notes, list):
            notes.append(note)
