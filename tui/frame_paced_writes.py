"""Library writes that start once the frame of the edit that asked for them is drawn.

An edit changes memory and the screen at once and queues its save for the writer thread.
Started at once, the save's Python work (encoding the article's highlights) took the
interpreter from the edit's own frame: a thread keeps it up to 5 ms before it must let go,
and the frame came ~5 ms later (measured with 5,000 highlights). Here a save queued from
the app's thread holds the writer until the screen has been refreshed.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

from annotations.library.write_queue import ErrorHandler, Job, WriteQueue

if TYPE_CHECKING:
    from textual.app import App

#: Longest a frame keeps a save waiting (the frame takes a few ms; this bounds a lost one).
FRAME_HOLD_SECONDS = 0.25


class FramePacedWriteQueue(WriteQueue):
    """A `WriteQueue` whose jobs queued from the app's thread wait for the next frame."""

    def __init__(self, app: App[Any], name: str = "newsdesk-writer") -> None:
        super().__init__(name)
        self._app = app
        self._app_thread = threading.get_ident()  # made by the app, on the app's thread

    def submit(self, key: Hashable, job: Job, on_error: ErrorHandler | None = None) -> None:
        if threading.get_ident() != self._app_thread or not self._app.is_running:
            super().submit(key, job, on_error)
            return
        self.hold(FRAME_HOLD_SECONDS)
        super().submit(key, job, on_error)
        # Posted after the edit changed the screen: it runs once that change is drawn.
        if not self._app.call_after_refresh(self.release):
            self.release()
