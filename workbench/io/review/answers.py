"""An answers file (a YAML mapping from question id to answer) checked against a checklist."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from workbench.core.errors import DataFileError
from workbench.core.review.checklist import Checklist, Question
from workbench.core.review.record import Reference, Review
from workbench.io.yamlio import field_line, format_loc, parse_yaml, read_text_file

_REFERENCES = TypeAdapter(list[Reference])
_REVIEW = TypeAdapter(Review)


@dataclass
class Answers:
    text: dict[str, str] = field(default_factory=dict)
    references: list[Reference] = field(default_factory=list)
    review: Review | None = None


def _scalar(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return str(value)
    return None


def read_answers(path: Path, checklist: Checklist) -> Answers:
    """Every failure is a DataFileError naming the file (`-`: stdin), the line and the
    question id."""
    if str(path) == "-":
        from workbench.io.textinput import read_limited
        from workbench.io.yamlio import MAX_BYTES, decode_text

        path = Path("stdin")
        text = decode_text(read_limited(None, MAX_BYTES, "stdin"), "stdin")
    else:
        text = read_text_file(path)
    data = parse_yaml(text, str(path))
    if data is None:
        return Answers()
    if not isinstance(data, dict):
        raise DataFileError(
            str(path), f"expected a mapping from question id to answer, found {type(data).__name__}"
        )
    out = Answers()
    for key, value in data.items():
        question = checklist.question(str(key))
        if question is None or not question.answerable:
            ids = ", ".join(q.id for q in checklist.answerable())
            raise DataFileError(
                str(path),
                f"not a question of checklist {checklist.id!r} (its questions: {ids})",
                line=field_line(text, [str(key)]),
                field=str(key),
            )
        _take(out, question, value, path, text)
    return out


def _take(out: Answers, question: Question, value: Any, path: Path, text: str) -> None:
    def fail(problem: str, loc: list[int | str] | None = None) -> DataFileError:
        full: list[int | str] = [question.id, *(loc or [])]
        return DataFileError(
            str(path), problem, line=field_line(text, full), field=format_loc(full)
        )

    if value is None:  # `current-stack:` left blank (a template filled in part): not answered
        return
    scalar = _scalar(value)
    if question.kind in ("references", "review") and isinstance(value, list | dict):
        adapter: TypeAdapter[Any] = _REFERENCES if question.kind == "references" else _REVIEW
        try:
            parsed = adapter.validate_python(value)
        except ValidationError as exc:
            first = exc.errors()[0]
            loc = [p for p in first["loc"] if isinstance(p, int | str)]
            raise fail(first["msg"], loc) from None
        if question.kind == "references":
            out.references = parsed
        else:
            out.review = parsed
        return
    if isinstance(value, bool):
        raise fail(
            "YAML reads an unquoted yes as true or false (so do no, on, off): put the answer "
            'in quotes ("yes")'
        )
    if scalar is None:
        raise fail("expected text")
    if question.kind == "choice":
        by_id = {c.id.casefold(): c.id for c in question.choices}
        chosen = by_id.get(scalar.casefold())
        if chosen is None:
            raise fail(f"expected one of {', '.join(c.id for c in question.choices)}")
        scalar = chosen
    if scalar:
        out.text[question.id] = scalar
