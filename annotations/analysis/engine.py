"""An article's analysis in worker processes, chunk by chunk, the part being read first.

Extraction holds the interpreter for tens of milliseconds at a time (spaCy's network, the
rules' regular expressions), so run in a thread of the app it stalls keys. Here it runs in
worker processes: the text is cut into chunks of whole lines (`chunk_ranges`) and the workers
return the raw mentions of one chunk at a time (as compact tuples), so a long text uses every
core given. The chunk around the reading position goes first; once it is back, a preview (the
quality layer and quotations over what is known so far) is computed while the other chunks
run. Asked for (`window_chars`), the few thousand characters around the reading position are
analysed alone before everything else (`annotations.analysis.window`: a smaller task than a
chunk, so the panes show the part being read sooner), as a first preview. The final analysis
is exactly what `annotations.analysis.cache.analyze` returns for the
whole text: the same raw mentions, then the quality layer and the quotations over the whole
text, in a worker.

One pool serves the process's whole life (`shared_pool`): made on the first analysis, reused
by every later one, ended by `shutdown_shared_pool` (the app calls it on exit; an exit handler
too). Its workers are forked from a "forkserver" process that loaded the extractor before
forking (`annotations.analysis.preload_model`), so the model is loaded once and its pages are
shared copy-on-write; the app's own process (which runs threads) is never forked.

`cancel` drops one analysis's results at once; the shared pool keeps serving the others (an
analysis keeps only a few chunks in flight, so a cancelled one frees the workers soon).
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import multiprocessing
import multiprocessing.forkserver
import os
import queue
import signal
import sys
import tempfile
import threading
from collections.abc import Callable
from multiprocessing.pool import Pool
from typing import Any, Protocol, TypeGuard

from annotations.analysis.cache import Analysis, analyze
from annotations.analysis.entities.candidates import Candidate
from annotations.analysis.entities.mention_rules import straighten_quotes
from annotations.analysis.entities.model import EntityType
from annotations.analysis.entities.spacy_backend import CHUNK_CHARS, chunk_ranges
from annotations.analysis.window import window_around, window_article
from annotations.article.model import Article

#: How much lower than the app's a worker's scheduling priority is (under the app only).
WORKER_NICENESS = 10
#: Never more workers than this (the machine this was built for has two cores).
MAX_WORKERS = 2
#: Chunks handed to the pool ahead of the workers: enough to keep them busy, few enough that
#: a cancelled analysis frees them soon.
CHUNKS_AHEAD = 1
#: What the fork server preloads, and whether it must write nothing (read by `preload_model`).
PRELOAD_BACKEND_VARIABLE = "NEWSDESK_PRELOAD_BACKEND"
PRELOAD_QUIET_VARIABLE = "NEWSDESK_PRELOAD_QUIET"

#: A raw mention as a worker sends it back: start, end, and the type's value (or None).
CandidateTuple = tuple[int, int, str | None]


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
    """One article's analysis in the shared worker pool; `run` blocks (call it from a thread)."""

    def __init__(
        self,
        article: Article,
        extractor: ChunkingExtractor,
        *,
        position: int = 0,
        chunk_chars: int = CHUNK_CHARS,
        workers: int | None = None,
        quiet: bool = False,
        window_chars: int = 0,
    ) -> None:
        # The text and blocks only: cached words and sentences would double what is sent.
        self.article = dataclasses.replace(article)
        self.extractor = extractor
        self.straight = straighten_quotes(article.text)
        self.chunks = chunk_ranges(self.straight, chunk_chars)
        self.order = reading_order(self.chunks, position)
        self.workers = workers or worker_count(len(self.chunks))
        self.quiet = quiet
        #: The part around the reading position analysed alone first, for a long text.
        self.window: tuple[int, int] | None = None
        if window_chars and len(article.text) > 2 * window_chars:
            self.window = window_around(article.text, position, window_chars)
        # spaCy reads only its chunk: send the chunk, not the whole text, with each task.
        self._chunk_only = bool(getattr(extractor, "reads_chunk_only", False))
        #: Otherwise the whole text, written once to a file each worker reads once: sent with
        #: every task it would cross the pipe once per chunk (15 MB × 750 chunks).
        self._text_file: str | None = None
        self._events: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()
        self._cancelled = threading.Event()

    def run(
        self,
        on_progress: Callable[[Progress], None] | None = None,
        on_preview: Callable[[Analysis], None] | None = None,
    ) -> Analysis:
        """The whole analysis; `on_progress` after each chunk, `on_preview` with what the
        window around the reading position gives alone (if asked for, and unless the first
        chunk is back first), then with what the first chunk (the one being read) gives. Both
        are called from this thread.

        Raises:
            AnalysisCancelled: `cancel` was called.
        """
        if self._cancelled.is_set():
            raise AnalysisCancelled
        pool = shared_pool(self.extractor.backend, quiet=self.quiet)
        if self._cancelled.is_set():
            raise AnalysisCancelled
        try:
            if not self._chunk_only:
                self._text_file = _write_text(self.straight)
            return self._collect(pool, on_progress, on_preview)
        finally:
            if self._text_file is not None:
                with contextlib.suppress(OSError):
                    os.unlink(self._text_file)

    def cancel(self) -> None:
        """Stop now: `run` raises `AnalysisCancelled`, later results are dropped. The shared
        pool is left running for other analyses (`shutdown_shared_pool` ends it)."""
        self._cancelled.set()
        self._events.put(("cancelled", None))

    def _submit_chunk(self, pool: Pool, index: int) -> None:
        events = self._events
        start, end = self.chunks[index]
        # The chunk itself, or where the whole text is.
        text = self.straight[start:end] if self._text_file is None else None
        pool.apply_async(
            _chunk_candidates,
            (self.extractor.backend, text, self._text_file, start, end),
            callback=lambda found: events.put(("chunk", (index, found))),
            error_callback=lambda error: events.put(("error", error)),
        )

    def _submit_assembly(self, pool: Pool, kind: str, found: list[CandidateTuple]) -> None:
        events = self._events
        pool.apply_async(
            _assemble,
            (self.extractor.backend, self.article, found),
            callback=lambda analysis: events.put((kind, analysis)),
            error_callback=lambda error: events.put(("error", error)),
        )

    def _submit_window(self, pool: Pool, start: int, end: int) -> None:
        events = self._events
        pool.apply_async(
            _window_preview,
            (self.extractor.backend, window_article(self.article, start, end), start),
            callback=lambda analysis: events.put(("window", analysis)),
            error_callback=lambda error: events.put(("error", error)),
        )

    def _collect(
        self,
        pool: Pool,
        on_progress: Callable[[Progress], None] | None,
        on_preview: Callable[[Analysis], None] | None,
    ) -> Analysis:
        if self.window is not None and on_preview is not None:
            self._submit_window(pool, *self.window)  # first: the quickest look at what is read
        ahead = self.workers + CHUNKS_AHEAD
        for index in self.order[:ahead]:
            self._submit_chunk(pool, index)
        waiting = iter(self.order[ahead:])
        found_by_chunk: dict[int, list[CandidateTuple]] = {}
        total = len(self.article.text)
        want_preview = on_preview is not None and len(self.chunks) > 1
        previewed = False
        while True:
            kind, value = self._events.get()
            if kind == "cancelled" or self._cancelled.is_set():
                raise AnalysisCancelled
            if kind == "error":
                raise value
            if kind in ("window", "preview"):
                # The window's preview never replaces the first chunk's, which knows more.
                wanted = kind == "preview" or not previewed
                if wanted and on_preview is not None and len(found_by_chunk) < len(self.chunks):
                    on_preview(value)
                previewed = previewed or kind == "preview"
                continue
            if kind == "final":
                return value  # type: ignore[no-any-return]
            index, found = value
            found_by_chunk[index] = found
            following = next(waiting, None)
            if following is not None:
                self._submit_chunk(pool, following)
            if on_progress is not None:
                done = sum(self.chunks[i][1] - self.chunks[i][0] for i in found_by_chunk)
                on_progress(Progress(min(done, total), total))
            if want_preview and index == self.order[0]:  # the part being read
                want_preview = False
                self._submit_assembly(pool, "preview", found)
            if len(found_by_chunk) == len(self.chunks):
                every = [c for i in sorted(found_by_chunk) for c in found_by_chunk[i]]
                self._submit_assembly(pool, "final", every)


