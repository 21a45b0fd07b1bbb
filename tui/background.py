"""Run slow work in a daemon thread, awaited from an async worker, so quitting never waits.

Textual runs ``thread=True`` workers in asyncio's default executor, whose threads are joined
when the loop and the interpreter shut down: `q` during a long analysis (a 1 MB paragraph, a
slow model load) or a fetch that drips would wait for it to finish. A daemon thread is not
joined: the app exits at once and the thread ends with the process. The work must therefore
hold nothing that needs closing (analysis and fetching only read, or write atomically).
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


async def in_daemon_thread(work: Callable[[], T], *, name: str = "newsdesk-work") -> T:
    """Run `work()` in a new daemon thread and return (or raise) what it did."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def settle(result: T | None, error: BaseException | None) -> None:
        if future.done():  # the awaiting worker was cancelled meanwhile
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)  # type: ignore[arg-type]

    def run() -> None:
        try:
            result, error = work(), None
        except BaseException as caught:  # handed to the awaiting task, not lost
            result, error = None, caught
        # The app (and its loop) may have closed while this ran: then nobody is waiting.
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(settle, result, error)

    threading.Thread(target=run, name=name, daemon=True).start()
    return await future


def on_loop(callback: Callable[[T], None]) -> Callable[[T], None]:
    """`callback`, made callable from any thread: it runs later in this (the app's) loop.

    Never waits for the loop (a worker thread reporting progress must not block on an app
    that is closing), and does nothing once the loop has closed. It runs in the caller's
    context (Textual's active app and message pump), so it may set timers and post messages.
    """
    loop = asyncio.get_running_loop()
    context = contextvars.copy_context()

    def call(value: T) -> None:
        with contextlib.suppress(RuntimeError):  # the loop closed: nobody is listening
            loop.call_soon_threadsafe(callback, value, context=context)

    return call
