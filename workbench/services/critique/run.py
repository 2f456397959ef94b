"""A blind critique of a finished run: N + 2 requests for N columns, as many at once as the
judge endpoint's concurrency limit lets (all at once when it is N + 2 or more).

One request per column asks the judge for its errors; two more ask it to rank every column,
listed in one order and then in the reverse order. Columns are neutral letters in a shuffled
order; nothing in any message names a style, a model or an endpoint (`Redactor` withholds
such a name when a text itself carries one). A judge that fails, or answers what cannot be
read, ends that part of the critique with an error: the run and its renditions are never
touched (the caller gets a new `Comparison` with the critique added).
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import urlsplit

from pydantic import BaseModel

from workbench.core.critique.models import Annotation, ColumnCritique, Critique, Ranking
from workbench.core.critique.prompts import (
    Redactor,
    Row,
    annotation_messages,
    ranking_messages,
    rows_of,
)
from workbench.core.critique.scoring import (
    best_of,
    kendall_tau,
    score,
    source_tokens,
    valid_ranking,
)
from workbench.core.critique.verify import verify
from workbench.core.translate.judgment import blind_label
from workbench.core.translate.models import Comparison, Rendition

if TYPE_CHECKING:
    from workbench.llm.provider import ChatProvider

M = TypeVar("M", bound=BaseModel)
JUDGE_TEMPERATURE = 0.0


def judged_columns(run: Comparison) -> list[Rendition]:
    """The renditions a critique judges: every one with text (a partial one too)."""
    return [r for r in run.renditions if r.text.strip()]


def request_count(columns: int) -> int:
    """N + 2: one per column and the ranking asked both ways (no ranking for one column)."""
    return columns + 2 if columns >= 2 else columns


def names_in(run: Comparison) -> set[str]:
    """Every name that could tell the judge which column is which: style ids and names,
    models (the one a column asked for and the one that answered, which differ when a server
    answers an alias with a dated name), endpoints (host and full URL), of the run and of each
    column (read from what a rendition carries, so names that later columns add are found the
    same way)."""
    names: set[str] = set()
    if run.model:
        names.add(run.model)
    for r in run.renditions:
        names.update({r.style, r.style_name, r.key})
        for value in (r.model, r.column_model, r.provenance.base_url, r.endpoint):
            if isinstance(value, str) and value:
                names.add(value)
                if "://" in value:
                    host = urlsplit(value).netloc
                    if host:
                        names.add(host)
    return names


async def critique(
    run: Comparison,
    judge: ChatProvider,
    *,
    seed: int | None = None,
    deadline: float | None = None,
    concurrency: int | None = None,
) -> Critique:
    """Ask `judge` for the run's critique (see the module docstring)."""
    columns = judged_columns(run)
    keys = [r.key for r in columns]
    shuffled = keys[:]
    random.Random(seed).shuffle(shuffled)
    letter = {key: blind_label(i) for i, key in enumerate(shuffled)}
    source = run.source.text
    redactor = Redactor(names_in(run), keep_in=source)
    reference = redactor.apply(run.reference.text) if run.reference is not None else None
    src, tgt = run.source.language, run.target.language
    rows = {r.key: rows_of(r.text, r.alignment, source, src, tgt, redactor) for r in columns}
    total = request_count(len(columns))
    limit = asyncio.Semaphore(max(min(total, concurrency or total), 1))

    async def ask(messages: list[dict[str, str]], answer: type[M]) -> M | str:
        async with limit:
            return await _ask(judge, messages, answer, deadline)

    letters = [letter[k] for k in shuffled]
    texts = {r.key: r.text for r in columns}
    listed = [(letter[k], redactor.apply(texts[k])) for k in shuffled]
    jobs: list[Awaitable[BaseModel | str]] = [
        ask(annotation_messages(rows[k], src, tgt, reference), Annotation) for k in keys
    ]
    if total > len(columns):
        jobs.append(ask(ranking_messages(listed, source, src, tgt, reference), Ranking))
        jobs.append(ask(ranking_messages(listed[::-1], source, src, tgt, reference), Ranking))
    answers = await asyncio.gather(*jobs)
    tokens = source_tokens(source)
    result = Critique(judge=judge.model, requests=total, source_tokens=tokens)
    for r, answer in zip(columns, answers[: len(columns)], strict=True):
        result.columns.append(_column(r, answer, rows[r.key], redactor, tokens))
    if total > len(columns):
        _rank(result, answers[len(columns) :], letters, {v: k for k, v in letter.items()})
    return result


def _column(
    r: Rendition, answer: BaseModel | str, rows: list[Row], redactor: Redactor, tokens: int
) -> ColumnCritique:
    if isinstance(answer, str):
        return ColumnCritique(column=r.key, error=answer)
    assert isinstance(answer, Annotation)
    errors, unlocated = verify(answer, rows, r.text, redactor)
    return ColumnCritique(
        column=r.key, errors=errors, unlocated=unlocated, score=score(errors, tokens)
    )


def _rank(
    result: Critique, answers: list[BaseModel | str], letters: list[str], key_of: dict[str, str]
) -> None:
    orders: list[list[str]] = []
    for n, answer in enumerate(answers):
        which = "the ranking" if n == 0 else "the reversed ranking"
        if isinstance(answer, str):
            result.ranking_error = f"{which}: {answer}"
            return
        assert isinstance(answer, Ranking)
        order = valid_ranking(letters, answer.ranking)
        if order is None:
            result.ranking_error = (
                f"{which} did not name every translation exactly once: "
                + ", ".join(answer.ranking[:20])
            )
            return
        orders.append([key_of[x] for x in order])
    result.ranking, result.ranking_reversed = orders
    result.best = best_of(*orders)
    result.consistency = kendall_tau(*orders)


async def _ask(
    judge: ChatProvider,
    messages: list[dict[str, str]],
    answer: type[M],
    deadline: float | None,
) -> M | str:
    """The judge's answer, or one line saying why there is none."""
    from workbench.llm.errors import LLMError, clean_message

    def build(_mode: object) -> list[dict[str, str]]:
        return messages

    asked = judge.complete(
        build,
        answer,
        temperature=JUDGE_TEMPERATURE,
        on_delta=_ignore,
        on_reset=_nothing,
        text_field="answer",
    )
    try:
        result = await asyncio.wait_for(asked, deadline) if deadline else await asked
    except LLMError as exc:
        return f"{exc.kind}: {exc.message}"
    except TimeoutError:
        return f"timeout: no answer within {deadline:g} s"
    except Exception as exc:  # any other failure is this part's error, never the run's
        return clean_message(f"unexpected error: {type(exc).__name__}: {exc}")
    output = getattr(result, "output", None)
    return output if isinstance(output, answer) else "internal: no answer"


def _ignore(_text: str) -> None:
    return None


def _nothing() -> None:
    return None


def with_critique(run: Comparison, result: Critique) -> Comparison:
    """A copy of the run with the critique (the renditions are the same objects, untouched)."""
    return run.model_copy(update={"critique": result})
