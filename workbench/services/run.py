"""The one place a translation run is set up, for `workbench translate` and the comparison
screen alike: a `RunRequest` says what to run; `open_engine()` loads the settings, makes the
provider, opens the response cache and builds the job; `finish_run()` adds the reference, the
analysis and blind mode; `keep_run()` saves it in history, where a failure is only a warning.

Interfaces pass a `warn` callback (the CLI prints one line on stderr, the TUI notifies), so
nothing here prints or imports click, Textual or Rich.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.core.columns import ColumnKey, Lane, column_keys
from workbench.core.compare.analysis import REFERENCE
from workbench.core.errors import WorkbenchError

if TYPE_CHECKING:
    from workbench.core.compare.glossary import GlossaryEntry
    from workbench.core.translate.events import Event
    from workbench.core.translate.models import Comparison, StyleProfile
    from workbench.io.config import Settings
    from workbench.io.translate.styles import StyleCatalog
    from workbench.llm.cache import ResponseCache
    from workbench.llm.provider import ChatProvider
    from workbench.services.engine import ModelLane, TranslationEngine, TranslationJob

Warn = Callable[[str], None]
"""Told one line of text about something that went wrong but does not stop the run."""


@dataclass(frozen=True)
class RunRequest:
    """What to run: the passage, languages, styles and samples, and how (model, provider,
    cache). `columns` narrows the run to some columns (a retry of one sample). `models` puts
    models side by side (`--model` given more than once: each a model on the default
    endpoint or `NAME:MODEL` on a named one); `model` is the one model of a run of one."""

    passage: str
    source_language: str
    target_language: str
    styles: tuple[str, ...] = ()
    samples: int = 1
    round_trip: bool = False
    reference: str | None = None
    reference_name: str = REFERENCE
    model: str | None = None
    provider: str | None = None
    seed: int | None = None
    no_cache: bool = False
    baseline: str | None = None
    blind: bool = False
    columns: tuple[ColumnKey, ...] | None = None
    glossary: str | None = None
    """A glossary file (`--glossary`), merged over the config dir's and the working folder's."""
    models: tuple[str, ...] = ()

    def model_values(self) -> tuple[str, ...]:
        """The `--model` values, each once, in order (none: the configured model)."""
        values = self.models or ((self.model,) if self.model else ())
        return tuple(dict.fromkeys(values))


class RunEngine:
    """An opened run: settings, provider, response cache, engine and the job to run.
    Close it with `aclose()` (the provider's connections, the cache's database)."""

    def __init__(
        self,
        request: RunRequest,
        settings: Settings,
        provider: ChatProvider,
        cache: ResponseCache | None,
        styles: list[StyleProfile],
        lanes: dict[Lane, ModelLane] | None = None,
        glossary: list[GlossaryEntry] | None = None,
    ) -> None:
        """`provider`: the run's one model; with `lanes`, the models side by side (the
        `provider` is then the one an interface asks about: the embedded model's, if any,
        which is loaded before the run)."""
        from workbench.services.engine import TranslationEngine

        self.glossary = glossary or []
        self.request = request
        self.settings = settings
        self.provider = provider
        self.cache = cache
        self.styles = styles
        self.lanes: dict[Lane, ModelLane] = dict(lanes or {})
        self.engine: TranslationEngine = TranslationEngine(
            provider,
            cache=cache,
            concurrency=settings.llm.concurrency,
            deadline=settings.llm.deadline,
            max_answer_chars=settings.llm.max_answer_chars,
            lanes=self.lanes or None,
        )

    def job(self) -> TranslationJob:
        from workbench.services.engine import TranslationJob

        request = self.request
        return TranslationJob(
            passage=request.passage,
            source_language=request.source_language,
            target_language=request.target_language,
            styles=self.styles,
            use_cache=not request.no_cache,
            max_chars=self.settings.llm.max_chars_per_request,
            samples=request.samples,
            round_trip=request.round_trip,
            columns=list(request.columns) if request.columns is not None else None,
            glossary=self.glossary,
            lanes=tuple(self.engine.lanes),
        )

    def columns(self) -> list[ColumnKey]:
        return [key for _, key in self.job().column_order()]

    def column_names(self) -> dict[str, str]:
        """Column key -> the name to show for it ("rendition n" when the run is blind)."""
        from workbench.export.sanitize import strip_controls

        names = {style.id: strip_controls(style.name) for style in self.styles}
        keys = self.columns()
        if self.request.blind:
            return {str(key): f"rendition {n + 1}" for n, key in enumerate(keys)}
        return {str(key): key.label(names[key.style]) for key in keys}

    @property
    def uses_local(self) -> bool:
        """Whether a column of the run is the embedded model's."""
        return any(lane.provider.name == "local" for lane in self.engine.lanes.values())

    async def prepare(self) -> None:
        """Load the models now (the local one takes a while), rather than on the first
        request."""
        from workbench.llm.errors import LLMError

        try:
            for lane in self.engine.lanes.values():
                await lane.provider.prepare()
        except LLMError as exc:
            raise WorkbenchError(f"the local model could not be loaded: {exc.message}") from None

    def events(self) -> AsyncIterator[Event]:
        return self.engine.run(self.job())

    async def aclose(self) -> None:
        try:
            for provider in {
                id(x.provider): x.provider for x in self.engine.lanes.values()
            }.values():
                try:
                    await provider.aclose()
                except Exception:
                    if provider is self.provider:
                        raise
        finally:
            if self.cache is not None:
                self.cache.close()


