"""The pacer holds updates while keys arrive and applies the latest once they pause; never
more often than its interval, never later than its longest hold. Time is a clock the test
moves; Textual's timers fire for real, and the test waits for them by events, never by sleeping.
"""

from __future__ import annotations

import asyncio

from pilot_support import GIVE_UP_SECONDS
from textual.app import App

from tui.update_pacer import UpdatePacer


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Paced(App[None]):
    """Applies what it is asked to, and says each time the pacer's timer looked."""

    def __init__(self) -> None:
        super().__init__()
        self.clock = Clock()
        self.applied: list[int] = []
        self.value = 0
        self.looked = asyncio.Event()
        self.pacer = UpdatePacer(self, self._apply, clock=self.clock)
        due = self.pacer._due

        def spied_due() -> None:
            due()
            self.looked.set()

        self.pacer._due = spied_due  # type: ignore[method-assign]

    def _apply(self) -> None:
        self.applied.append(self.value)

    async def timer_looks(self) -> None:
        """Wait until the pacer's timer has fired and decided (apply, or wait more)."""
        self.looked.clear()
        await asyncio.wait_for(self.looked.wait(), GIVE_UP_SECONDS)


async def test_with_no_key_an_update_is_applied_at_once() -> None:
    app = Paced()
    async with app.run_test():
        app.value = 1
        app.pacer.request()
        assert app.applied == [1]
        assert not app.pacer.holding


async def test_updates_wait_while_keys_arrive_and_the_latest_is_applied_when_they_pause() -> None:
    app = Paced()
    async with app.run_test():
        app.pacer.key_pressed()
        app.value = 1
        app.pacer.request()
        app.value = 2
        app.pacer.request()
        assert app.applied == [] and app.pacer.holding
        # Another key just before the timer looks: it waits again.
        app.clock.now += 0.15
        app.pacer.key_pressed()
        await app.timer_looks()
        assert app.applied == [] and app.pacer.holding
        app.clock.now += 0.25  # the keys paused
        await app.timer_looks()
        assert app.applied == [2]  # the latest, once
        assert not app.pacer.holding


async def test_updates_are_applied_no_more_often_than_the_interval() -> None:
    app = Paced()
    async with app.run_test():
        app.value = 1
        app.pacer.request()
        app.clock.now += 0.1
        app.value = 2
        app.pacer.request()
        assert app.applied == [1]
        await app.timer_looks()
        assert app.applied == [1]  # 0.1 s of the clock: too soon
        app.clock.now += 0.5
        await app.timer_looks()
        assert app.applied == [1, 2]


async def test_the_final_update_waits_for_the_keys_but_not_for_the_interval() -> None:
    app = Paced()
    async with app.run_test():
        app.value = 1
        app.pacer.request()
        app.clock.now += 0.1
        app.value = 2
        app.pacer.request(final=True)
        assert app.applied == [1, 2]
        app.pacer.key_pressed()
        app.value = 3
        app.pacer.request(final=True)
        assert app.applied == [1, 2]  # a key came just now
        app.clock.now += 0.3
        await app.timer_looks()
        assert app.applied == [1, 2, 3]


async def test_keys_that_never_stop_hold_an_update_no_longer_than_the_longest_hold() -> None:
    app = Paced()
    async with app.run_test():
        app.pacer.key_pressed()
        app.value = 1
        app.pacer.request()
        for _ in range(3):  # a key every 0.1 s of the clock
            app.clock.now += 0.1
            app.pacer.key_pressed()
            await app.timer_looks()
            assert app.applied == []
        app.clock.now += 2.8  # 3.1 s since the update came, a key just now
        app.pacer.key_pressed()
        await app.timer_looks()
        assert app.applied == [1]
