"""The reader's corrections of what the analysis found: entities and quotations put right.

The machine gets names, types and speakers wrong; the reader can say so. A correction is the
reader's own work, kept like a highlight: saved the moment it is made in the article's file,
undoable, and anchored by quote and context where it names a place in the text, so it outlives
a new analysis and small changes to the text. `apply_corrections` lays them over any analysis
— the panes, the exports and `analyze --json` all show the corrected result, each entity and
quotation marked as the machine's or the reader's.

Entity corrections name the entity (names are what the reader sees and what survives a new
analysis); quotation corrections and added entities are anchored in the text.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from annotations.analysis.entities.model import Entity, EntityType, Mention
from annotations.dates import utc_now
from annotations.library.anchoring import anchor, describe
from annotations.library.model import TextPositionSelector, TextQuoteSelector

if TYPE_CHECKING:  # the quotes package pulls in the whole extractor
    from annotations.analysis.quotes.model import Quote


class CorrectionKind(StrEnum):
    ENTITY_TYPE = "entity-type"  # the entity is of another type
    ENTITY_MERGE = "entity-merge"  # the entity is another one under a second name
    ENTITY_REMOVE = "entity-remove"  # not an entity at all
    ENTITY_ADD = "entity-add"  # a name the machine missed
    QUOTE_SPEAKER = "quote-speaker"  # someone else said it (or nobody known: "")
    QUOTE_REMOVE = "quote-remove"  # not a quotation


#: What each kind is called in an undo message.
DESCRIPTIONS = {
    CorrectionKind.ENTITY_TYPE: "entity type",
    CorrectionKind.ENTITY_MERGE: "entity merge",
    CorrectionKind.ENTITY_REMOVE: "entity removal",
    CorrectionKind.ENTITY_ADD: "added entity",
    CorrectionKind.QUOTE_SPEAKER: "speaker",
    CorrectionKind.QUOTE_REMOVE: "quotation removal",
}


@dataclass(frozen=True, slots=True)
class Correction:
    """One correction. `entity` names the entity corrected; `value` is the new type, the
    entity merged into, the speaker or the added entity's name; a quotation correction or an
    added entity also has where it is in the text (`position` and `quote`)."""

    id: str
    article_id: str
    kind: CorrectionKind
    created: str
    entity: str = ""
    value: str = ""
    entity_type: EntityType | None = None
    position: TextPositionSelector | None = None
    quote: TextQuoteSelector | None = None

    @classmethod
    def new(
        cls,
        article_id: str,
        kind: CorrectionKind,
        *,
        entity: str = "",
        value: str = "",
        entity_type: EntityType | None = None,
        text: str | None = None,
        span: tuple[int, int] | None = None,
    ) -> Correction:
        """A new correction; with `text` and `span`, anchored at ``text[span[0]:span[1]]``."""
        position = quote = None
        if text is not None and span is not None:
            position, quote = describe(text, *span)
        return cls(
            id=uuid.uuid4().hex,
            article_id=article_id,
            kind=kind,
            created=utc_now(),
            entity=entity,
            value=value,
            entity_type=entity_type,
            position=position,
            quote=quote,
        )

    @property
    def what(self) -> str:
        return DESCRIPTIONS[self.kind]

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "article_id": self.article_id,
            "kind": self.kind.value,
            "created": self.created,
            "entity": self.entity,
            "value": self.value,
        }
        if self.entity_type is not None:
            data["entity_type"] = self.entity_type.value
        if self.position is not None and self.quote is not None:
            data["position"] = [self.position.start, self.position.end]
            data["quote"] = [self.quote.prefix, self.quote.exact, self.quote.suffix]
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Correction:
        """Raises ValueError (or KeyError, TypeError) for a document that is not one."""
        position = quote = None
        if "position" in data:
            start, end = data["position"]
            prefix, exact, suffix = data["quote"]
            position = TextPositionSelector(int(start), int(end))
            quote = TextQuoteSelector(str(exact), str(prefix), str(suffix))
        entity_type = data.get("entity_type")
        return cls(
            id=_text(data, "id"),
            article_id=_text(data, "article_id"),
            kind=CorrectionKind(data["kind"]),
            created=_text(data, "created"),
            entity=_text(data, "entity"),
            value=_text(data, "value"),
            entity_type=None if entity_type is None else EntityType(entity_type),
            position=position,
            quote=quote,
        )


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data[key]
    if not isinstance(value, str):
        raise ValueError(f"correction field {key!r} is not text")
    return value


# --- applying ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Corrected:
    """An analysis with the reader's corrections laid over it."""

    entities: tuple[Entity, ...]
    quotes: tuple[Quote, ...]
    #: Corrections whose place in the text could not be found any more (kept, not applied).
    unplaced: tuple[Correction, ...] = ()


