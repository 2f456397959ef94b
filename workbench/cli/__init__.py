"""The `workbench` command line. Subcommands live in their own modules and load lazily,
so `workbench --help` imports neither openai nor textual nor pydantic."""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any, NoReturn

import click

from workbench import __version__

# name -> (module:attribute, one-line help shown by `workbench --help`)
COMMANDS: dict[str, tuple[str, str]] = {
    "translate": (
        "workbench.cli.translate_cmd:translate",
        "Render a passage in several translator styles at once.",
    ),
    "compare": (
        "workbench.cli.compare_cmd:compare",
        "Open the side-by-side comparison screen (the TUI); with FILE, start at once.",
    ),
    "styles": ("workbench.cli.styles_cmd:styles", "List, show and describe translator styles."),
    "history": ("workbench.cli.history_cmd:history", "List past translation runs and show one."),
    "schema": ("workbench.cli.schema_cmd:schema", "Print the JSON Schema of an output object."),
    "diff": ("workbench.cli.diff_cmd:diff", "Word-level diff of two text files, with similarity."),
    "align": (
        "workbench.cli.align_cmd:align",
        "Align a translation to its source, sentence by sentence.",
    ),
    "review": (
        "workbench.cli.review_cmd:review",
        "Tech-adoption reviews: decision records, lifecycle, exports, lint.",
    ),
    "checklists": (
        "workbench.cli.checklists_cmd:checklists",
        "List and show review checklists.",
    ),
    "doctor": (
        "workbench.cli.doctor_cmd:doctor",
        "Which LLM provider would be used and why; endpoint and local model checks.",
    ),
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported only when they run (or their help is asked)."""

    def __init__(self, *args: Any, lazy: dict[str, tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy:
            target, _ = self.lazy[cmd_name]
            module_name, attr = target.split(":")
            command = getattr(importlib.import_module(module_name), attr)
            assert isinstance(command, click.Command)
            return command
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, self.lazy[name][1]) for name in self.list_commands(ctx) if name in self.lazy]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(
    cls=LazyGroup,
    lazy=COMMANDS,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="workbench")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """workbench: compare LLM translations side by side, and review new technology
    into decision records.

    \b
    Quick start (the embedded local model needs no key; for an endpoint,
    export OPENAI_API_KEY=... and/or OPENAI_BASE_URL=...):
      workbench                        # the TUI (on a terminal)
      workbench compare passage.txt --from de --to en
      workbench translate passage.txt --from de --to en
      workbench doctor                 # which provider would be used, and why
      workbench styles list
    """
    if ctx.invoked_subcommand is None:
        if not (has_terminal() and _is_terminal(sys.__stdout__)):
            click.echo(ctx.get_help())  # no terminal to draw on
            return
        from workbench.tui.app import make_app

        run_app(make_app())


def run_app(app: Any, **options: Any) -> None:
    """Run a Textual app; a crash inside it (Textual has shown the traceback) is exit code 3,
    an internal error, never 0. The notes it leaves (`exit_notes`: work it could not save,
    and where it is kept) are printed once the screen is gone."""
    from workbench.core.text_safety import name

    app.run(**options)
    for note in getattr(app, "exit_notes", ()):  # untrusted (a record's title): one line
        click.echo(f"workbench: {name(note)}", err=True)
    if app.return_code:
        raise SystemExit(3)


def _is_terminal(stream: Any) -> bool:
    try:
        return stream is not None and os.isatty(stream.fileno())
    except (AttributeError, OSError, ValueError):
        return False


def has_terminal() -> bool:
    """True when a full-screen command can run: Textual reads keys from stdin and draws the
    screen on stderr (so stdout stays free), so both must be a terminal."""
    return _is_terminal(sys.__stdin__) and _is_terminal(sys.__stderr__)


def use_colour(choice: str, stream: Any) -> bool:
    """Colour for `stream`: "always", "never", or "auto": only on a terminal that is not
    TERM=dumb, and not when NO_COLOR is set (no-color.org). Every text output uses this."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and os.environ.get("TERM") != "dumb"


def require_terminal(command: str, instead: str) -> None:
    """Refuse a full-screen command with no terminal to draw on (run from a script, say): one
    clear line and exit 2, instead of escape codes written to a pipe and a wait for keys that
    never come. Called after the command's own checks, so bad arguments are named first."""
    if has_terminal():
        return
    from workbench.core.errors import WorkbenchError

    raise WorkbenchError(
        f"`workbench {command}` is a full-screen command and needs a terminal (stdin and "
        f"stderr must both be one); without one, {instead}"
    )


def main(argv: list[str] | None = None) -> None:
    """Entry point: WorkbenchError becomes one line on stderr and its exit code."""
    from workbench.io import gc_tuning

    with gc_tuning.for_cli(sys.argv[1:] if argv is None else argv, restore=argv is not None):
        _main(argv)


def _main(argv: list[str] | None) -> None:
    from workbench.core.errors import WorkbenchError

    try:
        code = cli.main(args=argv, prog_name="workbench", standalone_mode=False)
        if isinstance(code, int) and code:  # a command's `ctx.exit(n)` or click Exit(n)
            sys.exit(code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.UsageError as exc:  # one line, as any bad input: what, and where to look
        from workbench.core.text_safety import name  # loaded when needed: `--help` is fast

        where = f" (see `{exc.ctx.command_path} --help`)" if exc.ctx is not None else ""
        click.echo(f"workbench: error: {name(exc.format_message())}{where}", err=True)
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        from workbench.core.text_safety import name

        # it may quote what was typed: one line, every control character shown as a stand-in
        setattr(exc, "message", name(exc.message))  # noqa: B010
        exc.show()
        sys.exit(exc.exit_code)
    except WorkbenchError as exc:
        from workbench.core.text_safety import name

        # one line, whatever a file name or a server's message it quotes holds (a line break
        # would let the name forge a line of its own): every control character a stand-in
        click.echo(f"workbench: error: {name(exc.message)}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(1)
    except OSError as exc:
        if not _from_echo(exc):
            _internal_error(exc)
        # `click.echo` to a full disk (`workbench ... > file`): a write error, not a bug
        try:
            click.echo(f"workbench: error: cannot write standard output: {exc.strerror}", err=True)
        finally:
            sys.exit(2)
    except Exception as exc:
        _internal_error(exc)
    sys.exit(0)


def _from_echo(exc: BaseException) -> bool:
    """Whether `exc` was raised writing the output with `click.echo` (read from the frames
    themselves: a process that dropped its privileges may not import a module now)."""
    tb, last = exc.__traceback__, None
    while tb is not None:
        last = tb.tb_frame
        tb = tb.tb_next
    return last is not None and last.f_code is click.echo.__code__


def _internal_error(exc: Exception) -> NoReturn:
    if os.environ.get("WORKBENCH_DEBUG"):
        raise exc
    from workbench.core.text_safety import visible
    from workbench.llm.errors import redact  # no secret in the message

    message = " ".join(visible(redact(str(exc))).split())  # one line
    click.echo(
        f"workbench: internal error: {type(exc).__name__}: {message}\n"
        "This is a bug; run again with WORKBENCH_DEBUG=1 for the traceback.",
        err=True,
    )
    sys.exit(3)
