"""Word-level diffs with diff-match-patch semantics, fast enough for whole chapters.

How a diff is made (`diff_texts`):

1. Both texts are split into tokens (`workbench.core.compare.tokens`): words, whitespace runs,
   punctuation, one token per CJK/kana/Thai character, emoji sequences whole.
2. Every distinct token gets its own character, the diff-match-patch "linesToChars" trick applied
   to words. The characters are taken from U+10000 upwards (never a surrogate, never whitespace or
   a line break, which the C++ library treats specially), so there are more than a million of
   them; Python hands the C++ library full code points, so non-BMP characters are safe.
3. `fast_diff_match_patch` (the C++ port) diffs the two token strings and runs its semantic
   cleanup, so the diff reads as whole words and phrases rather than scattered coincidences.
4. A token-aware version of diff-match-patch's "semantic lossless" pass then slides each lone
   insertion or deletion to the nicest boundary (blank line > line break > whitespace before a
   word > punctuation), judged on the real tokens rather than on their stand-in characters.
5. The token counts are turned back into text: ops ``(op, text)`` with op -1 (only in A),
   0 (in both), 1 (only in B). Joining the texts of ops 0 and -1 gives A exactly; 0 and 1 gives B.

No step has a time budget, so the answer never depends on how busy the machine is. What keeps
big inputs fast is their size, never the clock:

- Texts of more than `WHOLE_CHARS` characters together are diffed line by line first (each
  line a symbol), and then word by word inside each block of changed lines; lines equal in both
  are only counted (bench/bench_diff.py times two 100,000-line files with 2% of lines changed).
- A diff of more than `EXACT_TOKENS` tokens (or `lines_first.EXACT_LINES` lines) together is cut at
  anchors before the C++ library sees it (`workbench.core.compare.anchored`): tokens or lines that
  occur once in each text, in agreeing order. A piece with no anchor that is still too big is
  shown deleted and inserted whole.

Below those sizes (every passage-sized text) the diff is the exact one of steps 1-5.

If the texts hold more distinct tokens than there are stand-in characters (not possible for
inputs of a few megabytes), the diff falls back to the C++ library at character level, which is
still exact, only less word-shaped.

Similarity (`similarity`): the share of non-whitespace tokens the two texts have in common in
the diff as shown, ``2 * equal / (tokens_a + tokens_b)`` (the Dice coefficient, like
`difflib.SequenceMatcher.ratio` but over words). 1.0 means the same words (whitespace
may differ); 0.0 means nothing in common. Two texts without any
non-whitespace token score 1.0 if equal, else 0.0. Computed on the cleaned-up diff, so chance
matches of "the" inside rewritten phrases do not count; the score can differ slightly between
``diff(a, b)`` and ``diff(b, a)``, so the pairwise matrix diffs each pair once and mirrors it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import accumulate

from pydantic import BaseModel, Field

from workbench.core.compare.anchored import diff_symbols
from workbench.core.compare.boundaries import normalize, shift_to_boundaries
from workbench.core.compare.tokens import is_space, tokenize

DELETE, EQUAL, INSERT = -1, 0, 1
Op = tuple[int, str]

_FIRST_CHAR = 0x10000
_CAPACITY = 0x110000 - _FIRST_CHAR
WHOLE_CHARS = 200_000  # texts longer than this together are diffed lines first
EXACT_TOKENS = 40_000  # token diffs longer than this together are cut at anchors first

_UNBOUNDED = 1 << 62
_OPCODE = {"=": EQUAL, "-": DELETE, "+": INSERT}


class DiffResult(BaseModel):
    """A word diff of A against B: ops (-1 only in A, 0 both, 1 only in B) and a similarity."""

    ops: list[tuple[int, str]] = Field(description="[op, text] pairs: -1 only in A, 0 both, 1 B")
    similarity: float = Field(ge=0.0, le=1.0, description="share of words in common, 0..1")


class SimilarityMatrix(BaseModel):
    """Pairwise similarities: ``matrix[i][j]`` compares ``names[i]`` with ``names[j]``."""

    names: list[str]
    matrix: list[list[float]]

    def get(self, a: str, b: str) -> float:
        return self.matrix[self.names.index(a)][self.names.index(b)]


class _VocabularyFull(Exception):
    pass


class _Text:
    """A text prepared for diffing: its tokens, their stand-in characters, word counts."""

    __slots__ = ("_counted", "chars", "text", "tokens")

    def __init__(self, text: str, tokens: list[str], chars: str) -> None:
        self.text = text
        self.tokens = tokens
        self.chars = chars
        self._counted: list[int] | None = None

    def counted_prefix(self) -> list[int]:
        """prefix[i] = how many of the first i tokens are not whitespace."""
        if self._counted is None:
            self._counted = counted_prefix(self.tokens)
        return self._counted


class Differ:
    """Diffs among several named texts sharing one tokenization and token vocabulary.

    Each text is tokenized once however many pairs it takes part in, and each diff is made
    once: `diff` results are cached, so the matrix and the baseline diffs of one set of
    renditions cost no more than the matrix alone. Usage::

        differ = Differ()
        for name, text in texts.items():
            differ.add(name, text)
        matrix = differ.matrix()
        ops = differ.diff("reference", "formal").ops
    """

    def __init__(self, *, whole_chars: int = WHOLE_CHARS, exact_tokens: int = EXACT_TOKENS) -> None:
        self.whole_chars = whole_chars
        self.exact_tokens = exact_tokens
        self._vocab: dict[str, str] = {}
        self._texts: dict[str, _Text] = {}
        self._full = False
        self._cache: dict[tuple[str, str], DiffResult] = {}
        self._prepared: set[str] = set()

    @property
    def names(self) -> list[str]:
        return list(self._texts)

    def add(self, name: str, text: str) -> None:
        """Add (or replace) a text under `name` (tokenized when a diff first needs it)."""
        self._cache = {k: v for k, v in self._cache.items() if name not in k}
        self._texts[name] = _Text(text, [], "")
        self._prepared.discard(name)

    def _prepare(self, name: str) -> _Text:
        """The text's tokens and their stand-in characters, made once."""
        text = self._texts[name]
        if name not in self._prepared:
            text.tokens = tokenize(text.text)
            if not self._full:
                try:
                    text.chars = self._encode(text.tokens)
                except _VocabularyFull:
                    self._full = True
            self._prepared.add(name)
        return text

    def _encode(self, tokens: list[str]) -> str:
        vocab = self._vocab
        missing = [t for t in dict.fromkeys(tokens) if t not in vocab]
        if len(vocab) + len(missing) > _CAPACITY:
            raise _VocabularyFull
        start = _FIRST_CHAR + len(vocab)
        vocab.update(zip(missing, map(chr, range(start, start + len(missing))), strict=True))
        return "".join(map(vocab.__getitem__, tokens))

    def diff(self, name_a: str, name_b: str) -> DiffResult:
        """The diff of text `name_a` (A) against text `name_b` (B)."""
        key = (name_a, name_b)
        if key not in self._cache:
            self._cache[key] = self._diff(name_a, name_b)
        return self._cache[key]

    def matrix(self) -> SimilarityMatrix:
        """Similarities of all pairs, each pair diffed once (A is the earlier-added text)."""
        names = self.names
        n = len(names)
        matrix = [[1.0] * n for _ in range(n)]
        for i in range(n):
            for j in range(i + 1, n):
                matrix[i][j] = matrix[j][i] = self.diff(names[i], names[j]).similarity
        return SimilarityMatrix(names=names, matrix=matrix)

    def _diff(self, name_a: str, name_b: str) -> DiffResult:
        raw_a, raw_b = self._texts[name_a].text, self._texts[name_b].text
        if len(raw_a) + len(raw_b) > self.whole_chars:
            from workbench.core.compare.lines_first import diff_lines_first

            ops, sim = diff_lines_first(raw_a, raw_b, self._encode_block, self.exact_tokens)
            return DiffResult.model_construct(ops=ops, similarity=sim)
        a, b = self._prepare(name_a), self._prepare(name_b)
        if self._full:
            ops = _char_level_ops(a.text, b.text)
            return DiffResult.model_construct(ops=ops, similarity=similarity(ops))
        counts = _token_diff(a, b, self.exact_tokens)
        ops, sim = _materialize(counts, a, b)
        return DiffResult.model_construct(ops=ops, similarity=sim)

    def _encode_block(self, tokens: list[str]) -> str | None:
        """Stand-in characters for a block's tokens; None when the vocabulary is full."""
        if self._full:
            return None
        try:
            return self._encode(tokens)
        except _VocabularyFull:
            self._full = True
            return None


