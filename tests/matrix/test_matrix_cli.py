"""Models side by side from the command line (issue 17 item 2): 2 styles x 2 models on two
endpoints, one of them failing, as a real `workbench` process against two real test servers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.cli.helpers import assert_clean_error, wb, wb_process
from tests.matrix.conftest import SECOND_KEY, Matrix, max_in_flight

ARGS = ("--from", "de", "--to", "en", "--style", "rosner", "--style", "literal")


def _history(matrix: Matrix) -> Any:
    [path] = (matrix.home / "data" / "history").glob("*.json")
    return json.loads(path.read_text(encoding="utf-8"))


def test_two_styles_by_two_models_one_endpoint_failing(matrix: Matrix) -> None:
    matrix.far.known_models = {"another-model"}  # `yak-7b:q4` is model_not_found there
    result = wb_process(
        "translate",
        str(matrix.passage),
        *ARGS,
        "-m",
        "zebra-a",
        "--model",
        "farside:yak-7b:q4",
        "--format",
        "json",
        env=matrix.env(),
    )
    assert result.returncode == 1, result.stderr  # every column counts: two failed
    run = json.loads(result.stdout)
    columns = {r["style"] + "@" + (r["column_model"] or ""): r for r in run["renditions"]}
    keys = [
        "rosner@zebra-a",
        "rosner@farside:yak-7b:q4",
        "literal@zebra-a",
        "literal@farside:yak-7b:q4",
    ]
    assert [
        r["style"]
        + "@"
        + (f"{r['endpoint']}:" if r["endpoint"] else "")
        + r["column_model"]
        + ("" if r["sample"] == 1 else f"#{r['sample']}")
        for r in run["renditions"]
    ] == keys
    for style, name in (("rosner", "Hilda Rosner"), ("literal", "Literal gloss")):
        good = columns[f"{style}@zebra-a"]
        assert good["endpoint"] is None and good["error"] is None
        assert good["text"].startswith(f"[zebra-a] [{name}] Ich kann denken")
        assert good["model"] == "zebra-a"
        bad = columns[f"{style}@yak-7b:q4"]
        assert bad["endpoint"] == "farside" and bad["column_model"] == "yak-7b:q4"
        assert bad["error"]["type"] == "bad_request" and "yak-7b:q4" in bad["error"]["message"]
    # the failing endpoint failed only its own columns, each with its error, one line each
    failures = [line for line in result.stderr.splitlines() if "failed" in line]
    assert len(failures) == 2 and all("@farside:yak-7b:q4" in line for line in failures)
    assert {r["body"]["model"] for r in matrix.default.requests} == {"zebra-a"}
    assert {r["body"]["model"] for r in matrix.far.requests} == {"yak-7b:q4"}
    # each endpoint got its own key, named in the config by its variable
    assert matrix.far.requests[0]["headers"]["authorization"] == f"Bearer {SECOND_KEY}"
    assert SECOND_KEY not in (matrix.home / "config" / "config.toml").read_text()
    assert SECOND_KEY not in result.stdout + result.stderr

    # history carries the endpoint and the model per column
    kept = _history(matrix)
    assert [(r["endpoint"], r["column_model"]) for r in kept["renditions"]] == [
        (None, "zebra-a"),
        ("farside", "yak-7b:q4"),
    ] * 2
    # and so does every export of it
    markdown = wb("history", "export", "last", "--format", "markdown").stdout
    html = wb("history", "export", "last", "--format", "html").stdout
    text = wb("history", "show", "last").stdout
    for shown in (markdown, text):
        assert "Hilda Rosner · zebra-a" in shown and "Hilda Rosner · farside:yak-7b:q4" in shown
    assert "Hilda Rosner · zebra-a" in html and "Hilda Rosner · farside:yak-7b:q4" in html


def test_columns_diff_against_a_baseline_on_another_model(matrix: Matrix) -> None:
    result = wb(
        "translate",
        str(matrix.passage),
        *ARGS,
        "-m",
        "zebra-a",
        "-m",
        "farside:yak-7b:q4",
        "--baseline",
        "rosner@farside:yak-7b:q4",
        "--format",
        "markdown",
    )
    assert result.returncode == 0, result.stderr
    assert "baseline" in result.stdout.lower()
    shown = wb("history", "show", "last", "--baseline", "literal@zebra-a")
    assert shown.returncode == 0, shown.stderr
    wrong = wb("history", "show", "last", "--baseline", "rosner")
    assert wrong.returncode == 2 and "rosner@zebra-a" in wrong.stderr
    # judged by the key's text form
    judged = wb("history", "judge", "last", "--favourite", "literal@farside:yak-7b:q4")
    assert judged.returncode == 0, judged.stderr
    assert _history(matrix)["judgment"]["favourite"] == "literal@farside:yak-7b:q4"


def test_the_second_run_is_cached_per_column(matrix: Matrix) -> None:
    args = ("translate", str(matrix.passage), *ARGS, "-m", "zebra-a", "-m", "farside:yak-7b:q4")
    first = wb(*args, "--format", "json")
    assert first.returncode == 0, first.stderr
    asked = len(matrix.default.requests) + len(matrix.far.requests)
    again = wb(*args, "--format", "json")
    assert again.returncode == 0, again.stderr
    assert len(matrix.default.requests) + len(matrix.far.requests) == asked
    run = json.loads(again.stdout)
    assert all(r["cached"] for r in run["renditions"])
    for r in run["renditions"]:  # each column its own model's answer, not another's
        assert r["text"].startswith(f"[{r['column_model']}]")


def test_each_endpoint_keeps_its_own_concurrency(matrix: Matrix) -> None:
    """Measured at the servers: the most requests each answered at once."""
    matrix.default.latency = matrix.far.latency = 0.3
    result = wb(
        "translate",
        str(matrix.passage),
        *ARGS,
        "--samples",
        "4",
        "-m",
        "zebra-a",
        "-m",
        "farside:yak-7b:q4",
        "--format",
        "json",
        "--no-cache",
        env={"WORKBENCH_CONCURRENCY": "2"},
    )
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["renditions"]) == 16
    assert len(matrix.default.requests) == len(matrix.far.requests) == 8
    assert max_in_flight(matrix.default) == 2  # llm.concurrency (WORKBENCH_CONCURRENCY)
    assert max_in_flight(matrix.far) == 3  # [endpoints.farside] concurrency


def test_a_model_name_with_a_colon_stays_a_model_on_the_default_endpoint(
    matrix: Matrix,
) -> None:
    result = wb(
        "translate",
        str(matrix.passage),
        *ARGS,
        "-m",
        "qwen2.5:7b",
        "-m",
        "llama3:8b",
        "--format",
        "json",
    )
    assert result.returncode == 0, result.stderr
    assert {r["body"]["model"] for r in matrix.default.requests} == {"qwen2.5:7b", "llama3:8b"}
    assert not matrix.far.requests
    run = json.loads(result.stdout)
    assert {r["endpoint"] for r in run["renditions"]} == {None}
    # one model on the default endpoint: the keys are the style ids, as before
    one = wb("translate", str(matrix.passage), *ARGS, "-m", "qwen2.5:7b", "--format", "json")
    assert [r["style"] for r in json.loads(one.stdout)["renditions"]] == ["rosner", "literal"]
    assert {r["column_model"] for r in json.loads(one.stdout)["renditions"]} == {None}
    one = wb("translate", str(matrix.passage), *ARGS, "--baseline", "literal", "-m", "x")
    assert one.returncode == 0, one.stderr


def test_an_unknown_endpoint_is_a_usage_error_naming_the_known_ones(matrix: Matrix) -> None:
    """Where the default endpoint takes no model names (here: none is set up)."""
    no_default = {"OPENAI_BASE_URL": None, "OPENAI_API_KEY": None, "WORKBENCH_PROVIDER": "openai"}
    args = ("translate", str(matrix.passage), *ARGS, "-m", "farsid:yak", "-m", "farside:m")
    err = assert_clean_error(wb(*args, env=no_default))
    [line] = err.strip().splitlines()
    assert "no endpoint 'farsid'" in line and "known: farside" in line
    # the embedded model as the default endpoint takes no model names either
    embedded = {**no_default, "WORKBENCH_PROVIDER": "local"}
    [line] = assert_clean_error(wb(*args, env=embedded)).strip().splitlines()
    assert "no endpoint 'farsid'" in line and "known: farside" in line
    assert not matrix.default.requests and not matrix.far.requests


def test_a_mistyped_endpoint_is_warned_of_when_the_default_endpoint_takes_it(
    matrix: Matrix,
) -> None:
    result = wb("translate", str(matrix.passage), *ARGS, "-m", "farsid:yak", "-m", "zebra-a")
    assert result.returncode == 0, result.stderr
    [warning] = [line for line in result.stderr.splitlines() if "warning" in line]
    assert "farsid" in warning and "did you mean farside:yak?" in warning
    assert {r["body"]["model"] for r in matrix.default.requests} == {"farsid:yak", "zebra-a"}


def test_bad_endpoint_config_is_one_line_naming_file_and_field(matrix: Matrix) -> None:
    config = matrix.home / "config" / "config.toml"
    for body, field in (
        ('[endpoints.farside]\nkind = "cloud"\nbase_url = "http://x"\n', "endpoints.farside.kind"),
        (
            '[endpoints.farside]\nkind = "openai"\nbase_url = "http://x"\napi_key = "sk-abc"\n',
            "endpoints.farside.api_key",
        ),
        (
            '[endpoints.farside]\nkind = "openai"\nbase_url = "http://x"\n'
            'api_key_env = "sk-real-key-value"\n',
            "endpoints.farside.api_key_env",
        ),
        ('[endpoints.farside]\nkind = "openai"\n', "endpoints.farside"),
        ('[endpoints.Far]\nkind = "local"\n', "endpoints"),
    ):
        config.write_text(body, encoding="utf-8")
        result = wb("translate", str(matrix.passage), *ARGS, "-m", "farside:m", "-m", "z")
        err = assert_clean_error(result)
        [line] = err.strip().splitlines()
        assert str(config) in line and field in line, line
        assert "sk-abc" not in line and "sk-real-key-value" not in line


def test_a_run_file_from_before_models_side_by_side_still_loads(
    matrix: Matrix, tmp_path: Path
) -> None:
    result = wb("translate", str(matrix.passage), *ARGS, "--format", "json")
    assert result.returncode == 0, result.stderr
    [path] = (matrix.home / "data" / "history").glob("*.json")
    run = json.loads(path.read_text(encoding="utf-8"))
    for r in run["renditions"]:  # as an older version wrote it
        del r["endpoint"], r["column_model"]
    run["judgment"]["favourite"] = "literal"
    path.write_text(json.dumps(run), encoding="utf-8")
    shown = wb("history", "show", "last", "--baseline", "rosner", "--format", "markdown")
    assert shown.returncode == 0, shown.stderr
    assert "Favourite: Literal gloss" in shown.stdout


def test_each_endpoint_keeps_its_own_deadline(matrix: Matrix) -> None:
    matrix.config("deadline = 0.5\n")  # [endpoints.farside]: half a second per rendition
    matrix.far.latency = 3.0
    result = wb(
        "translate",
        str(matrix.passage),
        *ARGS,
        "-m",
        "zebra-a",
        "-m",
        "farside:yak-7b:q4",
        "--format",
        "json",
    )
    assert result.returncode == 1
    run = json.loads(result.stdout)
    for r in run["renditions"]:
        if r["endpoint"] == "farside":
            # stopped by its endpoint's deadline (llm.deadline and llm.timeout are minutes)
            assert r["error"]["type"] == "timeout", r["error"]
        else:
            assert r["error"] is None and r["text"]