# -- the shared pool -----------------------------------------------------------------------------

_pool_lock = threading.Lock()
_pool: Pool | None = None
_pool_quiet = False


def pool_size() -> int:
    return max(1, min(MAX_WORKERS, os.cpu_count() or 1))


def shared_pool(backend: str, *, quiet: bool = False) -> Pool:
    """The process's worker pool, made now if there is none. The first call starts the fork
    server with `backend`'s extractor preloaded (a few seconds with spaCy; blocks)."""
    global _pool, _pool_quiet
    with _pool_lock:
        if _pool is not None and _pool_quiet == quiet:
            return _pool
        if _pool is not None:  # made for a terminal (or not): workers' output differs
            _end(_pool)
        _start_fork_server(backend, quiet)
        context = multiprocessing.get_context("forkserver")
        _pool = context.Pool(pool_size(), _start_worker, (quiet,))
        _pool_quiet = quiet
        return _pool


def pool_running() -> bool:
    """Whether the shared pool is there (an analysis needs no model loaded first)."""
    return _pool is not None


def warm_shared_pool(backend: str, *, quiet: bool = False) -> None:
    """Make the shared pool now and have each worker ready its extractor, so that the first
    analysis finds it waiting (call from a thread: it blocks while the model loads)."""
    pool = shared_pool(backend, quiet=quiet)
    with contextlib.suppress(Exception):  # an extractor that cannot load fails its analysis
        pool.map(_warm, [backend] * pool_size(), chunksize=1)


