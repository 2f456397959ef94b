"""`workbench translate`: a passage rendered in several translator styles at once."""

from __future__ import annotations

import sys

import click

from workbench.cli.run_options import (
    glossary_option,
    models_option,
    no_cache_option,
    provider_option,
    round_trip_option,
    samples_option,
    seed_option,
    utf8_names,
)
from workbench.export.run_formats import RUN_FORMATS


@click.command()
@click.argument("file", required=False, metavar="[FILE|-]")
@click.option("--from", "source_language", required=True, help="Source language (e.g. de).")
@click.option("--to", "target_language", required=True, help="Target language (e.g. en).")
@click.option(
    "--style",
    "styles",
    multiple=True,
    metavar="ID",
    help="A style id; repeat for several. Default: all built-in styles.",
)
@models_option
@provider_option
@click.option("--format", "fmt", type=click.Choice(RUN_FORMATS), default="text", show_default=True)
@click.option("--output", "-o", metavar="PATH", help="Write the result to PATH (atomically).")
@click.option(
    "--reference",
    metavar="FILE",
    help="A human translation: shown as a column, with chrF, BLEU and TER against it.",
)
@round_trip_option
@samples_option
@seed_option
@click.option("--blind", is_flag=True, help="Hide style names and shuffle until you judge.")
@click.option(
    "--baseline",
    metavar="COLUMN",
    help="Mark every column's differences from COLUMN (a style id or 'reference').",
)
@click.option(
    "--critique",
    is_flag=True,
    help="After the run, a blind critique by a judge model: the errors it finds, quoted from "
    "the text, a score per column and its ranking (N + 2 requests for N columns).",
)
@click.option(
    "--judge",
    metavar="[NAME:]MODEL",
    callback=utf8_names,
    help="The judge model for --critique: MODEL on the default endpoint or NAME:MODEL on a "
    "named endpoint (default: the run's first model that is not the embedded one).",
)
@no_cache_option
@glossary_option
@click.option("--no-history", is_flag=True, help="Do not keep this run in history.")
@click.option("--quiet", "-q", is_flag=True, help="No progress on stderr.")
def translate(
    file: str | None,
    source_language: str,
    target_language: str,
    styles: tuple[str, ...],
    models: tuple[str, ...],
    provider_name: str | None,
    fmt: str,
    output: str | None,
    reference: str | None,
    round_trip: bool,
    samples: int,
    seed: int | None,
    blind: bool,
    baseline: str | None,
    critique: bool,
    judge: str | None,
    no_cache: bool,
    glossary: str | None,
    no_history: bool,
    quiet: bool,
) -> None:
    """Render the passage in FILE (or stdin) in several translator styles at once.

    \b
    Exit codes: 0 every style rendered in full (and, with --round-trip, translated back);
    1 some styles or round trips failed or are partial (the rest are still printed), or the
    critique failed in part (the run is printed and kept all the same); 2 usage,
    configuration or input error; 3 internal error (a bug); 130 interrupted. The output is
    written before the run is kept in history; if history cannot be saved, that is a warning
    on stderr.

    \b
    Example:
      workbench translate siddhartha.de.txt --from de --to en \\
          --style rosner --style bernofsky --format json
      workbench translate siddhartha.de.txt --from de --to en \\
          -m gpt-4o-mini -m ollama:qwen2.5:7b --style rosner
    """
    from workbench.cli.runner import run_translation, warn
    from workbench.core.text_safety import one_line
    from workbench.core.translate.judgment import masked
    from workbench.export.run_formats import render_run
    from workbench.io.inputs import check_language, read_passage, read_text_input, write_output
    from workbench.services.run import RunRequest, canonical, keep_run
    from workbench.services.run_failures import run_failures

    source_language = check_language(source_language, "--from")
    target_language = check_language(target_language, "--to")
    if file == "-" and reference == "-":
        raise click.UsageError("the passage and --reference cannot both come from stdin")
    passage, _ = read_passage(file)
    reference_text = read_text_input(reference, "--reference") if reference is not None else None
    baseline = canonical(baseline) if baseline is not None else None
    request = RunRequest(
        passage=passage,
        source_language=source_language,
        target_language=target_language,
        styles=styles,
        samples=samples,
        round_trip=round_trip,
        reference=reference_text,
        reference_name=reference or "",
        models=models,
        provider=provider_name,
        seed=seed,
        no_cache=no_cache,
        baseline=baseline,
        blind=blind,
        glossary=glossary,
    )
    if judge is not None and not critique:
        raise click.UsageError("--judge names the model for --critique: add --critique")
    judge_provider = None
    if critique:  # before the run: a critique that cannot be asked stops it at once (exit 2)
        from workbench.services.critique import open_judge

        judge_provider = open_judge(judge=judge, request=request, warn=warn)
    progress = not quiet and sys.stderr.isatty()
    comparison, missing = run_translation(request, progress=progress, quiet=quiet)
    interrupted = False
    if judge_provider is not None:
        from workbench.cli.runner import run_critique

        try:
            comparison = run_critique(comparison, judge_provider, quiet=quiet)
        except KeyboardInterrupt:  # the renditions are whole: printed and kept, then exit 130
            interrupted = True
    from workbench.cli import use_colour

    colour = output is None and use_colour("auto", sys.stdout)
    try:
        write_output(render_run(comparison, fmt, baseline=baseline, colour=colour), output)
    finally:  # output first, then history, and either failing leaves the other: nothing lost
        if not no_history:
            path = keep_run(comparison, warn)
            if path is not None and progress:
                click.echo(f"saved as run {comparison.id} ({path})", err=True)
    failures = run_failures(comparison)
    shown = masked(comparison).critique  # a blind run's columns by letter
    if shown is not None:
        failures += [f"the critique failed for {line}" for line in shown.failures]
    for line in failures:  # a failure quotes the model or its server: one line, inert
        click.echo(f"workbench: {one_line(line)}", err=True)
    if missing:  # never expected: the engine ends every requested column
        shown_missing = (
            f"{len(missing)} column{'s' * (len(missing) != 1)}"
            if request.blind
            else one_line(", ".join(missing))
        )
        click.echo(f"workbench: error: columns missing from the run: {shown_missing}", err=True)
    if interrupted:
        kept = "written" if no_history else "written and kept"
        click.echo(
            f"workbench: the critique was interrupted; the run is {kept} without it", err=True
        )
        raise KeyboardInterrupt
    if failures or missing:
        sys.exit(1)
