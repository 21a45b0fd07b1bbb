"""W3C Web Annotation export, parsing and import into a library."""

from __future__ import annotations

import copy
import dataclasses
import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.article.model import Article
from annotations.export.web_annotation import (
    ANNO_CONTEXT,
    ImportReport,
    annotation_id_from_iri,
    annotation_iri,
    import_annotations,
    parse_web_annotations,
    to_web_annotations,
)
from annotations.library.anchoring import describe
from annotations.library.model import Annotation, Color, TextPositionSelector, TextQuoteSelector
from annotations.library.store import LibraryStore
from annotations.sources.load import load_seed

UUID_URN = re.compile(r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# The motivations the W3C vocabulary defines.
MOTIVATIONS = {
    "assessing", "bookmarking", "classifying", "commenting", "describing", "editing",
    "highlighting", "identifying", "linking", "moderating", "questioning", "replying", "tagging",
}  # fmt: skip


@pytest.fixture
def seed() -> Article:
    return load_seed()


@pytest.fixture
def store(tmp_path: Path) -> LibraryStore:
    return LibraryStore(tmp_path / "library")


def highlight(article: Article, phrase: str, **changes: Any) -> Annotation:
    start = article.text.index(phrase)
    selectors = describe(article.text, start, start + len(phrase))
    return Annotation.new(article.id, *selectors, **changes)


@pytest.fixture
def highlights(seed: Article) -> list[Annotation]:
    return [
        highlight(seed, "Daniel Ek", color=Color.GREEN, note="Spotify's CEO", tags=["people"]),
        highlight(seed, "Mark Zuckerberg", tags=["people", "big tech"]),
        highlight(seed, "EU privacy laws", color=Color.PINK, note="Which laws?\nGDPR?"),
    ]


def items_of(collection: dict[str, Any]) -> list[dict[str, Any]]:
    items = collection["first"]["items"]
    assert isinstance(items, list)
    return items


def comparable(annotations: list[Annotation]) -> list[dict[str, Any]]:
    return sorted((annotation.to_dict() for annotation in annotations), key=lambda d: d["id"])


# --- export shape ---------------------------------------------------------------------------


def test_collection_shape(seed: Article, highlights: list[Annotation]) -> None:
    collection = to_web_annotations(seed, highlights)
    assert json.loads(json.dumps(collection)) == collection  # plain JSON all the way down
    assert collection["@context"] == ANNO_CONTEXT
    assert collection["type"] == "AnnotationCollection"
    assert isinstance(collection["id"], str) and collection["id"]
    assert collection["total"] == 3
    assert collection["first"]["type"] == "AnnotationPage"
    assert len(items_of(collection)) == 3
    # Reading order: Zuckerberg comes before Ek in the text.
    exacts = [item["target"]["selector"][0]["exact"] for item in items_of(collection)]
    assert exacts == ["Mark Zuckerberg", "Daniel Ek", "EU privacy laws"]


def test_every_item_has_the_w3c_required_fields(
    seed: Article, highlights: list[Annotation]
) -> None:
    for item in items_of(to_web_annotations(seed, highlights)):
        assert item["@context"] == ANNO_CONTEXT
        assert UUID_URN.fullmatch(item["id"])
        assert item["type"] == "Annotation"
        assert item["motivation"] in MOTIVATIONS
        for stamp in (item["created"], item["modified"]):
            datetime.fromisoformat(stamp)
        for body in item["body"]:
            assert body["type"] == "TextualBody"
            assert isinstance(body["value"], str)
            assert body["purpose"] in MOTIVATIONS
        target = item["target"]
        assert target["source"] == seed.source
        quote, position = target["selector"]
        assert quote["type"] == "TextQuoteSelector"
        assert {"exact", "prefix", "suffix"} <= quote.keys()
        assert position["type"] == "TextPositionSelector"
        assert seed.text[position["start"] : position["end"]] == quote["exact"]
        assert seed.text[: position["start"]].endswith(quote["prefix"])
        assert seed.text[position["end"] :].startswith(quote["suffix"])


def test_bodies_carry_note_tags_and_colour(seed: Article, highlights: list[Annotation]) -> None:
    by_exact = {
        item["target"]["selector"][0]["exact"]: item
        for item in items_of(to_web_annotations(seed, highlights))
    }
    ek = by_exact["Daniel Ek"]
    assert ek["motivation"] == "commenting"
    assert ek["id"] == annotation_iri(highlights[0].id)
    assert ek["body"] == [
        {
            "type": "TextualBody",
            "purpose": "commenting",
            "format": "text/plain",
            "value": "Spotify's CEO",
        },
        {"type": "TextualBody", "purpose": "tagging", "value": "people"},
        {"type": "TextualBody", "purpose": "classifying", "value": "color:green"},
    ]
    zuck = by_exact["Mark Zuckerberg"]
    assert zuck["motivation"] == "highlighting"
    assert [body["purpose"] for body in zuck["body"]] == ["tagging", "tagging", "classifying"]
    assert zuck["target"]["styleClass"] in zuck["stylesheet"]["value"]


def test_empty_collection(seed: Article) -> None:
    collection = to_web_annotations(seed, [])
    assert collection["total"] == 0 and items_of(collection) == []
    assert parse_web_annotations(collection) == []


# --- parsing --------------------------------------------------------------------------------


def test_parse_accepts_collection_page_list_and_single(
    seed: Article, highlights: list[Annotation]
) -> None:
    collection = to_web_annotations(seed, highlights)
    items = items_of(collection)
    from_collection = parse_web_annotations(collection)
    assert parse_web_annotations(collection["first"]) == from_collection
    assert parse_web_annotations(items) == from_collection
    assert [parse_web_annotations(item)[0] for item in items] == from_collection
    rebuilt = [record.to_annotation(seed.id) for record in from_collection]
    assert comparable(rebuilt) == comparable(highlights)


def test_parse_follows_embedded_next_pages(seed: Article, highlights: list[Annotation]) -> None:
    items = items_of(to_web_annotations(seed, highlights))
    page = {"type": "AnnotationPage", "items": items[:1], "next": {
        "type": "AnnotationPage", "items": items[1:],
    }}  # fmt: skip
    collection = {"type": "AnnotationCollection", "total": 3, "first": page}
    assert len(parse_web_annotations(collection)) == 3


def test_foreign_annotation_with_one_selector_body_value_and_any_iri() -> None:
    foreign = {
        "@context": ANNO_CONTEXT,
        "id": "https://hypothes.is/a/AbC123",
        "type": "oa:Annotation",
        "bodyValue": "A plain note",
        "body": [
            {"type": "TextualBody", "value": "from-tool", "purpose": "oa:tagging"},
            {"type": "TextualBody", "value": "color:Purple", "purpose": "classifying"},
            "https://example.com/external-body",
        ],
        "target": [
            "https://example.com/other",
            {"source": "https://example.com/news", "selector": {
                "type": "TextQuoteSelector", "exact": "Daniel Ek",
            }},
        ],
    }  # fmt: skip
    (record,) = parse_web_annotations(foreign)
    assert record.note == "A plain note"
    assert record.tags == ("from-tool",)
    assert record.color is Color.PURPLE
    assert record.position is None
    assert record.source == "https://example.com/news"
    assert record.quote == TextQuoteSelector("Daniel Ek")
    # The id is stable, so importing the same file twice finds it the second time.
    assert record.id == parse_web_annotations(copy.deepcopy(foreign))[0].id
    assert re.fullmatch(r"[0-9a-f]{32}", record.id)


def test_unknown_colour_becomes_the_default() -> None:
    item = {
        "type": "Annotation",
        "id": "urn:uuid:12345678-1234-5678-1234-567812345678",
        "body": {"type": "TextualBody", "purpose": "classifying", "value": "color:teal"},
        "target": {"source": "x", "selector": {"type": "TextQuoteSelector", "exact": "a"}},
    }
    (record,) = parse_web_annotations(item)
    assert record.color is Color.YELLOW
    assert record.id == "12345678123456781234567812345678"


@pytest.mark.parametrize("annotation_id", ["legacy 1/2", "ABCDEF", "ümlaut:id", "0" * 31])
def test_non_uuid_ids_survive_the_round_trip(annotation_id: str) -> None:
    iri = annotation_iri(annotation_id)
    assert " " not in iri and "/" not in iri.split(":", 3)[-1]
    assert annotation_id_from_iri(iri) == annotation_id


def annotation_item(**changes: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "@context": ANNO_CONTEXT,
        "id": "urn:uuid:12345678-1234-5678-1234-567812345678",
        "type": "Annotation",
        "target": {
            "source": "x",
            "selector": [
                {"type": "TextQuoteSelector", "exact": "Daniel Ek"},
                {"type": "TextPositionSelector", "start": 1, "end": 5},
            ],
        },
    }
    item.update(changes)
    return item


def with_selector(**fields: Any) -> dict[str, Any]:
    return annotation_item(target={"source": "x", "selector": [fields]})


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (42, "not a number"),
        ("text", "not a string"),
        (None, "not null"),
        ({}, "no 'type'"),
        ({"type": "Person"}, "type Person"),
        ({"type": "AnnotationCollection", "total": 2}, "no 'first' page"),
        ({"type": "AnnotationCollection", "first": "https://x/page1"}, "only linked"),
        ({"type": "AnnotationPage", "items": {}}, "must be a list"),
        ([1], "annotation 1: expected a JSON object"),
        ([annotation_item(), annotation_item(type="Note")], "annotation 2: type is Note"),
        (annotation_item(target=None), "no 'target'"),
        (annotation_item(target="https://x"), "no selector"),
        (with_selector(type="TextPositionSelector", start=0, end=2), "no TextQuoteSelector"),
        (with_selector(type="TextQuoteSelector", exact=""), "empty 'exact'"),
        (with_selector(type="TextQuoteSelector", exact=3), "'exact' must be a string"),
        (annotation_item(id="urn:uuid:not-a-uuid"), "not a valid urn:uuid"),
        (annotation_item(id=7), "'id' must be a string"),
        (annotation_item(created=2024), "'created' must be a string"),
        (annotation_item(body={"type": "TextualBody", "value": None}), "'value'"),
    ],
)
def test_bad_shapes_raise_one_line_value_errors(data: Any, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)) as raised:
        parse_web_annotations(data)
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [(-1, 3, "whole number >= 0"), (True, 3, "whole number"), ("1", 3, "whole number"),
     (5, 2, "ends (2) before it starts (5)")],
)  # fmt: skip
def test_bad_positions_are_refused(start: Any, end: Any, message: str) -> None:
    item = annotation_item()
    item["target"]["selector"][1].update(start=start, end=end)
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_web_annotations(item)