def diff_texts(a: str, b: str) -> DiffResult:
    """The word diff of `a` against `b`, with their similarity."""
    differ = Differ()
    differ.add("a", a)
    differ.add("b", b)
    return differ.diff("a", "b")


def diff_texts_whole(a: str, b: str) -> DiffResult:
    """The reference for big inputs: one exact word diff of the whole texts, no lines first,
    no anchors, no time budget. Slow on big inputs (seconds for megabytes); for tests and
    benchmarks, which check that `diff_texts` stays close to it."""
    differ = Differ(whole_chars=_UNBOUNDED, exact_tokens=_UNBOUNDED)
    differ.add("a", a)
    differ.add("b", b)
    return differ.diff("a", "b")


def pairwise(texts: Mapping[str, str]) -> SimilarityMatrix:
    """The similarity of every pair of `texts` (name -> text); diagonal 1.0, symmetric."""
    differ = Differ()
    for name, text in texts.items():
        differ.add(name, text)
    return differ.matrix()


def diff_against(baseline_name: str, texts: Mapping[str, str]) -> dict[str, DiffResult]:
    """Diff every other text against the baseline (baseline is A, the other is B).

    Keys are the other texts' names in their order; the baseline itself is left out.
    """
    if baseline_name not in texts:
        raise KeyError(baseline_name)
    differ = Differ()
    for name, text in texts.items():
        differ.add(name, text)
    return {name: differ.diff(baseline_name, name) for name in texts if name != baseline_name}


