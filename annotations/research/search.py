"""One query over the whole library: article text, highlights, notes, tags, quotations and
entity names, with results grouped by article.

A hit in the text says what it falls in (a highlight, a quotation); notes and tags are hits
of their own, placed at their highlight; an entity whose name matches is a hit at its first
mention. Filters keep only what lies inside a highlight with a tag or colour, inside a
quotation of a speaker, in articles mentioning an entity, or in some articles.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from annotations.errors import NewsdeskError
from annotations.research.entities import entity_directory, name_key
from annotations.research.library_index import IndexedArticle, LibraryIndex
from annotations.research.snippets import Snippet, printable, snippet
from annotations.research.speakers import speaker_matches

HitKind = Literal["text", "highlight", "quote", "note", "tag", "entity"]
#: Hits kept per article, and in all; beyond them the result says it was cut short.
PER_ARTICLE = 50
LIMIT = 500


class SearchError(NewsdeskError, ValueError):
    """The query or a filter cannot be used (one line for the user)."""


@dataclass(frozen=True, slots=True)
class Filters:
    """What a search is narrowed to; None means no narrowing."""

    tag: str | None = None
    color: str | None = None
    speaker: str | None = None
    entity: str | None = None
    article: str | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    """One match: where in its article (`start`..`end`, where the reader opens) and a line."""

    kind: HitKind
    start: int
    end: int
    context: Snippet

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "context": self.context.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class ArticleHits:
    article_id: str
    title: str
    hits: tuple[Hit, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "article_id": self.article_id,
            "title": self.title,
            "hits": [hit.to_dict() for hit in self.hits],
        }


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: str
    groups: tuple[ArticleHits, ...]
    #: True when some hits were left out (more than `PER_ARTICLE` or `LIMIT`).
    truncated: bool

    @property
    def total(self) -> int:
        return sum(len(group.hits) for group in self.groups)

    def to_dict(self) -> dict[str, object]:
        return {
            "query": self.query,
            "total": self.total,
            "truncated": self.truncated,
            "articles": [group.to_dict() for group in self.groups],
        }


def search(
    index: LibraryIndex, query: str, filters: Filters = Filters(), *, limit: int = LIMIT
) -> SearchResult:
    """Every place in the library matching `query` (case-insensitive, literal).

    Raises:
        SearchError: The query is empty, or the entity filter names no entity.
    """
    words = query.strip()
    if not words:
        raise SearchError("the search is empty: give some words to look for")
    pattern = re.compile(re.escape(words), re.IGNORECASE)
    articles = _articles(index, filters)
    speaker_check = _speaker_check(index, filters.speaker)
    groups: list[ArticleHits] = []
    truncated = False
    left = limit
    for article in articles:
        if left <= 0:
            truncated = True
            break
        spans = _spans(index, article, pattern, words.lower())
        hits, cut = _article_hits(
            article, spans, pattern, filters, speaker_check, min(PER_ARTICLE, left)
        )
        truncated = truncated or cut
        if hits:
            groups.append(ArticleHits(article.id, article.title, tuple(hits)))
            left -= len(hits)
    return SearchResult(words, tuple(groups), truncated)


def _articles(index: LibraryIndex, filters: Filters) -> list[IndexedArticle]:
    articles = list(index.articles.values())
    if filters.article:
        wanted = filters.article.casefold()
        articles = [
            article
            for article in articles
            if article.id.startswith(filters.article) or wanted in article.title.casefold()
        ]
    if filters.entity:
        entity = entity_directory(index).find(filters.entity)
        if entity is None:
            raise SearchError(f"no entity called '{printable(filters.entity)}' in the library")
        mentioned = {article.id for article, _ in entity.members}
        articles = [article for article in articles if article.id in mentioned]
    return articles


def _spans(
    index: LibraryIndex, article: IndexedArticle, pattern: re.Pattern[str], needle: str
) -> Iterator[tuple[int, int]]:
    """Where the query occurs in the article's text, ignoring case.

    `str.find` on the lower-cased text is several times faster than a case-insensitive
    pattern; it is used whenever lower-casing kept every offset (nearly always).
    """
    folded = index.folded_text(article)
    if len(folded) != len(article.text):
        yield from (match.span() for match in pattern.finditer(article.text))
        return
    start = folded.find(needle)
    while start != -1:
        yield start, start + len(needle)
        start = folded.find(needle, start + max(len(needle), 1))


def _article_hits(
    article: IndexedArticle,
    spans: Iterator[tuple[int, int]],
    pattern: re.Pattern[str],
    filters: Filters,
    speaker_check: Callable[[object], bool],
    room: int,
) -> tuple[list[Hit], bool]:
    highlights = [h for h in article.highlights if _highlight_passes(h, filters)]
    quotes = [q for q in article.quotes if speaker_check(q.get("speaker"))]
    by_highlight = filters.tag is not None or filters.color is not None
    hits: list[Hit] = []
    cut = False
    for start, end in spans:
        inside_highlight = _inside(start, end, highlights, _highlight_span)
        inside_quote = _inside(start, end, quotes, _quote_span)
        if (by_highlight and not inside_highlight) or (filters.speaker and not inside_quote):
            continue
        if len(hits) == room:
            cut = True
            break
        kind: HitKind = "highlight" if inside_highlight else "quote" if inside_quote else "text"
        hits.append(Hit(kind, start, end, snippet(article.text, start, end)))
    if not filters.speaker:
        for highlight in highlights:
            start, end = _highlight_span(highlight)
            fields: list[tuple[HitKind, str]] = [("note", str(highlight.get("note", "")))]
            for kind, field in fields + _tags(highlight):
                found = pattern.search(field)
                if found is None:
                    continue
                if len(hits) == room:
                    return hits, True
                hits.append(Hit(kind, start, end, snippet(field, *found.span())))
    if not (by_highlight or filters.speaker):
        for entity in article.entities:
            names = [entity["name"], *entity.get("aliases", ())]
            if any(pattern.search(str(name)) for name in names) and entity["mentions"]:
                if len(hits) == room:
                    return hits, True
                start, end = min(entity["mentions"])
                hits.append(Hit("entity", start, end, snippet(article.text, start, end)))
    hits.sort(key=lambda hit: (hit.start, hit.kind))
    return hits, cut


def _tags(highlight: dict[str, Any]) -> list[tuple[HitKind, str]]:
    return [("tag", str(tag)) for tag in highlight.get("tags", ())]


def _highlight_span(highlight: dict[str, Any]) -> tuple[int, int]:
    return int(highlight["position"]["start"]), int(highlight["position"]["end"])


def _quote_span(quote: dict[str, Any]) -> tuple[int, int]:
    return int(quote["start"]), int(quote["end"])


def _inside(start: int, end: int, items: list[dict[str, Any]], span: Any) -> bool:
    for item in items:
        first, last = span(item)
        if first <= start and end <= last:
            return True
    return False


def _highlight_passes(highlight: dict[str, Any], filters: Filters) -> bool:
    if filters.color is not None and highlight.get("color") != filters.color.casefold():
        return False
    if filters.tag is not None:
        wanted = filters.tag.strip().lstrip("#").casefold()
        return any(str(tag).casefold() == wanted for tag in highlight.get("tags", ()))
    return True


def _speaker_check(index: LibraryIndex, speaker: str | None) -> Callable[[object], bool]:
    """Whether a quotation's speaker (as written) is the one asked for, matched as who said
    what matches them: any of their names across the library, or part of one."""
    if not speaker:
        return lambda said_by: True
    directory = entity_directory(index)
    wanted = name_key(speaker)
    known: dict[str, bool] = {}

    def check(said_by: object) -> bool:
        if not isinstance(said_by, str) or not said_by.strip():
            return False
        if said_by not in known:
            known[said_by] = speaker_matches(directory, said_by, wanted)
        return known[said_by]

    return check


_FILTER = re.compile(r'(?<!\S)(tag|colou?r|speaker|entity|article):(?:"([^"]*)"|(\S+))', re.I)


def parse_query(typed: str) -> tuple[str, Filters]:
    """Words and filters from one line: ``tax tag:to-verify speaker:"Angela Merkel"``.

    Filters are ``tag:``, ``color:`` (or ``colour:``), ``speaker:``, ``entity:`` and
    ``article:``; a value with spaces goes in double quotes. The rest are the words.
    """
    found: dict[str, str] = {}

    def take(match: re.Match[str]) -> str:
        key = match.group(1).casefold().replace("colour", "color")
        found[key] = match.group(2) if match.group(2) is not None else match.group(3)
        return " "

    words = " ".join(_FILTER.sub(take, typed).split())
    return words, Filters(
        tag=found.get("tag"),
        color=found.get("color"),
        speaker=found.get("speaker"),
        entity=found.get("entity"),
        article=found.get("article"),
    )
