"""The library index on a generated library of 1,000 articles and 10,000 highlights.

Times, in milliseconds (median of several runs where a run is cheap):

- building the index from the analysis cache (every article's kept text, cached analysis and
  annotations read once), and loading the built index from its file (what a new process pays);
- a search, a who-said-what list and a where-else list on the built index (target ≤ 100 ms);
- adding one article: the index refreshed after it is opened (target ≤ 0.5 s; its analysis is
  in the cache, as the reader leaves it);
- baseline in the same run: the same search done without the index, reading every kept article
  and annotation file from the store.

Articles are generated from a pool of names (people quoted by name, organisations, places) so
entities and quotations recur across articles; their analyses are written to the analysis cache
as the extractor would leave them. The library's files are written once with the store's own
writers. Run: ``python benchmarks/bench_library_index.py``
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotations.analysis.cache import Analysis, AnalysisCache
from annotations.analysis.entities.model import Entity, EntityType, Mention
from annotations.analysis.quotes import Quote
from annotations.article.model import Article, article_from_plain_text
from annotations.library.anchoring import describe
from annotations.library.model import Annotation, ArticleRecord, Color, utc_now
from annotations.library.storage import write_tables
from annotations.library.store import INDEX_FILE, SCHEMA_VERSION, LibraryStore
from annotations.research.entities import where_else
from annotations.research.library_index import LibraryIndex, open_index
from annotations.research.search import search
from annotations.research.speakers import who_said_what

ARTICLES = 1_000
HIGHLIGHTS_PER_ARTICLE = 10
PARAGRAPHS = 8
RUNS = 7


class GeneratedExtractor:
    """Stands for the extractor the cached analyses were made with (never asked to extract)."""

    name = "generated"
    version = "generated-1"

    def extract(self, text: str) -> list[Entity]:
        raise AssertionError("the benchmark's analyses all come from the cache")


PEOPLE = [
    f"{first} {last}"
    for first in (
        "Anna",
        "Boris",
        "Chen",
        "Dara",
        "Emil",
        "Fatima",
        "Gita",
        "Hugo",
        "Ines",
        "Jonas",
    )
    for last in (
        "Keller",
        "Li",
        "Moreau",
        "Novak",
        "Okafor",
        "Petrov",
        "Quinn",
        "Rossi",
        "Sato",
        "Tanaka",
    )
]
ORGS = [
    f"{name} {kind}"
    for name in (
        "Acme",
        "Borealis",
        "Cobalt",
        "Delta",
        "Ember",
        "Fjord",
        "Granite",
        "Helix",
        "Ionic",
        "Juniper",
    )
    for kind in ("Group", "Bank", "Motors")
]
PLACES = ["Berlin", "Lagos", "Lima", "Osaka", "Quebec", "Riga", "Sofia", "Tunis", "Hanoi", "Perth"]
WORDS = [
    *("budget", "market", "policy", "council", "report", "energy", "water", "school"),
    *("harbour", "bridge", "election", "contract", "tariff", "vaccine", "railway"),
    *("climate", "court", "strike", "festival", "museum"),
]


def generate(number: int, rng: random.Random) -> tuple[Article, Analysis]:
    """An article naming a few people, organisations and places, quoting the people."""
    people = rng.sample(PEOPLE, 3)
    org, place = rng.choice(ORGS), rng.choice(PLACES)
    parts: list[str] = [f"Report {number}: {rng.choice(WORDS)} in {place}"]
    for paragraph in range(PARAGRAPHS):
        person = people[paragraph % 3]
        filler = " ".join(rng.choice(WORDS) for _ in range(40))
        parts.append(
            f"{org} said the {filler} in {place}. "
            f'"We will look at the {rng.choice(WORDS)} again," said {person}.'
        )
    text = "\n\n".join(parts)
    article = article_from_plain_text(text, source=f"gen-{number}.txt", source_key=f"gen:{number}")
    entities = []
    for name, kind in (
        (org, EntityType.ORG),
        (place, EntityType.PLACE),
        *((person, EntityType.PERSON) for person in people),
    ):
        mentions = []
        start = text.find(name)
        while start != -1:
            mentions.append(Mention(start, start + len(name)))
            start = text.find(name, start + len(name))
        if mentions:
            surname = name.split()[-1]
            entities.append(
                Entity(name, kind, tuple(mentions), (surname,) if kind is EntityType.PERSON else ())
            )
    quotes = []
    start = text.find('"We')
    while start != -1:
        end = text.index('"', start + 1)
        said = text.index("said ", end) + 5
        speaker = text[said : text.index(".", said)]
        quotes.append(Quote(text[start + 1 : end], start + 1, end, speaker, "full", start, end))
        start = text.find('"We', end + 1)
    return article, Analysis(tuple(entities), tuple(quotes), GeneratedExtractor.name)


def highlights(article: Article, rng: random.Random) -> list[Annotation]:
    found = []
    for _ in range(HIGHLIGHTS_PER_ARTICLE):
        start = rng.randrange(0, len(article.text) - 120)
        found.append(
            Annotation.new(
                article.id,
                *describe(article.text, start, start + rng.randrange(20, 120)),
                color=rng.choice(list(Color)),
                note=rng.choice(["", "", "check the figures against last year"]),
                tags=rng.choice([(), ("to-verify",), ("energy", "to-verify")]),
            )
        )
    return found


def build_library(folder: Path, rng: random.Random) -> tuple[LibraryStore, list[Article]]:
    """Articles kept, highlighted and analysed, as reading them would have left the library."""
    store = LibraryStore(folder)
    cache = AnalysisCache.in_library(folder)
    extractor = GeneratedExtractor()
    articles, records = [], {}
    now = utc_now()
    for number in range(ARTICLES):
        article, analysis = generate(number, rng)
        articles.append(article)
        store.keep_article(article)
        store.add_many(highlights(article, rng))
        cache.put(article, extractor, analysis)
        records[str(number + 1)] = ArticleRecord(
            article.id, article.source, article.title, article.fingerprint, now, now
        ).to_dict()
    # One write of the articles index, in the store's format, rather than 1,000 rewrites.
    write_tables(
        folder / INDEX_FILE, {"meta": {"1": {"schema": SCHEMA_VERSION}}, "articles": records}
    )
    return store, articles


def timed(action: Callable[[], object], runs: int = RUNS) -> float:
    """The median of `runs` runs, in milliseconds."""
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples)


def search_without_index(store: LibraryStore, query: str) -> int:
    """The baseline: the same question asked of the store's files, article by article."""
    wanted, found = query.casefold(), 0
    for record in store.articles():
        kept = store.kept_article(record.id)
        if kept is not None:
            found += kept.text.casefold().count(wanted)
        for annotation in store.annotations(record.id):
            found += annotation.note.casefold().count(wanted)
    return found


