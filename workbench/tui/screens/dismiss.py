"""Screens that are dismissed once.

Textual's `Screen.dismiss()` calls the result callback and pops the top screen each time it is
called. Two keys in quick succession (enter on a row, then escape; enter twice on an input)
can dismiss a screen again before its pop has happened: the callback's future is set twice
(InvalidStateError: the app dies) or, once the pop has happened, a second screen is popped
from under it (issue 16, item 2: found by the watchdog). A screen with this mixin ignores every
dismiss after the first.
"""

from __future__ import annotations

from typing import Any

from textual.await_complete import AwaitComplete


class DismissOnce:
    _dismissed = False

    def dismiss(self, result: Any = None) -> AwaitComplete:
        if self._dismissed:
            return AwaitComplete()
        self._dismissed = True
        return super().dismiss(result)  # type: ignore[misc]
