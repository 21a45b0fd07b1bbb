"""An article's analysis in worker processes, chunk by chunk, the part being read first.

Extraction holds the interpreter for tens of milliseconds at a time (spaCy's network, the
rules' regular expressions), so run in a thread of the app it stalls keys. Here it runs in
worker processes started with "spawn" (never fork a process that runs threads): the text is
cut into chunks of whole lines (`chunk_ranges`), each worker loads the extractor once and
returns the raw mentions of one chunk at a time, so a long text uses every core given. The
chunk around the reading position goes first; once it is back, a preview (the quality layer
and quotations over what is known so far) is computed while the other chunks run. The final
analysis is exactly what `annotations.analysis.cache.analyze` returns for the whole text: the same
raw mentions, then the quality layer and the quotations over the whole text, in a worker.

`cancel` ends the workers at once (they hold nothing that needs closing).
"""

from __future__ import annotations

import contextlib
import dataclasses
import multiprocessing
import os
import queue
import signal
import sys
import threading
from collections.abc import Callable
from multiprocessing.pool import Pool
from typing import Any, Protocol, TypeGuard

from annotations.analysis.cache import Analysis
from annotations.analysis.entities.candidates import Candidate
from annotations.analysis.entities.mention_rules import straighten_quotes
from annotations.analysis.entities.spacy_backend import CHUNK_CHARS, chunk_ranges
from annotations.article.model import Article

#: How much lower than the app's a worker's scheduling priority is.
WORKER_NICENESS = 10
#: Never more workers than this: each spaCy worker holds its own model (~0.3 GB with md).
MAX_WORKERS = 2


class ChunkingExtractor(Protocol):
    """An extractor a worker process can make again by name, giving raw mentions per chunk."""

    name: str
    version: str
    backend: str

    def candidates(self, straight: str, start: int, end: int) -> list[Candidate]: ...


class AnalysisCancelled(Exception):
    """The analysis was cancelled before it finished."""


@dataclasses.dataclass(frozen=True, slots=True)
class Progress:
    """How much of the text has been through the extractor."""

    done: int
    total: int

    @property
    def percent(self) -> int:
        return 100 * self.done // self.total if self.total else 100


def supports_chunks(extractor: object) -> TypeGuard[ChunkingExtractor]:
    """Whether `extractor` can run in worker processes (it names its backend)."""
    return isinstance(getattr(extractor, "backend", None), str) and callable(
        getattr(extractor, "candidates", None)
    )


def reading_order(chunks: list[tuple[int, int]], position: int) -> list[int]:
    """Chunk indexes, the one holding `position` first, then outwards (after it, before it)."""
    if not chunks:
        return []
    here = next((i for i, (_, end) in enumerate(chunks) if position < end), len(chunks) - 1)
    order = [here]
    for step in range(1, len(chunks)):
        order += [i for i in (here + step, here - step) if 0 <= i < len(chunks)]
    return order


def worker_count(chunks: int, cores: int | None = None) -> int:
    return max(1, min(MAX_WORKERS, cores or os.cpu_count() or 1, chunks))


