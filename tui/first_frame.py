"""Draw the first frame as soon as the app is ready, not at the screen's next update tick.

Textual lays the first screen out while it starts, inside a batch that throws away what is
drawn meanwhile; the app's `Ready` event comes after that layout. A screen draws what changed
on its update timer (60 times a second), so a `refresh` asked for on `Ready` waits up to a
timer period (~17 ms, a twentieth of newsdesk's start) before the article shows. `draw_now`
runs the update that tick would run, at once.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen


def draw_now(screen: Screen[Any]) -> None:
    """Repaint `screen` now, as its next update tick would (nothing while a batch holds)."""
    screen.refresh()
    # Textual's own update step (~8.2): lay out what needs it, render, write the frame.
    tick = getattr(screen, "_on_timer_update", None)
    if callable(tick):
        tick()