def text_a(ops: Sequence[Op]) -> str:
    """Rebuild text A from diff ops."""
    return "".join(text for op, text in ops if op != INSERT)


def text_b(ops: Sequence[Op]) -> str:
    """Rebuild text B from diff ops."""
    return "".join(text for op, text in ops if op != DELETE)


def similarity(ops: Sequence[Op]) -> float:
    """The similarity of the two texts of `ops` (see the module docs), from the ops alone."""
    equal = count_a = count_b = 0
    for op, text in ops:
        n = sum(1 for t in tokenize(text) if not is_space(t))
        if op == EQUAL:
            equal += n
            count_a += n
            count_b += n
        elif op == DELETE:
            count_a += n
        else:
            count_b += n
    return _dice(equal, count_a + count_b, text_a(ops) == text_b(ops))


# -- internals -------------------------------------------------------------------------------

Count = list[int]  # [op, number of tokens]


def _token_diff(a: _Text, b: _Text, exact_tokens: int) -> list[Count]:
    return token_counts(a.chars, b.chars, a.tokens, b.tokens, exact_tokens)


def token_counts(
    chars_a: str, chars_b: str, ta: list[str], tb: list[str], exact_tokens: int
) -> list[Count]:
    """The token diff of two encoded texts: [op, number of tokens] counts, each lone edit slid
    to its nicest boundary, one deletion then one insertion per change."""
    counts = diff_symbols(chars_a, chars_b, exact_limit=exact_tokens, cleanup="Semantic")
    return normalize(shift_to_boundaries(normalize(counts), ta, tb))


def _char_level_ops(a: str, b: str) -> list[Op]:
    import fast_diff_match_patch

    raw = fast_diff_match_patch.diff(
        a, b, timelimit=0, checklines=False, cleanup="Semantic", counts_only=False
    )
    return [(_OPCODE[op], text) for op, text in raw if text]


def _materialize(counts: list[Count], a: _Text, b: _Text) -> tuple[list[Op], float]:
    """Token counts -> text ops, and the similarity (non-whitespace tokens in common)."""
    pre_a, pre_b = a.counted_prefix(), b.counted_prefix()
    ops, equal = materialize_counts(counts, a.tokens, b.tokens, pre_a)
    return ops, _dice(equal, pre_a[-1] + pre_b[-1], a.text == b.text)


def materialize_counts(
    counts: list[Count], ta: list[str], tb: list[str], counted_a: list[int]
) -> tuple[list[Op], int]:
    """Token counts -> text ops, and how many non-whitespace tokens they have in common
    (`counted_a`: the `counted_prefix` of A's tokens `ta`)."""
    ops: list[Op] = []
    pa = pb = equal = 0
    join = "".join
    for op, n in counts:
        if op == EQUAL:
            ops.append((EQUAL, join(ta[pa : pa + n])))
            equal += counted_a[pa + n] - counted_a[pa]
            pa += n
            pb += n
        elif op == DELETE:
            ops.append((DELETE, join(ta[pa : pa + n])))
            pa += n
        else:
            ops.append((INSERT, join(tb[pb : pb + n])))
            pb += n
    return ops, equal


def counted_prefix(tokens: list[str]) -> list[int]:
    """prefix[i] = how many of the first i tokens are not whitespace."""
    return [0, *accumulate(0 if t[0].isspace() else 1 for t in tokens)]


def _dice(equal: int, total: int, same: bool) -> float:
    if total == 0:
        return 1.0 if same else 0.0
    return min(1.0, 2 * equal / total)


def flip_ops(ops: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The ops of B against A, from those of A against B: each change still reads as its
    deletion first, then its insertion."""
    out: list[tuple[int, str]] = []
    pending: list[tuple[int, str]] = []
    for op, text in ops:
        if op == 0:
            out.extend(sorted(pending, key=lambda o: o[0]))
            pending = []
            out.append((0, text))
        else:
            pending.append((-op, text))
    out.extend(sorted(pending, key=lambda o: o[0]))
    return out
