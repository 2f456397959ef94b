"""Reading glossaries: CSV or TSV with a header `source,target[,note][,style]`, or YAML (a list
of mappings with the same fields, read safely).

A run's glossary is merged from up to three files, a nearer one's entry winning over a farther
one's for the same source term (and style): `glossary.{csv,tsv,yaml,yml}` in the config dir,
then `.workbench-glossary.{csv,tsv,yaml,yml}` in the working folder, then the file given with
`--glossary`. Every problem is a DataFileError naming the file, the line and the field.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from workbench.core.compare.glossary import GLOSSARY_FIELDS, GlossaryEntry, merge
from workbench.core.errors import DataFileError, WorkbenchError

CONFIG_NAME = "glossary"
"""In the config dir: glossary.csv, glossary.tsv, glossary.yaml or glossary.yml."""
FOLDER_NAME = ".workbench-glossary"
"""In the working folder: .workbench-glossary.csv (.tsv, .yaml, .yml)."""
SUFFIXES = (".csv", ".tsv", ".yaml", ".yml")
MAX_BYTES = 4 * 1024 * 1024


def load_glossary(path: Path, *, found: bool = False) -> list[GlossaryEntry]:
    """The entries of one glossary file (its format by its suffix); `found`: a file the
    workbench found on its own, which must be a plain file (never waited on, as a FIFO)."""
    from workbench.io.yamlio import read_text_file

    where = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise DataFileError(where, "a glossary is a .csv, .tsv, .yaml or .yml file")
    text = read_text_file(path, max_bytes=MAX_BYTES, regular_only=found)
    if suffix in (".yaml", ".yml"):
        rows = _yaml_rows(text, where)
    else:
        rows = _table_rows(text, where, "\t" if suffix == ".tsv" else ",")
    entries: list[GlossaryEntry] = []
    seen: dict[tuple[str, str | None], tuple[int | None, list[int | str]]] = {}
    for line, field_path, row in rows:
        entry = _entry(row, where, line, field_path, text)
        if entry.key in seen:
            first = _line(text, *seen[entry.key])
            at = f" (first on line {first})" if first is not None else ""
            line = _line(text, line, field_path)
            raise DataFileError(where, f"{entry.source!r} is given twice{at}", line=line)
        seen[entry.key] = (line, field_path)
        entries.append(entry)
    return entries


def _line(text: str, line: int | None, field_path: list[int | str]) -> int | None:
    """A row's line: a table's as read; a YAML item's looked up when an error needs it (the
    lookup composes the whole document, which a long glossary would pay for every item)."""
    from workbench.io.yamlio import field_line

    if line is None and field_path:
        return field_line(text, field_path)
    return line


def _entry(
    row: dict[str, Any], where: str, line: int | None, field_path: list[int | str], text: str
) -> GlossaryEntry:
    from workbench.core.text_safety import first_control
    from workbench.io.yamlio import field_line

    def problem_at(name: str | None, problem: str) -> DataFileError:
        at = None
        if field_path and name is not None:  # YAML: the line of the field, else of the item
            at = field_line(text, [*field_path, name])
        return DataFileError(where, problem, line=at or _line(text, line, field_path), field=name)

    try:
        entry = GlossaryEntry.model_validate(row)
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = [p for p in error["loc"] if isinstance(p, str)]
        problem = "missing" if error["type"] in ("missing", "string_too_short") else error["msg"]
        if error["type"] == "extra_forbidden":
            problem = f"not a glossary field (fields: {', '.join(GLOSSARY_FIELDS)})"
        raise problem_at(loc[0] if loc else None, problem) from None
    for name in GLOSSARY_FIELDS:  # shown without it, a term would read as another word
        control = first_control(getattr(entry, name) or "")
        if control is not None:
            raise problem_at(name, f"a control character (U+{ord(control):04X}); take it out")
    return entry


def _table_rows(
    text: str, where: str, delimiter: str
) -> list[tuple[int | None, list[int | str], dict[str, Any]]]:
    # lines end at CR and LF only (str.splitlines also ends them at U+2028, NEL, a form feed
    # ...: a field holding one would be cut in two, and every later line misnumbered)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int | None, list[int | str], dict[str, Any]]] = []
    header: list[str] | None = None
    start = 1
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
                continue  # blank lines and comments
            if header is None:
                header = _header(cells, where, line, delimiter)
                continue
            if len(cells) > len(header):
                raise DataFileError(
                    where,
                    f"{len(cells)} fields, but the header names {len(header)}",
                    line=line,
                )
            row = {name: cell for name, cell in zip(header, cells, strict=False) if cell.strip()}
            rows.append((line, [], row))
    except csv.Error as exc:
        raise DataFileError(where, f"not valid {_kind(delimiter)}: {exc}", line=start) from None
    if header is None:
        raise DataFileError(where, f"empty: the first line is the header {_example(delimiter)}")
    return rows


def _header(cells: list[str], where: str, line: int, delimiter: str) -> list[str]:
    names = [c.strip().lower() for c in cells]
    for name in names:
        if name not in GLOSSARY_FIELDS:
            raise DataFileError(
                where,
                f"{name!r} is not a glossary field: the header is {_example(delimiter)}",
                line=line,
                field="header",
            )
        if names.count(name) > 1:
            raise DataFileError(where, f"{name!r} is named twice", line=line, field="header")
    for needed in ("source", "target"):
        if needed not in names:
            raise DataFileError(
                where,
                f"no {needed!r} column: the header is {_example(delimiter)}",
                line=line,
                field="header",
            )
    return names


def _kind(delimiter: str) -> str:
    return "TSV" if delimiter == "\t" else "CSV"


def _example(delimiter: str) -> str:
    sep = "<TAB>" if delimiter == "\t" else ","
    return sep.join(["source", "target", "[note]", "[style]"])


def _yaml_rows(text: str, where: str) -> list[tuple[int | None, list[int | str], dict[str, Any]]]:
    from workbench.io.yamlio import field_line, parse_yaml

    data = parse_yaml(text, where)
    if data is None:
        return []
    if not isinstance(data, list):
        raise DataFileError(
            where, f"expected a list of entries (- source: ...), found {type(data).__name__}"
        )
    rows: list[tuple[int | None, list[int | str], dict[str, Any]]] = []
    for index, item in enumerate(data):
        if not isinstance(item, dict):
            raise DataFileError(
                where,
                "an entry is a mapping with source and target",
                line=field_line(text, [index]),
                field=f"[{index}]",
            )
        row = {str(k): v for k, v in item.items()}
        for name, value in row.items():
            if value is not None and not isinstance(value, str | int | float | date):
                raise DataFileError(
                    where,
                    "must be text",
                    line=field_line(text, [index, name]),
                    field=name,
                )
        kept = {k: _text(v, text, [index, k]) for k, v in row.items() if v is not None}
        rows.append((None, [index], kept))
    return rows


def _text(value: Any, text: str, loc: list[int | str]) -> Any:
    """A field as text: a number, boolean or date as it was written (YAML reads 007 as 7, 1:30
    as 90, no as false and 2024-05-01 as a date; a glossary means the text)."""
    if isinstance(value, bool | int | float | date):
        from workbench.io.yamlio import scalar_text

        written = scalar_text(text, loc)
        return written if written is not None else str(value)
    return value


def default_file(folder: Path, name: str) -> Path | None:
    """The glossary named `name` (any suffix) in `folder`; two of them is an error."""
    try:
        found = [p for p in (folder / f"{name}{suffix}" for suffix in SUFFIXES) if p.exists()]
    except OSError as exc:  # a folder the user may not look into
        raise DataFileError(
            str(folder), f"cannot look for a glossary here: {exc.strerror}"
        ) from None
    if len(found) > 1:
        listed = " and ".join(p.name for p in found)
        raise DataFileError(str(folder), f"{listed}: two glossaries in one folder; keep one")
    return found[0] if found else None


def glossary_files(explicit: str | None, cwd: Path | None = None) -> list[Path]:
    """The files a run's glossary is merged from, farthest first."""
    from workbench.io.paths import config_dir

    files = [default_file(config_dir(), CONFIG_NAME), default_file(cwd or Path.cwd(), FOLDER_NAME)]
    out = [p for p in files if p is not None]
    if explicit == "":  # Path("") would be ".", the current folder
        raise WorkbenchError("--glossary: the file name is empty (give a path)")
    if explicit is not None:
        out.append(Path(explicit).expanduser())
    return list(dict.fromkeys(out))


def load_run_glossary(explicit: str | None, cwd: Path | None = None) -> list[GlossaryEntry]:
    """The run's glossary: the config dir's, the working folder's, then `explicit`'s, merged
    (the nearer entry wins for the same source term and style)."""
    named = Path(explicit).expanduser() if explicit is not None else None
    files = glossary_files(explicit, cwd)
    return merge(*(load_glossary(path, found=path != named) for path in files))
