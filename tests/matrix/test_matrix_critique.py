"""The critique of a run of models side by side (issues 17 and 18): `--judge NAME:MODEL` asks
a model on a named endpoint (and only there, checked on the wire at both test servers), the
default judge is the run's first model that is not the embedded one, no style, model or
endpoint name of any column reaches the judge, and the judge's requests stay within its
endpoint's concurrency limit."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.cli.helpers import wb_process
from tests.fake_judge import FakeJudge, messages_text
from tests.fake_openai_server import FakeOpenAIServer
from tests.matrix.conftest import Matrix, max_in_flight
from workbench.core.compare.analysis import analyse
from workbench.core.translate.models import Comparison, Rendition, SourceText, TargetSpec
from workbench.io.config import load_settings
from workbench.services.critique import critique_run, open_judge
from workbench.services.run import RunRequest

STYLES = ("rosner", "literal")
NAMES = ("Hilda Rosner", "Literal gloss")


def judged(server: FakeOpenAIServer) -> list[dict[str, Any]]:
    return [r for r in server.requests if r.get("judge")]


def translate(matrix: Matrix, *extra: str) -> Any:
    matrix.default.judge = FakeJudge()
    matrix.far.judge = FakeJudge()
    args = ["translate", str(matrix.passage), "--from", "de", "--to", "en"]
    for style in STYLES:
        args += ["--style", style]
    return wb_process(*args, "--format", "json", "--critique", *extra, env=matrix.env())


def test_judge_on_a_named_endpoint_is_asked_there_only(matrix: Matrix) -> None:
    result = translate(matrix, "-m", "zebra-a", "--judge", "farside:judge-far")
    assert result.returncode == 0, result.stderr
    asked = judged(matrix.far)
    assert sorted(r["judge"] for r in asked) == ["annotate"] * 2 + ["rank"] * 2
    assert {r["body"]["model"] for r in asked} == {"judge-far"}
    assert judged(matrix.default) == []  # the translations went there, no judge request
    assert len(matrix.default.requests) == 2
    assert json.loads(result.stdout)["critique"]["judge"] == "judge-far"


def test_judge_on_an_unknown_endpoint_of_an_unusable_default_is_exit_2(matrix: Matrix) -> None:
    env = {**matrix.env(), "WORKBENCH_PROVIDER": "local"}
    env.pop("OPENAI_BASE_URL")
    env.pop("OPENAI_API_KEY")
    result = wb_process(
        "translate", str(matrix.passage), "--from", "de", "--to", "en", "--critique",
        "--judge", "nowhere:judge-x", env=env,
    )  # fmt: skip
    assert result.returncode == 2
    assert "--judge nowhere:judge-x: no endpoint 'nowhere'" in result.stderr
    assert "farside" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("answered", ["", "-2024-08-06"], ids=["same", "dated"])
def test_two_models_no_name_of_either_column_reaches_the_judge(
    matrix: Matrix, answered: str
) -> None:
    """`dated`: the servers answer with another name than the one asked for (OpenAI answers
    `gpt-4o` as `gpt-4o-2024-08-06`): the names the columns asked for are withheld too."""
    matrix.default.model_suffix = matrix.far.model_suffix = answered
    result = translate(matrix, "-m", "zebra-a", "-m", "farside:yak-7b")
    assert result.returncode == 0, result.stderr
    asked = judged(matrix.default)  # the default judge: the first model, zebra-a
    assert judged(matrix.far) == []
    assert sorted(r["judge"] for r in asked) == ["annotate"] * 4 + ["rank"] * 2  # N + 2
    assert {r["body"]["model"] for r in asked} == {"zebra-a"}
    hosts = [s.base_url.split("//")[1].split("/")[0] for s in (matrix.default, matrix.far)]
    urls = [matrix.default.base_url, matrix.far.base_url]
    for record in asked:
        text = messages_text(record["body"]).casefold()
        assert "[withheld]" in text  # each rendition said its model and style: withheld
        for name in (*STYLES, *NAMES, "zebra-a", "yak-7b", "farside", *hosts, *urls):
            assert name.casefold() not in text, (name, record["judge"])
    run = json.loads(result.stdout)
    assert run["critique"]["judge"] == "zebra-a" and len(run["critique"]["columns"]) == 4


def test_judge_requests_keep_to_the_endpoint_concurrency(matrix: Matrix) -> None:
    matrix.far.latency = 0.3  # so requests let through at once overlap at the server
    result = translate(matrix, "-m", "zebra-a", "-m", "zebra-b", "--judge", "farside:j")
    assert result.returncode == 0, result.stderr
    assert len(judged(matrix.far)) == 6  # 4 columns: N + 2, farside's concurrency is 3
    assert max_in_flight(matrix.far) <= 3


def _run() -> Comparison:
    texts = ["I can think. I can wait.", "I am able to think. I am able to wait."]
    return analyse(
        Comparison(
            id="20261201-000000-cafe",
            source=SourceText(text="Ich kann denken. Ich kann warten.", language="de"),
            target=TargetSpec(language="en"),
            renditions=[
                Rendition(
                    style="rosner",
                    style_name="Hilda Rosner",
                    text=t,
                    model=m,
                    endpoint=e,
                    column_model=m,
                )
                for t, m, e in zip(
                    texts, ["tiny.gguf", "far-model"], ["emb", "farside"], strict=True
                )
            ],
        )
    )


async def test_default_judge_of_local_and_server_is_the_server_model(matrix: Matrix) -> None:
    matrix.config('\n[endpoints.emb]\nkind = "local"\n')
    matrix.far.judge = FakeJudge()
    request = RunRequest(
        passage="Ich kann denken.",
        source_language="de",
        target_language="en",
        models=("emb:tiny.gguf", "farside:far-model"),
    )
    judge = open_judge(judge=None, request=request, settings=load_settings())
    assert judge.group == "farside" and judge.provider.model == "far-model"
    assert judge.concurrency == 3
    done = await critique_run(_run(), judge)
    assert done.critique is not None and done.critique.judge == "far-model"
    assert {r["body"]["model"] for r in judged(matrix.far)} == {"far-model"}
    assert judged(matrix.default) == []


def test_a_mistyped_judge_endpoint_is_warned_of(matrix: Matrix) -> None:
    """As `-m farsid:yak` is: the default endpoint takes the whole value as a model name, and
    the warning names the endpoint that was probably meant."""
    result = translate(matrix, "-m", "zebra-a", "--judge", "farsid:judge-far")
    assert result.returncode == 0, result.stderr
    [warning] = [line for line in result.stderr.splitlines() if "did you mean" in line]
    assert "--judge farsid:judge-far" in warning and "did you mean farside:judge-far?" in warning
    assert {r["body"]["model"] for r in judged(matrix.default)} == {"farsid:judge-far"}


def test_a_run_reopened_from_history_is_judged_by_its_own_first_server_model(
    matrix: Matrix,
) -> None:
    """The comparison screen reopens a run without the request that made it: the judge is
    still the run's first model that is not the embedded one, read from its columns."""
    matrix.config('\n[endpoints.emb]\nkind = "local"\n')
    judge = open_judge(judge=None, request=None, run=_run(), settings=load_settings())
    assert judge.group == "farside" and judge.provider.model == "far-model"
