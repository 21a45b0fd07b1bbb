"""The library's times: ISO 8601 UTC ending in ``Z`` when stored, the local minute when shown.

The one place that writes and reads them, so every stamp has the same form.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

TimeSpec = Literal["seconds", "milliseconds"]


def iso_utc(moment: datetime, timespec: TimeSpec = "seconds") -> str:
    """`moment` as ISO 8601 UTC, e.g. ``2025-03-04T05:06:07Z`` (a naive time is taken as UTC)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.replace(tzinfo=None).isoformat(timespec=timespec) + "Z"


def utc_now(timespec: TimeSpec = "milliseconds") -> str:
    """The current time as ISO 8601 UTC, e.g. ``2025-01-31T09:15:02.123Z``."""
    return iso_utc(datetime.now(UTC), timespec)


def local_minute(stamp: str) -> str | None:
    """An ISO time as the local date and minute (``2025-03-04 06:06``); None if it is none."""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")
