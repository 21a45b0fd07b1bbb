"""What entity extraction returns, whichever backend produced it."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class EntityType(StrEnum):
    PERSON = "PERSON"
    ORG = "ORG"
    PLACE = "PLACE"
    OTHER = "OTHER"


@dataclass(frozen=True, slots=True)
class EntityTypeLabel:
    """How a type is named to the reader: a group's heading and one member."""

    group: str  # "People": the Entities pane's group, the export's section
    one: str  # "a person": the reader's corrections ("… is now a person")


#: Every type in the order the pane and the export list them: the one place they are named.
ENTITY_TYPE_LABELS: dict[EntityType, EntityTypeLabel] = {
    EntityType.PERSON: EntityTypeLabel("People", "a person"),
    EntityType.ORG: EntityTypeLabel("Organisations", "an organisation"),
    EntityType.PLACE: EntityTypeLabel("Places", "a place"),
    EntityType.OTHER: EntityTypeLabel("Other", "something else"),
}


@dataclass(frozen=True, slots=True, order=True)
class Mention:
    """One mention of an entity: the half-open range ``[start, end)`` of the article text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Entity:
    """A named entity with its canonical name and every mention, in text order."""

    name: str
    type: EntityType
    mentions: tuple[Mention, ...]
    #: The other surfaces its mentions have ("Zuckerberg", "EU"), straight quotes, no order
    #: implied beyond most frequent first.
    aliases: tuple[str, ...] = field(default=())
    #: True when the reader corrected or added it (annotations/library/corrections.py).
    by_reader: bool = False

    @property
    def count(self) -> int:
        return len(self.mentions)
