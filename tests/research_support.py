"""A small library of made-up articles for the research desk's tests.

`NamesExtractor` finds a fixed list of names (and their aliases) wherever they occur: a real
`Extractor` whose output the tests can predict, so what is checked is the index and the
questions across articles, not the entity model.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from annotations.analysis.entities.model import Entity, EntityType, Mention
from annotations.article.model import Article, article_from_plain_text
from annotations.library.model import Annotation, Color, TextPositionSelector, TextQuoteSelector
from annotations.library.session import AnnotationSession
from annotations.library.store import LibraryStore

#: Canonical name: (type, aliases). "Merkel" alone is an alias; "Chancellor Merkel" is not.
KNOWN: dict[str, tuple[EntityType, tuple[str, ...]]] = {
    "Angela Merkel": (EntityType.PERSON, ("Merkel",)),
    "Acme Corporation": (EntityType.ORG, ("Acme",)),
    "Berlin": (EntityType.PLACE, ()),
}

ARTICLES = {
    "budget": (
        "Budget talks stall\n\n"
        "Talks on the budget stalled in Berlin on Monday.\n\n"
        '"We will not give in," said Angela Merkel. Merkel spoke after midnight.\n\n'
        "Acme Corporation lobbied for a tax cut."
    ),
    "factory": (
        "Acme opens a factory\n\n"
        "Acme opened a factory outside Berlin.\n\n"
        '"This is a good day for the region," Merkel said at the opening.'
    ),
    "weather": (
        "Rain all week\n\n"
        "It will rain all week, forecasters said. Nobody mentioned the budget here."
    ),
}


class NamesExtractor:
    """Finds the `KNOWN` names wherever they occur, whole words only.

    Like the real extractors, an entity is named by its fullest surface in that article:
    an article saying only "Merkel" has an entity "Merkel", as the real ones would.
    """

    name = "names"
    version = "names-1"

    def extract(self, text: str) -> list[Entity]:
        found: list[Entity] = []
        for name, (kind, aliases) in KNOWN.items():
            spans: list[Mention] = []
            used: list[str] = []
            for surface in (name, *aliases):
                for match in re.finditer(rf"\b{re.escape(surface)}\b", text):
                    overlaps = any(m.start <= match.start() < m.end for m in spans)
                    if not overlaps:
                        spans.append(Mention(match.start(), match.end()))
                        if surface != name and surface not in used:
                            used.append(surface)
            if spans:
                named = re.search(rf"\b{re.escape(name)}\b", text) is not None
                full = name if named else used.pop(0)
                found.append(Entity(full, kind, tuple(sorted(spans)), tuple(used)))
        return found


def make_article(key: str, text: str | None = None) -> Article:
    return article_from_plain_text(
        text if text is not None else ARTICLES[key], source=f"{key}.txt", source_key=f"test:{key}"
    )


def open_in_library(store: LibraryStore, article: Article) -> AnnotationSession:
    """What opening the article in the reader does to the library."""
    return AnnotationSession(store, article)


def highlight(
    store: LibraryStore,
    article: Article,
    words: str,
    *,
    note: str = "",
    tags: tuple[str, ...] = (),
    color: Color = Color.YELLOW,
    created: str | None = None,
) -> Annotation:
    """Save a highlight of the first occurrence of `words` (made at `created`, if given:
    orderings by time must not depend on the clock's resolution)."""
    start = article.text.index(words)
    annotation = Annotation.new(
        article.id,
        TextPositionSelector(start, start + len(words)),
        TextQuoteSelector(words),
        note=note,
        tags=tags,
        color=color,
    )
    if created is not None:
        annotation = replace(annotation, created=created, updated=created)
    store.add(annotation)
    return annotation


def build_library(folder: Path) -> tuple[LibraryStore, dict[str, Article]]:
    """The three articles opened, with two tagged highlights in "budget"."""
    store = LibraryStore(folder)
    articles = {key: make_article(key) for key in ARTICLES}
    for article in articles.values():
        open_in_library(store, article)
    budget = articles["budget"]
    highlight(
        store, budget, "Talks on the budget stalled", note="Check the date", tags=("to-verify",)
    )
    highlight(store, budget, "lobbied for a tax cut", tags=("lobbying",), color=Color.PINK)
    return store, articles
