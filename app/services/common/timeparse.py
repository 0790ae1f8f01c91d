"""Timestamps and periods in the shop's time zone (METRICS.md §1).

- Input timestamps are ISO-8601 with an offset (`2026-11-11T09:30:00+08:00`, `…Z`) or naive
  `YYYY-MM-DD HH:MM:SS` / `YYYY/MM/DD HH:MM:SS` (a `T` instead of the space and fractional
  seconds are accepted too); naive ones are shop time.
- Everything is returned as an aware UTC instant, the form the database stores.
- A period `D1..D2` is `[D1 00:00, D2 + 1 day 00:00)` in shop time.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.models.base import stored_text

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

DEFAULT_TZ = "Asia/Shanghai"

_TS = re.compile(
    r"^(\d{4})([-/])(\d{1,2})\2(\d{1,2})[ T](\d{1,2}):(\d{2}):(\d{2})(\.\d{1,6})?"
    r"(Z|[+-]\d{2}:?\d{2})?$"
)


_SECONDS = frozenset(f"{n:02d}" for n in range(60))
_SECOND_VALUES = {f"{n:02d}": n for n in range(60)}


class TimestampError(ValueError):
    """Raised with a short machine reason: "unparsable" or "impossible"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def zone(name: str | None) -> tzinfo:
    """The shop's zone; an unknown or empty name falls back to Asia/Shanghai."""
    try:
        return ZoneInfo(name or DEFAULT_TZ)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TZ)


def shop_zone(session: Session) -> tzinfo:
    """The time zone of the shop in this database (Shop.timezone), default Asia/Shanghai."""
    from app.models.shop import Shop

    shop = session.get(Shop, 1)
    return zone(shop.timezone if shop is not None else None)


class TimestampParser:
    """Parses input timestamps for one shop zone, quickly (an import parses millions)."""

    def __init__(self, tz: tzinfo) -> None:
        self.tz = tz
        # Fixed-offset zones (Asia/Shanghai since 1991) convert with one subtraction.
        self._fixed: timedelta | None = None
        probe = [datetime(y, m, 1, 12) for y in (1992, 2026, 2040) for m in (1, 4, 7, 10)]
        offsets = {p.replace(tzinfo=tz).utcoffset() for p in probe}
        if len(offsets) == 1:
            self._fixed = offsets.pop()
        # "YYYY-MM-DD HH:MM:" shop time (either date separator) → that minute's UTC text
        self._minutes: dict[str, str] = {}
        self._minute_seconds: dict[str, tuple[str, float]] = {}  # … and its POSIX seconds

    def __call__(self, text: str) -> datetime:
        m = _TS.match(text.strip())
        if m is None:
            raise TimestampError("unparsable")
        y, _sep, mo, d, h, mi, s, frac, off = m.groups()
        try:
            micro = int((frac[1:] + "000000")[:6]) if frac else 0
            naive = datetime(int(y), int(mo), int(d), int(h), int(mi), int(s), micro)
        except ValueError as exc:
            raise TimestampError("impossible") from exc
        if off:
            if off == "Z":
                return naive.replace(tzinfo=UTC)
            sign = -1 if off[0] == "-" else 1
            digits = off[1:].replace(":", "")
            hours, minutes = int(digits[:2]), int(digits[2:])
            if hours > 23 or minutes > 59:
                raise TimestampError("impossible")
            return (naive - sign * timedelta(hours=hours, minutes=minutes)).replace(tzinfo=UTC)
        if self._fixed is not None and naive.year >= 1992:
            return (naive - self._fixed).replace(tzinfo=UTC)
        return local_to_utc(naive, self.tz)


    def utc_text(self, text: str) -> str:
        """An input timestamp as the UTC text the database stores,
        `YYYY-MM-DD HH:MM:SS.ffffff`; raises TimestampError.

        The common naive `YYYY-MM-DD HH:MM:SS` in a fixed-offset zone takes a shortcut: its
        minute is converted once and cached (an import meets the same minutes again and
        again), so a row costs one lookup."""
        t = text.strip()
        if len(t) == 19:
            minute = self._minutes.get(t[:17])
            if minute is not None and t[17:] in _SECONDS:
                return minute + t[17:] + ".000000"
            if self._fixed is not None and t[13] == ":" and t[16] == ":":
                minute = self._minute(t[:17])
                if minute and t[17:] in _SECONDS:
                    return minute + t[17:] + ".000000"
        return stored_text(self(t))

    def utc_texts(self, texts: list[str]) -> tuple[list[str | None], list[float | None]]:
        """`utc_text` of each (None where it raises), and the instant as float POSIX seconds
        (as the database's `summaries.epoch()` reads the stored text back). A cached minute
        costs one lookup."""
        minutes = self._minute_seconds
        seconds = _SECOND_VALUES
        stamps: list[str | None] = []
        times: list[float | None] = []
        for text in texts:
            hit = minutes.get(text[:17])
            if hit is not None and len(text) == 19:
                s = seconds.get(text[17:])
                if s is not None:  # no spaces around: a digit at each end
                    stamps.append(hit[0] + text[17:] + ".000000")
                    times.append(hit[1] + s)
                    continue
            try:
                stamp = self.utc_text(text)
            except TimestampError:
                stamps.append(None)
                times.append(None)
                continue
            stamps.append(stamp)
            times.append(stamp_seconds(stamp))
            minute = self._minutes.get(text[:17]) if len(text) == 19 else None
            if minute is not None:  # `utc_text` cached it: remember its seconds too
                minutes[text[:17]] = (minute, stamp_seconds(minute + "00.000000"))
        return stamps, times

    def _minute(self, head: str) -> str:
        """The UTC `YYYY-MM-DD HH:MM:` of a shop-time `YYYY-MM-DD HH:MM:` (either date
        separator), or "" when it takes the long way (not cached)."""
        try:
            utc = self(head + "00")
        except TimestampError:
            return ""  # the long way reports the error
        if utc.second:  # an offset that is not whole minutes
            return ""
        minute = f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d} {utc.hour:02d}:{utc.minute:02d}:"
        if len(self._minutes) >= 1_000_000:
            self._minutes.clear()
            self._minute_seconds.clear()
        self._minutes[head] = minute
        return minute


