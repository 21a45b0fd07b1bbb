"""The open article's highlights: created, edited, undone and redone, always in the store."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.article.model import Article, article_from_plain_text
from annotations.library.model import Color
from annotations.library.session import AnnotationSession
from annotations.library.store import LibraryStore


@pytest.fixture
def session(library: Path, seed_article: Article) -> AnnotationSession:
    return AnnotationSession(LibraryStore(library), seed_article)


def stored(session: AnnotationSession) -> list[tuple[int, int, str, str, tuple[str, ...]]]:
    return [
        (a.start, a.end, a.color.value, a.note, a.tags)
        for a in session.store.annotations(session.article.id)
    ]


def test_create_saves_at_once_with_selectors(session: AnnotationSession) -> None:
    text = session.article.text
    start = text.index("Meta highlights")
    annotation = session.create(start, start + 15)
    assert stored(session) == [(start, start + 15, "yellow", "", ())]
    assert annotation.quote.exact == "Meta highlights"
    assert text[start - len(annotation.quote.prefix) : start] == annotation.quote.prefix
    assert session.at(start + 3) == annotation
    assert session.at(start + 15) is None


def test_every_change_undoes_and_redoes(session: AnnotationSession) -> None:
    first = session.create(0, 4)
    recoloured = session.recolor(first, Color.GREEN)
    noted = session.set_note(recoloured, "Who else?")
    tagged = session.set_tags(noted, ["ai", "#Regulation", "AI"])
    assert tagged.tags == ("ai", "Regulation")
    session.delete(tagged)
    assert stored(session) == []

    expected_after_each_undo = [
        [(0, 4, "green", "Who else?", ("ai", "Regulation"))],
        [(0, 4, "green", "Who else?", ())],
        [(0, 4, "green", "", ())],
        [(0, 4, "yellow", "", ())],
        [],
    ]
    for expected in expected_after_each_undo:
        assert session.undo() is not None
        assert stored(session) == expected
    assert session.undo() is None
    assert not session.can_undo and session.can_redo

    for expected in reversed([[], *expected_after_each_undo[:-1]]):
        assert session.redo() is not None
        assert stored(session) == expected
    assert session.redo() is None


def test_a_new_change_clears_redo(session: AnnotationSession) -> None:
    session.create(0, 4)
    session.undo()
    session.create(5, 8)
    assert not session.can_redo


def test_overlapping_highlights_pick_the_innermost(session: AnnotationSession) -> None:
    outer = session.create(0, 60)
    inner = session.create(9, 16)
    assert session.at(10) == inner
    assert session.at(2) == outer
    assert [a.id for a in session.highlights] == [outer.id, inner.id]


def test_next_and_previous(session: AnnotationSession) -> None:
    a = session.create(100, 110)
    b = session.create(300, 310)
    assert session.next_after(0) == a
    assert session.next_after(100) == b
    assert session.next_after(300) is None
    assert session.previous_before(300) == a
    assert session.previous_before(100) is None


def test_reopening_reanchors_after_the_text_changed(library: Path, seed_text: str) -> None:
    original = article_from_plain_text(seed_text, source="s", source_key="same")
    first = AnnotationSession(LibraryStore(library), original)
    start = seed_text.index("Spotify aims to leverage")
    first.create(start, start + 24, note="why?")
    first.create(seed_text.index("Interestingly"), seed_text.index("Interestingly") + 13)

    edited_text = "Breaking: an update.\n" + seed_text.replace("Interestingly, ", "")
    edited = article_from_plain_text(edited_text, source="s", source_key="same")
    second = AnnotationSession(LibraryStore(library), edited)
    assert [edited_text[a.start : a.end] for a in second.highlights] == ["Spotify aims to leverage"]
    assert [a.quote.exact for a in second.orphans] == ["Interestingly"]
    # The moved highlight was saved at its new place; the orphan is kept as it was.
    assert len(second.store.annotations(edited.id)) == 2


def test_changes_by_another_session_are_noticed(library: Path, seed_article: Article) -> None:
    mine = AnnotationSession(LibraryStore(library), seed_article)
    theirs = AnnotationSession(LibraryStore(library), seed_article)
    assert not mine.changed_elsewhere()
    theirs.create(0, 4)
    assert mine.changed_elsewhere()
    mine.reload()
    assert [a.start for a in mine.highlights] == [0]
    assert not mine.changed_elsewhere()


def test_tags_in_use(session: AnnotationSession) -> None:
    session.create(0, 4, tags=["ai", "EU"])
    session.create(10, 14, tags=["eu", "policy"])
    assert session.tags_in_use == ["ai", "EU", "policy"]


def test_a_save_after_another_windows_save_still_shows_theirs(
    library: Path, seed_article: Article
) -> None:
    mine = AnnotationSession(LibraryStore(library), seed_article)
    theirs = AnnotationSession(LibraryStore(library), seed_article)
    theirs.create(0, 4, note="theirs")
    # Before this window polls, it saves too: its own write must not hide theirs.
    mine.create(10, 14, note="mine")
    assert sorted(a.note for a in mine.highlights) == ["mine", "theirs"]
    assert not mine.changed_elsewhere()


def test_setting_the_same_colour_note_or_tags_again_changes_nothing(
    seed_article: Article, library: Path
) -> None:
    session = AnnotationSession(LibraryStore(library), seed_article)
    annotation = session.create(0, 4, note="n", tags=["t"])
    assert session.recolor(annotation, annotation.color) is annotation
    assert session.set_note(annotation, "n") is annotation
    assert session.set_tags(annotation, ["t"]) is annotation
    session.undo()
    assert session.highlights == []  # the one undo took back the highlight itself
