"""The data of a translation run: style profiles, what the model returns, what a run records."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidatorFunctionWrapHandler,
    computed_field,
    field_validator,
    model_validator,
)

from workbench.core.align import SentencePair
from workbench.core.columns import ColumnKey
from workbench.core.compare.diff import SimilarityMatrix
from workbench.core.compare.flags import Flag
from workbench.core.compare.glossary import GlossaryCheck, GlossaryEntry
from workbench.core.compare.metrics import ReferenceScores
from workbench.core.critique.models import Critique

STYLE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
RESERVED_IDS = frozenset({"reference", "source", "round-trip"})
SCHEMA_VERSION = 1


class Exemplar(BaseModel):
    """A source passage and its rendition in a style: shows the model what the style sounds like."""

    model_config = ConfigDict(extra="forbid")

    source_language: str = Field(min_length=1)
    target_language: str = Field(min_length=1)
    source: str = Field(min_length=1)
    rendition: str = Field(min_length=1)


class StyleProfile(BaseModel):
    """A translator style: a brief for the model, optional exemplars, and sampling settings."""

    model_config = ConfigDict(extra="forbid")

    id: str
    name: str = Field(min_length=1)
    summary: str = ""
    brief: str = Field(min_length=1)
    temperature: float | None = Field(default=0.7, ge=0.0, le=2.0)
    """None: the model's own default (nothing is sent)."""
    footnotes: bool = False
    exemplars: list[Exemplar] = Field(default_factory=list)

    @field_validator("id")
    @classmethod
    def _valid_id(cls, value: str) -> str:
        if not STYLE_ID.match(value):
            raise ValueError(
                "must be lower-case letters, digits, '-' or '_', starting with a letter or digit"
            )
        if value in RESERVED_IDS:
            raise ValueError(f"{value!r} is reserved for a column of its own; choose another id")
        return value

    def exemplars_for(self, source_language: str, target_language: str) -> list[Exemplar]:
        """Exemplars for this language pair; failing that, those into the target language."""
        src, tgt = source_language.lower(), target_language.lower()
        exact = [
            e
            for e in self.exemplars
            if e.source_language.lower() == src and e.target_language.lower() == tgt
        ]
        if exact:
            return exact
        return [e for e in self.exemplars if e.target_language.lower() == tgt]


class Segment(BaseModel):
    """Part of a rendition: the translation of the numbered source sentences `source`."""

    model_config = ConfigDict(extra="ignore")

    source: list[int] = Field(description="The numbers of the source sentences translated here.")
    text: str = Field(description="Their translation: a part of the text, word for word.")


