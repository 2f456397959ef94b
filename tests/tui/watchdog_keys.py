"""Randomised key sequences for the watchdog tests (issue 16, item 2).

The keys are the ones the comparison and home screens (and the app) bind, the column keys, list
moves, and typing; some keys come as small macros that make the flows of the issue happen
(open another passage, export, add a reference, write a note). Left out: ctrl+q and ctrl+c
(quit), ctrl+z (suspend), ctrl+p (the palette can run "Quit" from random letters).

Each key is given in Textual's name; `TMUX_NAMES` gives tmux's for the same key.
"""

from __future__ import annotations

import os
import random

SINGLE = [
    # comparison screen
    *["ctrl+r", "escape", "f2", "ctrl+o", "ctrl+l", "d", "f4", "ctrl+b", "ctrl+s", "f6"],
    *["u", "f7"],
    # on a column
    *["tab", "shift+tab", "b", "f", "n", "r", "c", "w", "h"],
    # home and lists
    *["up", "down", "enter"],
    # app
    *["f1", "question_mark", "f3"],
    # typing
    *["x", "y", "space", "backspace", "1", "e"],
]
"""Single keys, drawn uniformly; `ctrl+r` and `escape` also come in the macros."""

MACROS: list[list[str]] = [
    ["ctrl+o", *"p2.txt", "enter"],  # a second passage
    ["ctrl+o", *"p3.txt", "enter"],  # a third one
    ["ctrl+s", "enter"],  # export to the suggested name (.md) in the working folder
    ["ctrl+s", "ctrl+u", *"out.json", "enter"],
    ["ctrl+l", *"@ref.txt", "ctrl+s"],  # a reference from a file
    ["tab", "n", *"good", "ctrl+s"],  # a note on a column
    ["tab", "f"],  # a favourite
    ["ctrl+r"],
    ["f4"],
]

TMUX_NAMES = {
    "ctrl+r": "C-r",
    "ctrl+o": "C-o",
    "ctrl+l": "C-l",
    "ctrl+b": "C-b",
    "ctrl+s": "C-s",
    "ctrl+u": "C-u",
    "escape": "Escape",
    "tab": "Tab",
    "shift+tab": "BTab",
    "up": "Up",
    "down": "Down",
    "enter": "Enter",
    "space": "Space",
    "backspace": "BSpace",
    "question_mark": "?",
    "full_stop": ".",
    **{f"f{n}": f"F{n}" for n in range(1, 13)},
}

PASSAGES = {
    "p1.txt": "Ich kann denken. Ich kann warten. Ich kann fasten.",
    "p2.txt": "Der Fluss lachte. Siddhartha hörte zu.",
    "p3.txt": "Weisheit ist nicht mitteilbar.",
    "ref.txt": "I can think. I can wait. I can fast.",
}


def tmux_name(key: str) -> str:
    if key == ".":
        return "."
    return TMUX_NAMES.get(key, key)


def textual_name(key: str) -> str:
    """`*"p2.txt"` spells characters; Textual's pilot wants key names for some of them."""
    return {".": "full_stop", "@": "at", "/": "slash", " ": "space"}.get(key, key)


def keys_wanted(default: int) -> int:
    """How many keys a watchdog sends: WORKBENCH_WATCHDOG_KEYS, else `default` (CI)."""
    return int(os.environ.get("WORKBENCH_WATCHDOG_KEYS", str(default)))


def seed() -> int:
    """WORKBENCH_WATCHDOG_SEED replays a run; by default a fresh one (printed by the tests)."""
    value = os.environ.get("WORKBENCH_WATCHDOG_SEED")
    return int(value) if value else random.randrange(1 << 30)


def bursts(rng: random.Random, total: int, size: tuple[int, int] = (5, 20)) -> list[list[str]]:
    """`total` keys (about), in bursts of `size` keys; a probe follows each burst."""
    out: list[list[str]] = []
    sent = 0
    while sent < total:
        burst: list[str] = []
        for _ in range(rng.randint(*size)):
            if rng.random() < 0.25:
                burst.extend(rng.choice(MACROS))
            else:
                burst.append(rng.choice(SINGLE))
        out.append(burst)
        sent += len(burst)
    return out
