"""Who said what: the library's quotations grouped by speaker, newest first.

Speakers are matched across articles like entities (`research.entities`): "Trump" quoted in
one article and "Donald Trump" in another are one speaker when an article names him in full.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotations.research.entities import entity_directory, name_key
from annotations.research.library_index import LibraryIndex

UNKNOWN = "unknown speaker"


@dataclass(frozen=True, slots=True)
class QuoteEntry:
    """One quotation and where it is."""

    article_id: str
    title: str
    date: str
    text: str
    start: int
    end: int
    speaker: str | None
    kind: str

    def to_dict(self) -> dict[str, object]:
        return {
            "article_id": self.article_id,
            "title": self.title,
            "date": self.date,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "speaker_as_written": self.speaker,
            "kind": self.kind,
        }


@dataclass(frozen=True, slots=True)
class SpeakerQuotes:
    """A speaker (None: not attributed) and their quotations, newest article first."""

    speaker: str | None
    quotes: tuple[QuoteEntry, ...]

    @property
    def label(self) -> str:
        return self.speaker if self.speaker is not None else UNKNOWN

    def to_dict(self) -> dict[str, object]:
        return {"speaker": self.speaker, "quotes": [quote.to_dict() for quote in self.quotes]}


def who_said_what(
    index: LibraryIndex, speaker: str | None = None, *, include_unknown: bool = True
) -> list[SpeakerQuotes]:
    """Quotations grouped by speaker, most quoted first; `speaker` keeps only that one.

    `speaker` matches a speaker's library name or any of its names and aliases, ignoring
    case, or is a part of the name ("merkel" finds "Angela Merkel").
    """
    directory = entity_directory(index)
    groups: dict[str | None, list[QuoteEntry]] = {}
    names: dict[str | None, set[str]] = {}
    for article in index.articles.values():
        for quote in article.quotes:
            said_by = quote.get("speaker")
            canonical: str | None = None
            surfaces: set[str] = set()
            if isinstance(said_by, str) and said_by.strip():
                entity = directory.find(said_by)
                canonical = entity.name if entity is not None else " ".join(said_by.split())
                surfaces = {name_key(said_by), name_key(canonical)}
                if entity is not None:
                    surfaces |= entity.names | {name_key(alias) for alias in entity.aliases}
            groups.setdefault(canonical, []).append(
                QuoteEntry(
                    article.id,
                    article.title,
                    article.date,
                    str(quote["text"]),
                    int(quote["start"]),
                    int(quote["end"]),
                    said_by if isinstance(said_by, str) else None,
                    str(quote.get("kind", "")),
                )
            )
            names.setdefault(canonical, set()).update(surfaces)
    wanted = name_key(speaker) if speaker is not None else None
    result = []
    for canonical, quotes in groups.items():
        if canonical is None and (not include_unknown or wanted is not None):
            continue
        if wanted is not None and not any(wanted in name for name in names[canonical]):
            continue
        quotes.sort(key=lambda quote: (quote.date, quote.article_id, -quote.start), reverse=True)
        result.append(SpeakerQuotes(canonical, tuple(quotes)))
    result.sort(
        key=lambda group: (group.speaker is None, -len(group.quotes), group.label.casefold())
    )
    return result
