"""One index over the whole library: each article's text, analysis and highlights.

Questions across the library (search, who said what, where else) are answered from this
index, so they cost one pass over memory instead of reading a thousand files. The index is a
JSON file, ``research-index.json``, in the library folder, written atomically like every other
library file. It holds nothing the user made (it is rebuilt from the kept articles, the
analysis cache and the annotation files), so a missing or unreadable index is simply rebuilt,
with a warning saying so.

An article's entry is redone only when its text (fingerprint), its annotation file (its
revision: mtime, size, inode) or the extractor changed; titles and reading positions are
copied from the library's records on every refresh, which is cheap.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotations.analysis.cache import ANALYSIS_VERSION, AnalysisCache, analyze_cached
from annotations.analysis.entities import Extractor
from annotations.library.model import ArticleRecord
from annotations.library.storage import atomic_write_bytes
from annotations.library.store import LibraryStore

INDEX_NAME = "research-index.json"
#: Bump when an entry's shape changes: an older index is rebuilt.
INDEX_VERSION = 1

#: Called with (articles done, articles to do) while entries are (re)built.
Progress = Callable[[int, int], None]


@dataclass(slots=True)
class IndexedArticle:
    """One article as the index holds it: plain dicts, as kept in the file (fast to load).

    ``entities``, ``quotes`` and ``highlights`` are in the shapes of `Analysis.to_dict` and
    `Annotation.to_dict`; offsets index into ``text``.
    """

    id: str
    title: str
    source: str
    date: str
    last_opened: str
    reading_position: int
    fingerprint: str
    revision: list[int] | None
    analysis_key: str | None
    text: str
    entities: list[dict[str, Any]]
    quotes: list[dict[str, Any]]
    highlights: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "date": self.date,
            "last_opened": self.last_opened,
            "reading_position": self.reading_position,
            "fingerprint": self.fingerprint,
            "revision": self.revision,
            "analysis_key": self.analysis_key,
            "text": self.text,
            "entities": self.entities,
            "quotes": self.quotes,
            "highlights": self.highlights,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> IndexedArticle:
        """Rebuild an entry; raises ValueError, KeyError or TypeError on a wrong shape."""
        entry = cls(**{name: data[name] for name in _FIELDS})
        for name in ("id", "title", "source", "date", "last_opened", "fingerprint", "text"):
            if not isinstance(getattr(entry, name), str):
                raise TypeError(f"{name} is not a string")
        for name in ("entities", "quotes", "highlights"):
            if not isinstance(getattr(entry, name), list):
                raise TypeError(f"{name} is not a list")
        if not isinstance(entry.reading_position, int):
            raise TypeError("reading_position is not an integer")
        _check_items(entry)
        return entry

    @property
    def analysed(self) -> bool:
        return self.analysis_key is not None

    @property
    def percent_read(self) -> int:
        """How far into the text the reader got, 0-100."""
        if not self.text:
            return 0
        return min(100, round(100 * self.reading_position / len(self.text)))


_FIELDS = tuple(IndexedArticle.__dataclass_fields__)


def _check_items(entry: IndexedArticle) -> None:
    """The fields the questions read, of the types they expect (a hand-edited index fails
    here, and is rebuilt, rather than failing a search later)."""
    for entity in entry.entities:
        if not isinstance(entity["name"], str) or not isinstance(entity["aliases"], list):
            raise TypeError("an entity's name or aliases")
        for start, end in entity["mentions"]:
            if type(start) is not int or type(end) is not int:
                raise TypeError("an entity's mention")
    for quote in entry.quotes:
        if type(quote["start"]) is not int or type(quote["end"]) is not int:
            raise TypeError("a quotation's offsets")
        if not isinstance(quote["text"], str):
            raise TypeError("a quotation's text")
    for highlight in entry.highlights:
        position = highlight["position"]
        if type(position["start"]) is not int or type(position["end"]) is not int:
            raise TypeError("a highlight's position")
        if not isinstance(highlight["tags"], list) or not isinstance(highlight["note"], str):
            raise TypeError("a highlight's tags or note")
        if not isinstance(highlight["quote"]["exact"], str):
            raise TypeError("a highlight's text")


@dataclass(slots=True)
class RefreshReport:
    """What a refresh did."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    #: Articles whose analysis is not computed yet (refreshed with ``analyse=False``).
    pending: list[str] = field(default_factory=list)
    rebuilt: bool = False

    @property
    def touched(self) -> bool:
        return bool(self.added or self.changed or self.removed or self.rebuilt)


