"""The reader's corrections of the analysis: applied, saved, anchored, undone (domain)."""

from __future__ import annotations

from pathlib import Path

from annotations.analysis.entities.model import Entity, EntityType, Mention
from annotations.analysis.quotes.model import Quote
from annotations.article.model import Article, article_from_plain_text
from annotations.library.corrections import Correction, CorrectionKind, apply_corrections
from annotations.library.session import AnnotationSession
from annotations.library.store import LibraryStore

TEXT = (
    "Title\n\nAcme Corp hired Jo Bloggs. “We are glad,” said Jo Bloggs. "
    "The World Food Agency praised Acme. Zed Lab agreed. “Fine,” said Acme."
)


def span(text: str, words: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    return start, start + len(words)


def entity(name: str, kind: EntityType, *surfaces: str) -> Entity:
    mentions = tuple(sorted(Mention(*span(TEXT, s)) for s in surfaces))
    return Entity(name, kind, mentions)


ENTITIES = (
    entity("Acme Corp", EntityType.PERSON, "Acme Corp"),
    entity("Acme", EntityType.ORG, "Acme."),
    entity("Jo Bloggs", EntityType.PERSON, "Jo Bloggs"),
    entity("World Food Agency", EntityType.ORG, "World Food Agency"),
)


def quote(words: str, speaker: str | None) -> Quote:
    start, end = span(TEXT, words)
    return Quote(words, start, end, speaker, "full", start - 1, end)


QUOTES = (quote("We are glad,", "Acme Corp"), quote("Fine,", "Acme"))


def new(kind: CorrectionKind, **fields: object) -> Correction:
    return Correction.new("a1", kind, **fields)  # type: ignore[arg-type]


def test_no_corrections_change_nothing() -> None:
    done = apply_corrections(TEXT, ENTITIES, QUOTES, [])
    assert set(done.entities) == set(ENTITIES)
    assert done.quotes == QUOTES
    assert not any(e.by_reader for e in done.entities)


def test_type_merge_remove_and_add() -> None:
    corrections = [
        new(CorrectionKind.ENTITY_TYPE, entity="Acme Corp", entity_type=EntityType.ORG),
        new(CorrectionKind.ENTITY_MERGE, entity="Acme", value="Acme Corp"),
        new(CorrectionKind.ENTITY_REMOVE, entity="World Food Agency"),
        new(
            CorrectionKind.ENTITY_ADD,
            value="Zed Lab",
            entity_type=EntityType.ORG,
            text=TEXT,
            span=span(TEXT, "Zed Lab"),
        ),
    ]
    done = apply_corrections(TEXT, ENTITIES, QUOTES, corrections)
    by_name = {e.name: e for e in done.entities}
    assert set(by_name) == {"Acme Corp", "Jo Bloggs", "Zed Lab"}
    acme = by_name["Acme Corp"]
    assert acme.type is EntityType.ORG and acme.by_reader
    assert acme.count == 2 and "Acme" in acme.aliases
    assert by_name["Zed Lab"].by_reader and by_name["Zed Lab"].type is EntityType.ORG
    assert not by_name["Jo Bloggs"].by_reader


def test_an_added_name_takes_every_whole_word_occurrence() -> None:
    text = "Zed met Zedda. Later Zed left."
    added = Correction.new(
        "a1",
        CorrectionKind.ENTITY_ADD,
        value="Zed",
        entity_type=EntityType.PERSON,
        text=text,
        span=(0, 3),
    )
    (zed,) = apply_corrections(text, (), (), [added]).entities
    assert [(m.start, m.end) for m in zed.mentions] == [(0, 3), (21, 24)]


def test_speaker_and_not_a_quotation() -> None:
    corrections = [
        new(CorrectionKind.QUOTE_SPEAKER, value="Jo Bloggs", text=TEXT, span=span(TEXT, "We")),
        new(CorrectionKind.QUOTE_REMOVE, text=TEXT, span=span(TEXT, "Fine,")),
    ]
    done = apply_corrections(TEXT, ENTITIES, QUOTES, corrections)
    (only,) = done.quotes
    assert only.speaker == "Jo Bloggs" and only.by_reader


def test_a_later_correction_wins() -> None:
    first = new(CorrectionKind.QUOTE_SPEAKER, value="A", text=TEXT, span=span(TEXT, "We"))
    second = new(CorrectionKind.QUOTE_SPEAKER, value="B", text=TEXT, span=span(TEXT, "We"))
    done = apply_corrections(TEXT, ENTITIES, QUOTES, [first, second])
    assert done.quotes[0].speaker == "B"


def test_quotation_corrections_survive_a_changed_text() -> None:
    correction = new(
        CorrectionKind.QUOTE_SPEAKER, value="Jo Bloggs", text=TEXT, span=span(TEXT, "We are")
    )
    changed = "A new first line.\n\n" + TEXT
    shift = len("A new first line.\n\n")
    moved = tuple(
        Quote(q.text, q.start + shift, q.end + shift, q.speaker, q.kind, q.open_mark, q.close_mark)
        for q in QUOTES
    )
    done = apply_corrections(changed, (), moved, [correction])
    assert done.quotes[0].speaker == "Jo Bloggs"
    assert done.unplaced == ()


def test_a_correction_whose_text_is_gone_is_kept_unplaced() -> None:
    correction = new(
        CorrectionKind.QUOTE_SPEAKER, value="X", text=TEXT, span=span(TEXT, "We are glad")
    )
    done = apply_corrections("Nothing like it at all.", (), (), [correction])
    assert done.unplaced == (correction,)


def test_round_trip_through_a_dict() -> None:
    correction = new(
        CorrectionKind.ENTITY_ADD,
        value="Zed Lab",
        entity_type=EntityType.ORG,
        text=TEXT,
        span=span(TEXT, "Zed Lab"),
    )
    assert Correction.from_dict(correction.to_dict()) == correction


def seed_like(library: Path) -> tuple[Article, LibraryStore]:
    article = article_from_plain_text(TEXT, source="t", source_key="t:corrections")
    return article, LibraryStore(library)


def test_saved_at_once_and_undone(library: Path) -> None:
    article, store = seed_like(library)
    session = AnnotationSession(store, article)
    correction = Correction.new(
        article.id, CorrectionKind.ENTITY_REMOVE, entity="World Food Agency"
    )
    session.correct(correction)
    assert LibraryStore(library).corrections(article.id) == [correction]
    change = session.undo()
    assert change is not None and change.after == correction
    assert LibraryStore(library).corrections(article.id) == []
    session.redo()
    assert session.corrections == [correction]
    again = AnnotationSession(LibraryStore(library), article)
    assert again.corrections == [correction]


def test_corrections_sit_beside_highlights_without_disturbing_them(library: Path) -> None:
    article, store = seed_like(library)
    session = AnnotationSession(store, article)
    highlight = session.create(0, 5)
    session.correct(Correction.new(article.id, CorrectionKind.ENTITY_REMOVE, entity="Acme"))
    reopened = LibraryStore(library)
    assert [a.id for a in reopened.annotations(article.id)] == [highlight.id]
    assert len(reopened.corrections(article.id)) == 1
