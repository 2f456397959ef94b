"""`workbench compare`: the side-by-side comparison screen, optionally started on a file."""

from __future__ import annotations

from pathlib import Path

import click

from workbench.cli.run_options import round_trip_option, samples_option


@click.command()
@click.argument("file", required=False, metavar="[FILE]")
@click.option("--from", "source_language", help="Source language (e.g. de).")
@click.option("--to", "target_language", help="Target language (e.g. en).")
@click.option(
    "--style",
    "styles",
    multiple=True,
    metavar="ID",
    help="A style id; repeat for several. Default: all built-in styles.",
)
@click.option("--reference", metavar="FILE", help="A human reference translation to compare with.")
@round_trip_option
@samples_option
def compare(
    file: str | None,
    source_language: str | None,
    target_language: str | None,
    styles: tuple[str, ...],
    reference: str | None,
    round_trip: bool,
    samples: int,
) -> None:
    """Open the comparison screen; with FILE, render it in every style at once.

    \b
    Example:
      workbench compare siddhartha.de.txt --from de --to en \\
          --style rosner --style bernofsky --reference rosner-1951.txt
    """
    from workbench.cli.inputs import check_language, read_passage
    from workbench.config import load_settings
    from workbench.errors import WorkbenchError
    from workbench.llm.factory import make_provider
    from workbench.translate.styles import load_catalog

    # Everything that can be wrong is found here, before the app takes the terminal.
    passage = None
    if file is not None:
        if file == "-":
            raise WorkbenchError("compare reads FILE from disk; stdin is the terminal here")
        passage, _ = read_passage(file)
        if source_language is None or target_language is None:
            raise WorkbenchError("with FILE, give --from and --to (e.g. --from de --to en)")
    if source_language is not None:
        source_language = check_language(source_language, "--from")
    if target_language is not None:
        target_language = check_language(target_language, "--to")
    catalog = load_catalog()
    catalog.resolve(list(styles))
    if reference == "-":
        raise WorkbenchError("--reference must be a file")
    reference_text = read_passage(reference)[0] if reference is not None else None
    settings = load_settings()
    make_provider(settings.llm, local=settings.local)  # nothing usable: say so now
    from workbench.cli import require_terminal

    require_terminal(
        "compare",
        "use `workbench translate FILE --from de --to en` (text, JSON, Markdown or HTML)",
    )

    from workbench.tui.app import make_app

    make_app(
        passage=passage,
        source_language=source_language or "",
        target_language=target_language or "",
        styles=list(styles),
        reference=reference_text,
        reference_name=Path(reference).name if reference is not None else "reference",
        round_trip=round_trip,
        samples=samples,
        compare=True,
    ).run()
