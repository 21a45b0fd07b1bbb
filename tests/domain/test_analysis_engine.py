"""Chunked analysis in worker processes: the same result as at once, offsets right, cancellable,
one shared pool reused by every article and ended without leaving a process behind."""

from __future__ import annotations

import multiprocessing
import os
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.analysis.cache import analysis_from_candidates, analyze
from annotations.analysis.engine import (
    WORKER_NICENESS,
    AnalysisCancelled,
    ChunkedAnalysis,
    Progress,
    reading_order,
    shared_pool,
    shutdown_shared_pool,
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


def article_of(text: str, key: str = "test:engine") -> Article:
    return article_from_plain_text(text, source="test", source_key=key)


@pytest.fixture(autouse=True)
def ended_pool() -> Iterator[None]:
    """Each test starts without a pool; whatever pool it made is ended after it, leaving no
    worker process behind."""
    shutdown_shared_pool()
    yield
    shutdown_shared_pool()
    assert multiprocessing.active_children() == []


def worker_pids() -> set[int]:
    return {child.pid or 0 for child in multiprocessing.active_children()}


def assert_gone(pids: set[int]) -> None:
    for pid in pids:  # ended and reaped: no such process any more
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


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
    # The first chunk handed to the workers is the one holding the reading position (which
    # comes back first depends on the machine's scheduling: two workers run side by side).
    middle = next(i for i, (s, e) in enumerate(engine.chunks) if s <= len(text) // 2 < e)
    assert engine.order[0] == middle


def test_a_second_article_reuses_the_workers_and_shutdown_ends_them() -> None:
    extractor = RuleExtractor()
    first = article_of(long_text(40), "test:first")
    second = article_of(long_text(70).replace("Paris", "Lyon"), "test:second")
    assert ChunkedAnalysis(first, extractor, chunk_chars=800).run() == analyze(first, extractor)
    workers = worker_pids()
    assert len(workers) == min(2, os.cpu_count() or 1)
    assert ChunkedAnalysis(second, extractor, chunk_chars=800).run() == analyze(second, extractor)
    assert worker_pids() == workers  # the same processes: nothing started again
    shutdown_shared_pool()
    assert multiprocessing.active_children() == []
    assert_gone(workers)


def test_cancel_stops_one_analysis_at_once_and_the_pool_serves_the_next() -> None:
    text = long_text(200)
    engine = ChunkedAnalysis(article_of(text), RuleExtractor(), chunk_chars=300)
    first_chunk, cancelled = threading.Event(), threading.Event()
    workers: set[int] = set()
    outcome: list[BaseException] = []

    def on_progress(progress: Progress) -> None:
        if not first_chunk.is_set():
            workers.update(worker_pids())
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
    # Another article's analysis runs on the same workers, to the same result as at once.
    other = article_of(long_text(30), "test:other")
    result = ChunkedAnalysis(other, RuleExtractor(), chunk_chars=500).run()
    assert result == analyze(other, RuleExtractor())
    assert workers and worker_pids() == workers
    shutdown_shared_pool()
    assert_gone(workers)


def test_a_cancelled_engine_never_starts() -> None:
    engine = ChunkedAnalysis(article_of(long_text(5)), RuleExtractor(), chunk_chars=300)
    engine.cancel()
    with pytest.raises(AnalysisCancelled):
        engine.run()
    assert multiprocessing.active_children() == []  # no pool was made for it


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
    # The pool is still there and still works for an extractor that can be made.
    article = article_of(long_text(10))
    assert ChunkedAnalysis(article, RuleExtractor(), chunk_chars=500).run() == analyze(
        article, RuleExtractor()
    )


def test_the_whole_text_handed_to_the_workers_is_removed_after_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    article = article_of(long_text(30))
    result = ChunkedAnalysis(article, RuleExtractor(), chunk_chars=500).run()
    assert result == analyze(article, RuleExtractor())
    with pytest.raises(RuntimeError, match="en_core_web_trf"):
        ChunkedAnalysis(article_of(long_text(10)), MissingModel(), chunk_chars=500).run()
    assert list(tmp_path.iterdir()) == []


def test_workers_are_niced_under_the_app_only() -> None:
    """The command line waits for its analysis alone; under the app, keys come first."""
    own = os.nice(0)
    try:
        assert shared_pool("rules", quiet=False).apply(os.nice, (0,)) == own
        niced = shared_pool("rules", quiet=True).apply(os.nice, (0,))
        assert niced == min(19, max(own, WORKER_NICENESS))
    finally:
        shutdown_shared_pool()


def test_quitting_does_not_wait_for_a_pool_being_made() -> None:
    """While a pool is being made (its fork server loading the model), the app's quit
    returns at once and the exit is told not to wait either; a later call ends what is left."""
    from annotations.analysis import engine

    finished = threading.Event()

    def quit_now() -> None:
        engine.shutdown_shared_pool(wait=False)
        finished.set()

    with engine._pool_lock:  # what `shared_pool` holds while the model loads
        quitting = threading.Thread(target=quit_now)
        quitting.start()
        assert finished.wait(60)  # a bound for a broken test: it did not wait for the lock
        assert engine._abandoned
    engine._abandoned = False
    quitting.join()
    pool = shared_pool("rules", quiet=True)
    shutdown_shared_pool(wait=False)  # nothing being made: ends the pool as before
    assert engine._pool is None
    with pytest.raises(ValueError):
        pool.apply(os.getpid)  # the pool was terminated