def main() -> None:
    rng = random.Random(16)
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp) / "library"
        began = time.perf_counter()
        store, articles = build_library(folder, rng)
        print(
            f"generated {len(articles)} articles, {len(articles) * HIGHLIGHTS_PER_ARTICLE} "
            f"highlights in {time.perf_counter() - began:.1f} s"
        )
        extractor = GeneratedExtractor()

        began = time.perf_counter()
        index = open_index(store, extractor, analyse=False)
        build_ms = (time.perf_counter() - began) * 1000
        assert len(index.articles) == ARTICLES and all(e.analysed for e in index.articles.values())
        size = (folder / "research-index.json").stat().st_size / 1e6

        def load() -> None:
            LibraryIndex(folder, extractor.version).load()

        def no_change() -> None:
            fresh = LibraryIndex(folder, extractor.version)
            fresh.load()
            fresh.refresh(store, extractor, analyse=False)

        rare = search(index, "Juniper Motors")
        common = search(index, "tariff")
        quoted = who_said_what(index)
        _, elsewhere = where_else(index, "Berlin", exclude=articles[0].id)
        print(
            f"index: {size:.1f} MB; search 'Juniper Motors' {rare.total} hits in "
            f"{len(rare.groups)} articles, 'tariff' {common.total} "
            f"(truncated: {common.truncated}); "
            f"{len(quoted)} speakers, {sum(len(g.quotes) for g in quoted)} quotations; "
            f"'Berlin' in {len(elsewhere)} other articles"
        )
        rows = [
            ("build the index from the analysis cache", build_ms, None),
            ("load the built index (a new process)", timed(load), None),
            ("refresh with nothing changed (load + check)", timed(no_change, 3), None),
            (
                "search, rare words ('Juniper Motors')",
                timed(lambda: search(index, "Juniper Motors")),
                100,
            ),
            ("search, common word ('tariff', capped)", timed(lambda: search(index, "tariff")), 100),
            ("who said what, all speakers", timed(lambda: who_said_what(index)), 100),
            ("who said what, one speaker", timed(lambda: who_said_what(index, "okafor")), 100),
            (
                "where else ('Berlin'), directory built",
                timed(lambda: where_else(index, "Berlin")),
                100,
            ),
        ]

        def cold_where_else() -> None:
            index.generation += 1  # as after a refresh: the directory is built again
            where_else(index, "Berlin")

        rows.append(("where else, directory rebuilt first", timed(cold_where_else), 100))

        article, analysis = generate(ARTICLES, rng)
        AnalysisCache.in_library(folder).put(article, extractor, analysis)
        from annotations.library.session import AnnotationSession

        AnnotationSession(store, article)  # opened in the reader: record and kept copy
        began = time.perf_counter()
        report = index.refresh(store, extractor, analyse=False)
        add_ms = (time.perf_counter() - began) * 1000
        assert report.added == [article.id], report
        rows.append(("add one article: refresh the index (and save it)", add_ms, 500))

        baseline = timed(lambda: search_without_index(store, "tariff"), 1)
        rows.append(("baseline: the search without the index (store files)", baseline, None))

        for label, ms, target in rows:
            verdict = (
                ""
                if target is None
                else f"   target ≤ {target} ms: {'ok' if ms <= target else 'MISSED'}"
            )
            print(f"{label:<58} {ms:8.1f} ms{verdict}")


if __name__ == "__main__":
    main()
