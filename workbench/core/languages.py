"""A language as the user names it, read by one function everywhere: `parse_language`.

Codes (`de`, `de-CH`, `pt_BR`, `DE`) and names in English or in the language itself (`German`,
`deutsch`, `français`) are accepted, with `langcodes` and its `language_data`, and normalised
to a BCP 47 tag (`de`, `de-CH`, `pt-BR`, `fr`). Anything else, control characters included,
is a `LanguageError` whose message offers the closest matches. The tag is what runs store; the
display name (`German (Switzerland)`) is what prompts and people read, from `display_name`.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass

from workbench.core.text_safety import name as shown_name
from workbench.core.text_safety import one_line

MAX_LENGTH = 60
_TAG_LIKE = re.compile(r"[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*")


class LanguageError(ValueError):
    """Not a language: the message says what was given (made visible) and what might be meant."""


_PRIVATE_USE = re.compile(r"q[a-t][a-z]")
"""ISO 639's codes for local use (qaa-qtz): valid tags, named only by their names' table."""


@dataclass(frozen=True)
class Language:
    tag: str
    """The normalised BCP 47 tag: `de`, `de-CH`, `pt-BR`."""

    @property
    def name(self) -> str:
        """Its English display name: `German`, `German (Switzerland)`."""
        return _english_name(self.tag)


def parse_language(value: str) -> Language:
    """The language `value` names (a code or a name), or a LanguageError with suggestions."""
    given = value.strip()
    if not given:
        raise LanguageError("must name a language, e.g. de or German")
    if not given.isprintable() or len(given) > MAX_LENGTH:
        raise LanguageError(_unknown(given, "is not a language code or name"))
    found = _lookup(given)
    if found is None:
        raise LanguageError(_unknown(given, "is not a language code or name"))
    return found


def display_name(tag: str) -> str:
    """The English name of a language tag (`de` -> `German`); a value that is not a known
    language (an old history file, say) is given back, made safe to show."""
    try:
        return parse_language(tag).name
    except LanguageError:
        return one_line(tag)


@functools.lru_cache(maxsize=256)
def _lookup(given: str) -> Language | None:
    import langcodes

    code = given.replace("_", "-")
    if _TAG_LIKE.fullmatch(code) and langcodes.tag_is_valid(code):
        language = langcodes.Language.get(code, normalize=True)
        if language.language and not _PRIVATE_USE.fullmatch(language.language):
            # In the registry, so it has a name: the names of every language (a 7 MB table)
            # are not loaded to know that.
            return None if language.language == "und" else Language(tag=str(language))
    else:
        try:
            language = langcodes.find(given)
        except LookupError:
            return None
    if not language.language or language.language == "und":
        return None
    if language.display_name().startswith("Unknown language"):
        return None
    return Language(tag=str(language))


@functools.lru_cache(maxsize=256)
def _english_name(tag: str) -> str:
    import langcodes

    return str(langcodes.Language.get(tag).display_name())


def _unknown(given: str, problem: str) -> str:
    text = shown_name(given[:MAX_LENGTH]) + ("…" if len(given) > MAX_LENGTH else "")
    options = suggestions(given)
    hint = (
        "; did you mean " + ", ".join(options) + "?"
        if options
        else " (give a code such as de or a name such as German)"
    )
    return f"'{text}' {problem}{hint}"


def suggestions(given: str, limit: int = 3) -> list[str]:
    """The closest known languages to `given`, as `Name (tag)`."""
    cleaned = one_line(given).casefold()
    words = [cleaned]
    head = _TAG_LIKE.match(cleaned)
    if head and head.group() != cleaned:
        words.append(head.group())
    choices = _choices()
    seen: dict[str, None] = {}
    for word in words:
        if word in choices:
            seen.setdefault(choices[word], None)
        for match in difflib.get_close_matches(word, choices, n=limit, cutoff=0.6):
            seen.setdefault(choices[match], None)
    return list(seen)[:limit]


@functools.lru_cache(maxsize=1)
def _choices() -> dict[str, str]:
    """Casefolded code, English name and own name of every two-letter language -> `Name (tag)`."""
    import string

    import langcodes

    out: dict[str, str] = {}
    letters = string.ascii_lowercase
    for code in (a + b for a in letters for b in letters):
        if not langcodes.tag_is_valid(code):
            continue
        language = langcodes.Language.get(code)
        shown = language.display_name()
        if shown.startswith("Unknown language"):
            continue
        label = f"{shown} ({code})"
        for key in (code, shown.casefold(), language.autonym().casefold()):
            out.setdefault(key, label)
    return out
