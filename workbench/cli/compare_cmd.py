"""`workbench compare`: the side-by-side comparison screen, optionally started on a file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from workbench.cli.run_options import (
    glossary_option,
    models_option,
    no_cache_option,
    provider_option,
    round_trip_option,
    samples_option,
)

if TYPE_CHECKING:
    from workbench.tui.app import WorkbenchApp


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
@models_option
@provider_option
@no_cache_option
@glossary_option
def compare(
    file: str | None,
    source_language: str | None,
    target_language: str | None,
    styles: tuple[str, ...],
    reference: str | None,
    round_trip: bool,
    samples: int,
    models: tuple[str, ...],
    provider_name: str | None,
    no_cache: bool,
    glossary: str | None,
) -> None:
    """Open the comparison screen; with FILE, render it in every style at once.

    Every run of the screen uses --provider (as `workbench translate`), and the models
    given with --model (repeat it to put models side by side; the model picker, m, changes
    them for the next run); with --no-cache every run asks the model again.

    \b
    Example:
      workbench compare siddhartha.de.txt --from de --to en \\
          --style rosner --style bernofsky --reference rosner-1951.txt
    """
    app = compare_app(
        file,
        source_language,
        target_language,
        styles,
        reference,
        round_trip,
        samples,
        models,
        provider_name,
        no_cache,
        glossary=glossary,
    )
    from workbench.cli import require_terminal, run_app

    require_terminal(
        "compare",
        "use `workbench translate FILE --from de --to en` (text, JSON, Markdown or HTML)",
    )
    run_app(app)


def compare_app(
    file: str | None,
    source_language: str | None,
    target_language: str | None,
    styles: tuple[str, ...],
    reference: str | None,
    round_trip: bool,
    samples: int,
    models: tuple[str, ...],
    provider_name: str | None,
    no_cache: bool,
    *,
    glossary: str | None = None,
    cursor_blink: bool = True,
) -> WorkbenchApp:
    """The app `workbench compare` runs, from its options (which tests parse with click)."""
    from workbench.core.errors import WorkbenchError
    from workbench.io.inputs import check_language, read_passage
    from workbench.services.run import RunRequest, check_setup

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
    if reference == "-":
        raise WorkbenchError("--reference must be a file")
    reference_text = read_passage(reference)[0] if reference is not None else None
    request = RunRequest(
        passage=passage or "",
        source_language=source_language or "",
        target_language=target_language or "",
        styles=styles,
        samples=samples,
        round_trip=round_trip,
        reference=reference_text,
        reference_name=Path(reference).name if reference is not None else "reference",
        models=models,
        provider=provider_name,
        no_cache=no_cache,
        glossary=glossary,
    )
    check_setup(request)  # unknown styles, nothing usable to run on: say so now

    from workbench.tui.app import make_app

    return make_app(request=request, start=passage is not None, cursor_blink=cursor_blink)
