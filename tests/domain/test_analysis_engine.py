"""Chunked analysis in worker processes: the same result as at once, offsets right, cancellable."""

from __future__ import annotations

import multiprocessing
import os
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.analysis.cache import analysis_from_candidates, analyze
from annotations.analysis.engine import (
    AnalysisCancelled,
    ChunkedAnalysis,
    Progress,
    reading_order,
)
from annotations.analysis.entities.mention_rules import straighten_quotes
from annotations.analysis.entities.rules_backend import RuleExtractor
from annotations.analysis.entities.spacy_backend import chunk_ranges, find_model_module
from annotations.article.model import Article, article_from_plain_text

#: Sentences with names, titles, acronyms and quotations, some of them opened in one sentence
#: and closed in the next, so chunk edges fall inside names and quotations.
SENTENCES = [
    "Angela Merkel met Emmanuel Macron in Paris on Monday.",
    '"We will not give in," said Merkel, adding that the European Union',
    'would act. "It is late," Macron said.',
    "The World Health Organization (WHO) warned of a new wave.",
    "Officials at Acme Corp. declined to comment.",
    "“Nothing changes,” the minister, Jane Smith, told reporters in New York.",
    "Merkel and Macron left for Berlin.",
    "A spokesman for the WHO said the figures were early.",
]
PARAGRAPHS = st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=6).map(" ".join)
TEXTS = st.lists(PARAGRAPHS, min_size=1, max_size=8).map(
    lambda paragraphs: "A headline about talks\n\n" + "\n\n".join(paragraphs) + "\n"
)


def article_of(text: str) -> Article:
    return article_from_plain_text(text, source="test", source_key="test:engine")


def chunked_candidates(extractor: RuleExtractor, text: str, size: int) -> list[object]:
    straight = straighten_quotes(text)
    return [
        candidate
        for start, end in chunk_ranges(straight, size)
        for candidate in extractor.candidates(straight, start, end)
    ]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, st.integers(min_value=8, max_value=400))
def test_rules_chunk_by_chunk_equal_the_whole_text(text: str, size: int) -> None:
    extractor = RuleExtractor()
    article = article_of(text)
    candidates = chunked_candidates(extractor, text, size)
    assert analysis_from_candidates(article, extractor, candidates) == analyze(  # type: ignore[arg-type]
        article, extractor
    )


@given(st.lists(st.integers(0, 50), min_size=1, max_size=20), st.integers(0, 1_000))
def test_reading_order_starts_at_the_position_and_visits_each_chunk_once(
    sizes: list[int], position: int
) -> None:
    chunks, start = [], 0
    for size in sizes:
        chunks.append((start, start + size + 1))
        start += size + 1
    order = reading_order(chunks, position)
    assert sorted(order) == list(range(len(chunks)))
    first_start, first_end = chunks[order[0]]
    assert first_start <= position < first_end or (
        position >= start and order[0] == len(chunks) - 1
    )
    # Outwards: each next chunk is no nearer to the first than the one before it.
    distances = [abs(index - order[0]) for index in order]
    assert distances == sorted(distances)


def long_text(paragraphs: int = 60) -> str:
    body = [
        " ".join(SENTENCES[(i + j) % len(SENTENCES)] for j in range(5)) for i in range(paragraphs)
    ]
    return "Talks in Paris\n\n" + "\n\n".join(body) + "\n"


def test_worker_processes_give_what_analyze_gives_with_progress_to_the_end() -> None:
    text = long_text()
    article = article_of(text)
    extractor = RuleExtractor()
    engine = ChunkedAnalysis(article, extractor, position=len(text) // 2, chunk_chars=1_500)
    assert len(engine.chunks) > 5 and engine.workers == min(2, os.cpu_count() or 1)
    seen: list[Progress] = []
    result = engine.run(seen.append)
    assert result == analyze(article, extractor)
    assert [p.done for p in seen] == sorted(p.done for p in seen)
    assert seen[-1].percent == 100 and len(seen) == len(engine.chunks)
    # The first chunk back is the one holding the reading position.
    middle = next(i for i, (s, e) in enumerate(engine.chunks) if s <= len(text) // 2 < e)
    assert seen[0].done == engine.chunks[middle][1] - engine.chunks[middle][0]
    assert multiprocessing.active_children() == []


def test_cancel_ends_every_worker_process_at_once() -> None:
    text = long_text(200)
    engine = ChunkedAnalysis(article_of(text), RuleExtractor(), chunk_chars=300)
    first_chunk, cancelled = threading.Event(), threading.Event()
    workers: list[int] = []
    outcome: list[BaseException] = []

    def on_progress(progress: Progress) -> None:
        if not first_chunk.is_set():
            workers.extend(child.pid or 0 for child in multiprocessing.active_children())
            first_chunk.set()
            cancelled.wait()  # hold the run here until cancel has been called

    def run() -> None:
        try:
            engine.run(on_progress)
        except AnalysisCancelled as error:
            outcome.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    assert first_chunk.wait(120)
    engine.cancel()
    cancelled.set()
    thread.join(120)
    assert not thread.is_alive()
    assert len(outcome) == 1
    assert workers and multiprocessing.active_children() == []
    for pid in workers:  # ended and reaped: no such process any more
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_a_cancelled_engine_never_starts() -> None:
    engine = ChunkedAnalysis(article_of(long_text(5)), RuleExtractor(), chunk_chars=300)
    engine.cancel()
    with pytest.raises(AnalysisCancelled):
        engine.run()
    assert multiprocessing.active_children() == []


needs_small = pytest.mark.skipif(
    find_model_module("sm") is None, reason="spaCy's en_core_web_sm is not installed"
)


@needs_small
def test_spacy_chunks_in_workers_equal_extract_and_offsets_point_at_the_names() -> None:
    from annotations.analysis.entities.spacy_backend import CHUNK_CHARS, SpacyExtractor

    package = find_model_module("sm")
    assert package is not None
    extractor = SpacyExtractor(package)
    text = long_text(120)  # about 40 kB: more than one chunk of CHUNK_CHARS
    article = article_of(text)
    engine = ChunkedAnalysis(article, extractor)
    assert len(engine.chunks) > 1 and max(e - s for s, e in engine.chunks) <= CHUNK_CHARS
    result = engine.run()
    assert result == analyze(article, extractor)
    names = {e.name: e for e in result.entities}
    assert {"Angela Merkel", "Emmanuel Macron"} <= set(names)
    for entity in result.entities:
        for mention in entity.mentions:
            surface = text[mention.start : mention.end]
            assert surface in {entity.name, *entity.aliases}
    # Mentions in the second chunk are mapped to the whole text, not to the chunk.
    second_start = engine.chunks[1][0]
    assert any(m.start > second_start for m in names["Angela Merkel"].mentions)


class MissingModel(RuleExtractor):
    """Names a backend the workers cannot make (en_core_web_trf is not installed)."""

    backend = "spacy-trf"


@pytest.mark.skipif(find_model_module("trf") is not None, reason="en_core_web_trf is installed")
def test_a_worker_that_cannot_make_its_extractor_is_an_error_not_a_hang() -> None:
    engine = ChunkedAnalysis(article_of(long_text(10)), MissingModel(), chunk_chars=500)
    with pytest.raises(RuntimeError, match="en_core_web_trf"):
        engine.run()
    assert multiprocessing.active_children() == []
