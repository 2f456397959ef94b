"""The comparison screen says so while the embedded model loads (issue 16, item 8): its first
load in the process shows "loading the local model ..." in the run's line, with the seconds
it has taken; the columns wait meanwhile, then stream."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from tests.tui.helpers import compare_screen, wait_for
from workbench.llm import local_model
from workbench.tui.app import make_app

PASSAGE = "Ich kann denken. Ich kann warten. Ich kann fasten."


async def test_the_first_load_of_the_local_model_is_shown(local_model_dir: Path) -> None:
    local_model.forget_loaded_models()  # a cold load, as in a new process
    app = make_app(
        passage=PASSAGE,
        source_language="de",
        target_language="en",
        styles=["rosner"],
        provider="local",
        cursor_blink=False,
    )
    seen: list[str] = []
    async with app.run_test(size=(160, 40)) as pilot:
        screen = compare_screen(pilot)

        def line() -> str:
            text = str(screen.query_one("#run-info", Static).content)
            if not seen or seen[-1] != text:
                seen.append(text)
            return text

        await wait_for(pilot, lambda: "loading the local model" in line(), timeout=60)
        assert f"{local_model.MODEL_FILE} ... " in line()
        assert [c.state for c in screen.columns] == ["waiting"]
        await wait_for(pilot, lambda: bool(line()) and screen.comparison is not None, timeout=120)
        assert screen.columns[0].state == "done", screen.columns[0].reason
    after = seen[[i for i, s in enumerate(seen) if "loading" in s][-1] + 1 :]
    assert any("/1 done" in s for s in after), seen  # then the run's progress
