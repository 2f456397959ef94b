"""Streaming a structured answer: the incremental scanner against the whole-buffer re-parse.

Run: python -m bench.bench_structured [--chars 20000] [--runs 5]

A JSON answer whose "text" field is about 20,000 characters (prose with quotes, line breaks,
non-Latin letters and an emoji, so escapes occur) is fed in pieces of 1 to 12 characters (seeded),
as a server streams it. Two ways of following the text field, interleaved in the same run:

- new: `workbench.llm.structured.AnswerStream` (the incremental `JsonFieldScanner`);
- old: the code of the starting commit (6e812a8, `llm/partial.py` and the providers' stream
  loop), copied below: at every piece the parts are joined and the whole buffer parsed with
  `pydantic_core.from_json(..., allow_partial="trailing-strings")`.

Printed: the time per piece over the first and the last tenth of the pieces (median of the runs;
flat from first to last = linear in the answer's length), their ratio, and the whole answer's
time. The final validation of the whole answer (the same for both) is timed apart. Target: the
new scanner's last-tenth/first-tenth ratio at most 2 (the exit code is 1 if missed).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from collections.abc import Callable

from pydantic_core import from_json

from workbench.core.translate.models import RenditionOutput
from workbench.llm.structured import AnswerStream, validate_answer

SEED = 20250101
TARGET_RATIO = 2.0
_WORDS = ["der", "Fluss", "lachte", "Siddhartha", "Schatten", "Flußufer", "über", "Straße",
          "мир", "λόγος", "翻译", "“quoted”", '"said"', "back\\slash", "tab\there",
          "😀"]  # fmt: skip


class OldStreamingTextField:
    """`workbench/llm/partial.py` at 6e812a8, verbatim: re-parses the whole buffer each time."""

    def __init__(self, field: str = "text") -> None:
        self.field = field
        self.shown = ""

    def feed(self, buffer: str) -> tuple[str, bool]:
        start = buffer.lstrip()
        if not start.startswith("{"):
            return "", False
        try:
            data = from_json(start, allow_partial="trailing-strings")
        except ValueError:
            return "", False
        value = data.get(self.field) if isinstance(data, dict) else None
        if not isinstance(value, str) or value == self.shown:
            return "", False
        if value.startswith(self.shown):
            delta = value[len(self.shown) :]
            self.shown = value
            return delta, False
        self.shown = value
        return value, True


def old_follower(shown: list[str]) -> Callable[[str], None]:
    """The providers' stream loop at 6e812a8: the parts joined at every piece, then parsed."""
    parts: list[str] = []
    tracker = OldStreamingTextField()

    def on_piece(piece: str) -> None:
        parts.append(piece)
        delta, reset = tracker.feed("".join(parts))
        if reset:
            shown.clear()
        if delta:
            shown.append(delta)

    return on_piece


def new_follower(shown: list[str]) -> Callable[[str], None]:
    answer = AnswerStream("json_schema", "text", shown.append, shown.clear)
    return answer.feed


def make_answer(chars: int, rng: random.Random) -> str:
    words: list[str] = []
    size = 0
    while size < chars:
        word = rng.choice(_WORDS)
        if rng.random() < 0.05:
            word += ".\n\n" if rng.random() < 0.3 else "."
        words.append(word)
        size += len(word) + 1
    text = " ".join(words)[:chars]
    answer = {"text": text, "notes": ["A note on 'Fluss'."], "footnotes": ["[1] Salwald: sal."]}
    return json.dumps(answer, ensure_ascii=False)


def split(answer: str, rng: random.Random) -> list[str]:
    pieces, i = [], 0
    while i < len(answer):
        n = rng.randint(1, 12)
        pieces.append(answer[i : i + n])
        i += n
    return pieces


def run_once(make: Callable[[list[str]], Callable[[str], None]], pieces: list[str]) -> list[float]:
    """Seconds per piece in each tenth of the pieces."""
    shown: list[str] = []
    feed = make(shown)
    tenth = len(pieces) // 10
    per_piece = []
    for k in range(10):
        block = pieces[k * tenth : (k + 1) * tenth if k < 9 else len(pieces)]
        start = time.perf_counter()
        for piece in block:
            feed(piece)
        per_piece.append((time.perf_counter() - start) / len(block))
    return per_piece


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--chars", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(SEED)
    answer = make_answer(args.chars, rng)
    pieces = split(answer, rng)
    expected = from_json(answer)["text"]
    for make in (old_follower, new_follower):  # both follow the field exactly
        shown: list[str] = []
        feed = make(shown)
        for piece in pieces:
            feed(piece)
        assert "".join(shown) == expected, make.__name__

    results: dict[str, list[list[float]]] = {"old": [], "new": []}
    makers = {"old": old_follower, "new": new_follower}
    load_before = os.getloadavg()[0]
    for round_ in range(args.runs):
        order = ["old", "new"] if round_ % 2 == 0 else ["new", "old"]
        for name in order:
            results[name].append(run_once(makers[name], pieces))
    load_after = os.getloadavg()[0]
    validations = []
    for _ in range(args.runs):
        start = time.perf_counter()
        validate_answer(answer, "json_schema", RenditionOutput)
        validations.append(time.perf_counter() - start)

    print(
        f"answer: {len(answer):,} characters ({len(expected):,} in the text field) in "
        f"{len(pieces):,} pieces of 1-12; median of {args.runs} interleaved runs; "
        f"{os.cpu_count()} cores, load {load_before:.1f} -> {load_after:.1f}"
    )
    head = f"{'':<5}{'first tenth':>14}{'last tenth':>14}{'last/first':>12}  {'noise':<13}"
    print(f"{head}{'whole':>10}")
    ratios = {}
    for name in ("old", "new"):
        runs = results[name]
        first = statistics.median(r[0] for r in runs)
        last = statistics.median(r[-1] for r in runs)
        per_run = [r[-1] / r[0] for r in runs]
        whole = statistics.median(sum(r) * len(pieces) / 10 for r in runs)
        ratios[name] = last / first
        noise = f"{min(per_run):.2f}-{max(per_run):.2f}"
        print(
            f"{name:<5}{first * 1e6:>11.1f} µs{last * 1e6:>11.1f} µs{last / first:>12.2f}  "
            f"{noise:<13}{whole * 1e3:>7.1f} ms"
        )
    validation = statistics.median(validations) * 1e3
    print(f"final validation of the whole answer (both): {validation:.2f} ms")
    old_whole = statistics.median(sum(r) for r in results["old"])
    new_whole = statistics.median(sum(r) for r in results["new"])
    print(f"whole stream, old / new: {old_whole / new_whole:.1f}x")
    met = ratios["new"] <= TARGET_RATIO
    verdict = "met" if met else "MISSED"
    print(f"new last/first {ratios['new']:.2f} (target <= {TARGET_RATIO}): {verdict}")
    if not met:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
