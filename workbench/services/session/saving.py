"""How a session keeps its run in history while other processes may judge the same run
(`workbench history judge`, another comparison screen).

A new run's file is written whole (`keep_run`). After that, every save is a change of the
version the session last read or wrote: `update_run` merges what someone else changed
meanwhile (a favourite, a note on another column) and refuses, with nothing written, a field
both changed. The session then shows what history holds, and the user is told.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.core.errors import WorkbenchError
from workbench.core.translate.models import Comparison
from workbench.services.run import Warn, keep_run


@dataclass
class Kept:
    on_disk: Comparison | None
    """The version now in history, as this session knows it (None: not saved)."""
    shown: Comparison
    """The run the session should show: its own, with what others changed merged in."""
    conflict: str | None = None
    """Why the change was not saved (someone else changed the same field meanwhile)."""


def keep(run: Comparison, on_disk: Comparison | None, problem: Warn) -> Kept:
    """Save `run`, a change of `on_disk` (the version last read or written; None for a run
    not yet in history). An I/O problem goes to `problem`; nothing is raised."""
    from workbench.export.sanitize import strip_controls
    from workbench.io.translate.history import RunConflict, update_run

    if on_disk is None or on_disk.id != run.id:
        return Kept(run if keep_run(run, problem) is not None else None, run)
    try:
        merged = update_run(on_disk, run)
    except RunConflict as exc:
        message = " ".join(strip_controls(exc.message).split())
        if exc.merged is None or exc.theirs is None:  # its file is gone or unreadable
            problem(f"the run could not be saved in history: {message}")
            return Kept(on_disk, run)
        fields = exc.merged.theirs + exc.merged.conflicts
        return Kept(exc.theirs, _taking(run, exc.merged.run, fields), message)
    except (OSError, WorkbenchError) as exc:
        reason = exc.message if isinstance(exc, WorkbenchError) else str(exc)
        problem(
            f"the run could not be saved in history: {' '.join(strip_controls(reason).split())}"
        )
        return Kept(on_disk, run)
    return Kept(merged.run, _taking(run, merged.run, merged.theirs))


def _taking(run: Comparison, other: Comparison, fields: list[str]) -> Comparison:
    """`run` with the top-level parts `fields` name taken from `other` (the others are kept as
    they are, so an analysis under way still finds the renditions it was made of)."""
    tops = {f.split(".", 1)[0] for f in fields if f}
    if not tops:
        return run
    return run.model_copy(update={top: getattr(other, top) for top in tops})
