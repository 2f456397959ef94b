"""Languages on the embedded model (issue 14 item 9): names and regional tags read as the
exemplars' languages; a pair it has no exemplars for is refused before the run."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.helpers import assert_clean_error, wb


def test_a_pair_without_exemplars_is_refused_before_the_run(
    isolated_dirs: Path, tmp_path: Path
) -> None:
    empty = tmp_path / "no-models"
    empty.mkdir()
    result = wb(
        "translate", "-", "--from", "ja", "--to", "en", "--provider", "local",
        input="こんにちは。", env={"WORKBENCH_LOCAL_MODEL_DIR": str(empty)},
    )  # fmt: skip
    err = assert_clean_error(result)
    assert "Japanese -> English" in err and "de -> en" in err and "en -> de" in err
    assert "OPENAI_BASE_URL" in err
    assert not list(empty.iterdir()), "refused before the model was assembled or loaded"


def test_an_unknown_language_is_exit_2_with_suggestions_on_the_local_model(
    isolated_dirs: Path,
) -> None:
    result = wb(
        "translate", "-", "--from", "deutsh", "--to", "en", "--provider", "local", input="Ja."
    )  # fmt: skip
    err = assert_clean_error(result)
    assert "German (de)" in err


def test_language_names_and_regional_tags_use_the_exemplars(local_model_dir: Path) -> None:
    for src, tgt, passage, expect in [
        ("english", "german", "The old dog sleeps.", ("en", "de")),
        ("de-CH", "English", "Der alte Hund schläft.", ("de-CH", "en")),
    ]:
        result = wb(
            "translate", "-", "--from", src, "--to", tgt, "--provider", "local",
            "--style", "literal", "--format", "json", "--no-cache", input=passage,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        data = json.loads(result.stdout)
        assert (data["source"]["language"], data["target"]["language"]) == expect
        (r,) = data["renditions"]
        assert r["error"] is None and r["text"].strip()