def open_engine(
    request: RunRequest,
    *,
    warn: Warn,
    catalog: StyleCatalog | None = None,
    on_progress: Callable[[str], None] | None = None,
) -> RunEngine:
    """Settings, styles, provider and cache for `request`. Raises WorkbenchError for what
    makes the run impossible; a response cache that cannot be used is a warning. Each
    rendition runs under the settings' limits (`llm.deadline`, `llm.max_answer_chars`)."""
    from workbench.io.config import load_settings
    from workbench.io.translate.styles import load_catalog
    from workbench.services.lanes import make_lanes, plan_lanes

    settings = load_settings()
    catalog = catalog or load_catalog()
    styles = catalog.resolve(list(request.styles))
    if not styles:
        raise WorkbenchError("no styles to render (none built in could be loaded)")
    lanes, model = plan_lanes(request, settings, warn)
    _check_baseline(request, styles, lanes)
    glossary = load_glossary(request)
    for problem in unknown_glossary_styles(glossary, catalog.styles):
        warn(problem)
    if lanes == ((None, None),):
        provider = make_provider(request, settings, model=model, on_progress=on_progress)
        check_pair(request, provider, styles)
        return RunEngine(request, settings, provider, open_cache(warn), styles, glossary=glossary)
    if request.columns is not None:  # a retry: only the models its columns are on
        lanes = tuple(lane for lane in lanes if lane in {c.lane for c in request.columns})
        if not lanes:
            raise WorkbenchError("the model of this column is no longer among the run's models")
    made = make_lanes(request, settings, lanes, on_progress=on_progress)
    providers = [lane.provider for lane in made.values()]
    for each in providers:
        check_pair(request, each, styles)
    first = next((p for p in providers if p.name == "local"), providers[0])
    return RunEngine(request, settings, first, open_cache(warn), styles, made, glossary)


def load_glossary(request: RunRequest) -> list[GlossaryEntry]:
    """The run's glossary (`workbench.io.glossary`); a bad file raises DataFileError."""
    from workbench.io.glossary import load_run_glossary

    return load_run_glossary(request.glossary)


