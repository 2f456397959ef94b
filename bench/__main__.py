"""Run every benchmark: python -m bench   (or one: python -m bench.bench_translate)."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path


def main() -> None:
    folder = Path(__file__).parent
    for info in sorted(pkgutil.iter_modules([str(folder)]), key=lambda m: m.name):
        if info.name.startswith("bench_"):
            print()
            importlib.import_module(f"bench.{info.name}").main()


if __name__ == "__main__":
    main()
