"""The wheel carries the data the app needs (styles, checklists), not only the checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_ships_prompts_and_checklists(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
        ],
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("translation_workbench-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for style in ("rosner", "neugroschel", "bernofsky", "literal"):
        assert f"workbench/_data/prompts/styles/{style}.yaml" in names
    assert any(n.startswith("workbench/_data/checklists/") for n in names)
    assert "workbench/cli/__init__.py" in names
    assert not any(n.startswith("tests/") for n in names)


def test_distribution_name_is_free_on_pypi_and_the_command_stays() -> None:
    """`workbench` on PyPI is an unrelated package (same import name and command), so
    `pipx install workbench` would install the wrong tool: the distribution has its own name."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == "translation-workbench"
    assert project["scripts"]["workbench"] == "workbench.cli:main"


def test_installed_wheel_finds_its_data(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path / "dist"),
        ],
        check=True,
        capture_output=True,
    )
    [wheel] = (tmp_path / "dist").glob("translation_workbench-*.whl")
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "import workbench.io.paths as p; from workbench.io.translate.styles import load_catalog;"
        "print(p.bundled_dir('prompts')); print(sorted(load_catalog().styles))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(target)], capture_output=True, text=True, check=True
    ).stdout
    assert str(target) in out.splitlines()[0]
    assert "rosner" in out
