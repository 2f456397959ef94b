"""Two processes saving a user style of the same id at once (`styles describe`, the TUI's
describe screen): without --force one is saved and the other refused, never both reported as
saved; with --force each file is one whole style. Iterations: 50 by default; set
WORKBENCH_TEST_RACE_ITERATIONS to run more."""

from __future__ import annotations

from pathlib import Path

from tests.races.helpers import in_step, iterations
from workbench.io.translate.styles import load_style_file, user_styles_dir


def race(tmp_path: Path, *extra: str) -> list[list[dict[str, object]]]:
    go = tmp_path / "go"
    arg_lists = [[p, str(iterations()), str(go), *extra] for p in ("a", "b")]
    return in_step("tests.races.style_worker", arg_lists, go)


def test_two_creations_of_one_style_save_one_and_refuse_the_other(tmp_path: Path) -> None:
    a, b = race(tmp_path)
    for i in range(iterations()):
        saved = [p for p, report in zip("ab", (a, b), strict=True) if report[i]["code"] == 0]
        assert len(saved) == 1, (i, a[i], b[i])  # never both told "saved"
        style = load_style_file(user_styles_dir() / f"race-{i}.yaml")
        assert style.name == f"{saved[0]} {i}"  # the one reported as saved is on disk


def test_two_forced_saves_leave_whole_styles(tmp_path: Path) -> None:
    a, b = race(tmp_path, "force")
    assert all(line["code"] == 0 for line in a + b)
    for i in range(iterations()):
        style = load_style_file(user_styles_dir() / f"race-{i}.yaml")
        assert style.name in (f"a {i}", f"b {i}") and style.brief == f"brief {style.name}"
    assert [p.name for p in user_styles_dir().iterdir() if p.name.startswith(".")] == []
