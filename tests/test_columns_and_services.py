"""Column keys (`style#n`) written and read in one place; the run service stays UI-free."""

from __future__ import annotations

import subprocess
import sys

import pytest

from workbench.core.columns import ColumnKey, column_keys
from workbench.core.translate.models import Rendition


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("rosner", ColumnKey("rosner")),
        ("rosner#2", ColumnKey("rosner", sample=2)),
        ("my-style#10", ColumnKey("my-style", sample=10)),
        ("reference", ColumnKey("reference")),
    ],
)
def test_column_key_text_round_trips(text: str, key: ColumnKey) -> None:
    assert ColumnKey.parse(text) == key
    assert str(key) == text


@pytest.mark.parametrize("text", ["rosner#1", "rosner#0", "rosner#x", "#2", "rosner#", "a#٣"])
def test_a_suffix_that_is_no_later_sample_stays_in_the_style(text: str) -> None:
    assert ColumnKey.parse(text) == ColumnKey(text)


def test_keys_labels_and_order() -> None:
    keys = column_keys(["rosner", "literal"], 2)
    assert [str(k) for k in keys] == ["rosner", "rosner#2", "literal", "literal#2"]
    assert [k.label("Hilda Rosner") for k in keys[:2]] == ["Hilda Rosner", "Hilda Rosner #2"]
    assert Rendition(style="rosner", style_name="R", sample=3).key == "rosner#3"
    with pytest.raises(ValueError):
        ColumnKey("rosner", sample=0)


def test_services_and_core_import_no_interface_library() -> None:
    code = (
        "import sys\n"
        "import workbench.services.run, workbench.core.columns\n"
        "print(','.join(m for m in ('click', 'textual', 'rich') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"imported by the run service: {out.stdout}"
