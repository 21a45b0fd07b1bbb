"""Background news for the screen (analysis progress, previews), applied between keys.

Redrawing a pane costs milliseconds; landing inside a key's repaint it doubles the key's time
(issue 14: "analysing… 41%" made the p95 of keys 60 ms while spaCy ran). A pacer holds such
updates while the reader is typing and applies them once no key has come for `idle` seconds,
never more often than every `interval` seconds, and never later than `max_hold` seconds after
the first one held (a reader who never stops still sees the analysis arrive). It keeps no
update itself: the owner keeps the latest of each kind and applies them all in `apply`.

Waiting is done with Textual timers on the owner; `clock` is only read, so tests can stand
in for time.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.message_pump import MessagePump
from textual.timer import Timer

#: Seconds without a key before held updates are applied.
IDLE_SECONDS = 0.2
#: Seconds at least between two applications (progress need not be shown more often).
INTERVAL_SECONDS = 0.5
#: Seconds at most that an update is held, however fast the keys come.
MAX_HOLD_SECONDS = 3.0


class UpdatePacer:
    """Calls `apply` when the reader is not typing (see the module's docstring)."""

    def __init__(
        self,
        owner: MessagePump,
        apply: Callable[[], None],
        *,
        idle: float = IDLE_SECONDS,
        interval: float = INTERVAL_SECONDS,
        max_hold: float = MAX_HOLD_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._owner = owner
        self._apply = apply
        self._idle = idle
        self._interval = interval
        self._max_hold = max_hold
        self.clock = clock
        self._last_key = -float("inf")
        self._last_applied = -float("inf")
        #: When the oldest update not yet applied arrived; None when nothing waits.
        self._held_since: float | None = None
        #: The last update is the final one: it waits for the keys, not for the interval.
        self._final = False
        self._timer: Timer | None = None

    @property
    def holding(self) -> bool:
        """Whether an update waits to be applied."""
        return self._held_since is not None

    def key_pressed(self) -> None:
        """A key arrived: what is held waits until the keys pause."""
        self._last_key = self.clock()

    def request(self, *, final: bool = False) -> None:
        """The owner has something new to show: apply it now if the reader is not typing
        and the last application is old enough, else as soon as that is so."""
        now = self.clock()
        if self._held_since is None:
            self._held_since = now
        self._final = self._final or final
        if self._wait(now) <= 0:
            self._apply_now(now)
        elif self._timer is None:
            self._timer = self._owner.set_timer(self._wait(now), self._due, name="pacer")

    def stop(self) -> None:
        """Forget what is held (the owner is going)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._held_since = None

    def _wait(self, now: float) -> float:
        """Seconds until what is held may be applied."""
        wait = self._last_key + self._idle - now
        if not self._final:
            wait = max(wait, self._last_applied + self._interval - now)
        if self._held_since is not None:
            wait = min(wait, self._held_since + self._max_hold - now)
        return wait

    def _due(self) -> None:
        self._timer = None
        if self._held_since is None:
            return
        now = self.clock()
        wait = self._wait(now)
        if wait > 0:  # keys came meanwhile
            self._timer = self._owner.set_timer(wait, self._due, name="pacer")
        else:
            self._apply_now(now)

    def _apply_now(self, now: float) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._held_since = None
        self._final = False
        self._last_applied = now
        self._apply()
