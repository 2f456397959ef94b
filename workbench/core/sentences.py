"""The one sentence splitter of the product: `sentencex` (rule-based, ~300 languages, CJK
。！？ included, German and English abbreviations known), compiled code that reads no files.

Paragraphs (blank lines) always end a sentence; each sentence comes back stripped, and
sentences with nothing but spaces are left out, so the pieces are what a reader counts.
"""

from __future__ import annotations

import re

_PARAGRAPH = re.compile(r"\n\s*\n")


def base_language(tag: str) -> str:
    """`de-CH` -> `de`: sentencex knows languages, not regions."""
    return (tag or "en").replace("_", "-").split("-")[0].lower() or "en"


def split_sentences(text: str, language: str) -> list[str]:
    """The sentences of `text` (a BCP 47 language tag picks the rules), in order."""
    import sentencex

    lang = base_language(language)
    out: list[str] = []
    for paragraph in _PARAGRAPH.split(text):
        if not paragraph.strip():
            continue
        for sentence in sentencex.segment(lang, paragraph):
            sentence = sentence.strip()
            if sentence:
                out.append(sentence)
    return out