# --- import ---------------------------------------------------------------------------------


def test_export_import_export_round_trip(
    seed: Article, highlights: list[Annotation], store: LibraryStore
) -> None:
    exported = to_web_annotations(seed, highlights)
    report = import_annotations(store, seed, json.loads(json.dumps(exported)))
    assert report == ImportReport(added=3, skipped_duplicates=0, orphans=0)
    assert comparable(store.annotations(seed.id)) == comparable(highlights)
    assert to_web_annotations(seed, store.annotations(seed.id)) == exported
    record = store.get_article(seed.id)
    assert record is not None and record.fingerprint == seed.fingerprint


def test_second_import_adds_nothing(
    seed: Article, highlights: list[Annotation], store: LibraryStore
) -> None:
    exported = to_web_annotations(seed, highlights)
    import_annotations(store, seed, exported)
    again = import_annotations(store, seed, exported)
    assert again == ImportReport(added=0, skipped_duplicates=3, orphans=0)
    assert len(store.annotations(seed.id)) == 3
    assert "3 already in the library" in again.summary


def test_duplicates_inside_one_file_are_added_once(
    seed: Article, highlights: list[Annotation], store: LibraryStore
) -> None:
    items = items_of(to_web_annotations(seed, highlights[:1]))
    report = import_annotations(store, seed, items + items)
    assert (report.added, report.skipped_duplicates) == (1, 1)


