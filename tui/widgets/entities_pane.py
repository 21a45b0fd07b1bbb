"""The Entities pane: people, organisations, places and the rest, most mentioned first."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets.option_list import Option

from annotations.entities.model import Entity, EntityType
from annotations.visible_text import visible_line
from tui.widgets.list_pane import ListPane

GROUPS: tuple[tuple[EntityType, str], ...] = (
    (EntityType.PERSON, "People"),
    (EntityType.ORG, "Organisations"),
    (EntityType.PLACE, "Places"),
    (EntityType.OTHER, "Other"),
)
HEADER_PREFIX = "group:"


def entity_row(entity: Entity) -> Content:
    return Content.assemble(visible_line(entity.name), "  ", (f"{entity.count}", "$text-muted"))


class EntitiesPane(ListPane):
    """Option ids are entity names; group headers are disabled options."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Entities", "Finding entities…", id=id)
        self.entities: dict[str, Entity] = {}

    def show_entities(self, entities: Sequence[Entity], extractor: str) -> None:
        self.entities = {entity.name: entity for entity in entities}
        self.border_subtitle = visible_line(extractor)
        options: list[Option] = []
        for kind, label in GROUPS:
            members = sorted(
                (e for e in entities if e.type is kind), key=lambda e: (-e.count, e.name)
            )
            if not members:
                continue
            header = Content.styled(f"{label} ({len(members)})", "bold $secondary")
            options.append(Option(header, id=f"{HEADER_PREFIX}{kind.value}", disabled=True))
            options.extend(Option(entity_row(e), id=e.name) for e in members)
        empty = f"No named entities found ({visible_line(extractor)})."
        self.show_options(options, empty_message=empty)

    def selected(self) -> Entity | None:
        option_list = self.option_list
        if self.has_class("-message") or option_list.highlighted is None:
            return None
        option_id = option_list.get_option_at_index(option_list.highlighted).id or ""
        return self.entities.get(option_id)
