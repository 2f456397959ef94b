"""`workbench translate`: a passage rendered in several translator styles at once."""

from __future__ import annotations

import sys

import click

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
    no_cache: bool,
    no_history: bool,
    quiet: bool,
) -> None:
    """Render the passage in FILE (or stdin) in several translator styles at once.

    \b
    Exit codes: 0 every style rendered; 1 some styles failed (the rest are still
    printed); 2 usage, configuration or input error.

    \b
    Example:
      workbench translate siddhartha.de.txt --from de --to en \\
          --style rosner --style bernofsky --format json
    """
    from workbench.cli.inputs import check_language, read_passage, write_output
    from workbench.cli.runner import run_translation
    from workbench.export.run_formats import render_run

    source_language = check_language(source_language, "--from")
    target_language = check_language(target_language, "--to")
    passage, _ = read_passage(file)
    comparison = run_translation(
        passage,
        source_language,
        target_language,
        list(styles),
        model=model,
        provider_name=provider_name,
        use_cache=not no_cache,
        keep_history=not no_history,
        progress=not quiet and sys.stderr.isatty(),
        quiet=quiet,
    )
    write_output(render_run(comparison, fmt), output)
    failed = comparison.failed
    if failed:
        for r in failed:
            assert r.error is not None
            click.echo(
                f"workbench: style {r.style} failed ({r.error.type}): {r.error.message}", err=True
            )
        sys.exit(1)
