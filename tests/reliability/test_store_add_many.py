"""`LibraryStore.add_many`: many annotations of one article saved in one locked write."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.article.model import Article
from annotations.library.anchoring import describe
from annotations.library.model import Annotation
from annotations.library.store import LibraryStore


def _highlights(article: Article, count: int, *, article_id: str | None = None) -> list[Annotation]:
    return [
        Annotation.new(article_id or article.id, *describe(article.text, index, index + 5))
        for index in range(count)
    ]


def test_saves_every_new_annotation_and_counts_them(tmp_path: Path, seed_article: Article) -> None:
    store = LibraryStore(tmp_path)
    batch = _highlights(seed_article, 50)
    assert store.add_many(batch) == 50
    assert {a.id for a in store.annotations(seed_article.id)} == {a.id for a in batch}


def test_skips_ids_already_stored_and_repeated_in_the_batch(
    tmp_path: Path, seed_article: Article
) -> None:
    store = LibraryStore(tmp_path)
    first, second, third = _highlights(seed_article, 3)
    assert store.add(first)
    assert store.add_many([first, second, second, third]) == 2
    assert len(store.annotations(seed_article.id)) == 3
    assert store.add_many([first, second, third]) == 0


def test_is_one_file_write(
    tmp_path: Path, seed_article: Article, monkeypatch: pytest.MonkeyPatch
) -> None:
    from annotations.library import storage

    store = LibraryStore(tmp_path)
    writes: list[object] = []
    original = storage.AtomicJSONStorage.write

    def counting_write(self: storage.AtomicJSONStorage, data: storage.Tables) -> None:
        writes.append(data)
        original(self, data)

    monkeypatch.setattr(storage.AtomicJSONStorage, "write", counting_write)
    assert store.add_many(_highlights(seed_article, 200)) == 200
    assert len(writes) == 1


def test_empty_batch_writes_nothing(tmp_path: Path, seed_article: Article) -> None:
    store = LibraryStore(tmp_path)
    before = store.revision(seed_article.id)
    assert store.add_many([]) == 0
    assert store.revision(seed_article.id) == before


def test_refuses_annotations_of_several_articles(tmp_path: Path, seed_article: Article) -> None:
    store = LibraryStore(tmp_path)
    mixed = _highlights(seed_article, 2) + _highlights(seed_article, 1, article_id="other")
    with pytest.raises(ValueError, match="one article"):
        store.add_many(mixed)
    assert store.annotations(seed_article.id) == []
