"""The benchmarks (python -m bench). They time the screens a returning user sees: the
first-run tour is off in them and in every process they start."""

import os

os.environ.setdefault("WORKBENCH_NO_TOUR", "1")
