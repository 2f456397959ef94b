"""Benchmarks of sentence alignment (`workbench align`), each figure beside its baseline.

Run: ``python -m bench.bench_align`` (a few seconds). Texts are generated from a seeded word
list: a "translation" renders each source sentence with a length ratio near 1.15 and some
noise, merging about 1 pair in 12 and splitting about 1 sentence in 12, numbers kept. The
generator knows the true beads, so the share found is printed too.

Figures (issue 15), medians of RUNS runs, baselines measured in this same run and process:
- the whole `workbench align` (the click command itself, run in this process: reading both
  files, splitting, aligning, rendering the text table, writing it) of a 2,000-sentence
  chapter takes <= 30x the same for an 80-sentence passage;
- and <= 2x reading the same two files the same way and splitting them into sentences alone.
Both sides run in this one process, after a first call has paid the imports: a process each
would add the interpreter's start and the imports (numpy, pydantic, click) to both sides and
drown the work being compared. The line "split + align" is `align_texts` alone; "reading
lengths and anchors alone" is `align_features.features` on the split sentences, the first pass
of the aligner (letter units, the numbers and capitalised words found by regular expressions
over both texts, and the cognates read from arrays of code points): a pass over the text like
the splitter's own, which bounds how close to the split alone any aligner reading anchors can
come.
A missed target makes the exit code 1.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from itertools import accumulate
from pathlib import Path

from workbench.core.align import align, align_texts
from workbench.core.align_features import TermPairs, features
from workbench.core.sentences import split_sentences

SEED = 20261201
RUNS = 5
_SYLLABLES = ["ka", "lo", "men", "tri", "sa", "vo", "nel", "ur", "pi", "da", "rho", "ze", "ba"]


def _sentence(rng: random.Random, words: int) -> str:
    out = ["".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 4))) for _ in range(words)]
    if rng.random() < 0.15:
        out.insert(rng.randrange(1, len(out)), str(rng.randint(2, 3000)))  # never first
    out[0] = out[0].capitalize()
    return " ".join(out) + rng.choice([".", ".", ".", "?", "!"])


def bilingual(count: int, seed: int = SEED) -> tuple[str, str, list[tuple[int, int]]]:
    """A source of `count` sentences, its "translation", and the true bead sizes."""
    source, target, beads = bilingual_sentences(count, seed)
    return " ".join(source), " ".join(target), beads


def bilingual_sentences(
    count: int, seed: int = SEED, alone: float = 0.0
) -> tuple[list[str], list[str], list[tuple[int, int]]]:
    """`bilingual`'s sentences, not joined; `alone`: the share of source sentences left out,
    and of target sentences added (a translator's note), each."""
    rng = random.Random(seed)
    source: list[str] = []
    target: list[str] = []
    beads: list[tuple[int, int]] = []
    while len(source) < count:
        roll = rng.random()
        first = _sentence(rng, rng.randint(4, 30))
        if roll < alone:
            source.append(first)
            beads.append((1, 0))
            continue
        if roll < 2 * alone:
            target.append(_render(rng, first))
            beads.append((0, 1))
            continue
        roll -= 2 * alone
        if roll < 0.08 and len(source) + 2 <= count:  # two source sentences, one target
            second = _sentence(rng, rng.randint(4, 30))
            source += [first, second]
            target.append(_render(rng, first + " " + second))
            beads.append((2, 1))
        elif roll < 0.16:  # one source sentence, two target sentences
            source.append(first)
            rendered = _render(rng, first).rstrip(".?!").split()
            cut = max(1, len(rendered) // 2)
            while cut < len(rendered) - 1 and (
                rendered[cut].isdigit() or rendered[cut - 1].isdigit()
            ):  # a German "1234. Word" reads as an ordinal, not a sentence end
                cut += 1
            target += [" ".join(rendered[:cut]) + ".", " ".join(rendered[cut:]).capitalize() + "."]
            beads.append((1, 2))
        else:
            source.append(first)
            target.append(_render(rng, first))
            beads.append((1, 1))
    return source, target, beads


def _render(rng: random.Random, sentence: str) -> str:
    """The sentence "translated": every word replaced by one about 1.15 times as long."""
    out = []
    for word in sentence.rstrip(".?!").split():
        if word.isdigit():
            out.append(word)
            continue
        size = max(4, round(len(word) * rng.gauss(1.15, 0.25)))
        out.append("".join(rng.choice("aeioustrnlm") for _ in range(size)))
    out[0] = out[0].capitalize()
    return " ".join(out) + sentence[-1]


def median_seconds(job: Callable[[], object], runs: int = RUNS) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        job()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def found_share(source: str, target: str, truth: list[tuple[int, int]]) -> float:
    beads = align(split_sentences(source, "en"), split_sentences(target, "en"))
    return boundaries_found([(len(b.source), len(b.target)) for b in beads], truth)


def boundaries_found(found: list[tuple[int, int]], truth: list[tuple[int, int]]) -> float:
    """The share of the true beads' ends (i, j) that the found beads end at too."""
    ends = [
        set(accumulate(beads, lambda a, b: (a[0] + b[0], a[1] + b[1]))) for beads in (truth, found)
    ]
    return len(ends[0] & ends[1]) / len(ends[0])


def alone_found(rounds: int = 20, count: int = 100) -> tuple[float, int, int]:
    """Texts where 3% of the source sentences are left out and 3% of the target's added: the
    share of true bead ends found, the sentences standing alone in truth, and found so."""
    shares, alone, matched = [], 0, 0
    for seed in range(1, rounds + 1):
        source, target, truth = bilingual_sentences(count, seed, alone=0.03)
        found = [(len(b.source), len(b.target)) for b in align(source, target)]
        shares.append(boundaries_found(found, truth))
        alone += sum(1 for bead in truth if 0 in bead)
        matched += sum(1 for bead in found if 0 in bead)
    return statistics.mean(shares), alone, matched


def _both_ways(
    source: list[str], target: list[str], terms: TermPairs | None
) -> list[tuple[list[str], list[str], TermPairs | None, TermPairs | None]]:
    """(one, other) each way round, with the terms for aligning other to one and one to other."""
    flipped = terms and TermPairs(terms.languages[::-1], tuple((t, s) for s, t in terms.pairs))
    return [(source, target, terms, flipped), (target, source, flipped, terms)]


def one_left_out_found(
    source: list[str], target: list[str], terms: TermPairs | None = None
) -> tuple[int, int]:
    """Each sentence in turn left out of one side of a hand-made sentence-by-sentence pair
    (1-0 and 0-1 beads, each side in each direction): how many of these alignments come out
    exactly right, of how many (`terms`: a glossary of the pair's, as anchors)."""
    right = total = 0
    for one, other, forth, back in _both_ways(source, target, terms):
        for k in range(len(one)):
            rest = [*other[:k], *other[k + 1 :]]
            before: list[tuple[tuple[int, ...], tuple[int, ...]]] = [((i,), (i,)) for i in range(k)]
            want = [*before, ((k,), ()), *[((i,), (i - 1,)) for i in range(k + 1, len(one))]]
            right += [(b.source, b.target) for b in align(one, rest, terms=forth)] == want
            want = [*before, ((), (k,)), *[((i - 1,), (i,)) for i in range(k + 1, len(one))]]
            right += [(b.source, b.target) for b in align(rest, one, terms=back)] == want
            total += 2
    return right, total


def joined_found(
    source: list[str], target: list[str], size: int = 2, terms: TermPairs | None = None
) -> tuple[int, int]:
    """Each `size` neighbouring sentences of one side of a hand-made sentence-by-sentence pair
    joined into one in turn (2-1 and 1-2 beads for 2, each side in each direction): how many
    of these alignments come out exactly right, of how many."""
    right = total = 0
    for one, other, forth, back in _both_ways(source, target, terms):
        for k in range(len(other) - size + 1):
            joined = ""
            for sentence in other[k : k + size]:
                joined += (sentence_joiner_for(joined) if joined else "") + sentence
            merged = [*other[:k], joined, *other[k + size :]]
            before: list[tuple[tuple[int, ...], tuple[int, ...]]] = [((i,), (i,)) for i in range(k)]
            group, after = tuple(range(k, k + size)), range(k + size, len(one))
            shift = size - 1
            want = [*before, (group, (k,)), *[((i,), (i - shift,)) for i in after]]
            right += [(b.source, b.target) for b in align(one, merged, terms=forth)] == want
            want = [*before, ((k,), group), *[((i - shift,), (i,)) for i in after]]
            right += [(b.source, b.target) for b in align(merged, one, terms=back)] == want
            total += 2
    return right, total


def sentence_joiner_for(sentence: str) -> str:
    """No space between two Chinese or Japanese sentences (those ending in 。！？)."""
    return "" if sentence.rstrip()[-1:] in "。！？" else " "


def hand_made_pairs() -> dict[str, tuple[list[str], list[str]]]:
    """The hand-made sentence-by-sentence passages of the tests (`tests/compare`)."""
    from tests.compare.parallel_passages import PASSAGES
    from tests.compare.test_align import KAMALA_DE, KAMALA_EN

    return {"de-en kamala": (KAMALA_DE, KAMALA_EN), **PASSAGES}


def hand_made_found(glossary: bool = False) -> dict[str, tuple[int, int]]:
    """`one_left_out_found` and `joined_found` (two, three) summed over `hand_made_pairs`,
    with each pair's glossary (`GLOSSARIES`) or without: for each, how many alignments came
    out exactly right, of how many."""
    from tests.compare.parallel_passages import GLOSSARIES

    measures: dict[str, Callable[[list[str], list[str], TermPairs | None], tuple[int, int]]] = {
        "left out": one_left_out_found,
        "two joined": lambda s, t, terms: joined_found(s, t, 2, terms),
        "three joined": lambda s, t, terms: joined_found(s, t, 3, terms),
    }
    found = dict.fromkeys(measures, (0, 0))
    for pair, (source, target) in hand_made_pairs().items():
        terms = TermPairs(*GLOSSARIES[pair]) if glossary else None
        for name, measure in measures.items():
            right, total = measure(source, target, terms)
            found[name] = (found[name][0] + right, found[name][1] + total)
    return found


def band_cells(source: str, target: str) -> int:
    """How many cells the banded search fills: the work, free of the machine's load."""
    from workbench.core.align import BAND, band_limits

    src_sentences, tgt_sentences = split_sentences(source, "en"), split_sentences(target, "de")
    if len(tgt_sentences) > len(src_sentences):
        src_sentences, tgt_sentences = tgt_sentences, src_sentences
    src, tgt = features(src_sentences, tgt_sentences)
    lo, hi = band_limits(src.lengths, tgt.lengths, BAND)
    return int((hi - lo + 1).sum())


def command(source: Path, target: Path, out: Path) -> None:
    """The whole `workbench align SOURCE TARGET --from en --to de -o OUT`, in this process: the
    real command (language checks, reading, splitting, aligning, rendering, writing)."""
    from workbench.cli.align_cmd import align as align_command

    args = [str(source), str(target), "--from", "en", "--to", "de", "-o", str(out)]
    align_command.main(args, standalone_mode=False)


def split_alone(source: Path, target: Path) -> None:
    """The baseline: the same two files read the same way and split into sentences, no more."""
    from workbench.io.inputs import read_passage

    split_sentences(read_passage(str(source))[0], "en")
    split_sentences(read_passage(str(target))[0], "de")


def main() -> None:
    small_s, small_t, _ = bilingual(80)
    big_s, big_t, truth = bilingual(2000)
    assert len(split_sentences(big_s, "en")) == 2000, "the generator's sentences split as meant"
    assert len(split_sentences(big_t, "de")) == sum(t for _, t in truth)
    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for name, text in (("small.en", small_s), ("small.de", small_t), ("big.en", big_s),
                           ("big.de", big_t)):  # fmt: skip
            files[name] = Path(tmp, name + ".txt")
            files[name].write_text(text, encoding="utf-8")
        out = Path(tmp, "aligned.txt")
        command(files["small.en"], files["small.de"], out)  # imports and caches warmed up
        split_alone(files["small.en"], files["small.de"])
        big_sentences = split_sentences(big_s, "en"), split_sentences(big_t, "de")
        smalls, bigs, splits, cores, reads = [], [], [], [], []
        for _ in range(RUNS):  # interleaved, so a busy moment of the machine hits all alike
            smalls.append(
                median_seconds(lambda: command(files["small.en"], files["small.de"], out), 1)
            )
            bigs.append(median_seconds(lambda: command(files["big.en"], files["big.de"], out), 1))
            splits.append(median_seconds(lambda: split_alone(files["big.en"], files["big.de"]), 1))
            cores.append(median_seconds(lambda: align_texts(big_s, big_t, "en", "de"), 1))
            reads.append(median_seconds(lambda: features(*big_sentences), 1))
    small, big, split, core, read = (
        statistics.median(x) for x in (smalls, bigs, splits, cores, reads)
    )
    scale, over_split = big / small, big / split
    print(f"workbench align, 80 sentences             {small * 1000:9.1f} ms")
    print(f"workbench align, 2,000 sentences          {big * 1000:9.1f} ms")
    print(f"  of which split + align (align_texts)    {core * 1000:9.1f} ms")
    print(f"read + split both 2,000-sentence texts    {split * 1000:9.1f} ms   (the baseline)")
    print(f"2,000 / 80 sentences                      {scale:9.1f} x   goal <= 30x")
    print(f"workbench align / split alone (2,000)     {over_split:9.1f} x   goal <= 2x")
    print(f"split + align / split alone (2,000)       {core / split:9.1f} x")
    print(f"  reading lengths and anchors alone       {read / split:9.1f} x   (the first pass)")
    cells = band_cells(big_s, big_t) / band_cells(small_s, small_t)
    print(f"cells searched, 2,000 / 80 sentences      {cells:9.1f} x   (the work, load-free)")
    print(f"true bead boundaries found (2,000)        {found_share(big_s, big_t, truth):9.1%}")
    share, alone, matched = alone_found()
    print(f"  with 3% left out, 3% added (20 x 100)   {share:9.1%}   ({matched} of {alone} alone)")
    glossary = [(w, w.upper()) for w in sorted(set(big_s.split()))[:40:2]]  # 20 terms
    plain_s, glossed_s = [], []
    for _ in range(RUNS):
        plain_s.append(median_seconds(lambda: align_texts(big_s, big_t, "en", "de"), 1))
        glossed_s.append(
            median_seconds(lambda: align_texts(big_s, big_t, "en", "de", terms=glossary), 1)
        )
    plain_t, glossed_t = statistics.median(plain_s), statistics.median(glossed_s)
    print(f"split + align (2,000), a glossary of 20 terms {glossed_t * 1000:7.1f} ms   ", end="")
    print(f"{glossed_t / plain_t:.1f}x without ({plain_t * 1000:.1f} ms; texts read word by word)")
    print("6 hand-made passages (de, fr, es, zh, ja with en; 72 sentences a side), exactly right,")
    print("without a glossary, and with one of 6 terms a passage (`--glossary`):")
    plain, glossed = hand_made_found(), hand_made_found(glossary=True)
    for name, (right, total) in plain.items():
        with_terms = glossed[name][0]
        print(f"  {name + ', each in turn':38s}  {right:6d} of {total}  {with_terms:6d} of {total}")
    missed = [name for name, ok in (("scale", scale <= 30), ("split", over_split <= 2)) if not ok]
    if missed:
        print(f"missed: {', '.join(missed)}")
        sys.exit(1)


if __name__ == "__main__":
    main()
