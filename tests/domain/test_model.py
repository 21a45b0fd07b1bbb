"""The highlight model: tags, colours, copies with changes, and dict round trips."""

from __future__ import annotations

import json
from typing import Any

import pytest

from annotations.library.model import (
    Annotation,
    ArticleRecord,
    Color,
    TextPositionSelector,
    TextQuoteSelector,
    normalize_tags,
)


def make_annotation(**changes: Any) -> Annotation:
    annotation = Annotation.new(
        "article-1",
        TextPositionSelector(10, 20),
        TextQuoteSelector("0123456789", prefix="before ", suffix=" after"),
        color=Color.GREEN,
        note="a note",
        tags=["politics"],
    )
    return annotation if not changes else Annotation(**{**_fields(annotation), **changes})


def _fields(annotation: Annotation) -> dict[str, Any]:
    return {name: getattr(annotation, name) for name in Annotation.__dataclass_fields__}


def test_colours_are_five_named_values() -> None:
    assert [color.value for color in Color] == ["yellow", "green", "blue", "pink", "purple"]


def test_new_annotation_has_uuid_hex_id_and_equal_timestamps() -> None:
    first, second = make_annotation(), make_annotation()
    assert len(first.id) == 32 and int(first.id, 16) >= 0
    assert first.id != second.id
    assert first.created == first.updated
    assert first.created.endswith("Z") and "T" in first.created


def test_start_and_end_come_from_the_position() -> None:
    annotation = make_annotation()
    assert (annotation.start, annotation.end) == (10, 20)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (["#AI", "ai", " Tech ", "", "  ", "#", "tech", "Media"], ("AI", "Tech", "Media")),
        (["##double", "#  spaced  "], ("double", "spaced")),
        ([], ()),
    ],
)
def test_tags_are_normalised(raw: list[str], expected: tuple[str, ...]) -> None:
    assert normalize_tags(raw) == expected
    assert make_annotation(tags=tuple(raw)).tags == expected


def test_with_helpers_change_one_field_and_bump_updated() -> None:
    annotation = make_annotation(updated="2000-01-01T00:00:00.000Z")
    noted = annotation.with_note("new note")
    tagged = annotation.with_tags(["#x", "y", "X"])
    coloured = annotation.with_color(Color.PURPLE)
    moved = annotation.with_position(TextPositionSelector(30, 40))
    assert noted.note == "new note" and noted.tags == annotation.tags
    assert tagged.tags == ("x", "y") and tagged.note == annotation.note
    assert coloured.color is Color.PURPLE
    assert moved.position == TextPositionSelector(30, 40) and moved.quote == annotation.quote
    for changed in (noted, tagged, coloured, moved):
        assert changed.id == annotation.id
        assert changed.created == annotation.created
        assert changed.updated > annotation.updated


def test_with_position_can_replace_the_quote() -> None:
    quote = TextQuoteSelector("new", "p", "s")
    moved = make_annotation().with_position(TextPositionSelector(1, 4), quote)
    assert moved.quote == quote


def test_annotation_round_trips_through_json() -> None:
    annotation = make_annotation(note="ünïcødé ✓\nline two", tags=("日本", "emoji 🎉"))
    data = json.loads(json.dumps(annotation.to_dict()))
    assert Annotation.from_dict(data) == annotation


def test_annotation_dict_uses_plain_values() -> None:
    data = make_annotation().to_dict()
    assert data["color"] == "green"
    assert data["position"] == {"start": 10, "end": 20}
    assert data["quote"] == {"exact": "0123456789", "prefix": "before ", "suffix": " after"}
    assert data["tags"] == ["politics"]


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data.pop("position"),
        lambda data: data.update(color="mauve"),
        lambda data: data.update(tags="a,b"),
        lambda data: data["position"].update(start="3"),
        lambda data: data["position"].update(start=True),
        lambda data: data["position"].update(start=30),  # after end
        lambda data: data.update(note=None),
    ],
)
def test_annotation_from_bad_dict_raises(damage: object) -> None:
    data = make_annotation().to_dict()
    damage(data)  # type: ignore[operator]
    with pytest.raises((ValueError, KeyError, TypeError)):
        Annotation.from_dict(data)


def test_position_selector_rejects_reversed_or_negative_ranges() -> None:
    with pytest.raises(ValueError):
        TextPositionSelector(5, 4)
    with pytest.raises(ValueError):
        TextPositionSelector(-1, 4)


def test_article_record_round_trips_with_and_without_optional_fields() -> None:
    plain = ArticleRecord("id1", "/tmp/a.txt", "A title", "f" * 32, "t1", "t2")
    full = ArticleRecord(
        "id2", "https://x", "T", "fp", "t1", "t2", 99, text_file="texts/id2.txt", meta={"by": "Z"}
    )
    for record in (plain, full):
        assert ArticleRecord.from_dict(json.loads(json.dumps(record.to_dict()))) == record
    assert "text_file" not in plain.to_dict()
    assert ArticleRecord.from_dict(full.to_dict()).meta == {"by": "Z"}


def test_article_record_defaults_reading_position_and_rejects_bad_shapes() -> None:
    data = ArticleRecord("id1", "s", "t", "f", "t1", "t2").to_dict()
    del data["reading_position"]
    assert ArticleRecord.from_dict(data).reading_position == 0
    with pytest.raises(ValueError):
        ArticleRecord.from_dict({**data, "title": 5})
    with pytest.raises(ValueError):
        ArticleRecord.from_dict({key: value for key, value in data.items() if key != "id"})
