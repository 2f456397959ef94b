"""The models of a run side by side: which (endpoint, model) lanes a request asks for, and
each lane's provider with the limits of its endpoint.

A run of one model on the default endpoint (no `--model`, or one that names no endpoint) has
the one lane (None, None): its columns' keys do not name the model, as before models could be
put side by side. Any other run has a lane per `--model` value, and its keys name them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from workbench.core.columns import Lane

if TYPE_CHECKING:
    from workbench.io.config import Settings
    from workbench.llm.provider import ChatProvider
    from workbench.services.engine import ModelLane
    from workbench.services.run import RunRequest

ONE_LANE: tuple[Lane, ...] = ((None, None),)


def plan_lanes(
    request: RunRequest, settings: Settings, warn: Callable[[str], None] | None = None
) -> tuple[tuple[Lane, ...], str | None]:
    """The request's lanes, in `--model` order, and for a run of one lane on the default
    endpoint the model it names (None: the configured one). Raises WorkbenchError for a
    value that names no configured endpoint where it must (see `resolve_model()`); `warn`
    is told of one that looks like a mistyped endpoint name."""
    from workbench.llm.factory import default_takes_models, resolve_model

    def usable() -> bool:
        if request.provider is not None:
            return request.provider != "local"
        return default_takes_models(settings.llm, settings.local)

    lanes = tuple(
        dict.fromkeys(
            resolve_model(value, settings.endpoints, usable, warn)
            for value in request.model_values()
        )
    )
    if not lanes:
        return ONE_LANE, None
    if len(lanes) == 1 and lanes[0][0] is None:
        return ONE_LANE, lanes[0][1]
    return lanes, None


def lanes_of(request: RunRequest) -> tuple[Lane, ...]:
    """The request's lanes as its columns are keyed, from the settings now; the one lane when
    they cannot be read (opening the run then says why)."""
    from workbench.core.errors import WorkbenchError
    from workbench.io.config import load_settings

    try:
        return plan_lanes(request, load_settings())[0]
    except WorkbenchError:
        return ONE_LANE


def make_lanes(
    request: RunRequest,
    settings: Settings,
    lanes: tuple[Lane, ...],
    *,
    on_progress: Callable[[str], None] | None = None,
) -> dict[Lane, ModelLane]:
    """A provider for each lane, under its endpoint's limits: the default endpoint's are
    `llm.concurrency` and `llm.deadline`; a named one's its own `concurrency` and `deadline`
    (else `llm.deadline`); the embedded model's limit is one (its columns one after another)."""
    from workbench.llm.factory import make_endpoint_provider
    from workbench.services.engine import ModelLane
    from workbench.services.run import make_provider

    llm = settings.llm
    if request.seed is not None:
        llm = llm.model_copy(update={"seed": request.seed})
    made: dict[Lane, ModelLane] = {}
    first: dict[str | None, ChatProvider] = {}  # models on one endpoint share its client

    def provider_of(
        endpoint: str | None, model: str, make: Callable[[], ChatProvider]
    ) -> ChatProvider:
        from workbench.llm.openai_provider import OpenAIProvider

        shared = first.get(endpoint)
        if isinstance(shared, OpenAIProvider):
            return shared.for_model(model)
        first[endpoint] = made_now = make()
        return made_now

    for endpoint, model in lanes:
        assert model is not None
        if endpoint is None:
            make = partial(make_provider, request, settings, model=model, on_progress=on_progress)
            provider = provider_of(None, model, make)
            limit = 1 if provider.name == "local" else llm.concurrency
            made[(endpoint, model)] = ModelLane(provider, None, limit, llm.deadline)
            continue
        config = settings.endpoints[endpoint]
        make = partial(
            make_endpoint_provider,
            endpoint,
            config,
            model,
            llm,
            local=settings.local,
            on_progress=on_progress,
        )
        provider = provider_of(endpoint, model, make)
        limit = 1 if config.kind == "local" else config.concurrency
        made[(endpoint, model)] = ModelLane(
            provider, endpoint, limit, config.deadline or llm.deadline
        )
    return made


def check_lanes(request: RunRequest, settings: Settings, lanes: tuple[Lane, ...]) -> None:
    """Make each lane's provider, which finds a missing key or package (as the run of one
    model does, the providers are dropped unused: they hold no connection yet)."""
    make_lanes(request, settings, lanes)


def endpoint_report(settings: Settings) -> list[dict[str, object]]:
    """The named endpoints, `[endpoints.NAME]`, as `workbench doctor` lists them: name, kind,
    base URL (credentials removed), the key variable's name and whether it is set (never the
    key), concurrency and deadline."""
    import os

    from workbench.llm.errors import url_without_credentials

    rows: list[dict[str, object]] = []
    for name, config in sorted(settings.endpoints.items()):
        url = config.base_url
        shown = url_without_credentials(url) if url else None
        if shown is not None and shown != url:
            shown += " (with credentials, not shown)"
        var = config.api_key_env
        rows.append(
            {
                "name": name,
                "kind": config.kind,
                "base_url": shown,
                "api_key_env": var,
                "api_key": None if var is None else ("set" if os.environ.get(var) else "not set"),
                "concurrency": 1 if config.kind == "local" else config.concurrency,
                "deadline": config.deadline or settings.llm.deadline,
            }
        )
    return rows
