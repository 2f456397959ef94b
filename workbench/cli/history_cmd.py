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

    from workbench.core.text_safety import json_text, name, one_line
    from workbench.io.translate.history import list_runs

    runs, problems = list_runs(limit)
    for problem in problems:
        click.echo(f"workbench: warning: skipped {name(problem.message)}", err=True)
    if fmt == "json":
        click.echo(json_text(json.dumps([asdict(r) for r in runs], indent=2, ensure_ascii=False)))
        return
    if not runs:
        click.echo("No runs yet. Make one with `workbench translate FILE --from de --to en`.")
        return
    for r in runs:
        failed = f", {r.failed} failed" if r.failed else ""
        click.echo(
            f"{name(r.id)}  {name(r.created_at)}  {name(r.source_language)}→"
            f"{name(r.target_language)}  {name(','.join(r.styles))}{failed}  {one_line(r.preview)}"
        )


def _show(run_id: str, fmt: str, output: str | None, baseline: str | None) -> None:
    import sys

    from workbench.cli import use_colour
    from workbench.export.run_formats import render_run
    from workbench.io.inputs import write_output
    from workbench.io.translate.history import load_run

    colour = output is None and use_colour("auto", sys.stdout)
    text = render_run(load_run(run_id), fmt, baseline=baseline, colour=colour)
    write_output(text, output)


_format = click.option(
    "--format", "fmt", type=click.Choice(RUN_FORMATS), default="text", show_default=True
)
_output = click.option("--output", "-o", metavar="PATH", help="Write to PATH (atomically).")
_baseline = click.option(
    "--baseline", metavar="COLUMN", help="Mark differences from COLUMN (a style or 'reference')."
)


@history.command("show")
@click.argument("run_id", metavar="RUN")
@_format
@_output
@_baseline
def show_history(run_id: str, fmt: str, output: str | None, baseline: str | None) -> None:
    """Show run RUN again (its id, a unique prefix, or 'last')."""
    _show(run_id, fmt, output, baseline)


@history.command("export")
@click.argument("run_id", metavar="RUN")
@_format
@_output
@_baseline
def export_history(run_id: str, fmt: str, output: str | None, baseline: str | None) -> None:
    """Export run RUN as text, JSON, Markdown or a self-contained HTML page."""
    _show(run_id, fmt, output, baseline)


@history.command("judge")
@click.argument("run_id", metavar="RUN")
@click.option("--favourite", metavar="COLUMN", help="Your favourite column (style id or letter).")
@click.option(
    "--note",
    "notes",
    nargs=2,
    multiple=True,
    metavar="COLUMN TEXT",
    help="A note on a column; repeat for several; an empty TEXT removes the note.",
)
def judge_history(run_id: str, favourite: str | None, notes: tuple[tuple[str, str], ...]) -> None:
    """Record your favourite and notes on run RUN. In a blind run, name columns by letter;
    picking the favourite reveals which style was which."""
    from workbench.core.errors import WorkbenchError
    from workbench.core.text_safety import one_line
    from workbench.core.translate.judgment import blind_label, judge, masked
    from workbench.export.sanitize import strip_controls
    from workbench.io.translate.history import load_run, update_run

    if favourite is None and not notes:
        raise WorkbenchError("nothing to record: give --favourite COLUMN and/or --note COLUMN TEXT")
    base = load_run(run_id)
    was_hidden = base.judgment.blind and not base.judgment.revealed
    run = update_run(base, judge(base, favourite=favourite, notes=list(notes))).run
    j = run.judgment

    def shown(key: str) -> str:  # a key holds its model's name, which may be anything
        column = run.column(key)
        return f"{one_line(column.style_name)} ({one_line(key)})" if column else one_line(key)

    if j.favourite:
        click.echo(f"Favourite of run {run.id}: {shown(j.favourite)}")
    if was_hidden and j.revealed:
        for i, key in enumerate(j.blind_order):
            click.echo(f"  {blind_label(i)} was {shown(key)}")
    notes_shown = masked(run).judgment.notes  # by letter while the run is still blind
    for key, text in notes_shown.items():
        click.echo(f"Note on {one_line(key)}: {strip_controls(text)}")


@history.command("stats")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def stats_history(fmt: str) -> None:
    """How often the critic's best column (`translate --critique`) was your favourite:
    overall and per judge model (runs with both a critique and a favourite)."""
    import json

    from workbench.core.text_safety import json_text, name
    from workbench.services.critique.agreement import history_agreement

    overall, per_judge = history_agreement()
    if fmt == "json":
        data = {"overall": overall.as_dict(), "judges": [a.as_dict() for a in per_judge]}
        click.echo(json_text(json.dumps(data, indent=2, ensure_ascii=False)))
        return
    if not overall.runs:
        click.echo(
            "No run has both a critique and a favourite yet (`workbench translate --critique`, "
            "then `workbench history judge RUN --favourite COLUMN`)."
        )
        return
    click.echo("The critic's best column (the judge model's opinion) against your favourite:")
    for tally in [overall, *per_judge]:
        share = 100 * tally.agreed / tally.runs
        click.echo(
            f"  {name(tally.judge)}: agreed in {tally.agreed} of {tally.runs} runs ({share:.0f}%)"
            f", disagreed in {tally.disagreed}, no consistent preference in "
            f"{tally.no_preference}"
        )
