"""Style profiles: built in (`prompts/styles/*.yaml`, shipped in the wheel) and the user's own
(`<config dir>/styles/*.yaml`), which add to or override the built-in ones by id."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from workbench.core.errors import DataFileError, WorkbenchError
from workbench.core.translate.models import StyleProfile
from workbench.io import check_name, paths, refuse_link, write_named
from workbench.io.yamlio import (
    dump_yaml,
    field_line,
    parse_yaml,
    read_text_file,
    validation_error,
    yaml_files,
)


def builtin_styles_dir() -> Path:
    return paths.bundled_dir("prompts") / "styles"


def user_styles_dir() -> Path:
    return paths.config_dir() / "styles"


@dataclass
class StyleCatalog:
    styles: dict[str, StyleProfile] = field(default_factory=dict)
    origin: dict[str, Path] = field(default_factory=dict)
    builtin_ids: list[str] = field(default_factory=list)
    problems: list[DataFileError] = field(default_factory=list)

    def get(self, style_id: str) -> StyleProfile:
        for problem in self.problems:
            if Path(problem.path).stem == style_id:
                raise problem
        try:
            return self.styles[style_id]
        except KeyError:
            known = ", ".join(sorted(self.styles)) or "none"
            raise WorkbenchError(f"unknown style {style_id!r} (known styles: {known})") from None

    def resolve(self, style_ids: list[str]) -> list[StyleProfile]:
        """The named styles in order (duplicates dropped); none named means the built-in ones,
        each as `get` gives it: a user's file for one of them that does not load is raised,
        never replaced by the bundled style."""
        if not style_ids:
            return [self.get(i) for i in self.builtin_ids]
        seen: dict[str, StyleProfile] = {}
        for style_id in style_ids:
            seen.setdefault(style_id, self.get(style_id))
        return list(seen.values())


def load_style_file(path: Path) -> StyleProfile:
    text = read_text_file(path, regular_only=True)  # found in a folder: a FIFO is not waited on
    data = parse_yaml(text, str(path))
    if not isinstance(data, dict):
        raise DataFileError(str(path), "expected a mapping of style fields at the top level")
    data.setdefault("id", path.stem)
    if data["id"] != path.stem:
        raise DataFileError(
            str(path),
            f"id {data['id']!r} must match the file name {path.stem!r}",
            line=field_line(text, ["id"]),
            field="id",
        )
    try:
        return StyleProfile.model_validate(data)
    except ValidationError as exc:
        raise validation_error(str(path), exc, text) from None


def _load_dir(folder: Path, catalog: StyleCatalog, *, builtin: bool) -> None:
    files, problems = yaml_files(folder, "style")
    catalog.problems += problems
    for path in files:
        try:
            style = load_style_file(path)
        except DataFileError as problem:
            catalog.problems.append(problem)
            continue
        catalog.styles[style.id] = style
        catalog.origin[style.id] = path
        if builtin:
            catalog.builtin_ids.append(style.id)


def load_catalog() -> StyleCatalog:
    catalog = StyleCatalog()
    _load_dir(builtin_styles_dir(), catalog, builtin=True)
    _load_dir(user_styles_dir(), catalog, builtin=False)
    return catalog


def check_user_style_free(style_id: str, *, overwrite: bool = False) -> Path:
    """The file a new user style `style_id` is saved to (`ID.yaml`); a `WorkbenchError` when
    that id is taken by a user file (unless `overwrite`), or by `ID.yml`, which `overwrite`
    would not replace: the two files would make the id unusable."""
    folder = user_styles_dir()
    path = folder / check_name(f"{style_id}.yaml")
    other = folder / f"{style_id}.yml"
    if os.path.lexists(other):
        raise WorkbenchError(
            f"{other} already has the style {style_id!r}; choose another --id, or edit or "
            "remove that file"
        )
    if os.path.lexists(path) and not overwrite:
        raise WorkbenchError(f"{path} already exists; choose another --id or pass --force")
    refuse_link(path)  # saving would refuse it: say so before the model is asked
    return path


def save_user_style(style: StyleProfile, *, overwrite: bool = False) -> Path:
    """Write a style to the user's styles folder (atomically); refuses to clobber by default,
    even a style saved by another process at the same moment (under the style's lock)."""
    from workbench.io.review.locking import locked_if_possible

    path = user_styles_dir() / check_name(f"{style.id}.yaml")
    data = style.model_dump(mode="json", exclude_defaults=False)
    if not data["exemplars"]:
        del data["exemplars"]
    with locked_if_possible([path]):  # two creations at once: one is refused, not replaced
        check_user_style_free(style.id, overwrite=overwrite)
        return write_named(path.parent, path.name, dump_yaml(data))