def stamp_seconds(stamp: str) -> float:
    """A stored UTC text as float POSIX seconds, exactly as `summaries.epoch()` reads it in
    SQL: whole seconds plus the parsed fraction."""
    whole = datetime.fromisoformat(stamp[:19] + "+00:00").timestamp()
    frac = stamp[19:]
    return whole + (float(frac) if frac and frac != ".000000" else 0.0)


def local_to_utc(naive: datetime, tz: tzinfo) -> datetime:
    """A naive shop-time wall clock as UTC; a time skipped by a DST change is impossible.
    An ambiguous one (the repeated hour) is its first occurrence."""
    aware = naive.replace(tzinfo=tz, fold=0)
    utc = aware.astimezone(UTC)
    if utc.astimezone(tz).replace(tzinfo=None) != naive:
        raise TimestampError("impossible")
    return utc


def parse_timestamp(text: str, tz: tzinfo) -> datetime:
    """One input timestamp as an aware UTC instant; raises TimestampError."""
    return TimestampParser(tz)(text)


def parse_date(text: str) -> date:
    """A `YYYY-MM-DD` date (CLI `--from/--to`); raises ValueError."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        raise ValueError(text)
    return date.fromisoformat(text.strip())


def day_start(d: date, tz: tzinfo) -> datetime:
    """Shop-time midnight at the start of day `d`, as UTC."""
    aware = datetime(d.year, d.month, d.day, tzinfo=tz)
    return aware.astimezone(UTC)


def period_bounds(date_from: date, date_to: date, tz: tzinfo) -> tuple[datetime, datetime]:
    """`[date_from 00:00, date_to + 1 day 00:00)` in shop time, as UTC instants."""
    return day_start(date_from, tz), day_start(date_to + timedelta(days=1), tz)


def to_shop_time(instant: datetime, tz: tzinfo) -> datetime:
    return instant.astimezone(tz)