class LibraryIndex:
    """The index of one library folder, for one extractor.

    Attributes:
        articles: Entries by article id, most recently opened first after a refresh.
        warnings: One line per problem met (an unreadable index that was rebuilt).
    """

    def __init__(self, folder: Path, extractor_version: str) -> None:
        self.folder = Path(folder)
        self.path = self.folder / INDEX_NAME
        self.analysis_key = f"{extractor_version}:{ANALYSIS_VERSION}"
        self.articles: dict[str, IndexedArticle] = {}
        self.warnings: list[str] = []
        #: Goes up whenever the entries change, so answers built from them can be kept.
        self.generation = 0
        self._folded: tuple[int, dict[str, str]] = (-1, {})
        self._loaded_ok = False

    def folded_text(self, entry: IndexedArticle) -> str:
        """The entry's text lower-cased (kept until the index changes), for fast searching."""
        generation, folded = self._folded
        if generation != self.generation:
            folded = {}
            self._folded = (self.generation, folded)
        found = folded.get(entry.id)
        if found is None:
            found = folded[entry.id] = entry.text.lower()
        return found

    # --- the file -----------------------------------------------------------------------

    def load(self) -> None:
        """Read the file; a missing one is empty, an unreadable one is rebuilt (warned)."""
        self.articles = {}
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return
        except OSError as error:
            self.warnings.append(f"{INDEX_NAME} could not be read ({error}); rebuilding it")
            return
        try:
            data = json.loads(raw)
            if not isinstance(data, dict) or data.get("version") != INDEX_VERSION:
                raise ValueError(f"not an index of version {INDEX_VERSION}")
            entries = data["articles"]
            if not isinstance(entries, dict):
                raise TypeError("articles is not an object")
            articles = {key: IndexedArticle.from_dict(value) for key, value in entries.items()}
        except (ValueError, KeyError, TypeError) as error:
            self.warnings.append(f"{INDEX_NAME} was unreadable ({error}); rebuilding it")
            return
        self.articles = articles
        self.generation += 1
        self._loaded_ok = True

    def save(self) -> None:
        """Write the index atomically (a crash leaves the old file or the new one)."""
        data = {
            "version": INDEX_VERSION,
            "articles": {key: entry.to_dict() for key, entry in self.articles.items()},
        }
        # ASCII escapes keep lone surrogates (texts decoded with surrogateescape) writable.
        encoded = json.dumps(data, ensure_ascii=True, separators=(",", ":")).encode("ascii")
        self.folder.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(self.path, encoded)

    # --- keeping up with the library ---------------------------------------------------

    def refresh(
        self,
        store: LibraryStore,
        extractor: Extractor,
        *,
        analyse: bool = True,
        progress: Progress | None = None,
    ) -> RefreshReport:
        """Bring the index in step with the library, redoing only what changed; saves it.

        Args:
            store: The library.
            extractor: Finds entities where the analysis cache has none for a text.
            analyse: False to leave uncached analyses for later (the entry is pending).
            progress: Told how many of the entries to redo are done.
        """
        report = RefreshReport(rebuilt=not self._loaded_ok)
        cache = AnalysisCache.in_library(store.folder)
        records = store.articles()
        wanted = {record.id for record in records}
        for gone in [key for key in self.articles if key not in wanted]:
            del self.articles[gone]
            report.removed.append(gone)
        stale: list[tuple[ArticleRecord, list[int] | None]] = []
        for record in records:
            revision = _revision(store, record.id)
            entry = self.articles.get(record.id)
            if (
                entry is None
                or entry.fingerprint != record.fingerprint
                or entry.revision != revision
                or entry.analysis_key != self.analysis_key
            ):
                stale.append((record, revision))
            else:
                report.changed.extend(_copy_record(entry, record))
        for done, (record, revision) in enumerate(stale):
            if progress is not None:
                progress(done, len(stale))
            existed = record.id in self.articles
            entry = self._build_entry(store, cache, extractor, record, revision, analyse)
            self.articles[record.id] = entry
            (report.changed if existed else report.added).append(record.id)
            if not entry.analysed and entry.text:
                report.pending.append(record.id)
        if progress is not None and stale:
            progress(len(stale), len(stale))
        # Most recently opened first, as the library lists them.
        order = {record.id: position for position, record in enumerate(records)}
        self.articles = dict(sorted(self.articles.items(), key=lambda item: order[item[0]]))
        if report.touched:
            self.generation += 1
        if report.touched or not self.path.exists():
            try:
                self.save()
            except OSError as error:
                self.warnings.append(f"{INDEX_NAME} could not be written ({error})")
        self._loaded_ok = True
        return report

    def _build_entry(
        self,
        store: LibraryStore,
        cache: AnalysisCache,
        extractor: Extractor,
        record: ArticleRecord,
        revision: list[int] | None,
        analyse: bool,
    ) -> IndexedArticle:
        article = store.kept_article(record.id)
        text = article.text if article is not None else ""
        entities: list[dict[str, Any]] = []
        quotes: list[dict[str, Any]] = []
        key: str | None = None
        if article is not None:
            analysis = (
                analyze_cached(article, extractor, cache)
                if analyse
                else cache.get(article, extractor)
            )
            if analysis is not None:
                # The reader's corrections (in the same file as the highlights, so a new one
                # changes the revision and rebuilds this entry) are what the desk shows.
                analysis = analysis.corrected(article.text, store.corrections(record.id))
                as_dict = analysis.to_dict()
                entities, quotes, key = as_dict["entities"], as_dict["quotes"], self.analysis_key
        else:
            key = self.analysis_key  # no kept text to analyse: nothing pending
        return IndexedArticle(
            id=record.id,
            title=record.title,
            source=record.source,
            date=(article.date if article is not None and article.date else record.first_opened),
            last_opened=record.last_opened,
            reading_position=record.reading_position,
            fingerprint=record.fingerprint,
            revision=revision,
            analysis_key=key,
            text=text,
            entities=entities,
            quotes=quotes,
            highlights=[annotation.to_dict() for annotation in store.annotations(record.id)],
        )


def _revision(store: LibraryStore, article_id: str) -> list[int] | None:
    found = store.revision(article_id)
    return list(found) if isinstance(found, tuple) else None


def _copy_record(entry: IndexedArticle, record: ArticleRecord) -> list[str]:
    """Copy the record's cheap fields into the entry; [its id] if any of them changed."""
    fields = (record.title, record.source, record.last_opened, record.reading_position)
    if (entry.title, entry.source, entry.last_opened, entry.reading_position) == fields:
        return []
    entry.title, entry.source = record.title, record.source
    entry.last_opened, entry.reading_position = record.last_opened, record.reading_position
    return [record.id]


def open_index(
    store: LibraryStore,
    extractor: Extractor,
    *,
    analyse: bool = True,
    progress: Progress | None = None,
) -> LibraryIndex:
    """The library's index, loaded and brought up to date (built the first time)."""
    index = LibraryIndex(store.folder, extractor.version)
    index.load()
    index.refresh(store, extractor, analyse=analyse, progress=progress)
    return index
