"""One ordered writer thread for the library, so the reader never waits for a disk.

The app hands every library write (an article's highlights, the reading position) to a
`WriteQueue`; its one thread runs them in the order they were submitted. A job submitted
under a key that is still waiting replaces the waiting one in its place: jobs save a whole
state (the last state wins), so a thousand quick edits cost a few writes, not a thousand.

The UI may `hold` the queue while it draws a key's frame: jobs wait (at most the time the
hold names) until it calls `release`, so the writer's Python work never takes the
interpreter from the frame (a thread keeps it up to 5 ms before it must let go). `flush`
and `close` never wait for a hold.

A job that raises is reported to the `on_error` it was submitted with (from the writer
thread) and kept in `failures`; the queue goes on with the next job. Nothing here waits by
time except the bounded `flush` and `close` a caller asks for.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

#: A job: saves a whole state; what it returns is ignored.
Job = Callable[[], object]
#: Called in the writer thread with a job's exception.
ErrorHandler = Callable[[BaseException], None]

#: Every queue not yet closed, so a read can wait for the writes this process queued.
_open_queues: weakref.WeakSet[WriteQueue] = weakref.WeakSet()


def flush_all(timeout: float | None = None) -> bool:
    """Wait until every open queue in this process has run what was submitted to it (a job
    never waits for its own queue); False if one was still busy after `timeout` seconds.

    The library store calls this before it reads, so a read sees every write queued
    before it, in any thread (read your own writes).
    """
    done = True
    for queue in list(_open_queues):
        if threading.current_thread() is not queue._thread:
            done = queue.flush(timeout) and done
    return done


@dataclass(slots=True)
class _Job:
    run: Callable[[], object]
    on_error: ErrorHandler | None


class WriteQueue:
    """Runs submitted jobs one at a time, in order, in a daemon thread of its own.

    Attributes:
        failures: Every exception a job raised, oldest first.
    """

    def __init__(self, name: str = "newsdesk-writer") -> None:
        self.failures: list[BaseException] = []
        self._waiting: OrderedDict[Hashable, _Job] = OrderedDict()
        self._running = False
        self._closed = False
        self._condition = threading.Condition()
        #: Holds not yet released, and when they lapse (monotonic seconds).
        self._holds = 0
        self._held_until = 0.0
        #: Callers waiting in `flush`: the writer does not keep them waiting for a hold.
        self._flushing = 0
        # A daemon: a hung disk never keeps the process alive; `close` drains with a bound.
        self._thread = threading.Thread(target=self._work, name=name, daemon=True)
        self._thread.start()
        _open_queues.add(self)

    def submit(self, key: Hashable, job: Job, on_error: ErrorHandler | None = None) -> None:
        """Queue `job`; a job still waiting under `key` is replaced by it, in its place.

        Raises:
            RuntimeError: The queue is closed.
        """
        with self._condition:
            if self._closed:
                raise RuntimeError("the write queue is closed")
            self._waiting[key] = _Job(job, on_error)
            self._condition.notify_all()

    def hold(self, seconds: float) -> None:
        """Keep jobs waiting until `release` is called as often as `hold` was, or for at
        most `seconds` from now, whichever comes first (a hold never lasts longer)."""
        with self._condition:
            self._holds += 1
            self._held_until = max(self._held_until, time.monotonic() + seconds)

    def release(self) -> None:
        """End one `hold`; when none is left, waiting jobs run."""
        with self._condition:
            self._holds = max(self._holds - 1, 0)
            if not self._holds:
                self._condition.notify_all()

    def _held_for(self) -> float | None:
        """Seconds the writer must still wait for a hold; None when it need not."""
        if not self._holds or self._closed or self._flushing:
            return None
        left = self._held_until - time.monotonic()
        if left <= 0:
            self._holds = 0  # lapsed: a hold whose release never came ends here
            return None
        return left

    @property
    def pending(self) -> int:
        """Jobs waiting or running."""
        with self._condition:
            return len(self._waiting) + self._running

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every job submitted so far has run; False if `timeout` passed first."""
        if threading.current_thread() is self._thread:
            raise RuntimeError("a job cannot wait for its own queue")
        with self._condition:
            self._flushing += 1
            self._condition.notify_all()
            try:
                return self._condition.wait_for(
                    lambda: not self._waiting and not self._running, timeout
                )
            finally:
                self._flushing -= 1

    def close(self, timeout: float | None = None) -> bool:
        """Run what is queued, then stop the thread; False if `timeout` passed first."""
        with self._condition:
            self._closed = True
            self._condition.notify_all()
        self._thread.join(timeout)
        if not self._thread.is_alive():
            _open_queues.discard(self)
        return not self._thread.is_alive()

    def _work(self) -> None:
        while True:
            with self._condition:
                while True:
                    if not self._waiting and self._closed:
                        return  # closed and drained
                    held = self._held_for()
                    if self._waiting and held is None:
                        break
                    self._condition.wait(held)
                _key, job = self._waiting.popitem(last=False)
                self._running = True
            try:
                job.run()
            except BaseException as error:  # reported, never lost, and the queue goes on
                self._report(job, error)
            finally:
                with self._condition:
                    self._running = False
                    self._condition.notify_all()

    def _report(self, job: _Job, error: BaseException) -> None:
        with self._condition:
            self.failures.append(error)
        if job.on_error is not None:
            try:
                job.on_error(error)
            except Exception as handler_error:  # a broken handler must not stop the writer
                with self._condition:
                    self.failures.append(handler_error)
