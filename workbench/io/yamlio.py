"""Safe YAML reading and writing, with errors that name the file, the line and the field.

Only the safe loaders are used (the C one when PyYAML was built with libyaml). Documents are
capped in size and in the number of aliases, so a hostile file (an alias bomb, a huge file)
is refused quickly instead of exhausting memory.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import yaml

from workbench.core.errors import DataFileError
from workbench.io import yaml_fast

if TYPE_CHECKING:  # imported where used: a record-loading worker parses with this module alone
    from pydantic import BaseModel, ValidationError

try:
    _SafeLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
    _SafeDumper: type[yaml.SafeDumper] = yaml.CSafeDumper  # type: ignore[assignment]
except AttributeError:  # PyYAML without libyaml
    _SafeLoader = yaml.SafeLoader
    _SafeDumper = yaml.SafeDumper

MAX_BYTES = 1024 * 1024
MAX_ALIASES = 100
MAX_EXPANDED = 100_000
"""Values a document may hold once its aliases are expanded (each alias counts its node's
values again); far more than any style, checklist or record has."""
_ANCHOR = re.compile(r"&[^\s]")

M = TypeVar("M", bound="BaseModel")


def read_text_file(path: Path, *, max_bytes: int = MAX_BYTES, regular_only: bool = False) -> str:
    """Read a UTF-8 text file, refusing binaries, huge files and other encodings clearly.
    Reads through `textinput.read_limited`: never more than `max_bytes` (a FIFO, a device);
    `regular_only` (a file found in a folder, not named by the user): through `read_regular`,
    which refuses anything but a regular file rather than wait on it."""
    from workbench.io.textinput import read_limited, read_regular

    read = read_regular if regular_only else read_limited
    return decode_text(read(path, max_bytes), str(path))


def yaml_files(folder: Path, what: str) -> tuple[list[Path], list[DataFileError]]:
    """The `*.yaml` and `*.yml` files of a folder of data files (styles, checklists), by name,
    whose name is their id. Hidden files are not data (an editor's lock or backup). An id in
    two files (`x.yaml` and `x.yml`) is a problem naming both, and neither file is read: one
    silently winning would hide the other (and edits made to it)."""
    if not folder.is_dir():
        return [], []
    found: dict[str, list[Path]] = {}
    for path in sorted(folder.iterdir()):
        if path.suffix in (".yaml", ".yml") and not path.name.startswith("."):
            found.setdefault(path.stem, []).append(path)
    files: list[Path] = []
    problems: list[DataFileError] = []
    for stem, paths in found.items():
        if len(paths) == 1:
            files.append(paths[0])
            continue
        others = " and ".join(p.name for p in paths[:-1])
        problems.append(
            DataFileError(
                str(paths[-1]),
                f"the {what} {stem!r} is also in {others}: keep one of these files "
                "(neither is used)",
            )
        )
    return files, problems


def decode_text(data: bytes, where: str) -> str:
    """UTF-8 text (a BOM is dropped); a binary or otherwise-encoded file is a DataFileError
    naming `where` and, for bad UTF-8, the line."""
    if b"\x00" in data:
        raise DataFileError(where, "this is a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataFileError(
            where, "text is not valid UTF-8 (convert it, e.g. with iconv)", line=line
        ) from None


def _check_aliases(text: str, path: str) -> None:
    if not _ANCHOR.search(text):
        return
    count = 0
    try:
        for token in yaml.scan(text, Loader=_SafeLoader):
            if isinstance(token, yaml.AliasToken):
                count += 1
                if count > MAX_ALIASES:
                    line = token.start_mark.line + 1
                    raise DataFileError(
                        path, f"too many YAML aliases (more than {MAX_ALIASES})", line=line
                    )
    except yaml.YAMLError:
        return  # the real parse below reports the syntax error with its line
    if count:
        _check_expansion(text, path)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _check_expansion(text: str, path: str) -> None:
    """Refuse a document whose aliases expand to more than MAX_EXPANDED values: a few dozen
    aliases, nine to a level, make millions of values for whatever walks the data (the
    validation of nested checklist questions took minutes and all memory). Each node's
    expanded size is counted once (shared nodes are not walked again), depth first without
    recursion; an alias inside the node it names (a cycle) is refused too."""
    try:
        root = yaml.compose(text, Loader=_SafeLoader)
    except (yaml.YAMLError, RecursionError):
        return  # the real parse reports it
    sizes: dict[int, int] = {}
    started: set[int] = set()
    todo: list[tuple[yaml.Node, bool]] = [(root, False)] if root is not None else []
    while todo:
        node, finished = todo.pop()
        key, line = id(node), node.start_mark.line + 1
        if finished:
            sizes[key] = size = 1 + sum(sizes[id(child)] for child in _children(node))
            if size > MAX_EXPANDED:
                raise DataFileError(
                    path,
                    f"YAML aliases expand to more than {MAX_EXPANDED} values here",
                    line=line,
                )
            continue
        if key in sizes:
            continue
        if key in started:
            raise DataFileError(path, "a YAML alias inside the node it names", line=line)
        started.add(key)
        todo.append((node, True))
        todo += [(child, False) for child in reversed(_children(node))]


def parse_yaml(text: str, path: str) -> Any:
    """Parse one YAML document safely; a syntax error names the file and line.

    `yaml_fast.load` gives what `yaml.load(text, Loader=CSafeLoader)` gives (it is that loader's
    own parser, resolver and constructors, and anything unusual goes to that loader), faster.
    A key given twice in one mapping is an error naming the line of the second one: YAML
    says keys are unique, and last-wins would silently drop what was written first.
    """
    _check_aliases(text, path)
    try:
        return yaml_fast.load(text, unique_keys=True)  # a safe loader, C when available
    except yaml_fast.DuplicateKeyError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark is not None else None
        raise DataFileError(path, exc.problem or "duplicate key", line=line) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise DataFileError(path, f"YAML syntax error: {problem}", line=line) from None
    except yaml.reader.ReaderError as exc:
        raise _unreadable_character(exc, text, path) from None
    except yaml.YAMLError as exc:
        raise DataFileError(path, f"YAML error: {exc}") from None
    except RecursionError:
        raise DataFileError(path, "YAML is nested too deeply") from None
    except (ValueError, OverflowError) as exc:  # a timestamp like 2020-13-45, say
        line, field = _bad_value_at(text)
        raise DataFileError(path, f"YAML value error: {exc}", line=line, field=field) from None


def _unreadable_character(exc: yaml.reader.ReaderError, text: str, path: str) -> DataFileError:
    """A character YAML allows nowhere (a raw escape, U+FFFE), at its line. The reader's own
    position counts bytes in the C loader and characters in the Python one, so the line is
    that of the character's first place in the text, which is the one the reader stopped at."""
    char = exc.character if isinstance(exc.character, str) else chr(exc.character)
    at = text.find(char)
    line = text.count("\n", 0, at) + 1 if at >= 0 else None
    return DataFileError(
        path,
        f"YAML syntax error: character U+{ord(char):04X} is not allowed in YAML "
        "(write it as an escape in a double-quoted string, or remove it)",
        line=line,
    )


def _bad_value_at(text: str) -> tuple[int | None, str | None]:
    """The line and field of the first scalar the safe constructor cannot make (a date that
    does not exist): the parse does not say where it was."""
    from yaml.constructor import SafeConstructor

    try:
        root = yaml.compose(text, Loader=_SafeLoader)
    except (yaml.YAMLError, RecursionError):
        return None, None
    constructor = SafeConstructor()
    seen: set[int] = set()  # an alias is the node it names: each node is looked at once
    todo: list[tuple[yaml.Node, list[int | str]]] = [(root, [])] if root is not None else []
    while todo:  # depth first, in the document's order
        node, loc = todo.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            try:
                constructor.construct_object(node, deep=True)
            except (ValueError, OverflowError, yaml.YAMLError):
                return node.start_mark.line + 1, format_loc(loc) or None
        elif isinstance(node, yaml.SequenceNode):
            todo += reversed([(item, [*loc, i]) for i, item in enumerate(node.value)])
        elif isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                inner = [*loc, key.value] if isinstance(key, yaml.ScalarNode) else loc
                todo += [(value, inner), (key, loc)]
    return None, None


def field_line(text: str, loc: Sequence[int | str]) -> int | None:
    """The 1-based line of the node at `loc` (a pydantic error location), or its nearest parent.
    Composed by the C loader where there is one: the Python one recurses per level, and a
    document nested a few hundred deep (under YAML's own limit) would exhaust the stack."""
    return _node_at(text, loc)[1]


def scalar_text(text: str, loc: Sequence[int | str]) -> str | None:
    """The scalar at `loc` as it is written (`007`, `1:30`, `no`: not the number or boolean
    YAML makes of it), or None when `loc` is not a scalar."""
    node, _line = _node_at(text, loc)
    return node.value if isinstance(node, yaml.ScalarNode) else None


@lru_cache(maxsize=2)
def _composed(text: str) -> Any:
    """The document's node tree, composed once for the lookups of one file (False: it does
    not compose)."""
    try:
        return yaml.compose(text, Loader=_SafeLoader)
    except (yaml.YAMLError, RecursionError):
        return False


def _node_at(text: str, loc: Sequence[int | str]) -> tuple[yaml.Node | None, int | None]:
    """The node at `loc` (None: not there) and the 1-based line of it or its nearest parent."""
    node = _composed(text)
    if node is False:
        return None, None
    best = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == part:
                    best = key.start_mark.line + 1
                    node = value
                    break
            else:
                return None, best
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if 0 <= part < len(node.value):
                node = node.value[part]
                best = node.start_mark.line + 1
            else:
                return None, best
        else:
            return None, best
    return node, best


def format_loc(loc: Sequence[int | str]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def validation_error(path: str, exc: ValidationError, text: str | None = None) -> DataFileError:
    """Turn the first pydantic error into a DataFileError naming file, line and field."""
    first = exc.errors()[0]
    loc = [p for p in first["loc"] if isinstance(p, int | str)]
    line = field_line(text, loc) if text is not None else None
    field = format_loc(loc) or None
    more = len(exc.errors()) - 1
    problem = first["msg"] + (
        f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    )
    return DataFileError(path, problem, line=line, field=field)


def load_model(
    path: Path, model: type[M], *, max_bytes: int = MAX_BYTES, regular_only: bool = False
) -> M:
    """Read a YAML file and validate it as `model`; every failure is a DataFileError."""
    from pydantic import ValidationError

    text = read_text_file(path, max_bytes=max_bytes, regular_only=regular_only)
    data = parse_yaml(text, str(path))
    if not isinstance(data, dict):
        kind = "empty" if data is None else type(data).__name__
        raise DataFileError(str(path), f"expected a mapping at the top level, found {kind}")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise validation_error(str(path), exc, text) from None


class _BlockDumper(_SafeDumper):  # type: ignore[misc, valid-type]
    """Writes multi-line strings as `|` blocks, so files read well and diff line by line, and
    never writes anchors and aliases: a value used twice (a date, say) is written twice."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


@cache
def _quoted_only() -> re.Pattern[str]:
    """The characters written only as escapes (compiled at the first dump, not at import)."""
    from workbench.core.text_safety import BIDI_CONTROLS

    return re.compile(f"[{BIDI_CONTROLS}]")


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if _quoted_only().search(value):  # written as `\\u202e` in a double-quoted scalar (dump_yaml)
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_BlockDumper.add_representer(str, _represent_str)


def dump_yaml(data: Any) -> str:
    """YAML with keys in the given order, block style, unicode kept as is, no aliases.

    Bidi controls (which reorder what an editor or a terminal shows) are written as escapes in
    double-quoted scalars, the only place they can be: the data reads back exact."""
    text: str = yaml.dump(
        data,
        Dumper=_BlockDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )
    return _quoted_only().sub(lambda m: f"\\u{ord(m.group()):04x}", text)
