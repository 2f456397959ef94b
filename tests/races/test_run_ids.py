"""Two runs finishing at the same moment with the same id (same second, same four random hex
digits): the first run's history file is kept, the second is not saved, and says so."""

from __future__ import annotations

from tests.tui.helpers import PASSAGE
from workbench.core.translate.models import Comparison, Rendition, SourceText, TargetSpec
from workbench.io.translate.history import list_runs, load_run
from workbench.services.run import keep_run

RUN_ID = "20261201-120000-abcd"


def a_run(text: str) -> Comparison:
    return Comparison(
        id=RUN_ID,
        source=SourceText(text=PASSAGE, language="de"),
        target=TargetSpec(language="en"),
        renditions=[Rendition(style="literal", style_name="Literal", text=text)],
    )


def test_a_run_with_the_id_of_a_kept_run_does_not_replace_it() -> None:
    first: list[str] = []
    second: list[str] = []
    assert keep_run(a_run("first"), first.append) is not None and first == []
    assert keep_run(a_run("second"), second.append) is None
    assert len(second) == 1 and "already" in second[0] and RUN_ID in second[0]
    assert load_run(RUN_ID).renditions[0].text == "first"
    assert len(list_runs()[0]) == 1
