"""The Entities pane: people, organisations, places and the rest, most mentioned first.

Moving to an entity marks its mentions in the article; `enter` walks through them. The reader
corrects the machine here: `T` another type, `m` merge into another entity, `x` not an entity.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets.option_list import Option

from annotations.analysis.entities.model import ENTITY_TYPE_LABELS, Entity
from annotations.visible_text import visible_line
from tui.widgets.list_pane import ListPane

HEADER_PREFIX = "group:"


#: Beside what the reader corrected or added, so machine and reader are told apart.
BY_READER = " · yours"


def entity_row(entity: Entity) -> Content:
    return Content.assemble(
        visible_line(entity.name),
        "  ",
        (f"{entity.count}", "$text-muted"),
        (BY_READER if entity.by_reader else "", "italic $accent"),
    )


class EntitiesPane(ListPane):
    """Option ids are entity names; group headers are disabled options."""

    HELP_SECTION = "Entities pane"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "next_mention", "Next mention of this entity", show=False),
        Binding("T", "correct('type')", "Correct its type", show=False),
        Binding("m", "correct('merge')", "Merge into another entity", show=False),
        Binding("x", "correct('remove')", "Not an entity: remove", show=False),
        Binding("e", "where_else", "Where else: other articles mentioning it", show=False),
    ]

    class Browsed(Message):
        """The user moved to an entity: its mentions are marked in the article."""

        def __init__(self, entity: Entity) -> None:
            super().__init__()
            self.entity = entity

    class MentionRequested(Message):
        """`enter` on an entity: go to its next mention."""

        def __init__(self, entity: Entity) -> None:
            super().__init__()
            self.entity = entity

    class CorrectionRequested(Message):
        """A key asked to correct the entity: `what` is type, merge or remove."""

        def __init__(self, entity: Entity, what: str) -> None:
            super().__init__()
            self.entity = entity
            self.what = what

    class WhereElseRequested(Message):
        """`e` on an entity: list the other articles of the library that mention it."""

        def __init__(self, entity: Entity) -> None:
            super().__init__()
            self.entity = entity

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Entities", "Finding entities…", id=id)
        self.entities: dict[str, Entity] = {}

    def show_entities(self, entities: Sequence[Entity], extractor: str) -> None:
        self.entities = {entity.name: entity for entity in entities}
        self.border_subtitle = visible_line(extractor)
        options: list[Option] = []
        for kind, label in ENTITY_TYPE_LABELS.items():
            members = sorted(
                (e for e in entities if e.type is kind), key=lambda e: (-e.count, e.name)
            )
            if not members:
                continue
            header = Content.styled(f"{label.group} ({len(members)})", "bold $secondary")
            options.append(Option(header, id=f"{HEADER_PREFIX}{kind.value}", disabled=True))
            options.extend(Option(entity_row(e), id=e.name) for e in members)
        empty = f"No named entities found ({visible_line(extractor)})."
        self.show_options(options, empty_message=empty)

    def selected(self) -> Entity | None:
        return self.entities.get(self.selected_option_id or "")

    def row_moved(self, option_id: str) -> None:
        entity = self.entities.get(option_id)
        if entity is not None:
            self.post_message(self.Browsed(entity))

    def row_chosen(self, option_id: str) -> None:
        entity = self.entities.get(option_id)
        if entity is not None:
            self.post_message(self.MentionRequested(entity))

    def action_next_mention(self) -> None:
        entity = self.selected()
        if entity is not None:
            self.post_message(self.MentionRequested(entity))

    def action_correct(self, what: str) -> None:
        entity = self.selected()
        if entity is not None:
            self.post_message(self.CorrectionRequested(entity, what))

    def action_where_else(self) -> None:
        entity = self.selected()
        if entity is not None:
            self.post_message(self.WhereElseRequested(entity))
