"""The comparison screen, in parts: `screen` (composition, keys, wiring to the session),
`setup` (the setup pane), `grid` (the columns), `dialogs` (dialogs and export), `workers`
(the run, stream batching, analysis and scores). Its state is a `TranslationSession`
(`workbench.services.session`)."""

from workbench.tui.screens.compare.screen import CompareScreen
from workbench.tui.screens.compare.workers import EngineEvent, StreamedText

__all__ = ["CompareScreen", "EngineEvent", "StreamedText"]
