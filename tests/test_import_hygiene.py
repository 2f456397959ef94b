"""The core, services and providers never import textual or rich; `--help` stays light."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import workbench

HEAVY_UI = ("textual", "rich")


def _modules_below_interfaces() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(workbench.__path__, "workbench."):
        if info.name.startswith(("workbench.tui", "workbench.cli")):
            continue
        names.append(info.name)
    return names


def test_core_modules_do_not_import_textual_or_rich() -> None:
    modules = _modules_below_interfaces()
    assert "workbench.io.config" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"bad = [m for m in {HEAVY_UI!r} if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"imported below the interfaces: {out.stdout}"


def test_help_does_not_import_heavy_modules() -> None:
    code = (
        "import sys\n"
        "from workbench.cli import cli\n"
        "try:\n"
        "    cli.main(args=['--help'], standalone_mode=False)\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('HEAVY:' + ','.join(m for m in ('openai', 'textual', 'pydantic', 'llama_cpp') "
        "if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "HEAVY:", out.stdout