class ChunkedAnalysis:
    """One article's analysis in worker processes; `run` blocks (call it from a thread)."""

    def __init__(
        self,
        article: Article,
        extractor: ChunkingExtractor,
        *,
        position: int = 0,
        chunk_chars: int = CHUNK_CHARS,
        workers: int | None = None,
        quiet: bool = False,
    ) -> None:
        # The text and blocks only: cached words and sentences would double what is sent.
        self.article = dataclasses.replace(article)
        self.extractor = extractor
        self.chunks = chunk_ranges(straighten_quotes(article.text), chunk_chars)
        self.order = reading_order(self.chunks, position)
        self.workers = workers or worker_count(len(self.chunks))
        self.quiet = quiet
        self._events: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()
        self._cancelled = threading.Event()
        self._pool: Pool | None = None
        self._lock = threading.Lock()

    def run(
        self,
        on_progress: Callable[[Progress], None] | None = None,
        on_preview: Callable[[Analysis], None] | None = None,
    ) -> Analysis:
        """The whole analysis; `on_progress` after each chunk, `on_preview` once with what
        the first chunk (the one being read) gives. Both are called from this thread.

        Raises:
            AnalysisCancelled: `cancel` was called.
        """
        context = multiprocessing.get_context("spawn")
        _start_resource_tracker()
        with self._lock:
            if self._cancelled.is_set():
                raise AnalysisCancelled
            self._pool = context.Pool(
                self.workers,
                _start_worker,
                (self.extractor.backend, self.article, self.quiet),
            )
        try:
            return self._collect(self._pool, on_progress, on_preview)
        finally:
            self._end_pool()

    def cancel(self) -> None:
        """End the workers now; `run` raises `AnalysisCancelled`."""
        self._cancelled.set()
        self._events.put(("cancelled", None))
        self._end_pool()

    def _end_pool(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.terminate()  # kills the workers (SIGTERM) and reaps them
            pool.join()

    def _collect(
        self,
        pool: Pool,
        on_progress: Callable[[Progress], None] | None,
        on_preview: Callable[[Analysis], None] | None,
    ) -> Analysis:
        events = self._events

        def failed(error: BaseException) -> None:
            events.put(("error", error))

        def chunk_done(index: int) -> Callable[[list[Candidate]], None]:
            return lambda found: events.put(("chunk", (index, found)))

        for index in self.order:
            start, end = self.chunks[index]
            pool.apply_async(
                _chunk_candidates, (start, end), callback=chunk_done(index), error_callback=failed
            )
        found_by_chunk: dict[int, list[Candidate]] = {}
        total = len(self.article.text)
        want_preview = on_preview is not None and len(self.chunks) > 1
        while True:
            kind, value = events.get()
            if kind == "cancelled" or self._cancelled.is_set():
                raise AnalysisCancelled
            if kind == "error":
                raise value
            if kind == "preview":
                if on_preview is not None and len(found_by_chunk) < len(self.chunks):
                    on_preview(value)
                continue
            if kind == "final":
                return value  # type: ignore[no-any-return]
            index, found = value
            found_by_chunk[index] = found
            if on_progress is not None:
                done = sum(self.chunks[i][1] - self.chunks[i][0] for i in found_by_chunk)
                on_progress(Progress(min(done, total), total))
            if want_preview:
                want_preview = False
                pool.apply_async(
                    _assemble,
                    (found,),
                    callback=lambda analysis: events.put(("preview", analysis)),
                    error_callback=failed,
                )
            if len(found_by_chunk) == len(self.chunks):
                every = [c for i in sorted(found_by_chunk) for c in found_by_chunk[i]]
                pool.apply_async(
                    _assemble,
                    (every,),
                    callback=lambda analysis: events.put(("final", analysis)),
                    error_callback=failed,
                )


def _start_resource_tracker() -> None:
    """Start multiprocessing's helper process while stderr is a real file.

    It inherits stderr's descriptor, and a full-screen app has replaced `sys.stderr` with an
    object without one ("bad value(s) in fds_to_keep"); then it gets /dev/null: nothing it
    might say may reach the app's screen.
    """
    from multiprocessing import resource_tracker

    try:
        has_descriptor = sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        has_descriptor = False
    if has_descriptor:
        resource_tracker.ensure_running()
        return
    with open(os.devnull, "w") as devnull, contextlib.redirect_stderr(devnull):
        resource_tracker.ensure_running()


# -- in the worker processes --------------------------------------------------------------------

_worker: dict[str, Any] = {}


def _start_worker(backend: str, article: Article, quiet: bool) -> None:
    """Keep what this worker works on. The extractor is made by the first task, so that a
    model that fails to load is an error the caller sees (a failing initializer would only
    make the pool start workers again and again)."""
    # The app's process answers ctrl+c; a worker only ends when told to.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Workers take every core; on a busy machine the app's keys come first.
    with contextlib.suppress(OSError):
        os.nice(WORKER_NICENESS)
    if quiet:  # under a full-screen app nothing may write to the terminal
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.dup2(devnull, 1)
    _worker.update(backend=backend, article=article, straight=straighten_quotes(article.text))


def _extractor() -> Any:
    if "extractor" not in _worker:
        from annotations.analysis.entities import get_extractor

        _worker["extractor"] = get_extractor(_worker["backend"])
    return _worker["extractor"]


def _chunk_candidates(start: int, end: int) -> list[Candidate]:
    found: list[Candidate] = _extractor().candidates(_worker["straight"], start, end)
    return found


def _assemble(candidates: list[Candidate]) -> Analysis:
    from annotations.analysis.cache import analysis_from_candidates

    return analysis_from_candidates(_worker["article"], _extractor(), candidates)
