"""A comparison's state, without Textual: `TranslationSession` (`session.py`), its columns
and the changes it reports (`columns.py`), the judgment's rules as it applies them
(`judging.py`)."""

from workbench.services.session.columns import (
    AnyColumn,
    Change,
    ChangeKind,
    ReferenceColumn,
    Refused,
    SessionColumn,
    State,
)
from workbench.services.session.session import TranslationSession

__all__ = [
    "AnyColumn",
    "Change",
    "ChangeKind",
    "ReferenceColumn",
    "Refused",
    "SessionColumn",
    "State",
    "TranslationSession",
]
