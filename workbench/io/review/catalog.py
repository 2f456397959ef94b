"""Finding checklists: the bundled ones, then the user's own in the config dir (which win)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from workbench.core.errors import DataFileError, WorkbenchError
from workbench.core.review.checklist import Checklist
from workbench.io import paths
from workbench.io.yamlio import field_line, load_model, read_text_file, yaml_files


@dataclass(frozen=True)
class Entry:
    checklist: Checklist
    path: Path
    source: str  # "bundled" or "user"


@dataclass
class Catalog:
    entries: dict[str, Entry] = field(default_factory=dict)
    problems: list[DataFileError] = field(default_factory=list)

    def problem_for(self, checklist_id: str) -> DataFileError | None:
        """Why a file of that id did not load (None: none failed)."""
        return next((p for p in self.problems if Path(p.path).stem == checklist_id), None)

    def get(self, checklist_id: str) -> Checklist:
        """The checklist; a file of that id that did not load is raised, also when a bundled
        checklist has the id: the user's broken override is never silently replaced."""
        problem = self.problem_for(checklist_id)
        if problem is not None:
            raise problem
        entry = self.entries.get(checklist_id)
        if entry is not None:
            return entry.checklist
        known = ", ".join(sorted(self.entries)) or "none"
        raise WorkbenchError(f"no checklist {checklist_id!r} (known: {known})")


def user_dir() -> Path:
    return paths.config_dir() / "checklists"


def _id_line(path: Path) -> int | None:
    try:
        return field_line(read_text_file(path, regular_only=True), ["id"])
    except DataFileError:
        return None


def load_catalog() -> Catalog:
    """Every checklist that loads; the ones that do not are kept as problems, not raised."""
    catalog = Catalog()
    for source, folder in (("bundled", paths.bundled_dir("checklists")), ("user", user_dir())):
        files, problems = yaml_files(folder, "checklist")
        catalog.problems += problems
        for path in files:
            try:  # found in a folder: a FIFO there is a problem, never waited on
                checklist = load_model(path, Checklist, regular_only=True)
            except DataFileError as exc:
                catalog.problems.append(exc)
                continue
            if checklist.id != path.stem:
                catalog.problems.append(
                    DataFileError(
                        str(path),
                        f"id {checklist.id!r} does not match the file name",
                        line=_id_line(path),
                        field="id",
                    )
                )
                continue
            catalog.entries[checklist.id] = Entry(checklist, path, source)
    return catalog
