"""`workbench align SOURCE TRANSLATION`: an existing translation aligned to its source,
sentence by sentence; no LLM involved."""

from __future__ import annotations

import click

from workbench.export.align_render import ALIGN_FORMATS

MAX_SENTENCES = 100_000
"""Sentences a side: the aligner takes some 5 KB a sentence (100,000 a side: 0.5 GB, 7 s);
a 10 MiB file of short sentences would have taken 13 GB."""


@click.command()
@click.argument("source", metavar="SOURCE")
@click.argument("translation", metavar="TRANSLATION")
@click.option("--from", "source_language", required=True, help="The source's language (e.g. de).")
@click.option("--to", "target_language", required=True, help="The translation's language.")
@click.option(
    "--format", "fmt", type=click.Choice(ALIGN_FORMATS), default="text", show_default=True
)
@click.option(
    "--glossary",
    metavar="FILE",
    help="Fixed renderings of names and terms (as for translate: CSV, TSV or YAML), merged over "
    "the config dir's glossary.* and the working folder's .workbench-glossary.*: a sentence "
    "with a term and one with its rendering are more likely a pair. Entries for one style "
    "only are left out.",
)
@click.option("--output", "-o", metavar="PATH", help="Write the result to PATH (atomically).")
def align(
    source: str,
    translation: str,
    source_language: str,
    target_language: str,
    fmt: str,
    glossary: str | None,
    output: str | None,
) -> None:
    """Align TRANSLATION to SOURCE sentence by sentence (either may be '-' for stdin).

    \b
    Sentences pair one to one, two to one, one to two, or stand alone (left out or added);
    every sentence of both texts appears exactly once, in order. JSON: a list of
    {source: [i...], target: [j...], source_text, target_text}, indices from 0.
    At most 100,000 sentences a side. Exit codes: 0 aligned; 2 usage or input error.

    \b
    Example:
      workbench align siddhartha.de.txt siddhartha.en.txt --from de --to en --format html -o a.html
    """
    from workbench.core.align import align_texts
    from workbench.core.compare.glossary import shared_entries
    from workbench.core.text_safety import name
    from workbench.export.align_render import render_alignment
    from workbench.io.glossary import load_run_glossary
    from workbench.io.inputs import check_language, read_passage, write_output

    source_language = check_language(source_language, "--from")
    target_language = check_language(target_language, "--to")
    if source == "-" and translation == "-":
        raise click.UsageError("SOURCE and TRANSLATION cannot both come from stdin")
    source_text, source_name = read_passage(source, what="source text")
    target_text, target_name = read_passage(translation, what="translation")
    entries = shared_entries(load_run_glossary(glossary))
    pairs = align_texts(
        source_text,
        target_text,
        source_language,
        target_language,
        terms=[(entry.source, entry.target) for entry in entries],
        max_sentences=MAX_SENTENCES,
        names=(name(source_name), name(target_name)),
    )
    text = render_alignment(pairs, fmt, source_name=source_name, target_name=target_name)
    write_output(text, output)
