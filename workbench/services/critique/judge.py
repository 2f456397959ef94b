"""Which model judges a critique, and the provider that asks it, under its endpoint's limits.

`--judge VALUE` is read as a `--model` value is (`workbench.llm.factory.resolve_model`, the one
function for both): MODEL on the default endpoint, or `NAME:MODEL` on the named endpoint
`[endpoints.NAME]` (a prefix that names no endpoint stays part of the model: Ollama's
`llama3:8b`). Without it, the judge is the run's first model that is not the embedded one, in
`--model` order; when the run had only the embedded model, the default endpoint's configured
model if one is set up. The embedded model cannot judge: with only it available, `--critique`
stops with a message that says how to point at a real model.

The judge runs under its endpoint's limits: the default endpoint's `llm.concurrency` and
`llm.deadline`, a named one's own `concurrency` and `deadline`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.core.errors import WorkbenchError

if TYPE_CHECKING:
    from collections.abc import Callable

    from workbench.core.columns import Lane
    from workbench.core.translate.models import Comparison
    from workbench.io.config import LLMSettings, Settings
    from workbench.services.engine import ModelLane
    from workbench.services.run import RunRequest

NO_JUDGE = (
    "the embedded local model cannot judge a critique, and no other model is configured: "
    "point at a real model with OPENAI_BASE_URL (any OpenAI-compatible server, e.g. "
    "http://localhost:11434/v1 for Ollama; plus OPENAI_API_KEY if it needs one) or "
    "OPENAI_API_KEY for OpenAI, or name a model on a named endpoint with --judge NAME:MODEL"
)


def judge_lane(
    settings: Settings,
    request: RunRequest | None,
    judge: str | None = None,
    warn: Callable[[str], None] | None = None,
) -> tuple[Lane, str | None]:
    """The judge's (endpoint, model) and the run's provider on the default endpoint (None:
    the configured one). `judge`: the `--judge` value; without it the run's first lane that
    is not the embedded model, else (None, None) as the embedded run's. `warn` is told of a
    `--judge` value that looks like a mistyped endpoint name."""
    from workbench.llm.factory import default_takes_models, resolve_model
    from workbench.services.lanes import plan_lanes

    run_provider = request.provider if request is not None else None
    if judge is not None:
        if not judge.strip():
            raise WorkbenchError("--judge needs a model name (or NAME:MODEL)")

        def usable() -> bool:
            return default_takes_models(settings.llm, settings.local)

        lane = resolve_model(judge, settings.endpoints, usable, warn, option="--judge")
        return lane, run_provider
    if request is None:
        return (None, None), run_provider
    lanes, model = plan_lanes(request, settings)
    for endpoint, lane_model in lanes:
        if endpoint is not None:
            if settings.endpoints[endpoint].kind != "local":
                return (endpoint, lane_model), run_provider
        elif _default_kind(settings, run_provider) != "local" and not _local_file(
            lane_model or model
        ):
            return (None, lane_model or model), run_provider
    return (None, None), "local"


def request_of_run(run: Comparison) -> RunRequest | None:
    """The models of a finished run (reopened from history) as the request that ran them,
    in column order (None: a run of the one configured model)."""
    from workbench.core.columns import ENDPOINT_SEPARATOR
    from workbench.services.run import RunRequest

    values = [
        f"{r.endpoint}{ENDPOINT_SEPARATOR}{r.column_model}" if r.endpoint else r.column_model
        for r in run.renditions
        if r.column_model
    ]
    if not values:
        return None
    return RunRequest(
        passage=run.source.text,
        source_language=run.source.language,
        target_language=run.target.language,
        models=tuple(dict.fromkeys(values)),
    )


def make_judge(
    settings: Settings,
    *,
    judge: str | None = None,
    request: RunRequest | None = None,
    warn: Callable[[str], None] | None = None,
) -> ModelLane:
    """The judge's provider with its endpoint's limits (raises WorkbenchError when no real
    model can judge)."""
    from workbench.llm.factory import (
        make_azure_provider,
        make_endpoint_provider,
        make_openai_provider,
    )
    from workbench.services.engine import ModelLane

    (endpoint, model), run_provider = judge_lane(settings, request, judge, warn)
    llm = settings.llm
    if endpoint is not None:
        config = settings.endpoints[endpoint]
        if config.kind == "local":
            raise WorkbenchError(
                f"--judge {judge}: the endpoint {endpoint!r} is the embedded local model, which "
                "cannot judge a critique; name a model on an OpenAI-compatible endpoint"
            )
        assert model is not None
        provider = make_endpoint_provider(endpoint, config, model, llm, local=settings.local)
        return ModelLane(provider, endpoint, config.concurrency, config.deadline or llm.deadline)
    kind = _kind(llm, run_provider)
    if kind is None:
        raise WorkbenchError(NO_JUDGE)
    made = make_azure_provider if kind == "azure" else make_openai_provider
    return ModelLane(made(llm, model=model), None, llm.concurrency, llm.deadline)


def _default_kind(settings: Settings, run_provider: str | None) -> str | None:
    """The default endpoint's provider in this run (None: none is set up)."""
    from workbench.llm.factory import choose_provider

    try:
        return choose_provider(settings.llm, settings.local, provider=run_provider).name
    except WorkbenchError:
        return None


def _kind(llm: LLMSettings, run_provider: str | None) -> str | None:
    """openai or azure: the run's own when it used one, else what is configured."""
    if run_provider in ("openai", "azure"):
        return run_provider
    if llm.provider in ("openai", "azure"):
        return llm.provider
    if (llm.api_key is not None and llm.api_key.get_secret_value()) or llm.base_url:
        return "openai"
    if llm.azure_endpoint:
        return "azure"
    return None


def _local_file(model: str | None) -> bool:
    return bool(model) and str(model).lower().endswith(".gguf")
