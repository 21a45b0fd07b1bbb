"""Entities across the library: one entity per person, organisation or place, by name.

Articles are analysed separately, so "Mark Zuckerberg" in one and "Zuckerberg" in another are
different per-article entities. They are matched here by name and aliases: two entities are
one when they share a name, or when one's alias is the other's name. Aliases are not matched
with each other (two people called "Smith" stay apart unless some article has an entity named
just "Smith"). Names compare case-folded, with straight quotes and single spaces.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

from annotations.research.library_index import IndexedArticle, LibraryIndex
from annotations.research.snippets import Snippet, snippet


def name_key(name: str) -> str:
    """How names compare across articles."""
    straight = name.replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(straight.casefold().split())


@dataclass(frozen=True, slots=True)
class ArticleMentions:
    """An article mentioning an entity: how often, and the first mention in context."""

    article_id: str
    title: str
    count: int
    start: int
    end: int
    context: Snippet

    def to_dict(self) -> dict[str, object]:
        return {
            "article_id": self.article_id,
            "title": self.title,
            "count": self.count,
            "first": {"start": self.start, "end": self.end, "context": self.context.to_dict()},
        }


@dataclass(slots=True)
class LibraryEntity:
    """One entity across the library, with the per-article entities it gathers."""

    name: str
    type: str
    names: set[str] = field(default_factory=set)
    aliases: list[str] = field(default_factory=list)
    #: (article, that article's entity as `Analysis.to_dict` keeps it)
    members: list[tuple[IndexedArticle, dict[str, Any]]] = field(default_factory=list)

    @property
    def article_count(self) -> int:
        return len({article.id for article, _ in self.members})

    @property
    def mention_count(self) -> int:
        return sum(len(entity["mentions"]) for _, entity in self.members)

    def articles(self, exclude: str | None = None) -> list[ArticleMentions]:
        """The articles mentioning it (but `exclude`), most mentions first."""
        by_article: dict[str, tuple[IndexedArticle, list[list[int]]]] = {}
        for article, entity in self.members:
            if article.id == exclude:
                continue
            mentions: list[list[int]] = entity["mentions"]
            found = by_article.setdefault(article.id, (article, []))
            found[1].extend(mentions)
        result = []
        for article, mentions in by_article.values():
            if not mentions:
                continue
            start, end = min(mentions)
            result.append(
                ArticleMentions(
                    article.id,
                    article.title,
                    len(mentions),
                    start,
                    end,
                    snippet(article.text, start, end),
                )
            )
        result.sort(key=lambda item: (-item.count, item.title.casefold(), item.article_id))
        return result

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "type": self.type,
            "aliases": self.aliases,
            "articles": self.article_count,
            "mentions": self.mention_count,
        }


class EntityDirectory:
    """Every entity of the library's analysed articles, matched across articles."""

    def __init__(self, index: LibraryIndex) -> None:
        members: list[tuple[IndexedArticle, dict[str, Any]]] = [
            (article, entity) for article in index.articles.values() for entity in article.entities
        ]
        parent: dict[str, str] = {}

        def root(key: str) -> str:
            while parent[key] != key:
                parent[key] = parent[parent[key]]
                key = parent[key]
            return key

        for _, entity in members:
            key = name_key(str(entity["name"]))
            parent.setdefault(key, key)
        for _, entity in members:
            key = name_key(str(entity["name"]))
            for alias in entity.get("aliases", ()):
                other = name_key(str(alias))
                if other in parent:
                    a, b = root(key), root(other)
                    if a != b:
                        parent[b] = a
        groups: dict[str, LibraryEntity] = {}
        self._by_alias: dict[str, str] = {}
        for article, entity in members:
            key = root(name_key(str(entity["name"])))
            group = groups.setdefault(key, LibraryEntity(name="", type=""))
            group.members.append((article, entity))
            group.names.add(name_key(str(entity["name"])))
            for alias in entity.get("aliases", ()):
                self._by_alias.setdefault(name_key(str(alias)), key)
        for group in groups.values():
            _name_group(group)
        self._groups = groups
        self._root = {name: root(name) for name in parent}

    def find(self, name: str, aliases: Iterable[str] = ()) -> LibraryEntity | None:
        """The library entity called `name` (or one of `aliases`), by name before alias."""
        keys = [name_key(name), *(name_key(alias) for alias in aliases)]
        for key in keys:
            if key in self._root:
                return self._groups[self._root[key]]
        for key in keys:
            if key in self._by_alias:
                return self._groups[self._by_alias[key]]
        return None

    def all(self) -> list[LibraryEntity]:
        """Every library entity, those in most articles first."""
        return sorted(
            self._groups.values(),
            key=lambda group: (-group.article_count, -group.mention_count, group.name.casefold()),
        )


def _name_group(group: LibraryEntity) -> None:
    """Its display name: the name most articles use (the longer on a tie); its usual type."""
    names: Counter[str] = Counter()
    types: Counter[str] = Counter()
    aliases: dict[str, None] = {}
    for _, entity in group.members:
        names[str(entity["name"])] += 1
        types[str(entity["type"])] += 1
        for alias in entity.get("aliases", ()):
            aliases[str(alias)] = None
    group.name = max(names, key=lambda name: (names[name], len(name), name))
    group.type = types.most_common(1)[0][0]
    surfaces = {*names, *aliases}
    group.aliases = sorted(alias for alias in surfaces if alias != group.name)


_DIRECTORIES: WeakKeyDictionary[LibraryIndex, tuple[int, EntityDirectory]] = WeakKeyDictionary()


def entity_directory(index: LibraryIndex) -> EntityDirectory:
    """The index's entity directory, built once per generation of the index."""
    kept = _DIRECTORIES.get(index)
    if kept is not None and kept[0] == index.generation:
        return kept[1]
    directory = EntityDirectory(index)
    _DIRECTORIES[index] = (index.generation, directory)
    return directory


def where_else(
    index: LibraryIndex, name: str, aliases: Iterable[str] = (), *, exclude: str | None = None
) -> tuple[LibraryEntity | None, list[ArticleMentions]]:
    """The library entity `name` names, and the articles (but `exclude`) that mention it."""
    entity = entity_directory(index).find(name, aliases)
    if entity is None:
        return None, []
    return entity, entity.articles(exclude)
