"""Copy a GGUF file with one more string metadata key (tests: a model with a chat template)."""

from __future__ import annotations

import shutil
import struct
from pathlib import Path
from typing import BinaryIO

SIZES = {0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8}
"""GGUF value types of a fixed size (bytes); 8 is a string, 9 an array."""
ALIGNMENT = 32
"""The data section's alignment (GGUF's default; the built-in model sets no other)."""


def _skip_value(handle: BinaryIO, kind: int) -> None:
    if kind in SIZES:
        handle.read(SIZES[kind])
    elif kind == 8:
        (length,) = struct.unpack("<Q", handle.read(8))
        handle.read(length)
    elif kind == 9:
        item, count = struct.unpack("<IQ", handle.read(12))
        for _ in range(count):
            _skip_value(handle, item)
    else:
        raise ValueError(f"unknown GGUF value type {kind}")


def _string(text: str) -> bytes:
    data = text.encode("utf-8")
    return struct.pack("<Q", len(data)) + data


def with_string_key(source: Path, target: Path, key: str, value: str) -> None:
    with source.open("rb") as handle:
        magic, version, tensors, keys = struct.unpack("<4sIQQ", handle.read(24))
        start = handle.tell()
        for _ in range(keys):
            (length,) = struct.unpack("<Q", handle.read(8))
            handle.read(length)
            (kind,) = struct.unpack("<I", handle.read(4))
            _skip_value(handle, kind)
        keys_end = handle.tell()
        for _ in range(tensors):
            (length,) = struct.unpack("<Q", handle.read(8))
            handle.read(length)
            (dims,) = struct.unpack("<I", handle.read(4))
            handle.read(8 * dims + 4 + 8)
        infos_end = handle.tell()
        handle.seek(start)
        metadata = handle.read(keys_end - start)
        infos = handle.read(infos_end - keys_end)
        head = struct.pack("<4sIQQ", magic, version, tensors, keys + 1) + metadata
        head += _string(key) + struct.pack("<I", 8) + _string(value) + infos
        with target.open("wb") as out:
            out.write(head + b"\0" * (-len(head) % ALIGNMENT))
            handle.seek(infos_end + (-infos_end % ALIGNMENT))
            shutil.copyfileobj(handle, out)