def shutdown_shared_pool(*, wait: bool = True) -> None:
    """End the shared pool's workers now (idempotent); the next analysis makes a new pool.

    With `wait=False` (the app quitting), a pool still being made — its fork server loading
    the model, a second or more — is not waited for: it is left to the process's exit, and
    the exit does not wait for it either (its workers end when their pipes close, the fork
    server after its load). Waiting made `q` in the app's first seconds take ~1.7 s.
    """
    global _pool, _abandoned
    if not _pool_lock.acquire(blocking=wait):
        _abandoned = True
        return
    try:
        pool, _pool = _pool, None
    finally:
        _pool_lock.release()
    if pool is not None:
        _end(pool)


#: Whether the app quit while a pool was being made (see `shutdown_shared_pool`).
_abandoned = False


def _shutdown_at_exit() -> None:
    shutdown_shared_pool(wait=not _abandoned)


def _end(pool: Pool) -> None:
    pool.terminate()  # kills the workers (SIGTERM) and reaps them
    pool.join()


atexit.register(_shutdown_at_exit)


def _start_fork_server(backend: str, quiet: bool) -> None:
    """Start multiprocessing's fork server (once per process) preloading `backend`."""
    _start_resource_tracker()
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["annotations.analysis.preload_model"])
    settings = {PRELOAD_BACKEND_VARIABLE: backend, PRELOAD_QUIET_VARIABLE: "1" if quiet else ""}
    saved = {name: os.environ.get(name) for name in settings}
    os.environ.update(settings)  # the server is spawned now and keeps its own copy
    try:
        multiprocessing.forkserver.ensure_running()
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


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

#: Extractors made in this process, by backend name (the fork server's is inherited).
_extractors: dict[str, Any] = {}


def preload_extractor(backend: str) -> None:
    """Make `backend`'s extractor and load its model (in the fork server, before forking)."""
    extractor = _extractor(backend)
    load = getattr(extractor, "load", None)
    if callable(load):
        load()


def _start_worker(quiet: bool) -> None:
    # The app's process answers ctrl+c; a worker only ends when told to.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if not quiet:
        # The command line waits for the analysis alone: full priority (niced, a loaded
        # machine gave the workers a tenth of a core each: 1 MB took 169 s instead of ~40).
        return
    # Under the app, workers take every core but on a busy machine the app's keys come first.
    with contextlib.suppress(OSError):
        os.nice(max(0, WORKER_NICENESS - os.nice(0)))
    # Under a full-screen app nothing may write to the terminal.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.dup2(devnull, 1)


def _extractor(backend: str) -> Any:
    """The extractor is made by a task, not by the pool's initializer, so that a model that
    fails to load is an error the caller sees (a failing initializer would only make the
    pool start workers again and again)."""
    if backend not in _extractors:
        from annotations.analysis.entities import get_extractor

        _extractors[backend] = get_extractor(backend)  # type: ignore[arg-type]
    return _extractors[backend]


def _warm(backend: str) -> None:
    preload_extractor(backend)


def _write_text(text: str) -> str:
    descriptor, path = tempfile.mkstemp(prefix="newsdesk-analysis-", suffix=".txt")
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(text.encode("utf-8", "surrogatepass"))
    return path


#: The whole text last read from a file, by path and identity (a later file may get the
#: same name); one article at a time in each worker.
_read_text: dict[tuple[str, int, int], str] = {}


def _whole_text(path: str) -> str:
    status = os.stat(path)
    key = (path, status.st_ino, status.st_mtime_ns)
    if key not in _read_text:
        _read_text.clear()
        with open(path, "rb") as handle:
            _read_text[key] = handle.read().decode("utf-8", "surrogatepass")
    return _read_text[key]


def _chunk_candidates(
    backend: str, chunk: str | None, text_file: str | None, start: int, end: int
) -> list[CandidateTuple]:
    """The raw mentions of ``straight[start:end]``: given `chunk` (that part alone, for an
    extractor that reads only its chunk), or else the whole text from `text_file`."""
    if text_file is not None:
        found = _extractor(backend).candidates(_whole_text(text_file), start, end)
        return [(c.start, c.end, c.type.value if c.type else None) for c in found]
    assert chunk is not None
    found = _extractor(backend).candidates(chunk, 0, end - start)
    return [(c.start + start, c.end + start, c.type.value if c.type else None) for c in found]


def _window_preview(backend: str, part: Article, offset: int) -> Analysis:
    from annotations.analysis.window import moved

    return moved(analyze(part, _extractor(backend)), offset)


def _assemble(backend: str, article: Article, found: list[CandidateTuple]) -> Analysis:
    from annotations.analysis.cache import analysis_from_candidates

    candidates = [Candidate(s, e, EntityType(t) if t else None) for s, e, t in found]
    return analysis_from_candidates(article, _extractor(backend), candidates)
