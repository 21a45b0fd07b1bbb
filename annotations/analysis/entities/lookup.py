"""Find the entity a piece of text refers to, for attributing quotes to speakers."""

from __future__ import annotations

from collections.abc import Iterable

from annotations.analysis.entities.entity_rules import surname
from annotations.analysis.entities.mention_rules import initials, is_acronym, straighten_quotes
from annotations.analysis.entities.model import Entity, EntityType

_POSSESSIVES = ("'s", "'")


def find_entity_by_surface(entities: Iterable[Entity], surface: str) -> Entity | None:
    """The entity that `surface` names, or None.

    Matches, in this order of preference: the canonical name, a mention's surface (its
    `aliases`), a person's surname, an acronym of the name (or the name of an acronym).
    Quotes are straightened and a possessive or leading "the" is ignored ("Meta’s" → Meta).
    The first entity in `entities` wins among equal matches (they come most mentioned first).

    Args:
        entities: Extracted entities.
        surface: Text naming an entity, e.g. a quote's speaker.
    """
    wanted = _normalised(surface)
    if not wanted:
        return None
    entities = list(entities)
    for matches in (_is_name, _is_alias, _is_surname, _is_acronym_of):
        for entity in entities:
            if matches(entity, wanted):
                return entity
    return None


def _normalised(surface: str) -> str:
    text = straighten_quotes(surface).strip()
    if text.startswith(("the ", "The ")):
        text = text[4:].lstrip()
    for ending in _POSSESSIVES:
        if text.endswith(ending) and len(text) > len(ending):
            text = text[: -len(ending)]
            break
    return text


def _is_name(entity: Entity, wanted: str) -> bool:
    return straighten_quotes(entity.name) == wanted


def _is_alias(entity: Entity, wanted: str) -> bool:
    return wanted in (straighten_quotes(alias) for alias in entity.aliases)


def _is_surname(entity: Entity, wanted: str) -> bool:
    return entity.type is EntityType.PERSON and surname(entity.name) == wanted


def _is_acronym_of(entity: Entity, wanted: str) -> bool:
    if is_acronym(wanted):
        return initials(entity.name) == wanted
    return is_acronym(entity.name) and initials(wanted) == entity.name
