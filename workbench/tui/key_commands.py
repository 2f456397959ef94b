"""Every key binding as a command of the palette (ctrl+p), with its key in the help line.

The commands are made from the bindings themselves, so a new key is in the palette without
a second list: the screen's own bindings (its workbench classes'), on the comparison screen
those of a column (run on the focused column, else the first), then the app's. Names read
better than a footer's one word: `NAMES` gives them by binding id (else the description).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.binding import Binding, BindingType

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.screen import Screen
    from textual.widget import Widget

NAMES: dict[str, str] = {
    # the comparison screen
    "compare.run": "Run",
    "compare.stop": "Stop the run",
    "compare.setup": "Show or hide setup",
    "compare.open": "Open passage file",
    "compare.reference": "Reference translation",
    "compare.diff": "Toggle diff marks",
    "compare.aligned": "Toggle aligned view (sentence by sentence)",
    "compare.blind": "Toggle blind mode",
    "compare.export": "Export run",
    "compare.history": "Reopen a run from history",
    "compare.unhide": "Show hidden columns",
    "compare.critique": "Blind critique by a judge model (N + 2 requests)",
    "compare.columns": "Choose columns…",
    "compare.models": "Choose models…",
    "compare.page_next": "Next page of columns",
    "compare.page_previous": "Previous page of columns",
    # a column of the comparison
    "column.baseline": "Column: make it the diff baseline",
    "column.favourite": "Column: favourite",
    "column.note": "Column: note",
    "column.retry": "Column: retry",
    "column.copy": "Column: copy its text",
    "column.widen": "Column: widen",
    "column.flags": "Column: flags",
    "column.round_trip": "Column: round trip",
    "column.hide": "Column: hide",
    # history, describe
    "history.back": "Close history",
    "history.open": "Open the selected run",
    "describe.run": "Describe the translator",
    "describe.save": "Save style",
    "describe.back": "Back without saving",
    # the guided review
    "review.next": "Next question",
    "review.back": "Previous question",
    "review.outline": "Outline",
    "review.save": "Save draft",
    "review.propose": "Propose record",
    "review.leave": "Leave the review",
    # the records browser and reader
    "records.back": "Back to home",
    "records.search": "Search records",
    "records.new": "New review",
    "records.edit": "Edit answers",
    "records.export": "Export all records",
    "records.reload": "Reload records",
    "reader.back": "Back to the records",
    "reader.status": "Change status",
    "reader.accept": "Accept record",
    "reader.supersede": "Supersede record",
    "reader.edit": "Edit answers",
    "reader.export": "Export record",
    # anywhere
    "app.quit": "Quit",
    "app.help": "Help",
    "app.theme": "Change theme",
}

KEY_NAMES = {
    "question_mark": "?",
    "slash": "/",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "left": "←",
    "right": "→",
    "up": "↑",
    "down": "↓",
}


@dataclass(frozen=True)
class KeyCommand:
    name: str
    help: str
    action: str
    namespace: DOMNode | None
    """Where the action runs (None: nowhere yet, e.g. a column's before there is one)."""
    keys: str
    binding_id: str | None


def show_key(key: str) -> str:
    """`f4` -> `F4`, `question_mark` -> `?`, `alt+right` -> `alt+→`; others as written."""
    parts = key.strip().split("+")
    last = parts[-1]
    if len(last) > 1 and last[0] == "f" and last[1:].isdigit():
        last = last.upper()
    parts[-1] = KEY_NAMES.get(last, last)
    return "+".join(parts)


def show_keys(binding: Binding) -> str:
    return " or ".join(show_key(k) for k in binding.key.split(","))


def own_bindings(node: object) -> list[Binding]:
    """The bindings declared by the workbench classes of `node` (not Textual's own)."""
    found: list[Binding] = []
    for cls in reversed(type(node).__mro__):
        if cls.__module__.startswith("workbench."):
            found += own_bindings_of(cls)
    return found


def own_bindings_of(cls: type) -> list[Binding]:
    """The bindings `cls` itself declares (a `Binding`, or a tuple as Textual allows)."""
    declared: list[BindingType] = cls.__dict__.get("BINDINGS", [])
    return [b if isinstance(b, Binding) else Binding(*b) for b in declared]


def _command(binding: Binding, namespace: DOMNode | None) -> KeyCommand:
    keys = show_keys(binding)
    name = NAMES.get(binding.id or "", binding.description or binding.action)
    what = binding.tooltip or binding.description
    return KeyCommand(name, f"{keys} · {what}", binding.action, namespace, keys, binding.id)


def key_commands(
    screen: Screen[Any], *, of_screen: bool = True, of_app: bool = True
) -> Iterator[KeyCommand]:
    """The commands of every key that works on `screen` (see the module docstring): the
    screen's and its columns' (`of_screen`), the app's (`of_app`)."""
    if of_screen:
        for binding in own_bindings(screen):
            yield _command(binding, screen)
        column_type = _column_type(screen)
        if column_type is not None:
            column = _target_column(screen, column_type)
            for binding in own_bindings_of(column_type):
                yield _command(binding, column)
    if of_app:
        for binding in own_bindings(screen.app):
            yield _command(binding, screen.app)


def _column_type(screen: Screen[Any]) -> type[Widget] | None:
    from workbench.tui.screens.compare import CompareScreen
    from workbench.tui.widgets.column import RenditionColumn

    return RenditionColumn if isinstance(screen, CompareScreen) else None


def _target_column(screen: Screen[Any], column_type: type[Widget]) -> DOMNode | None:
    """The column that holds the focus, else the first one shown."""
    node: DOMNode | None = screen.focused
    while node is not None and not isinstance(node, column_type):
        node = node.parent
    if node is not None:
        return node
    shown: list[Widget] = [c for c in screen.query(column_type) if c.display]
    return shown[0] if shown else None
