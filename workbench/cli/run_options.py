"""Options that `workbench translate` and `workbench compare` share, defined once."""

from __future__ import annotations

import re
from typing import TypeVar

import click

MAX_SAMPLES = 10

_Value = TypeVar("_Value", str, tuple[str, ...], None)
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def utf8_names(ctx: click.Context, param: click.Parameter, value: _Value) -> _Value:
    """A model's name typed with bytes that are not UTF-8 (lone surrogates here) is refused:
    it is sent to the server and kept in the run's JSON, which cannot hold it."""
    from workbench.core.errors import WorkbenchError
    from workbench.core.text_safety import name

    values: tuple[str, ...] = (value,) if isinstance(value, str) else tuple(value or ())
    for given in values:
        if _LONE_SURROGATE.search(given):
            raise WorkbenchError(f"{param.opts[-1]} {name(given)}: the name is not valid UTF-8")
    return value


round_trip_option = click.option(
    "--round-trip",
    is_flag=True,
    help="Translate each rendition back and diff it against the source (a diagnostic for "
    "lost or added meaning, not a quality score).",
)
samples_option = click.option(
    "--samples",
    type=click.IntRange(1, MAX_SAMPLES),
    default=1,
    show_default=True,
    help="Ask each style N times, to see how much it varies.",
)
model_option = click.option(
    "-m",
    "--model",
    callback=utf8_names,
    help="Model name (else WORKBENCH_MODEL or the config file).",
)
models_option = click.option(
    "-m",
    "--model",
    "models",
    multiple=True,
    metavar="MODEL",
    callback=utf8_names,
    help="Model name (else WORKBENCH_MODEL or the config file). Repeat to put models side by "
    "side; NAME:MODEL is MODEL on the endpoint [endpoints.NAME] of the config file (a name "
    "that is no configured endpoint stays part of the model's name, as in qwen2.5:7b).",
)
seed_option = click.option(
    "--seed",
    type=click.IntRange(0, 2**31 - 1),
    help="Sampling seed, for repeatable runs: sample i of a style (from 0) uses seed + i "
    "(else WORKBENCH_SEED or llm.seed; servers that take no seed ignore it).",
)
provider_option = click.option(
    "--provider",
    "provider_name",
    type=click.Choice(["local", "openai", "azure"]),
    help="local: the embedded model (no key); openai: any OpenAI-compatible endpoint; azure: "
    "Azure OpenAI (the model is the deployment). Default: llm.provider, else openai when "
    "OPENAI_API_KEY/OPENAI_BASE_URL is set, else azure when AZURE_OPENAI_ENDPOINT is, else local.",
)
no_cache_option = click.option(
    "--no-cache", is_flag=True, help="Ask the model again even if cached."
)
glossary_option = click.option(
    "--glossary",
    metavar="FILE",
    help="Fixed renderings of names and terms: CSV or TSV with a header "
    "source,target[,note][,style], or YAML with the same fields. Merged over the config dir's "
    "glossary.* and the working folder's .workbench-glossary.* (the nearer wins per term); "
    "every rendition is checked for them.",
)
