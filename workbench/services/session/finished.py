"""What a session does with a finished run beyond running it: its analysis (arriving from
another thread, or made now) and scores against a rendition baseline (`SessionAnalysis`), and
the user's judgment: blind mode, favourite, notes (`SessionJudgment`). `TranslationSession`
(`session.py`) is built of these; they hold no state of their own."""

from __future__ import annotations

from workbench.core.translate.judgment import hidden_names, hide_names
from workbench.core.translate.models import Comparison, Judgment
from workbench.services.session import judging
from workbench.services.session.columns import ChangeKind, Refused


class _SessionParts:
    """What the parts below read and call of the session (declared for the type checker)."""

    run_no: int
    running: bool
    comparison: Comparison | None
    analysed: bool
    _scores: dict[tuple[str, str], float]

    def _save(self) -> None:
        raise NotImplementedError

    def _emit(self, kind: ChangeKind, key: str | None = None, text: str = "") -> None:
        raise NotImplementedError

    @property
    def judgment(self) -> Judgment:
        raise NotImplementedError

    @property
    def blind(self) -> bool:
        raise NotImplementedError


class SessionAnalysis(_SessionParts):
    def pending_analysis(self) -> tuple[int, Comparison] | None:
        """(run number, the run to analyse) when the run has not been analysed yet."""
        if self.comparison is None or self.analysed:
            return None
        return self.run_no, self.comparison

    def analysis_done(self, run_no: int, before: Comparison, analysed: Comparison) -> bool:
        """The analysis of `before` (from `pending_analysis()`); ignored (False) when the run
        changed meanwhile, as a newer analysis is due. What the user did meanwhile (favourite,
        notes, blind, a critique) is kept."""
        current = self.comparison
        if run_no != self.run_no or current is None or current.renditions is not before.renditions:
            return False
        if current.reference != analysed.reference:
            return False
        self.comparison = analysed.model_copy(
            update={"judgment": current.judgment, "critique": current.critique}
        )
        self.analysed = True
        self._save()
        self._emit("analysis")
        return True

    def analyse(self) -> None:
        """Analyse the run now, in this thread (an interface may do it in another)."""
        from workbench.core.compare.analysis import analyse

        pending = self.pending_analysis()
        if pending is not None:
            self.analysis_done(pending[0], pending[1], analyse(pending[1]))

    def analysed_run(self) -> Comparison | None:
        """The run, analysed (now, if its analysis has not arrived), e.g. for export."""
        from workbench.core.compare.analysis import analyse

        if self.comparison is None or self.analysed:
            return self.comparison
        return analyse(self.comparison)

    def add_scores(self, run_no: int, baseline: str, scores: dict[str, float]) -> bool:
        """chrF of columns against a rendition baseline, computed by the interface."""
        if run_no != self.run_no:
            return False
        for key, value in scores.items():
            self._scores[(baseline, key)] = value
        self._emit("scores", baseline)
        return True


class SessionJudgment(_SessionParts):
    def _judge(self, judgment: Judgment) -> None:
        assert self.comparison is not None
        self.comparison = self.comparison.model_copy(update={"judgment": judgment})
        self._save()
        self._emit("judgment")

    def _finished_run(self, refusal: str) -> Comparison:
        if self.comparison is None or self.running:
            raise Refused(refusal)
        return self.comparison

    def toggle_blind(self) -> bool:
        """Blind mode on (names hidden, columns shuffled until a favourite is picked) or off;
        True when it is now on."""
        self._judge(
            judging.toggled_blind(self._finished_run("Blind mode starts on a finished run."))
        )
        return self.blind

    def pick_favourite(self, key: str) -> bool:
        """Column `key` is the favourite (again: no longer); picking one reveals a blind run.
        True when the pick was made blind."""
        run = self._finished_run("Pick a favourite once the run has finished.")
        was_blind = self.blind
        self._judge(judging.picked(run, key))
        return was_blind

    def run_notes(self) -> list[str]:
        """What the run says of itself as a whole; while it is blind, with no model or
        endpoint named (a note naming the model whose styles collapsed would tell which
        columns are that model's)."""
        run = self.comparison
        if run is None:
            return []
        if not self.blind:
            return list(run.run_notes)
        names = hidden_names(run)
        return [hide_names(note, names) for note in run.run_notes]

    def note(self, key: str) -> str:
        """The note on column `key` ("" when none); refused before the run has finished."""
        self._finished_run("Notes go on the renditions of a finished run.")
        return self.judgment.notes.get(key, "")

    def set_note(self, key: str, text: str) -> None:
        """The note on column `key` (empty text removes it)."""
        if self.comparison is not None:
            self._judge(judging.noted(self.comparison, key, text))
