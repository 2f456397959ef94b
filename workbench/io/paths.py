"""Where workbench keeps its files: config, data (history), cache.

Each can be moved with an environment variable (WORKBENCH_CONFIG_DIR, WORKBENCH_DATA_DIR,
WORKBENCH_CACHE_DIR), which tests and sandboxed users rely on; otherwise platformdirs decides.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "workbench"


def _dir(env: str, kind: str) -> Path:
    override = os.environ.get(env)
    if override:
        return Path(override).expanduser()
    import platformdirs

    getter = {
        "config": platformdirs.user_config_dir,
        "data": platformdirs.user_data_dir,
        "cache": platformdirs.user_cache_dir,
    }[kind]
    return Path(getter(APP_NAME, appauthor=False))


def config_dir() -> Path:
    return _dir("WORKBENCH_CONFIG_DIR", "config")


def data_dir() -> Path:
    return _dir("WORKBENCH_DATA_DIR", "data")


def cache_dir() -> Path:
    return _dir("WORKBENCH_CACHE_DIR", "cache")


def bundled_dir(name: str) -> Path:
    """A data folder shipped with the package (`prompts`, `checklists`).

    In a wheel the folders live at `workbench/_data/<name>`; in a checkout (editable install)
    they are at the top level beside the package.
    """
    here = Path(__file__).resolve().parent.parent  # workbench/
    packaged = here / "_data" / name
    if packaged.is_dir():
        return packaged
    return here.parent / name
