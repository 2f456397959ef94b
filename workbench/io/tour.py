"""Whether the TUI's first-run tour is due: once per data folder, unless turned off.

Shown once: a marker file `tour-shown` in the data folder (written atomically, like every file
the workbench writes) remembers it. WORKBENCH_NO_TOUR=1 turns it off (the tests and the
benchmarks set it, so their screens are the ones a returning user sees).
"""

from __future__ import annotations

import contextlib
import os

from workbench.io.atomic import write_named
from workbench.io.paths import data_dir

MARKER = "tour-shown"
OFF = "WORKBENCH_NO_TOUR"


def tour_due() -> bool:
    if os.environ.get(OFF, "").strip() not in ("", "0"):
        return False
    try:
        return not (data_dir() / MARKER).exists()
    except OSError:
        return False


def tour_shown() -> None:
    """Remember that the tour was shown. A data folder that cannot be written only means the
    tour comes again next time: nothing to tell the user now."""
    with contextlib.suppress(OSError):
        write_named(
            data_dir(), MARKER, "The first-run tour was shown; delete this to see it again.\n"
        )
