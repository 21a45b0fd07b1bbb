"""An article's entities and quotations, computed once per text and extractor, then cached.

Extraction with spaCy costs about a second on first use (loading the model) and ~0.2 s per
1,000 words, so results are kept in the library's ``cache/`` folder, keyed by the article's
fingerprint and the extractor's version: reopening an article is instant, and a changed text or
a new extractor computes afresh. The cache holds nothing the user made: an unreadable entry is
simply recomputed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotations.analysis.entities import Extractor
from annotations.analysis.entities.candidates import Candidate
from annotations.analysis.entities.model import Entity, EntityType, Mention
from annotations.analysis.entities.pipeline import build_entities
from annotations.analysis.quotes import Quote, find_quotes
from annotations.article.model import Article
from annotations.library.corrections import Correction, apply_corrections
from annotations.library.storage import (
    CorruptFileError,
    atomic_write_bytes,
    loads_json,
    read_regular_file,
)


def _by(by_reader: bool) -> str:
    return "reader" if by_reader else "machine"


def _entity_dict(entity: Entity, **fields: object) -> dict[str, object]:
    """An entity's name and type, then `fields`, then who made it."""
    return {"name": entity.name, "type": entity.type.value, **fields, "by": _by(entity.by_reader)}


def _quote_dict(quote: Quote, **fields: object) -> dict[str, object]:
    """A quotation's text, place, speaker and kind, then `fields`, then who made it."""
    return {
        "text": quote.text,
        "start": quote.start,
        "end": quote.end,
        "speaker": quote.speaker,
        "kind": quote.kind,
        **fields,
        "by": _by(quote.by_reader),
    }


if TYPE_CHECKING:
    from annotations.analysis.engine import Progress

#: Bump when quotation finding or this file's format changes, so cached results are redone.
ANALYSIS_VERSION = "7"  # 7: appositives after a title; the person of two named parts
CACHE_FOLDER = "cache"


@dataclass(frozen=True, slots=True)
class Analysis:
    """What extraction found in an article, and which extractor found it."""

    entities: tuple[Entity, ...]
    quotes: tuple[Quote, ...]
    extractor: str

    def to_dict(self) -> dict[str, Any]:
        """The cache's format (`from_dict` reads it back)."""
        return {
            "extractor": self.extractor,
            "entities": [
                _entity_dict(
                    entity,
                    aliases=list(entity.aliases),
                    mentions=[[m.start, m.end] for m in entity.mentions],
                )
                for entity in self.entities
            ],
            "quotes": [
                _quote_dict(quote, open_mark=quote.open_mark, close_mark=quote.close_mark)
                for quote in self.quotes
            ],
        }

    def public_dict(self, article: Article) -> dict[str, object]:
        """`newsdesk analyze --json`'s contract: offsets index into `text`, the article text
        as the reader shows it."""
        return {
            "title": article.title,
            "source": article.source,
            "text": article.text,
            "extractor": self.extractor,
            "entities": [
                _entity_dict(
                    entity, mentions=[{"start": m.start, "end": m.end} for m in entity.mentions]
                )
                for entity in self.entities
            ],
            "quotes": [_quote_dict(quote) for quote in self.quotes],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Analysis:
        entities = tuple(
            Entity(
                name=item["name"],
                type=EntityType(item["type"]),
                mentions=tuple(Mention(int(s), int(e)) for s, e in item["mentions"]),
                aliases=tuple(item.get("aliases", ())),
                by_reader=item.get("by") == "reader",
            )
            for item in data["entities"]
        )
        quotes = tuple(
            Quote(
                text=item["text"],
                start=int(item["start"]),
                end=int(item["end"]),
                speaker=item["speaker"],
                kind=item["kind"],
                open_mark=int(item["open_mark"]),
                close_mark=item["close_mark"],
                by_reader=item.get("by") == "reader",
            )
            for item in data["quotes"]
        )
        return cls(entities, quotes, str(data["extractor"]))

    def corrected(self, text: str, corrections: Iterable[Correction]) -> Analysis:
        """This analysis with the reader's corrections laid over it."""
        done = apply_corrections(text, self.entities, self.quotes, corrections)
        return Analysis(done.entities, done.quotes, self.extractor)


def analyze(article: Article, extractor: Extractor) -> Analysis:
    """Find the entities, then the quotations (whose speakers are named after the entities)."""
    entities = tuple(extractor.extract(article.text))
    quotes = tuple(find_quotes(article, entities))
    return Analysis(entities, quotes, extractor.name)


def analysis_from_candidates(
    article: Article, extractor: Extractor, candidates: list[Candidate]
) -> Analysis:
    """What `analyze` returns, from the extractor's raw mentions gathered chunk by chunk."""
    entities = tuple(build_entities(article.text, candidates))
    quotes = tuple(find_quotes(article, entities))
    return Analysis(entities, quotes, extractor.name)


class AnalysisCache:
    """Analyses kept as JSON files in a folder, one per (text, extractor version)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def _path(self, article: Article, extractor: Extractor) -> Path:
        key = f"{article.fingerprint}:{extractor.version}:{ANALYSIS_VERSION}"
        digest = hashlib.sha256(key.encode()).hexdigest()[:32]
        return self.folder / f"{digest}.json"

    def get(self, article: Article, extractor: Extractor) -> Analysis | None:
        try:
            # Regular files only (a FIFO would block), JSON depth bounded.
            data = loads_json(read_regular_file(self._path(article, extractor)))
            return Analysis.from_dict(data)
        except (OSError, ValueError, KeyError, TypeError, CorruptFileError):
            return None  # absent or unreadable: it is only a cache, compute again

    def put(self, article: Article, extractor: Extractor, analysis: Analysis) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            data = json.dumps(analysis.to_dict(), ensure_ascii=False).encode()
            atomic_write_bytes(self._path(article, extractor), data)
        except OSError:
            pass  # a cache that cannot be written only costs time next time

    @classmethod
    def in_library(cls, library: Path) -> AnalysisCache:
        return cls(Path(library) / CACHE_FOLDER)


def analyze_cached(
    article: Article,
    extractor: Extractor,
    cache: AnalysisCache,
    on_progress: Callable[[Progress], None] | None = None,
) -> Analysis:
    """The cached analysis of this text by this extractor, computing and keeping it if new.

    A text of more than one chunk goes through worker processes (`analysis_engine`), on
    every core, with `on_progress` told after each chunk; a short one is analysed here.
    """
    found = cache.get(article, extractor)
    if found is not None:
        return found
    from annotations.analysis.engine import ChunkedAnalysis, supports_chunks

    engine = ChunkedAnalysis(article, extractor) if supports_chunks(extractor) else None
    if engine is not None and len(engine.chunks) > 1:
        analysis = engine.run(on_progress)
    else:
        analysis = analyze(article, extractor)
    cache.put(article, extractor, analysis)
    return analysis
