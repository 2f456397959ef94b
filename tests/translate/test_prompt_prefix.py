"""Everything before a style's own message is byte-identical across the styles of a run, so a
provider's prompt cache can reuse it; the passage is inside that shared prefix."""

from __future__ import annotations

import json

import pytest

from workbench.core.compare.glossary import GlossaryEntry
from workbench.core.translate.prompts import (
    OutputMode,
    build_messages,
    message_builder,
    prompt_hash,
)
from workbench.io.translate.styles import load_catalog
from workbench.llm.cache import ResponseCache
from workbench.llm.structured import MODES

PASSAGE = "Was ist es, das du gelernt hast, das du kannst? Ich kann denken. Ich kann warten."


def serialized(messages: list[dict[str, str]]) -> str:
    """The messages as a request body carries them."""
    return json.dumps(messages, ensure_ascii=False)


@pytest.mark.parametrize("mode", MODES)
def test_the_prefix_before_the_style_is_shared_and_holds_the_passage(mode: OutputMode) -> None:
    styles = load_catalog().resolve([])
    assert len(styles) >= 4
    runs = [build_messages(PASSAGE, "de", "en", style, mode) for style in styles]
    prefixes = {serialized(messages[:-1])[:-1] for messages in runs}
    assert len(prefixes) == 1, "the messages before the style's own are byte-identical"
    (prefix,) = prefixes
    assert all(serialized(messages).startswith(prefix + ", ") for messages in runs)
    assert PASSAGE in prefix, "the passage is inside the shared prefix"
    for style, messages in zip(styles, runs, strict=True):
        assert style.name in messages[-1]["content"]
        assert style.name not in prefix


@pytest.mark.parametrize("mode", MODES)
def test_hash_and_cache_key_still_differ_per_style(mode: OutputMode) -> None:
    styles = load_catalog().resolve([])
    runs = [build_messages(PASSAGE, "de", "en", style, mode) for style in styles]
    assert len({prompt_hash(m) for m in runs}) == len(styles)
    identity = {"provider": "openai", "base_url": None, "model": "m"}
    keys = {ResponseCache.make_key(identity, m, {"temperature": 0.5}) for m in runs}
    assert len(keys) == len(styles)


def test_footnote_instructions_are_the_styles_own() -> None:
    catalog = load_catalog()
    with_notes = build_messages(PASSAGE, "de", "en", catalog.get("neugroschel"), "json_schema")
    without = build_messages(PASSAGE, "de", "en", catalog.get("literal"), "json_schema")
    assert "[1]" in with_notes[-1]["content"]
    assert "footnotes" not in without[-1]["content"].lower()
    assert with_notes[:-1] == without[:-1]


def test_messages_are_built_once_per_mode() -> None:
    style = load_catalog().get("rosner")
    build = message_builder(PASSAGE, "de", "en", style)
    first = build("json_schema")
    assert build("json_schema") is first
    assert first == build_messages(PASSAGE, "de", "en", style, "json_schema")
    assert build("text") is not first


TERMS_PASSAGE = "Siddhartha ging zum Fluss. Der Fährmann wartete. Ich kann warten."
"""A passage with every term of GLOSSARY: only the entries whose term it has are sent."""
GLOSSARY = [
    GlossaryEntry(source="Fluss", target="river", note="never 'stream'"),
    GlossaryEntry(source="Fährmann", target="ferryman"),
    GlossaryEntry(source="Fluss", target="stream", style="literal"),
    GlossaryEntry(source="Siddhartha", target="Siddhartha the Brahmin", style="rosner"),
]


@pytest.mark.parametrize("mode", MODES)
def test_with_a_glossary_the_prefix_is_still_byte_identical_and_holds_the_shared_entries(
    mode: OutputMode,
) -> None:
    styles = load_catalog().resolve([])
    runs = [build_messages(TERMS_PASSAGE, "de", "en", s, mode, glossary=GLOSSARY) for s in styles]
    prefixes = {serialized(messages[:-1])[:-1] for messages in runs}
    assert len(prefixes) == 1, "the messages before the style's own are byte-identical"
    (prefix,) = prefixes
    assert all(serialized(messages).startswith(prefix + ", ") for messages in runs)
    assert '"Fluss" -> "river"' in runs[0][0]["content"]
    assert "never 'stream'" in runs[0][0]["content"]
    assert '"Fährmann" -> "ferryman"' in runs[0][0]["content"]
    for entry in GLOSSARY[2:]:  # the per-style entries are in no shared message
        line = f'"{entry.source}" -> "{entry.target}"'
        assert line not in "".join(m["content"] for m in runs[0][:-1])
    without = build_messages(TERMS_PASSAGE, "de", "en", styles[0], mode)
    assert runs[0][1] == without[1], "the passage's message is the same with a glossary"


def test_per_style_entries_reach_only_their_styles_message() -> None:
    catalog = load_catalog()
    own = {
        sid: build_messages(
            TERMS_PASSAGE, "de", "en", catalog.get(sid), "json_schema", glossary=GLOSSARY
        )[-1]["content"]
        for sid in ("literal", "rosner", "bernofsky")
    }
    assert '"Fluss" -> "stream"' in own["literal"]
    assert "Siddhartha the Brahmin" not in own["literal"]
    assert '"Siddhartha" -> "Siddhartha the Brahmin"' in own["rosner"]
    assert '"Fluss" -> "stream"' not in own["rosner"]
    assert "Glossary" not in own["bernofsky"]


def test_the_glossary_changes_the_prompt_hash_and_so_the_cache_key() -> None:
    style = load_catalog().get("rosner")
    plain = build_messages(TERMS_PASSAGE, "de", "en", style, "json_schema")
    with_glossary = build_messages(
        TERMS_PASSAGE, "de", "en", style, "json_schema", glossary=GLOSSARY
    )
    assert prompt_hash(plain) != prompt_hash(with_glossary)
    built = message_builder(TERMS_PASSAGE, "de", "en", style, glossary=GLOSSARY)
    assert built("json_schema") == with_glossary


def test_only_entries_whose_term_the_passage_has_are_sent() -> None:
    """A glossary kept for a whole book (or a team's termbase of thousands of entries) is not
    sent whole with every request: an entry goes into the prompt when its source term occurs
    in the passage, found as the glossary check finds terms (case and inflection aside)."""
    catalog = load_catalog()
    passage = "Der Fährmann sah die Flüsse."
    glossary = [
        *GLOSSARY,
        GlossaryEntry(source="Brahmane", target="Brahmin"),
        GlossaryEntry(source="Kurtisane", target="courtesan", style="rosner"),
    ]
    rosner = build_messages(
        passage, "de", "en", catalog.get("rosner"), "json_schema", glossary=glossary
    )
    literal = build_messages(
        passage, "de", "en", catalog.get("literal"), "json_schema", glossary=glossary
    )
    shared = rosner[0]["content"]
    assert '"Fluss" -> "river"' in shared and '"Fährmann" -> "ferryman"' in shared
    assert "Brahmin" not in shared
    assert "Siddhartha the Brahmin" not in rosner[-1]["content"]
    assert "courtesan" not in rosner[-1]["content"]
    assert '"Fluss" -> "stream"' in literal[-1]["content"]
    nothing = build_messages(
        "Ich kann warten.", "de", "en", catalog.get("rosner"), "json_schema", glossary=glossary
    )
    assert nothing == build_messages(
        "Ich kann warten.", "de", "en", catalog.get("rosner"), "json_schema"
    )
