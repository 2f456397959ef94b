"""A faster safe YAML load for plain documents, giving exactly what the C safe loader gives.

`yaml.load(text, Loader=yaml.CSafeLoader)` parses in C but builds a node tree and then every
Python object in Python, through several calls per node (bench/bench_review.py measures a
decision record). `load` here drives the same C parser (`CSafeLoader(text).get_event()`) and
builds the dicts, lists and scalars straight from its events, with the loader's own resolver
and its own SafeConstructor methods for every scalar that is not plainly a string. Nothing else
parses.

Only the plain common case takes this path: no anchors, aliases, explicit tags (`!!str`,
`!!python/...`, even `!`), merge keys (`<<`), `=` scalars, non-scalar mapping keys, nesting
deeper than `MAX_DEPTH`, or more than one document. Any of those, any error (a syntax error, a
bad date) or a loader whose resolvers or constructors have been changed, and the document is
loaded again with `yaml.load(text, Loader=CSafeLoader)`, whose result or exception (with its
line and column) is the answer. So the result is the C safe loader's, by construction; the
property tests in tests/test_yaml_fast.py compare the two on generated and hand-written YAML.

With `unique_keys=True`, a key given twice in one mapping (a second `status:`) is an error
instead of the last one silently winning: the fast path sees it and hands the document to
`UniqueKeyLoader` (the same loader, checking each mapping), whose `DuplicateKeyError` names the
line of the second key. A merge key (`<<`) overridden by the mapping's own key is not a duplicate.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.events import (
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode

try:
    SafeLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
    AVAILABLE = True
except AttributeError:  # PyYAML without libyaml: nothing to speed up
    SafeLoader = yaml.SafeLoader
    AVAILABLE = False

_MERGE = "tag:yaml.org,2002:merge"


class DuplicateKeyError(ConstructorError):
    """A key given twice in one mapping; `problem_mark` is where the second one is."""


class UniqueKeyLoader(SafeLoader):  # type: ignore[misc, valid-type]
    """The safe loader, refusing a key given twice in one mapping."""

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, Node] = {}
        for key_node, _value in node.value:
            if key_node.tag == _MERGE:
                continue
            key = self.construct_object(key_node, deep=True)
            try:
                first = seen.get(key)
            except TypeError:  # unhashable: the constructor below says so
                continue
            if first is not None:
                raise DuplicateKeyError(
                    None,
                    None,
                    f"duplicate key {key!r} (first on line {first.start_mark.line + 1})",
                    key_node.start_mark,
                )
            seen[key] = key_node
        result: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return result


MAX_DEPTH = 64
"""Deeper documents go to the full loader, which may raise RecursionError on them."""

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_SCALAR_TAGS = (
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:timestamp",
)
_PLAIN = (True, False)
_NO_KEY = object()
_CACHE_MAX = 4096


class _Unusual(Exception):
    """The document needs the full loader."""


# Plain scalars that the resolver does not take for a string, already constructed (all of
# them immutable: None, bool, int, float, date, datetime). Valid while the loader's resolvers
# and scalar constructors are the ones it was filled with.
_cache: dict[str, Any] = {}
_cache_state: tuple[object, ...] = ()


def _state() -> tuple[object, ...]:
    resolvers = SafeLoader.yaml_implicit_resolvers
    constructors = SafeLoader.yaml_constructors
    return (
        id(resolvers),
        sum(map(len, resolvers.values())),
        *(constructors.get(tag) for tag in _SCALAR_TAGS),
    )


def _usable() -> bool:
    constructors = SafeLoader.yaml_constructors
    return (
        AVAILABLE
        and not SafeLoader.yaml_path_resolvers
        and None not in SafeLoader.yaml_implicit_resolvers
        and constructors.get(_MAP) is SafeConstructor.construct_yaml_map
        and constructors.get(_SEQ) is SafeConstructor.construct_yaml_seq
        and constructors.get(_STR) is SafeConstructor.construct_yaml_str
    )


def load(text: str, *, unique_keys: bool = False) -> Any:
    """`yaml.load(text, Loader=yaml.CSafeLoader)`, the same result or the same exception;
    with `unique_keys`, `UniqueKeyLoader`'s (a key given twice is a DuplicateKeyError)."""
    global _cache_state
    if _usable():
        state = _state()
        if state != _cache_state:
            _cache.clear()
            _cache_state = state
        try:
            return _load_plain(text)
        except Exception:  # anything unusual or wrong: the full loader decides
            pass
    return yaml.load(text, Loader=UniqueKeyLoader if unique_keys else SafeLoader)


def _plain_scalar(loader: Any, value: str) -> Any:
    """A plain scalar whose first character some implicit resolver claims."""
    try:
        return _cache[value]
    except KeyError:
        pass
    tag = loader.resolve(ScalarNode, value, _PLAIN)
    if tag == _STR:
        result: Any = value
    elif tag in _SCALAR_TAGS:
        result = loader.yaml_constructors[tag](loader, ScalarNode(tag, value))
    else:  # merge (<<), value (=), yaml (! & *): the full loader's business
        raise _Unusual(tag)
    if len(_cache) >= _CACHE_MAX:
        _cache.clear()
    _cache[value] = result
    return result


def _load_plain(text: str) -> Any:
    loader = SafeLoader(text)
    try:
        get = loader.get_event
        get()  # StreamStartEvent
        event = get()
        if type(event) is StreamEndEvent:
            return None
        if type(event) is not DocumentStartEvent:
            raise _Unusual(event)
        firsts = loader.yaml_implicit_resolvers
        stack: list[tuple[Any, bool, Any]] = []
        container: Any = None  # the open dict or list; None before the root
        is_map = False
        key: Any = _NO_KEY
        root: Any = None
        while True:
            event = get()
            kind = type(event)
            if kind is ScalarEvent:
                if event.tag is not None or event.anchor is not None:
                    raise _Unusual(event)
                value = event.value
                if event.implicit[0] and (not value or value[0] in firsts):
                    value = _plain_scalar(loader, value)
                # else a string: plain with no resolver for its first character, or quoted
                # or block (the resolver gives the str tag to a scalar that is not plain)
                if container is None:
                    root = value
                    break
                if not is_map:
                    container.append(value)
                elif key is _NO_KEY:
                    key = value
                elif key in container:
                    raise _Unusual("a key given twice")
                else:
                    container[key] = value
                    key = _NO_KEY
                continue
            if kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.tag is not None or event.anchor is not None:
                    raise _Unusual(event)
                new: Any = {} if kind is MappingStartEvent else []
                if container is None:
                    root = new
                elif not is_map:
                    container.append(new)
                elif key is _NO_KEY or key in container:
                    raise _Unusual("a collection as a mapping key, or a key given twice")
                else:
                    container[key] = new
                    key = _NO_KEY
                stack.append((container, is_map, key))
                if len(stack) > MAX_DEPTH:
                    raise _Unusual("nested too deeply")
                container, is_map, key = new, kind is MappingStartEvent, _NO_KEY
                continue
            if kind is MappingEndEvent or kind is SequenceEndEvent:
                container, is_map, key = stack.pop()
                if container is None:
                    break
                continue
            raise _Unusual(event)  # an alias, or anything else
        if type(get()) is not DocumentEndEvent or type(get()) is not StreamEndEvent:
            raise _Unusual("more than one document")
        return root
    finally:
        loader.dispose()
