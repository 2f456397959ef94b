"""`workbench history`: the runs kept by `workbench translate`."""

from __future__ import annotations

import click

from workbench.export.run_formats import RUN_FORMATS


@click.group(invoke_without_command=True)
@click.pass_context
def history(ctx: click.Context) -> None:
    """List past translation runs (newest first); `history show RUN` shows one again."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(list_history)


@history.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--limit", "-n", type=click.IntRange(min=1), default=50, show_default=True)
def list_history(fmt: str = "text", limit: int = 50) -> None:
    """List past runs, newest first."""
    import json
    from dataclasses import asdict

    from workbench.export.sanitize import strip_controls
    from workbench.translate.history import list_runs

    runs, skipped = list_runs()
    if skipped:
        click.echo(f"workbench: warning: skipped {skipped} unreadable run file(s)", err=True)
    runs = runs[:limit]
    if fmt == "json":
        click.echo(json.dumps([asdict(r) for r in runs], indent=2, ensure_ascii=False))
        return
    if not runs:
        click.echo("No runs yet. Make one with `workbench translate FILE --from de --to en`.")
        return
    for r in runs:
        failed = f", {r.failed} failed" if r.failed else ""
        click.echo(
            f"{r.id}  {r.created_at}  {r.source_language}→{r.target_language}  "
            f"{','.join(r.styles)}{failed}  {strip_controls(r.preview)}"
        )


@history.command("show")
@click.argument("run_id", metavar="RUN")
@click.option("--format", "fmt", type=click.Choice(RUN_FORMATS), default="text", show_default=True)
@click.option("--output", "-o", metavar="PATH", help="Write to PATH (atomically).")
def show_history(run_id: str, fmt: str, output: str | None) -> None:
    """Show run RUN again (its id, a unique prefix, or 'last')."""
    from workbench.cli.inputs import write_output
    from workbench.export.run_formats import render_run
    from workbench.translate.history import load_run

    write_output(render_run(load_run(run_id), fmt), output)
