"""`workbench translate`: a passage rendered in several translator styles at once."""

from __future__ import annotations

import sys

import click

from workbench.cli.run_options import round_trip_option, samples_option
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
@click.option("--model", help="Model name (else WORKBENCH_MODEL or the config file).")
@click.option(
    "--provider",
    "provider_name",
    type=click.Choice(["local", "openai"]),
    help="local: the embedded model (no key); openai: any OpenAI-compatible endpoint. "
    "Default: llm.provider, else openai when OPENAI_API_KEY/OPENAI_BASE_URL is set, else local.",
)
@click.option("--format", "fmt", type=click.Choice(RUN_FORMATS), default="text", show_default=True)
@click.option("--output", "-o", metavar="PATH", help="Write the result to PATH (atomically).")
@click.option(
    "--reference",
    metavar="FILE",
    help="A human translation: shown as a column, with chrF, BLEU and TER against it.",
)
@round_trip_option
@samples_option
@click.option("--blind", is_flag=True, help="Hide style names and shuffle until you judge.")
@click.option(
    "--baseline",
    metavar="COLUMN",
    help="Mark every column's differences from COLUMN (a style id or 'reference').",
)
@click.option("--no-cache", is_flag=True, help="Ask the model again even if cached.")
@click.option("--no-history", is_flag=True, help="Do not keep this run in history.")
@click.option("--quiet", "-q", is_flag=True, help="No progress on stderr.")
def translate(
    file: str | None,
    source_language: str,
    target_language: str,
    styles: tuple[str, ...],
    model: str | None,
    provider_name: str | None,
    fmt: str,
    output: str | None,
    reference: str | None,
    round_trip: bool,
    samples: int,
    blind: bool,
    baseline: str | None,
    no_cache: bool,
    no_history: bool,
    quiet: bool,
) -> None:
    """Render the passage in FILE (or stdin) in several translator styles at once.

    \b
    Exit codes: 0 every style rendered in full; 1 some styles failed or are partial
    (the rest are still printed); 2 usage, configuration or input error; 3 internal
    error (a bug); 130 interrupted.

    \b
    Example:
      workbench translate siddhartha.de.txt --from de --to en \\
          --style rosner --style bernofsky --format json
    """
    from workbench.cli.inputs import check_language, read_passage, read_text_input, write_output
    from workbench.cli.runner import RunOptions, run_translation
    from workbench.export.run_formats import render_run

    source_language = check_language(source_language, "--from")
    target_language = check_language(target_language, "--to")
    if file == "-" and reference == "-":
        raise click.UsageError("the passage and --reference cannot both come from stdin")
    passage, _ = read_passage(file)
    reference_text = read_text_input(reference, "--reference") if reference else None
    comparison = run_translation(
        passage,
        source_language,
        target_language,
        list(styles),
        RunOptions(
            model=model,
            provider_name=provider_name,
            use_cache=not no_cache,
            keep_history=not no_history,
            progress=not quiet and sys.stderr.isatty(),
            reference=reference_text,
            reference_name=reference or "",
            round_trip=round_trip,
            samples=samples,
            blind=blind,
            baseline=baseline,
            quiet=quiet,
        ),
    )
    colour = output is None and sys.stdout.isatty()
    write_output(render_run(comparison, fmt, baseline=baseline, colour=colour), output)
    failed = comparison.failed
    for r in failed:
        kind = r.error.type if r.error else "partial"
        reason = r.error.message if r.error else ""
        if r.partial is not None:
            click.echo(
                f"workbench: style {r.style} is partial ({r.partial.description}; {kind}): "
                f"{reason}",
                err=True,
            )
        else:
            click.echo(f"workbench: style {r.style} failed ({kind}): {reason}", err=True)
    missing = bool(styles) and len(comparison.renditions) < len(set(styles)) * samples
    if missing:  # never expected: the engine ends every requested column
        click.echo("workbench: error: some requested styles are missing from the run", err=True)
    if failed or missing:
        sys.exit(1)
