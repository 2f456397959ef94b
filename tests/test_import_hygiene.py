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


LIGHT_AT_HELP = {
    "workbench",
    "workbench.cli",
    "workbench.core",
    "workbench.core.errors",
    "workbench.io",
    "workbench.io.gc_tuning",
}
"""The only workbench modules a `workbench --help` process loads (its start-up time is a
benchmark figure): the writers (`workbench.io.atomic`, tempfile, pathlib) and the text checks
(`workbench.core.text_safety`, json, html) load when a command or an error needs them."""


def test_help_through_the_entry_point_loads_only_the_cli() -> None:
    code = (
        "import sys\n"
        "from workbench.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('LOADED:' + ','.join(sorted(m for m in sys.modules "
        "if m == 'workbench' or m.startswith('workbench.'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(out.stdout.strip().splitlines()[-1].removeprefix("LOADED:").split(","))
    assert loaded <= LIGHT_AT_HELP, sorted(loaded - LIGHT_AT_HELP)


def test_a_language_code_is_read_without_the_names_of_every_language() -> None:
    """`--from de` needs the code checked, not the 7 MB table of every language's names in
    every language (a fifth of a second to load): `workbench align` never shows a name. The
    name is read when asked for (a prompt), and a name given instead of a code still works."""
    code = (
        "import sys\n"
        "from workbench.core.languages import parse_language\n"
        "tags = [parse_language(v).tag for v in ('de', 'EN', 'pt_BR', 'zh-Hant', 'de-CH')]\n"
        "print(tags, 'language_data.name_data' in sys.modules)\n"
        "print(parse_language('de').name, 'language_data.name_data' in sys.modules)\n"
        "print(parse_language('deutsch').tag)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == [
        "['de', 'en', 'pt-BR', 'zh-Hant', 'de-CH'] False",
        "German True",
        "de",
    ], out.stdout
