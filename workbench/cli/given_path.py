"""A click path type that refuses an empty name."""

from __future__ import annotations

import os

import click


class GivenPath(click.Path):
    """A path option that refuses an empty name (`--out "$UNSET"`), as `-o ''` is refused:
    click reads it as `.`, the current folder."""

    def convert(
        self,
        value: str | os.PathLike[str],
        param: click.Parameter | None,
        ctx: click.Context | None,
    ) -> str | bytes | os.PathLike[str]:
        if value == "":
            self.fail("an empty name (give a path; '.' is the current folder)", param, ctx)
        return super().convert(value, param, ctx)
