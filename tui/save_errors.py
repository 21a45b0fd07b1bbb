"""Saving that fails (disk full, read-only, permission denied) is told, not crashed on.

`reports_save_errors` wraps a screen's action or callback: a `SaveError` from the annotation
session (which has changed nothing) or an `OSError` from another library write becomes an
error notification saying the change was not saved, and the app keeps running.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from annotations.library.session import SaveError
from annotations.library.storage import os_error_reason
from tui.errors import Notifies, show_error

P = ParamSpec("P")
R = TypeVar("R")


S = TypeVar("S", bound=Notifies)


def reports_save_errors(
    method: Callable[Concatenate[S, P], R],
) -> Callable[Concatenate[S, P], R | None]:
    """Run `method`; a failed save is shown as an error notification (returns None)."""

    @functools.wraps(method)
    def run(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R | None:
        try:
            return method(self, *args, **kwargs)
        except SaveError as error:
            show_error(self, error, title="Not saved", timeout=10)
        except OSError as error:
            message = f"Could not save: {os_error_reason(error)}. Nothing was changed."
            self.notify(message, title="Not saved", severity="error", timeout=10)
        return None

    return run


def reports_save_errors_to(
    node: Notifies,
) -> Callable[[Callable[P, R]], Callable[P, R | None]]:
    """The same for a plain callback (a dialog's result handler): `node` notifies."""

    def decorate(callback: Callable[P, R]) -> Callable[P, R | None]:
        @functools.wraps(callback)
        def run(*args: P.args, **kwargs: P.kwargs) -> R | None:
            return reports_save_errors(lambda _node: callback(*args, **kwargs))(node)

        return run

    return decorate
