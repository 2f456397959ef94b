"""Run a translation from the command line: settings, provider, cache, progress, analysis,
history. The TUI drives the same engine; this is the CLI's thin wrapper around it."""

from __future__ import annotations

import asyncio
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import click

from workbench.translate.models import Comparison

if TYPE_CHECKING:
    from workbench.llm.provider import ChatProvider


@dataclass
class RunOptions:
    model: str | None = None
    use_cache: bool = True
    keep_history: bool = True
    progress: bool = False
    reference: str | None = None
    reference_name: str = ""
    round_trip: bool = False
    samples: int = 1
    blind: bool = False
    provider_name: str | None = None
    quiet: bool = False
    baseline: str | None = None


def run_translation(
    passage: str,
    source_language: str,
    target_language: str,
    style_ids: list[str],
    options: RunOptions,
) -> Comparison:
    from workbench.compare.analysis import analyse
    from workbench.config import load_settings
    from workbench.errors import WorkbenchError
    from workbench.export.sanitize import strip_controls
    from workbench.llm.cache import ResponseCache
    from workbench.llm.factory import make_provider
    from workbench.translate.engine import TranslationEngine, TranslationJob
    from workbench.translate.events import RunFinished
    from workbench.translate.history import save_run
    from workbench.translate.judgment import start_blind
    from workbench.translate.models import Reference
    from workbench.translate.styles import load_catalog

    settings = load_settings()
    styles = load_catalog().resolve(style_ids)
    if not styles:
        raise WorkbenchError("no styles to render (none built in could be loaded)")
    if options.baseline is not None:
        columns = [
            s.id if i == 1 else f"{s.id}#{i}" for s in styles for i in range(1, options.samples + 1)
        ]
        if options.reference is not None:
            columns.append("reference")
        if options.blind and options.baseline != "reference":
            raise WorkbenchError(
                "--blind hides which column is which, so --baseline can only be 'reference' "
                "(after judging, `workbench history show RUN --baseline STYLE`)"
            )
        if options.baseline not in columns:
            raise WorkbenchError(
                f"--baseline {options.baseline!r} is not a column of this run "
                f"(columns: {', '.join(columns)})"
            )
    provider = make_provider(
        settings.llm,
        model=options.model,
        provider=options.provider_name,
        local=settings.local,
        on_progress=None if options.quiet else _progress_printer(loading=options.progress),
    )
    cache: ResponseCache | None
    try:
        cache = ResponseCache(
            on_warning=lambda m: click.echo(f"workbench: warning: {strip_controls(m)}", err=True)
        )
    except (sqlite3.Error, OSError) as exc:
        click.echo(f"workbench: warning: response cache unavailable: {exc}", err=True)
        cache = None
    engine = TranslationEngine(
        provider,
        cache=cache,
        concurrency=settings.llm.concurrency,
        deadline=settings.llm.deadline,
        max_answer_chars=settings.llm.max_answer_chars,
    )
    job = TranslationJob(
        passage=passage,
        source_language=source_language,
        target_language=target_language,
        styles=styles,
        use_cache=options.use_cache,
        max_chars=settings.llm.max_chars_per_request,
        samples=options.samples,
        round_trip=options.round_trip,
    )
    names = {
        (s.id if i == 1 else f"{s.id}#{i}"): strip_controls(s.name) + (f" #{i}" if i > 1 else "")
        for s in styles
        for i in range(1, options.samples + 1)
    }
    if options.blind:
        names = {key: f"rendition {n + 1}" for n, key in enumerate(names)}

    async def go() -> Comparison:
        if provider.name == "local":
            await _load_local(provider)
        board = None
        if options.progress:
            from workbench.cli.progress import ProgressBoard

            board = ProgressBoard(sys.stderr, names)
            board.draw(force=True)
        result: Comparison | None = None
        try:
            async for event in engine.run(job):
                if isinstance(event, RunFinished):
                    result = event.comparison
                elif board is not None:
                    board.update(event)
        finally:
            await provider.aclose()
        assert result is not None
        return result

    try:
        comparison = asyncio.run(go())
    finally:
        if cache is not None:
            cache.close()
    if options.reference is not None:
        name = options.reference_name if options.reference_name not in ("", "-") else "stdin"
        comparison.reference = Reference(text=options.reference, name=name)
    comparison = analyse(comparison)
    if options.blind:
        comparison = start_blind(comparison)
    if options.keep_history:
        path = save_run(comparison)
        if options.progress:
            click.echo(f"saved as run {comparison.id} ({path})", err=True)
    return comparison


def _progress_printer(*, loading: bool) -> Callable[[str], None]:
    """Progress of the local model on stderr: the one-time assembly even when piped (it takes
    a while), loading only when progress is shown; nothing with --quiet."""

    def show(message: str) -> None:
        if not loading and not message.startswith("preparing"):
            return
        click.echo(f"workbench: {message}", err=True)

    return show


async def _load_local(provider: ChatProvider) -> None:
    """Load the local model before the progress board is drawn, so its messages stay readable."""
    from workbench.errors import WorkbenchError
    from workbench.llm.errors import LLMError

    try:
        await provider.prepare()
    except LLMError as exc:
        raise WorkbenchError(f"the local model could not be loaded: {exc.message}") from None
