"""The test server's judge: answers the critique's requests (`workbench.core.critique.prompts`)
the way a judge model would, or fails the ways one can.

    server.judge = FakeJudge(bogus_spans=1, ranking="listed")

`FakeOpenAIServer` hands every judge request to its `judge` (when set) and every other one to
its responder, so one server runs a translation and then its critique. Each record of a judge
request carries ``"judge": "annotate"`` or ``"rank"``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from aiohttp import web

from tests.fake_openai_wire import INVALID_JSON_CONTENT, error_body

ROW = re.compile(r"^\[(\d+)\] TRANSLATION: (.*)$", re.M)
LISTED = re.compile(r"^<<<TRANSLATION ([A-Z]+)$", re.M)
BOGUS = "words that are nowhere in the text"


def messages_text(body: dict[str, Any]) -> str:
    parts = []
    for m in body.get("messages") or []:
        if isinstance(m, dict) and isinstance(m.get("content"), str):
            parts.append(m["content"])
    return "\n".join(parts)


def judge_kind(body: dict[str, Any]) -> Literal["annotate", "rank"] | None:
    text = messages_text(body)
    if "translation quality judge" not in text:
        return None
    return "rank" if "Rank the translations" in text else "annotate"


@dataclass
class FakeJudge:
    """real_spans: errors quoting the first word of each of the first n non-empty rows;
    bogus_spans: errors quoting words not in the text (or naming a row that is not there);
    ranking: "alphabetical" (consistent: A first whatever the order) or "listed" (position
    bias: always the order listed); ranking_answer: this list as the ranking, whatever the
    letters (a judge answering nonsense or hostile text); reason: every error's reason (else
    one quoting the span); invalid: answers that are not JSON; fail: a 500 that the SDK does
    not retry, its message `fail_message`. `kinds` limits invalid/fail to some requests."""

    real_spans: int = 1
    bogus_spans: int = 0
    severity: str = "major"
    category: str = "accuracy/mistranslation"
    ranking: Literal["alphabetical", "listed"] = "alphabetical"
    ranking_answer: list[str] | None = None
    reason: str | None = None
    invalid: bool = False
    fail: bool = False
    fail_message: str = "The judge is unavailable."
    kinds: tuple[str, ...] = ("annotate", "rank")
    seen: list[str] = field(default_factory=list)

    def broken(self, kind: str) -> Literal["invalid", "fail"] | None:
        if kind not in self.kinds:
            return None
        if self.fail:
            return "fail"
        return "invalid" if self.invalid else None

    def answer(self, body: dict[str, Any], kind: str) -> dict[str, Any]:
        self.seen.append(kind)
        text = messages_text(body)
        if kind == "rank":
            letters = LISTED.findall(text)
            order = letters if self.ranking == "listed" else sorted(letters)
            return {"ranking": order if self.ranking_answer is None else self.ranking_answer}
        errors = []
        rows = [(int(n), t) for n, t in ROW.findall(text) if t and t != "(nothing)"]
        for number, sentence in rows[: self.real_spans]:
            errors.append(self._error(sentence.split()[0], number))
        for n in range(self.bogus_spans):
            number = rows[0][0] if rows and n % 2 == 0 else 999
            errors.append(self._error(BOGUS, number))
        return {"errors": errors}

    def _error(self, span: str, sentence: int) -> dict[str, Any]:
        return {
            "span": span,
            "sentence": sentence,
            "category": self.category,
            "severity": self.severity,
            "reason": f"the judge objects to {span!r}" if self.reason is None else self.reason,
        }


def judge_answer(
    judge: FakeJudge | None, body: dict[str, Any], record: dict[str, Any]
) -> web.Response | str | dict[str, Any] | None:
    """The judge's answer to a critique request, as the fake server sends it (None: not one,
    or no judge set); the request's record says which of the judge's requests it was."""
    if judge is None:
        return None
    kind = judge_kind(body)
    if kind is None:
        return None
    record["judge"] = kind
    broken = judge.broken(kind)
    if broken == "fail":
        return web.json_response(
            error_body(judge.fail_message, "server_error"),
            status=500,
            headers={"x-should-retry": "false"},
        )
    if broken == "invalid":
        return INVALID_JSON_CONTENT
    answer: dict[str, Any] = judge.answer(body, kind)
    return answer