def apply_corrections(
    text: str,
    entities: Iterable[Entity],
    quotes: Iterable[Quote],
    corrections: Iterable[Correction],
) -> Corrected:
    """The entities and quotations as the reader corrected them; `corrections` come in the
    order they were made, so a later one wins. What a correction touched is ``by_reader``."""
    by_name = {entity.name: entity for entity in entities}
    quote_list = list(quotes)
    unplaced: list[Correction] = []
    for correction in corrections:
        span = _place(text, correction)
        if correction.position is not None and span is None:
            unplaced.append(correction)
            continue
        if correction.kind in _ENTITY_KINDS:
            _correct_entity(text, by_name, correction, span)
        else:
            assert span is not None
            quote_list = _correct_quote(quote_list, correction, span)
    # The analysis's order is kept; an entity the reader added comes last.
    return Corrected(tuple(by_name.values()), tuple(quote_list), tuple(unplaced))


_ENTITY_KINDS = frozenset(
    {
        CorrectionKind.ENTITY_TYPE,
        CorrectionKind.ENTITY_MERGE,
        CorrectionKind.ENTITY_REMOVE,
        CorrectionKind.ENTITY_ADD,
    }
)


def _place(text: str, correction: Correction) -> tuple[int, int] | None:
    if correction.position is None or correction.quote is None:
        return None
    return anchor(text, correction.position, correction.quote)


def _correct_entity(
    text: str, by_name: dict[str, Entity], correction: Correction, span: tuple[int, int] | None
) -> None:
    kind, name = correction.kind, correction.entity
    entity = by_name.get(name)
    if kind is CorrectionKind.ENTITY_ADD:
        assert span is not None and correction.entity_type is not None
        _add_entity(text, by_name, correction.value, correction.entity_type, span)
    elif entity is None:
        return  # the analysis no longer finds it: nothing to correct
    elif kind is CorrectionKind.ENTITY_REMOVE:
        del by_name[name]
    elif kind is CorrectionKind.ENTITY_TYPE and correction.entity_type is not None:
        by_name[name] = replace(entity, type=correction.entity_type, by_reader=True)
    elif kind is CorrectionKind.ENTITY_MERGE and correction.value and correction.value != name:
        del by_name[name]
        target = by_name.get(correction.value)
        if target is None:  # merged into a name no longer found: it takes that name
            by_name[correction.value] = replace(entity, name=correction.value, by_reader=True)
            return
        mentions = tuple(sorted(set(target.mentions) | set(entity.mentions)))
        aliases = tuple(dict.fromkeys([*target.aliases, name, *entity.aliases]))
        by_name[target.name] = replace(target, mentions=mentions, aliases=aliases, by_reader=True)


def _add_entity(
    text: str,
    by_name: dict[str, Entity],
    name: str,
    entity_type: EntityType,
    span: tuple[int, int],
) -> None:
    """Add the name the reader marked, with every other place the same words stand as a
    whole word: a name missed once was usually missed everywhere."""
    surface = text[span[0] : span[1]]
    found = {Mention(*span)}
    if surface.strip():
        pattern = re.compile(rf"(?<!\w){re.escape(surface)}(?!\w)")
        found.update(Mention(m.start(), m.end()) for m in pattern.finditer(text))
    existing = by_name.get(name)
    if existing is not None:
        found |= set(existing.mentions)
        by_name[name] = replace(existing, mentions=tuple(sorted(found)), by_reader=True)
    else:
        by_name[name] = Entity(name, entity_type, tuple(sorted(found)), by_reader=True)


def _correct_quote(
    quotes: list[Quote], correction: Correction, span: tuple[int, int]
) -> list[Quote]:
    start, end = span
    result: list[Quote] = []
    for quote in quotes:
        if quote.start >= end or quote.end <= start:
            result.append(quote)
        elif correction.kind is CorrectionKind.QUOTE_SPEAKER:
            result.append(replace(quote, speaker=correction.value or None, by_reader=True))
        # QUOTE_REMOVE: left out
    return result
