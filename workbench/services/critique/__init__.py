"""The blind critique of a run (issue 18): which model judges (`judge.py`), the N + 2 requests
and what is kept of their answers (`run.py`), the critic's agreement with the user across
history (`agreement.py`). The CLI (`--critique`) and the comparison screen use the same code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.services.critique.run import judged_columns, request_count, with_critique

if TYPE_CHECKING:
    from workbench.core.translate.models import Comparison
    from workbench.io.config import Settings
    from workbench.llm.provider import ChatProvider

__all__ = ["critique_run", "judged_columns", "open_judge", "request_count", "with_critique"]


def open_judge(
    *,
    judge: str | None,
    run_model: str | None,
    run_provider: str | None,
    settings: Settings | None = None,
) -> ChatProvider:
    """The judge's provider, from the settings (raises WorkbenchError when none can judge)."""
    from workbench.io.config import load_settings
    from workbench.services.critique.judge import make_judge

    return make_judge(
        settings or load_settings(),
        judge=judge,
        run_model=run_model,
        run_provider=run_provider,
    )


async def critique_run(
    run: Comparison, provider: ChatProvider, *, settings: Settings | None = None
) -> Comparison:
    """The run with its critique added (the provider is closed afterwards)."""
    from workbench.io.config import load_settings
    from workbench.services.critique.run import critique

    llm = (settings or load_settings()).llm
    try:
        result = await critique(run, provider, deadline=llm.deadline, concurrency=llm.concurrency)
    finally:
        await provider.aclose()
    return with_critique(run, result)
