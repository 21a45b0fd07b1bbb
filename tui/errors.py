"""The one place the app shows newsdesk's errors (`NewsdeskError`): an error notification.

Screens and workers catch the errors they expect around the work that raises them (a failed
save changes nothing; a failed export or fetch leaves the reader as it was) and hand them
here, so every error looks the same: its one-line message, shown literally by the app's
`notify`, with a title saying what failed.
"""

from __future__ import annotations

from typing import Any, Protocol

from annotations.errors import NewsdeskError


class Notifies(Protocol):
    """A screen, a widget or the app: anything that can show a notification."""

    def notify(
        self, message: str, *, title: str = ..., severity: Any = ..., timeout: float | None = ...
    ) -> None: ...


def show_error(
    node: Notifies,
    error: NewsdeskError,
    *,
    title: str = "",
    prefix: str = "",
    timeout: float | None = None,
) -> None:
    """Show `error`'s one-line message (after `prefix`) as an error notification."""
    node.notify(f"{prefix}{error.message}", title=title, severity="error", timeout=timeout)
