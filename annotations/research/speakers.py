"""Who said what: the library's quotations grouped by speaker, newest first.

Speakers are matched across articles like entities (`research.entities`): "Trump" quoted in
one article and "Donald Trump" in another are one speaker when an article names him in full.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotations.research.entities import EntityDirectory, entity_directory, name_key
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
    wanted = name_key(speaker) if speaker is not None else None
    groups: dict[str | None, list[QuoteEntry]] = {}
    # Per speaker as written: their library name, and whether they are the one asked for.
    # Thousands of quotations have a few hundred speakers: each is looked up once.
    known: dict[str | None, tuple[str | None, bool]] = {}
    for article in index.articles.values():
        for quote in article.quotes:
            said_by = quote.get("speaker")
            said_by = said_by if isinstance(said_by, str) and said_by.strip() else None
            if said_by not in known:
                known[said_by] = _speaker(directory, said_by, wanted, include_unknown)
            canonical, keep = known[said_by]
            if not keep:
                continue
            groups.setdefault(canonical, []).append(
                QuoteEntry(
                    article.id,
                    article.title,
                    article.date,
                    str(quote["text"]),
                    int(quote["start"]),
                    int(quote["end"]),
                    said_by,
                    str(quote.get("kind", "")),
                )
            )
    result = []
    for canonical, quotes in groups.items():
        quotes.sort(key=lambda quote: (quote.date, quote.article_id, -quote.start), reverse=True)
        result.append(SpeakerQuotes(canonical, tuple(quotes)))
    result.sort(
        key=lambda group: (group.speaker is None, -len(group.quotes), group.label.casefold())
    )
    return result


def _speaker(
    directory: EntityDirectory, said_by: str | None, wanted: str | None, include_unknown: bool
) -> tuple[str | None, bool]:
    """A speaker's library name, and whether their quotations are asked for."""
    if said_by is None:
        return None, include_unknown and wanted is None
    entity = directory.find(said_by)
    canonical = entity.name if entity is not None else " ".join(said_by.split())
    if wanted is None:
        return canonical, True
    return canonical, speaker_matches(directory, said_by, wanted)


def speaker_matches(directory: EntityDirectory, said_by: str, wanted: str) -> bool:
    """Whether `wanted` (a `name_key`) is in any name of the speaker written `said_by`."""
    entity = directory.find(said_by)
    names = {name_key(said_by)}
    if entity is not None:
        names |= {name_key(entity.name)} | entity.names | {name_key(a) for a in entity.aliases}
    return any(wanted in name for name in names)
