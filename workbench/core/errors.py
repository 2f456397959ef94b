"""Errors that the interfaces turn into one clear line on stderr and an exit code."""

from __future__ import annotations


class WorkbenchError(Exception):
    """A problem the user can fix: bad input, bad configuration, a bad file.

    `exit_code` is 2 for usage, configuration and input errors (the CLI contract).
    """

    exit_code = 2

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class DataFileError(WorkbenchError):
    """A YAML/TOML data file that could not be read or did not validate.

    The message names the file, and where known the line and the field.
    """

    def __init__(
        self,
        path: str,
        problem: str,
        *,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.path = path
        self.line = line
        self.field = field
        self.problem = problem
        where = path if line is None else f"{path}:{line}"
        what = f"{field}: {problem}" if field else problem
        super().__init__(f"{where}: {what}")