def test_annotation_whose_quote_is_gone_is_stored_as_an_orphan(
    seed: Article, highlights: list[Annotation], store: LibraryStore
) -> None:
    exported = to_web_annotations(seed, highlights)
    gone = items_of(exported)[0]
    gone["target"]["selector"][0]["exact"] = "Words this article has never contained anywhere"
    report = import_annotations(store, seed, exported)
    assert report == ImportReport(added=3, skipped_duplicates=0, orphans=1)
    assert "1 could not be placed" in report.summary
    stored = {annotation.id: annotation for annotation in store.annotations(seed.id)}
    orphan = stored[annotation_id_from_iri(gone["id"])]
    position = gone["target"]["selector"][1]
    assert orphan.quote.exact == "Words this article has never contained anywhere"
    assert (orphan.start, orphan.end) == (position["start"], position["end"])


def test_import_reanchors_in_a_changed_text(
    seed: Article, highlights: list[Annotation], store: LibraryStore
) -> None:
    exported = to_web_annotations(seed, highlights)
    changed = dataclasses.replace(seed, text="Breaking: an update.\n\n" + seed.text)
    report = import_annotations(store, changed, exported)
    assert report == ImportReport(added=3, skipped_duplicates=0, orphans=0)
    for annotation in store.annotations(seed.id):
        assert changed.text[annotation.start : annotation.end] == annotation.quote.exact


