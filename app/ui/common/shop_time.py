"""Times as the shop counts them: in the shop's time zone, not this computer's. A console
whose clock is set to another zone (or a server kept in UTC) still shows the times the
reports, the dashboard's day and the logs count in."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo


class ShopTime:
    """The shop's zone for showing times; `zone` stays None (this computer's zone) until the
    window has loaded it (`MainWindow.attach`, off the GUI thread)."""

    def __init__(self, zone: tzinfo | None = None) -> None:
        self.zone = zone

    def text(self, value: datetime | None, pattern: str) -> str:
        """`value` (an aware instant) in the shop's zone as `pattern`; "" for None."""
        return value.astimezone(self.zone).strftime(pattern) if value is not None else ""

    def formatter(self, pattern: str) -> Callable[[datetime | None], str]:
        """`text` for a table column: reads the zone when it draws, so a column made before
        the zone was loaded shows it from the next repaint on."""
        return lambda value: self.text(value, pattern)
