"""Where "now" comes from. Services never call `datetime.now()`: they ask the clock that the
console, a test or the simulator hands them through `Database.clock`.

- `SystemClock` is the wall clock (aware UTC).
- `ManualClock` only moves when told to: tests advance it instead of sleeping, and `ingest`
  and the simulator drive it from the events' own times.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class ManualClock:
    """A clock that stands still until `set()` or `advance()` moves it (never backwards)."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = (start or datetime(2026, 11, 11, 1, 0, tzinfo=UTC)).astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def set(self, instant: datetime) -> None:
        if instant.tzinfo is None:
            raise ValueError("ManualClock needs an aware instant")
        self._now = max(self._now, instant.astimezone(UTC))

    def advance(self, seconds: float = 0.0, **delta: float) -> datetime:
        self._now += timedelta(seconds=seconds, **delta)
        return self._now