class RenditionOutput(BaseModel):
    """What the model is asked to return for one rendition (the JSON schema it is given)."""

    model_config = ConfigDict(extra="ignore")

    text: str = Field(description="The translated passage, body text only, no footnotes.")
    segments: list[Segment] = Field(
        default_factory=list,
        description=(
            "The text split by numbered source sentence, in order; joined, they are the text."
        ),
    )
    notes: list[str] = Field(
        default_factory=list,
        description="Translator's notes on choices made (brief); may be empty.",
    )
    footnotes: list[str] = Field(
        default_factory=list,
        description="Footnotes referenced from the text as [1], [2], ...; may be empty.",
    )

    @field_validator("segments", mode="wrap")
    @classmethod
    def _segments_or_none(cls, value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        """Segments in a shape other than asked are no segments (the aligner then aligns the
        text): they never cost the rendition itself."""
        try:
            return handler(value)
        except ValidationError:
            return []


class StyleBrief(BaseModel):
    """What the model is asked to return when describing a translator's style."""

    model_config = ConfigDict(extra="ignore")

    name: str = ""
    summary: str = Field(default="", description="One line: the style in a few words.")
    brief: str = Field(
        min_length=1, description="A paragraph instructing a translator to write in this style."
    )
    footnotes: bool = Field(
        default=False, description="Whether this translator adds explanatory footnotes."
    )
    temperature: float = Field(
        default=0.7, description="Suggested sampling temperature between 0 and 1."
    )


class Usage(BaseModel):
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    total_tokens: int | None = None

    def __add__(self, other: Usage) -> Usage:
        def add(a: int | None, b: int | None) -> int | None:
            return None if a is None and b is None else (a or 0) + (b or 0)

        return Usage(
            prompt_tokens=add(self.prompt_tokens, other.prompt_tokens),
            completion_tokens=add(self.completion_tokens, other.completion_tokens),
            total_tokens=add(self.total_tokens, other.total_tokens),
        )


class RenditionError(BaseModel):
    type: str
    message: str


PartialReason = Literal[
    "stream_cut", "token_limit", "deadline", "size_limit", "repetition", "cancelled", "failed"
]
PARTIAL_REASONS: dict[str, str] = {
    "stream_cut": "the stream was cut off",
    "token_limit": "the model reached its output token limit",
    "deadline": "the rendition's deadline passed",
    "size_limit": "the answer reached the size cap",
    "repetition": "the answer kept repeating itself",
    "cancelled": "stopped by the user",
    "failed": "the rendition failed part way",
}
_REASON_OF_ERROR: dict[str, PartialReason] = {
    "stream_interrupted": "stream_cut",
    "length": "token_limit",
    "timeout": "deadline",
    "too_long": "size_limit",
    "repetition": "repetition",
    "cancelled": "cancelled",
}


class Partial(BaseModel):
    """A rendition that ended early: its `text` is what was parsed so far, never the whole
    answer. Whatever the cause, it counts as failed (the run's exit code is not 0)."""

    reason: PartialReason = Field(
        description="stream_cut, token_limit, deadline, size_limit, repetition, cancelled, failed"
    )

    @property
    def description(self) -> str:
        return PARTIAL_REASONS[self.reason]

    @staticmethod
    def of(error: RenditionError | None, text: str) -> Partial | None:
        """The one rule: a rendition that ended with an error but with some text is partial."""
        if error is None or not text.strip():
            return None
        return Partial(reason=_REASON_OF_ERROR.get(error.type, "failed"))


AlignmentOrigin = Literal["model", "aligner"]


class Provenance(BaseModel):
    """Where a rendition came from, so it can be judged and reproduced."""

    provider: str = "openai"
    base_url: str | None = None
    temperature: float | None = None
    prompt_hash: str | None = None
    output_mode: Literal["json_schema", "json_object", "text"] | None = None
    chunks: int = 1
    dropped_parameters: list[str] = Field(
        default_factory=list,
        description="parameters the style asked for that the model does not take (not sent)",
    )


class RoundTrip(BaseModel):
    """The rendition translated back into the source language: a diagnostic for meaning lost
    or added on the way, not a quality score (round trips correlate poorly with quality)."""

    text: str = ""
    error: RenditionError | None = None
    similarity_to_source: float | None = None
    ops: list[tuple[int, str]] = Field(
        default_factory=list, description="word diff of the source (A) against the round trip (B)"
    )


class Rendition(BaseModel):
    style: str
    style_name: str
    sample: int = Field(default=1, ge=1, description="which of the style's samples (1-based)")
    endpoint: str | None = Field(
        default=None,
        description="the named endpoint ([endpoints.NAME]) the column ran on; None: the default",
    )
    column_model: str | None = Field(
        default=None,
        description=(
            "the model the column asked for, part of its key, when a run puts models side by "
            "side (None: the run's one model on the default endpoint; `model` is what answered)"
        ),
    )
    text: str = ""
    notes: list[str] = Field(default_factory=list)
    footnotes: list[str] = Field(default_factory=list)
    model: str | None = None
    usage: Usage | None = None
    latency_ms: float | None = None
    cached: bool = False
    error: RenditionError | None = None
    partial: Partial | None = Field(
        default=None, description="set when the rendition ended early: `text` is incomplete"
    )
    provenance: Provenance = Field(default_factory=Provenance)
    round_trip: RoundTrip | None = None
    metrics: ReferenceScores | None = Field(
        default=None, description="against the reference translation, when one was given"
    )
    flags: list[Flag] = Field(default_factory=list, description="things worth a second look")
    glossary: GlossaryCheck | None = Field(
        default=None, description="the run's glossary terms this rendition keeps and misses"
    )
    alignment: list[SentencePair] | None = Field(
        default=None, description="the text's sentences aligned to the source's, in order"
    )
    alignment_origin: AlignmentOrigin | None = Field(
        default=None,
        description=(
            "model: from the segments of the model's answer (checked to rebuild the text); "
            "aligner: from the sentence aligner"
        ),
    )

    @model_validator(mode="after")
    def _keyed(self) -> Rendition:
        self.column_key  # noqa: B018 - raises ValueError for an endpoint without a model
        return self

    @property
    def column_key(self) -> ColumnKey:
        return ColumnKey(self.style, self.endpoint, self.column_model, self.sample)

    @property
    def key(self) -> str:
        """The column key's text form (`workbench.core.columns`): `rosner`, `rosner#2`,
        `rosner@gpt-4o`, `rosner@ollama:qwen2.5:7b#2`."""
        return str(self.column_key)

    @computed_field(description="`key`: what the critique, favourite and notes name")  # type: ignore[prop-decorator]
    @property
    def column(self) -> str:
        return self.key


class SourceText(BaseModel):
    text: str
    language: str


class TargetSpec(BaseModel):
    language: str


class PairDiff(BaseModel):
    """A word-level diff between two columns (filled by the comparison analysis)."""

    a: str
    b: str
    ops: list[tuple[int, str]]
    similarity: float


class StyleVariance(BaseModel):
    """How much one style's samples differ from each other (the seed's point on randomness)."""

    style: str
    samples: int
    mean_similarity: float
    min_similarity: float


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class Reference(BaseModel):
    """A human translation to compare the renditions against."""

    text: str
    name: str = "reference"

    @field_validator("name")
    @classmethod
    def _utf8_name(cls, value: str) -> str:
        """A file name that was not UTF-8 comes with lone surrogates, which no JSON (run file,
        export) can hold: each is U+FFFD, as a UTF-8 decoder that replaces would give."""
        return _LONE_SURROGATE.sub("\ufffd", value)


class Judgment(BaseModel):
    """The user's verdict on a run: a favourite and notes on renditions (by column key).

    In blind mode the columns are shown under letters in `blind_order` (a shuffled list of
    column keys: letter A is blind_order[0]) until a favourite is picked.
    """

    favourite: str | None = None
    notes: dict[str, str] = Field(default_factory=dict)
    blind: bool = False
    blind_order: list[str] = Field(default_factory=list)
    revealed: bool = False
    decided_at: datetime | None = None


class Comparison(BaseModel):
    """One translation run: the object `workbench translate --format json` prints."""

    schema_version: int = SCHEMA_VERSION
    id: str
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    source: SourceText
    target: TargetSpec
    model: str | None = None
    renditions: list[Rendition] = Field(default_factory=list)
    diffs: list[PairDiff] = Field(default_factory=list)
    reference: Reference | None = None
    reference_alignment: list[SentencePair] | None = Field(
        default=None, description="the reference's sentences aligned to the source's, in order"
    )
    similarity: SimilarityMatrix | None = None
    variance: list[StyleVariance] = Field(default_factory=list)
    glossary: list[GlossaryEntry] = Field(
        default_factory=list, description="the fixed renderings of names and terms for this run"
    )
    judgment: Judgment = Field(default_factory=Judgment)
    critique: Critique | None = Field(
        default=None, description="a blind critique by a judge model: its opinion, not a fact"
    )
    run_notes: list[str] = Field(
        default_factory=list,
        description="what the run as a whole should say, once (e.g. the styles collapsed)",
    )
    extra: dict[str, Any] = Field(default_factory=dict)

    def column(self, key: str) -> Rendition | None:
        return next((r for r in self.renditions if r.key == key), None)

    @property
    def failed(self) -> list[Rendition]:
        """Renditions that failed or are partial (each one makes the exit code 1)."""
        return [r for r in self.renditions if r.error is not None or r.partial is not None]
