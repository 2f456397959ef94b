"""Shared steps of the session tests."""

from __future__ import annotations

from workbench.services.run import RunRequest
from workbench.services.session import TranslationSession


async def drive_retry(session: TranslationSession, run_no: int, narrowed: RunRequest) -> None:
    """Run a retry that `session.retry()` set up, its events applied as the screen does."""
    opened = session.open_engine(narrowed)
    try:
        async for event in opened.events():
            session.apply(run_no, event, retry=True)
    finally:
        await opened.aclose()
