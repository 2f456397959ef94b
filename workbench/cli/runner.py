"""Run a translation from the command line: settings, provider, cache, progress, history."""

from __future__ import annotations

import asyncio
import sqlite3
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

import click

from workbench.translate.models import Comparison

if TYPE_CHECKING:
    from workbench.llm.provider import ChatProvider


def run_translation(
    passage: str,
    source_language: str,
    target_language: str,
    style_ids: list[str],
    *,
    model: str | None,
    provider_name: str | None = None,
    use_cache: bool,
    keep_history: bool,
    progress: bool,
    quiet: bool = False,
) -> Comparison:
    from workbench.config import load_settings
    from workbench.export.sanitize import strip_controls
    from workbench.llm.cache import ResponseCache
    from workbench.llm.factory import make_provider
    from workbench.translate.engine import TranslationEngine, TranslationJob
    from workbench.translate.events import RunFinished
    from workbench.translate.history import save_run
    from workbench.translate.styles import load_catalog

    settings = load_settings()
    catalog = load_catalog()
    styles = catalog.resolve(style_ids)
    if not styles:
        from workbench.errors import WorkbenchError

        raise WorkbenchError("no styles to render (none built in could be loaded)")
    provider = make_provider(
        settings.llm,
        model=model,
        provider=provider_name,
        local=settings.local,
        on_progress=None if quiet else _progress_printer(loading=progress),
    )
    cache: ResponseCache | None
    try:
        cache = ResponseCache()
    except (sqlite3.Error, OSError) as exc:
        click.echo(f"workbench: warning: response cache unavailable: {exc}", err=True)
        cache = None
    engine = TranslationEngine(provider, cache=cache, concurrency=settings.llm.concurrency)
    job = TranslationJob(
        passage=passage,
        source_language=source_language,
        target_language=target_language,
        styles=styles,
        use_cache=use_cache,
        max_chars=settings.llm.max_chars_per_request,
    )

    async def go() -> Comparison:
        if provider.name == "local":
            await _load_local(provider)
        board = None
        if progress:
            from workbench.cli.progress import ProgressBoard

            board = ProgressBoard(sys.stderr, {s.id: strip_controls(s.name) for s in styles})
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
    if keep_history:
        path = save_run(comparison)
        if progress:
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
