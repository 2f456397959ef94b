"""The blind critique of a run (issue 18): which model judges (`judge.py`), the N + 2 requests
and what is kept of their answers (`run.py`), the critic's agreement with the user across
history (`agreement.py`). The CLI (`--critique`) and the comparison screen use the same code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.services.critique.run import judged_columns, request_count, with_critique

if TYPE_CHECKING:
    from collections.abc import Callable

    from workbench.core.translate.models import Comparison
    from workbench.io.config import Settings
    from workbench.services.engine import ModelLane
    from workbench.services.run import RunRequest

__all__ = ["critique_run", "judged_columns", "open_judge", "request_count", "with_critique"]


def open_judge(
    *,
    judge: str | None,
    request: RunRequest | None,
    run: Comparison | None = None,
    settings: Settings | None = None,
    warn: Callable[[str], None] | None = None,
) -> ModelLane:
    """The judge's provider and its endpoint's limits, from the settings (raises
    WorkbenchError when none can judge): `judge` is the `--judge` value (None: the run's
    first model that is not the embedded one, see `judge.py`; without the request, `run`'s
    columns say which models it had); `warn` is told of a value that looks like a mistyped
    endpoint name."""
    from workbench.io.config import load_settings
    from workbench.services.critique.judge import make_judge, request_of_run

    if request is None and run is not None:
        request = request_of_run(run)
    return make_judge(settings or load_settings(), judge=judge, request=request, warn=warn)


async def critique_run(run: Comparison, judge: ModelLane) -> Comparison:
    """The run with its critique added, asked under the judge endpoint's concurrency limit
    and deadline (the provider is closed afterwards)."""
    from workbench.services.critique.run import critique

    try:
        result = await critique(
            run, judge.provider, deadline=judge.deadline, concurrency=judge.concurrency
        )
    finally:
        await judge.provider.aclose()
    return with_critique(run, result)