def test_foreign_annotation_without_position_is_found_by_its_quote(
    seed: Article, store: LibraryStore
) -> None:
    foreign = {
        "type": "Annotation",
        "id": "https://example.org/annotations/1",
        "target": {"source": seed.source, "selector": {
            "type": "TextQuoteSelector", "exact": "Daniel Ek",
        }},
    }  # fmt: skip
    assert import_annotations(store, seed, foreign).added == 1
    (stored,) = store.annotations(seed.id)
    assert seed.text[stored.start : stored.end] == "Daniel Ek"
    assert import_annotations(store, seed, foreign).skipped_duplicates == 1


def test_malformed_data_stores_nothing(
    seed: Article, highlights: list[Annotation], store: LibraryStore
) -> None:
    items = items_of(to_web_annotations(seed, highlights))
    with pytest.raises(ValueError, match="annotation 4"):
        import_annotations(store, seed, [*items, {"type": "Annotation"}])
    assert store.annotations(seed.id) == []


TEXT = st.text(st.characters(codec="utf-8"), max_size=60)


@settings(max_examples=150, deadline=None)
@given(
    note=TEXT,
    tags=st.lists(TEXT, max_size=4),
    color=st.sampled_from(list(Color)),
    start=st.integers(0, 2000),
    length=st.integers(1, 200),
)
def test_any_annotation_round_trips_through_json(
    note: str, tags: list[str], color: Color, start: int, length: int
) -> None:
    seed = load_seed()
    original = Annotation.new(
        seed.id,
        *describe(seed.text, start, start + length),
        color=color,
        note=note,
        tags=tags,
    )
    data = json.loads(json.dumps(to_web_annotations(seed, [original])))
    (record,) = parse_web_annotations(data)
    assert record.to_annotation(seed.id) == original


def test_position_only_selector_list_order_does_not_matter() -> None:
    item = annotation_item()
    item["target"]["selector"].reverse()
    (record,) = parse_web_annotations(item)
    assert record.position == TextPositionSelector(1, 5)
