"""A sentence of the source that the alignment pairs with nothing in a rendition is flagged
(`sentence_missing`), and so is a sentence of the rendition paired with nothing in the source
(`sentence_added`): the omissions and additions a translator reads the aligned table for,
named in the flags every format shows, with the sentence numbers and their text."""

from __future__ import annotations

from tests.compare.parallel_passages import LETTER_EN, LETTER_FR
from workbench.core.compare.analysis import analyse
from workbench.core.translate.models import Comparison, Rendition, SourceText, TargetSpec

LEFT_OUT = 9  # `Marie reconnut aussitôt l'écriture.`: found as the lone one without help


def _run(*renditions: Rendition) -> Comparison:
    return Comparison(
        id="20260101-000000-abcd",
        source=SourceText(text=" ".join(LETTER_FR), language="fr"),
        target=TargetSpec(language="en"),
        renditions=list(renditions),
    )


def _flags(rendition: Rendition) -> dict[str, tuple[str, list[str]]]:
    return {flag.kind: (flag.message, flag.detail) for flag in rendition.flags}


def test_a_sentence_left_out_and_one_added_are_flagged_with_their_numbers_and_text() -> None:
    note = "The postman, in those years, came on foot from the next village."
    text = [*LETTER_EN[:LEFT_OUT], *LETTER_EN[LEFT_OUT + 1 :]]
    text.insert(2, note)
    whole = Rendition(style="rosner", style_name="Hilda Rosner", text=" ".join(LETTER_EN))
    gapped = Rendition(style="literal", style_name="Literal gloss", text=" ".join(text))
    analysed = analyse(_run(whole, gapped))
    assert not {"sentence_missing", "sentence_added"} & set(_flags(analysed.renditions[0]))
    flags = _flags(analysed.renditions[1])
    message, detail = flags["sentence_missing"]
    assert f"source sentence {LEFT_OUT + 1} " in message and "no counterpart" in message
    assert detail == [LETTER_FR[LEFT_OUT]]
    message, detail = flags["sentence_added"]
    assert "sentence 3 of this rendition" in message and detail == [note]


def test_a_partial_or_failed_rendition_is_not_flagged_for_sentences() -> None:
    """A partial rendition lacks its end by definition (its one flag says so); a failed one
    has no text to align."""
    from workbench.core.translate.models import Partial, RenditionError

    partial = Rendition(
        style="rosner",
        style_name="Hilda Rosner",
        text=" ".join(LETTER_EN[:5]),
        partial=Partial(reason="stream_cut"),
    )
    failed = Rendition(
        style="literal", style_name="Literal gloss", error=RenditionError(type="x", message="y")
    )
    analysed = analyse(_run(partial, failed))
    for rendition in analysed.renditions:
        assert not {"sentence_missing", "sentence_added"} & set(_flags(rendition))
