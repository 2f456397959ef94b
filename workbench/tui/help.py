"""The help text, laid out for the width it is shown at: two columns of keys where they fit
side by side, one under the other where they do not (80 columns), long lines wrapped under
their description, never mid-key."""

from __future__ import annotations

import textwrap

Entry = tuple[str, str]
"""A key (or keys) and what it does."""

KEY_WIDTH = 12
GAP = 3

SECTIONS: list[tuple[str, list[Entry], str]] = [
    (
        "Anywhere",
        [
            ("F1 or ?", "this help"),
            ("ctrl+p", "command palette"),
            ("F3", "change theme"),
            ("ctrl+q", "quit"),
        ],
        "",
    ),
    (
        "Comparison screen",
        [
            ("ctrl+r", "run the renditions"),
            ("escape", "stop the run"),
            ("ctrl+o", "open a passage file"),
            ("F2", "show or hide the setup pane"),
            ("d or F4", "diff marks on or off"),
            ("a or F5", "aligned view: the run sentence by sentence"),
            ("ctrl+b", "blind mode (names hidden, order shuffled)"),
            ("F6", "history"),
            ("u or F7", "show hidden columns again"),
            ("k", "blind critique by a judge model (N + 2 requests; k again to start)"),
            ("v or F8", "choose the columns to show"),
            ("m or F9", "choose the models of the next run (several: side by side)"),
            ("[ and ]", "previous and next page of columns (when they do not all fit)"),
            ("ctrl+l", "add a reference translation (paste it, or give a file path)"),
            ("ctrl+s", "export the run (.md, .html, .json or .txt, by the file name)"),
            ("tab or ← →", "move between the columns (past the last shown: the next page)"),
        ],
        "",
    ),
    (
        "On a column (the focused one is boxed and marked ▶; tab or a click moves it)",
        [
            ("b", "make it the diff baseline"),
            ("f", "favourite"),
            ("n", "note"),
            ("r", "retry (a failed column)"),
            ("c", "copy its text"),
            ("w", "widen"),
            ("g", "open or close its flags (names, numbers, terms, sentences left out or added)"),
            ("t", "open or close its round trip"),
            ("h", "hide"),
        ],
        "Runs are kept in history with your favourite and notes; reopen them from the home screen.",
    ),
    (
        "Guided review (every answer is saved as you type)",
        [
            ("ctrl+n", "next question"),
            ("ctrl+b", "previous question"),
            ("ctrl+o", "jump to any question"),
            ("ctrl+s", "save now"),
            ("F5", "propose (lists what is still missing)"),
            ("escape", "save and leave (reopen it later with: workbench review edit ID)"),
        ],
        "",
    ),
    (
        "Records browser",
        [
            ("/ or ctrl+f", "search as you type"),
            ("enter", "read the record"),
            ("ctrl+n", "start a new review"),
            ("ctrl+e", "reopen the record's review"),
            ("ctrl+x", "export all records"),
            ("F5", "read the folder again"),
        ],
        "",
    ),
    (
        "Reading a record",
        [
            ("t", "change its status (each gate shown)"),
            ("a", "accept (asks for question 8's review, then the decision, if missing)"),
            ("s", "supersede it (by a new review or another record)"),
            ("e", "edit its review"),
            ("x", "export it"),
        ],
        "",
    ),
]

INTRO = (
    "workbench: compare LLM translations side by side, and review new technology into "
    "decision records."
)


def _entry(keys: str, text: str, width: int) -> list[str]:
    """One key and its description, wrapped to `width` under the description."""
    head = f"  {keys:<{KEY_WIDTH}}  "
    if len(head) >= width - 8:  # too narrow for a column of keys: the text goes under
        return [f"  {keys}", *textwrap.wrap(text, max(width - 4, 8), initial_indent="    ")]
    return textwrap.wrap(
        text,
        width,
        initial_indent=head,
        subsequent_indent=" " * len(head),
        break_on_hyphens=False,
    )


def help_text(width: int) -> str:
    """The whole help for a view `width` columns wide: no line longer than that."""
    width = max(width, 20)
    half = (width - GAP) // 2
    lines = textwrap.wrap(INTRO, width)
    for title, entries, note in SECTIONS:
        lines.append("")
        lines += textwrap.wrap(title, width)
        cells = [f"  {keys:<{KEY_WIDTH}}  {text}" for keys, text in entries]
        index = 0
        while index < len(entries):
            cell = cells[index]
            pair = index + 1 < len(entries) and max(len(cell), len(cells[index + 1])) <= half
            if pair:
                lines.append(f"{cell:<{half + GAP}}{cells[index + 1]}".rstrip())
                index += 2
                continue
            lines += _entry(*entries[index], width)
            index += 1
        if note:
            lines.append("")
            lines += textwrap.wrap(note, width)
    return "\n".join(lines)
