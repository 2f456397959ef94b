"""A footer that keeps a screen's essential keys on screen however narrow the terminal.

Textual's footer shows every binding in order (the focused widget's first, the app's last) and
scrolls the rest out of sight, so at 80 columns quit and help are the first to go. This one
measures the keys: when they do not all fit, it turns compact, shows the screen's essential
keys (`ESSENTIAL_KEYS`: binding ids, app ones included) and then as many of the others, in
their order, as there is room for.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

PALETTE_ROOM = 14
"""Columns the command palette key takes on the right (with its separator)."""


def essential_ids(screen: object) -> tuple[str, ...]:
    return tuple(getattr(screen, "ESSENTIAL_KEYS", ()))


def key_width(key_display: str, description: str, *, compact: bool) -> int:
    """Columns one footer key takes, as FooterKey draws it (padding and margin included)."""
    if compact:  # key, space, description, then a margin of one
        return len(key_display) + 1 + len(description) + 1
    return 1 + len(key_display) + 1 + len(description) + 1


def choose(
    items: list[tuple[Binding, str]], essential: Iterable[str], room: int
) -> tuple[list[Binding], bool]:
    """Which bindings to show in `room` columns, and whether compactly: all of them if they
    fit, else the essential ones first, then the others in order while they fit."""
    full = sum(key_width(shown, b.description, compact=False) for b, shown in items)
    if full <= room:
        return [b for b, _ in items], False
    wanted = set(essential)
    widths = {id(b): key_width(shown, b.description, compact=True) for b, shown in items}
    kept = {id(b) for b, _ in items if b.id in wanted}
    used = sum(widths[i] for i in kept)
    for binding, _ in items:
        if id(binding) in kept:
            continue
        if used + widths[id(binding)] <= room:
            kept.add(id(binding))
            used += widths[id(binding)]
    return [b for b, _ in items if id(b) in kept], True


Shown = tuple[tuple[Binding, bool, str], ...]
"""The keys a footer shows: each binding, whether it is enabled, and its tooltip."""


class KeyFooter(Footer):
    """The footer of every workbench screen (see the module docstring)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._width = 0
        self._composed: tuple[object, ...] | None = None
        """What the keys shown now were composed from (see `bindings_changed`)."""

    def _plan(self) -> tuple[Shown, bool, tuple[Binding, bool] | None]:
        """The keys to show (in order), whether compactly, and the palette's key."""
        active = self.screen.active_bindings
        seen: set[str] = set()
        items: list[tuple[Binding, bool, str]] = []
        for _, binding, enabled, tooltip in active.values():
            if not binding.show or binding.action in seen:
                continue  # one key per action, as Footer shows them
            seen.add(binding.action)
            items.append((binding, enabled, tooltip))
        width = self.app.size.width
        room = width - (PALETTE_ROOM if self.show_command_palette else 0)
        shown, compact = choose(
            [(b, self.app.get_key_display(b)) for b, _, _ in items],
            essential_ids(self.screen),
            room,
        )
        keep = {id(b) for b in shown}
        palette = None
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            found = active.get(self.app.COMMAND_PALETTE_BINDING)
            if found is not None:
                palette = (found[1], found[2])
        return tuple(item for item in items if id(item[0]) in keep), compact, palette

    @staticmethod
    def _signature(plan: tuple[Shown, bool, tuple[Binding, bool] | None]) -> tuple[object, ...]:
        shown, compact, palette = plan
        keys = tuple((b.key, b.description, b.action, enabled, tip) for b, enabled, tip in shown)
        return keys, compact, None if palette is None else (palette[0].key, palette[1])

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        plan = self._plan()
        shown, compact, palette = plan
        self._width = self.app.size.width
        self._composed = self._signature(plan)
        self.set_reactive(Footer.compact, compact)
        self.set_class(compact, "-compact")
        for binding, enabled, tooltip in shown:
            yield FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                disabled=not enabled,
                tooltip=tooltip,
            ).data_bind(compact=Footer.compact)
        if palette is not None:
            binding, enabled = palette
            yield FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                classes="-command-palette",
                disabled=not enabled,
                tooltip=binding.tooltip or binding.description,
            )

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """As Footer, but the keys are composed again only when what they show changed: the
        screen's bindings are "updated" on every focus change and key, and composing some forty
        keys again each time was most of a key's time to paint during a run."""
        if (
            self._bindings_ready
            and self._composed is not None
            and self.is_attached
            and screen is self.screen
            and self.app.size.width == self._width
            and self._signature(self._plan()) == self._composed
        ):
            return
        super().bindings_changed(screen)

    def on_resize(self, event: events.Resize) -> None:
        if self._bindings_ready and self.app.size.width != self._width:
            self.call_after_refresh(self.recompose)