def unknown_glossary_styles(entries: list[GlossaryEntry], known: Collection[str]) -> list[str]:
    """A line for each glossary entry whose `style` names no style (it holds for no column)."""
    import difflib

    lines = []
    for entry in entries:
        if entry.style is None or entry.style in known:
            continue
        close = difflib.get_close_matches(entry.style.lower(), list(known), n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else f" (styles: {', '.join(known)})"
        lines.append(
            f"the glossary entry {entry.source!r} is for the style {entry.style!r}, which does "
            f"not exist, so it holds for no column{hint}"
        )
    return lines


def check_setup(request: RunRequest) -> None:
    """Find what would make the run impossible (no usable provider, unknown styles or
    endpoints) now, before an interface takes the terminal; opens nothing."""
    from workbench.io.config import load_settings
    from workbench.io.translate.styles import load_catalog
    from workbench.services.lanes import check_lanes, plan_lanes

    styles = load_catalog().resolve(list(request.styles))
    load_glossary(request)
    settings = load_settings()
    lanes, model = plan_lanes(request, settings)
    if lanes == ((None, None),):
        check_pair(request, make_provider(request, settings, model=model), styles)
    else:
        check_lanes(request, settings, lanes)


def check_pair(request: RunRequest, provider: ChatProvider, styles: list[StyleProfile]) -> None:
    """A model that translates only by example (the built-in one) refuses, before the run, a
    language pair none of the styles has exemplars for, naming the pairs it has."""
    from workbench.core.languages import display_name
    from workbench.core.sentences import base_language
    from workbench.llm.local_provider import LocalProvider

    if not isinstance(provider, LocalProvider):
        return
    pairs = provider.language_pairs(styles)
    pair = (base_language(request.source_language), base_language(request.target_language))
    if pairs is None or pair in pairs:
        return
    have = ", ".join(f"{a} -> {b}" for a, b in sorted(pairs)) or "none"
    raise WorkbenchError(
        f"the built-in local model translates only by example, and no chosen style has "
        f"exemplars for {display_name(pair[0])} -> {display_name(pair[1])}; it has: {have}. "
        "Choose one of those pairs, or point the workbench at a real model "
        "(OPENAI_BASE_URL for Ollama, a llama.cpp server or vLLM)"
    )


def make_provider(
    request: RunRequest,
    settings: Settings,
    *,
    model: str | None = None,
    on_progress: Callable[[str], None] | None = None,
) -> ChatProvider:
    """The provider of a model on the default endpoint (`model`, else the request's)."""
    from workbench.llm.factory import make_provider as make

    llm = settings.llm
    if request.seed is not None:
        llm = llm.model_copy(update={"seed": request.seed})
    return make(
        llm,
        model=model or request.model,
        provider=request.provider,
        local=settings.local,
        on_progress=on_progress,
    )


def open_cache(warn: Warn) -> ResponseCache | None:
    """The response cache, or None when it cannot be opened at all (a link at its name).
    Any later error (wrong schema, corrupt pages, a lock held too long) turns it into a miss
    for the rest of the run, with one line to `warn`."""
    from workbench.llm.cache import ResponseCache

    try:
        return ResponseCache(on_warning=warn)
    except (sqlite3.Error, OSError) as exc:
        warn(f"response cache unavailable: {exc}")
        return None


def _check_baseline(
    request: RunRequest, styles: list[StyleProfile], lanes: tuple[Lane, ...]
) -> None:
    if request.baseline is None:
        return
    columns = [str(key) for key in column_keys([s.id for s in styles], request.samples, lanes)]
    if request.reference is not None:
        columns.append(REFERENCE)
    if request.blind and request.baseline != REFERENCE:
        raise WorkbenchError(
            "--blind hides which column is which, so --baseline can only be 'reference' "
            "(after judging, `workbench history show RUN --baseline STYLE`)"
        )
    if request.baseline not in columns and canonical(request.baseline) not in columns:
        raise WorkbenchError(
            f"--baseline {request.baseline!r} is not a column of this run "
            f"(columns: {', '.join(columns)})"
        )


def canonical(column: str) -> str:
    """What a user typed for a column, in the keys' own form (`rosner@default:gpt-4o` is
    `rosner@gpt-4o`); 'reference' stays."""
    return column if column == REFERENCE else str(ColumnKey.parse(column))


def finish_run(comparison: Comparison, request: RunRequest) -> Comparison:
    """The finished run with the request's reference, analysed, and shuffled when blind."""
    from workbench.core.compare.analysis import analyse
    from workbench.core.translate.judgment import start_blind
    from workbench.core.translate.models import Reference

    if request.reference is not None:
        name = request.reference_name if request.reference_name not in ("", "-") else "stdin"
        comparison.reference = Reference(text=request.reference, name=name)
    comparison = analyse(comparison)
    if request.blind:
        comparison = start_blind(comparison)
    return comparison


def keep_run(comparison: Comparison, warn: Warn) -> Path | None:
    """Save the run in history; if that fails (data dir unwritable, disk full), `warn` says
    so in one line and None is returned: the run itself is not lost over it."""
    from workbench.export.sanitize import strip_controls
    from workbench.io.translate.history import create_run

    try:
        return create_run(comparison)
    except (OSError, WorkbenchError) as exc:
        reason = exc.message if isinstance(exc, WorkbenchError) else str(exc)
        reason = " ".join(strip_controls(reason).split())
        warn(f"the run could not be saved in history: {reason}")
        return None
