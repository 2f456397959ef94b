"""`workbench styles`: list, show and describe translator styles."""

from __future__ import annotations

from pathlib import Path

import click

from workbench.core.text_safety import name

BROKEN = "user (does not load)"
"""The origin of a built-in style that a user's file of the same id, broken, overrides."""


@click.group()
def styles() -> None:
    """Translator styles: built in, and your own in the config folder."""


@styles.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def list_styles(fmt: str) -> None:
    """List every style with where it comes from."""
    import json

    from workbench.core.text_safety import json_text, one_line, utf8_name
    from workbench.io.translate.styles import load_catalog

    catalog = load_catalog()
    for problem in catalog.problems:
        click.echo(f"workbench: warning: skipped {name(problem.message)}", err=True)
    broken = {Path(problem.path).stem: problem.path for problem in catalog.problems}
    rows = []
    for style_id in sorted(catalog.styles):
        style = catalog.styles[style_id]
        origin = "built-in" if style_id in catalog.builtin_ids else "user"
        path = str(catalog.origin[style_id])
        if origin == "built-in" and catalog.origin[style_id].parent != _builtin_dir():
            origin = "user (overrides built-in)"
        if style_id in broken:  # using it is an error naming that file (`StyleCatalog.get`)
            origin, path = BROKEN, broken[style_id]
        rows.append(
            {
                "id": style.id,
                "name": style.name,
                "summary": style.summary,
                "origin": origin,
                "path": utf8_name(path),  # JSON is UTF-8
            }
        )
    if fmt == "json":
        click.echo(json_text(json.dumps(rows, indent=2, ensure_ascii=False)))
        return
    if not rows:
        click.echo("No styles found.")
        return
    width = max(len(r["id"]) for r in rows)
    for r in rows:
        shown = f"{one_line(r['name'])} — {one_line(r['summary'])}"  # one line per style
        origin = (
            "your file does not load: using it is an error"
            if r["origin"] == BROKEN
            else r["origin"]
        )
        click.echo(f"{name(r['id']):<{width}}  {shown}  [{origin}]")


def _builtin_dir() -> object:
    from workbench.io.translate.styles import builtin_styles_dir

    return builtin_styles_dir()


@styles.command("show")
@click.argument("style_id", metavar="ID")
def show_style(style_id: str) -> None:
    """Show one style as YAML, with the file it comes from."""
    from workbench.export.sanitize import strip_controls
    from workbench.io.translate.styles import load_catalog
    from workbench.io.yamlio import dump_yaml

    catalog = load_catalog()
    style = catalog.get(style_id)
    click.echo(f"# {name(catalog.origin[style.id])}")
    click.echo(strip_controls(dump_yaml(style.model_dump(mode="json"))), nl=False)


@styles.command("describe")
@click.argument("translator")
@click.option("--from", "source_language", required=True, help="Source language (e.g. de).")
@click.option("--to", "target_language", required=True, help="Target language (e.g. en).")
@click.option("--id", "style_id", help="Id for the new style (default: from the name).")
@click.option("-m", "--model", help="Model name (else WORKBENCH_MODEL or the config file).")
@click.option(
    "--provider",
    "provider_name",
    type=click.Choice(["local", "openai", "azure"]),
    help="local (needs an instruction-tuned local.model_path), openai or azure. "
    "Default as translate.",
)
@click.option("--force", is_flag=True, help="Overwrite an existing user style with that id.")
def describe_style(
    translator: str,
    source_language: str,
    target_language: str,
    style_id: str | None,
    model: str | None,
    provider_name: str | None,
    force: bool,
) -> None:
    """Ask the LLM to describe TRANSLATOR's style and save it as a new style you can edit.

    \b
    Example:
      workbench styles describe "Hilda Rosner" --from de --to en --id rosner-llm
    """
    import asyncio

    from workbench.core.errors import WorkbenchError
    from workbench.export.sanitize import strip_controls
    from workbench.io.config import load_settings
    from workbench.io.inputs import check_language
    from workbench.io.translate.styles import check_user_style_free, save_user_style
    from workbench.llm.errors import LLMError
    from workbench.llm.factory import make_provider
    from workbench.services.describe import check_style_id, describe_translator, slugify

    source_language = check_language(source_language, "--from")
    target_language = check_language(target_language, "--to")
    if not translator.strip():
        raise WorkbenchError('give the translator\'s name, e.g. "Hilda Rosner"')
    new_id = check_style_id(style_id or slugify(translator), given=style_id is not None)
    check_user_style_free(new_id, overwrite=force)  # before asking the model
    settings = load_settings()
    provider = make_provider(
        settings.llm, model=model, provider=provider_name, local=settings.local
    )

    async def go() -> object:
        try:
            return await describe_translator(
                provider, translator, source_language, target_language, new_id
            )
        finally:
            await provider.aclose()

    try:
        style = asyncio.run(go())
    except LLMError as exc:
        raise WorkbenchError(f"could not describe the style ({exc.kind}): {exc.message}") from None
    from workbench.core.translate.models import StyleProfile

    assert isinstance(style, StyleProfile)
    path = save_user_style(style, overwrite=force)
    click.echo(f"Saved style {name(style.id)!r} to {name(path)}; edit it to taste.", err=True)
    click.echo(strip_controls(style.brief))
