"""How often the critic's best column was the user's favourite, across history: overall and
per judge model. A run counts once it has both a critique with a ranking and a favourite."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

from workbench.core.translate.models import Comparison


@dataclass
class Agreement:
    judge: str
    runs: int = 0
    """Runs with a critique's ranking and a favourite."""
    agreed: int = 0
    """The critic's best column was the favourite."""
    no_preference: int = 0
    """The critic had no consistent preference (the two orders disagreed on the first)."""

    @property
    def disagreed(self) -> int:
        return self.runs - self.agreed - self.no_preference

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "disagreed": self.disagreed}


def agreement(runs: Iterable[Comparison]) -> tuple[Agreement, list[Agreement]]:
    """The overall tally and one per judge model (by name)."""
    overall = Agreement(judge="all judges")
    per: dict[str, Agreement] = {}
    for run in runs:
        critique, favourite = run.critique, run.judgment.favourite
        if critique is None or critique.ranking is None or favourite is None:
            continue
        for tally in (overall, per.setdefault(critique.judge, Agreement(judge=critique.judge))):
            tally.runs += 1
            if critique.best is None:
                tally.no_preference += 1
            elif critique.best == favourite:
                tally.agreed += 1
    return overall, [per[name] for name in sorted(per)]


def history_agreement() -> tuple[Agreement, list[Agreement]]:
    from workbench.io.translate.history import readable_runs

    return agreement(readable_runs())
