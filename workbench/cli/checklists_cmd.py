"""`workbench checklists ...`: the questions a review answers (bundled and the user's own)."""

from __future__ import annotations

import click

from workbench.core.review.checklist import Checklist
from workbench.core.text_safety import name, one_line, terminal
from workbench.io.review.catalog import load_catalog, user_dir


def _problems_note(problems: list[str]) -> None:
    for problem in problems:
        click.echo(f"workbench: skipped checklist {name(str(problem))}", err=True)


@click.group()
def checklists() -> None:
    """List and show review checklists."""


@checklists.command("list")
def list_() -> None:
    """The checklists a review can use; add your own in the config dir's `checklists/`."""
    catalog = load_catalog()
    for checklist_id, entry in sorted(catalog.entries.items()):
        count = len(entry.checklist.answerable())
        title = one_line(entry.checklist.title)
        if catalog.problem_for(checklist_id) is not None:  # using it is an error naming it
            click.echo(f"{checklist_id:<24} your file does not load: using it is an error")
            continue
        click.echo(
            f"{checklist_id:<24} v{entry.checklist.version}  {count:>2} questions  "
            f"{entry.source:<7}  {title}"
        )
    _problems_note([p.message for p in catalog.problems])
    click.echo(f"(your own checklists go in {name(user_dir())})", err=True)


def render_text(checklist: Checklist) -> str:
    """The checklist as plain text; its fields (a user's checklist is untrusted) cannot act on
    the terminal."""
    lines = [f"{checklist.title} ({checklist.id}, version {checklist.version})"]
    if checklist.author or checklist.source:
        lines.append(" ".join(x for x in (checklist.author, checklist.source) if x))
    if checklist.epigraph:
        lines += ["", checklist.epigraph]
    if checklist.description:
        lines += ["", checklist.description]
    lines.append("")
    for question, depth in checklist.walk():
        pad = "    " * depth
        number = f"{question.number}. " if question.number else ""
        flags: list[str] = []
        if question.kind != "text":
            flags.append(question.kind)
        if question.required:
            flags.append(f"required before {question.required}")
        elif question.answerable:
            flags.append("optional")
        lines.append(f"{pad}{number}{question.text}")
        lines.append(f"{pad}    id: {question.id}" + (f"  [{', '.join(flags)}]" if flags else ""))
        if question.guidance:
            lines.append(f"{pad}    ({question.guidance})")
        for choice in question.choices:
            lines.append(f"{pad}    {choice.id}: {choice.label}. {choice.description}")
    if checklist.notes:
        lines += ["", "Notes:"] + [f"- {note}" for note in checklist.notes]
    return terminal("\n".join(lines)) + "\n"


@checklists.command("show")
@click.argument("checklist_id")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def show(checklist_id: str, fmt: str) -> None:
    """Show a checklist's questions, their ids (for answers files) and guidance."""
    checklist = load_catalog().get(checklist_id)
    if fmt == "json":
        from workbench.core.text_safety import json_text

        click.echo(json_text(checklist.model_dump_json(indent=2)))
    else:
        click.echo(render_text(checklist), nl=False)
