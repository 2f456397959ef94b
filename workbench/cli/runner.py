"""Run a translation from the command line: the run service sets it up, this shows progress
on stderr and prints warnings. The TUI sets its runs up through the same service."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

import click

from workbench.core.translate.models import Comparison
from workbench.services.run import RunRequest

if TYPE_CHECKING:
    from workbench.services.engine import ModelLane


def warn(message: str) -> None:
    """One line on stderr for something that went wrong without stopping the command."""
    from workbench.core.text_safety import name  # one line: control characters as stand-ins

    click.echo(f"workbench: warning: {name(message)}", err=True)


def run_translation(
    request: RunRequest, *, progress: bool, quiet: bool
) -> tuple[Comparison, list[str]]:
    """Run `request` to the end and return the finished, analysed run (not yet in history:
    the caller writes its output first, then `keep_run()`) and the planned columns it lacks
    (`missing_columns`)."""
    from workbench.core.translate.events import RunFinished
    from workbench.services.run import finish_run, open_engine
    from workbench.services.run_failures import missing_columns

    opened = open_engine(
        request, warn=warn, on_progress=None if quiet else _progress_printer(loading=progress)
    )

    async def go() -> Comparison:
        result: Comparison | None = None
        try:
            if opened.uses_local:
                await opened.prepare()  # before the board, so its messages stay readable
            board = None
            if progress:
                from workbench.cli.progress import ProgressBoard

                board = ProgressBoard(sys.stderr, opened.column_names(), blind=request.blind)
                board.draw(force=True)
            async for event in opened.events():
                if isinstance(event, RunFinished):
                    result = event.comparison
                elif board is not None:
                    board.update(event)
        finally:
            await opened.aclose()
        assert result is not None
        return result

    comparison = finish_run(asyncio.run(go()), request)
    return comparison, missing_columns(comparison, opened.columns())


def run_critique(run: Comparison, judge: ModelLane, *, quiet: bool) -> Comparison:
    """The run with a blind critique by `judge` (its failures are in the critique; the
    run is returned whatever happens to it)."""
    from workbench.core.critique.models import requests_text
    from workbench.services.critique import critique_run, judged_columns, request_count

    n = len(judged_columns(run))
    if n == 0:
        warn("no rendition has text to critique")
        asyncio.run(judge.provider.aclose())
        return run
    if not quiet:
        click.echo(
            "workbench: asking the judge model for a blind critique "
            f"({requests_text(request_count(n))})",
            err=True,
        )
    return asyncio.run(critique_run(run, judge))


def _progress_printer(*, loading: bool) -> Callable[[str], None]:
    """Progress of the local model on stderr: the one-time assembly even when piped (it takes
    a while), loading only when progress is shown; nothing with --quiet."""

    def show(message: str) -> None:
        if not loading and not message.startswith("preparing"):
            return
        click.echo(f"workbench: {message}", err=True)

    return show
