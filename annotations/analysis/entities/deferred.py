"""An extractor chosen on first use, so opening an article does not wait for the choice.

Choosing reads the installed spaCy pipelines' package versions and imports both backends
(~0.05 s); the first frame needs none of it. Only choices that cannot fail ("auto" falls back
to the built-in rules; "rules") are deferred: an explicit spaCy choice that is not installed
is still one line from the command line, before the app starts.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from annotations.analysis.entities import Extractor
    from annotations.analysis.entities.model import Entity

#: The choices `get_extractor` always honours.
DeferredChoice = Literal["auto", "rules"]


class DeferredExtractor:
    """Stands for ``get_extractor(choice)``, made the first time it is asked anything."""

    def __init__(self, choice: DeferredChoice) -> None:
        self.choice: DeferredChoice = choice
        self._chosen: Extractor | None = None
        self._lock = threading.Lock()

    @property
    def chosen(self) -> Extractor:
        """The real extractor (made once, by whichever thread asks first)."""
        with self._lock:
            if self._chosen is None:
                from annotations.analysis.entities import get_extractor

                self._chosen = get_extractor(self.choice)
            return self._chosen

    @property
    def name(self) -> str:
        return self.chosen.name

    @property
    def version(self) -> str:
        return self.chosen.version

    def extract(self, text: str) -> list[Entity]:
        return self.chosen.extract(text)

    def __reduce__(self) -> tuple[type[DeferredExtractor], tuple[DeferredChoice]]:
        # Sent to another process as the choice alone (a lock cannot be pickled).
        return (DeferredExtractor, (self.choice,))


def chosen(extractor: Extractor) -> Extractor:
    """The real extractor behind `extractor` (itself unless deferred): call it off the UI
    thread, since choosing imports the backends."""
    return extractor.chosen if isinstance(extractor, DeferredExtractor) else extractor
