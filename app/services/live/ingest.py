"""`zhanggui ingest`: a stream of §7 JSON Lines applied event by event.

Each non-blank line is one event in its own transaction (`LiveService.apply`): a crash loses
at most the line being applied. A bad line is reported (`line N: reason`, N the line's number
in the input, blank lines included) and the stream goes on. Blank lines are not counted.
The events' `at` drives the console's clock when it is a `ManualClock`. A line that finds
the database busy (a big import holding the write lock on SQLite) is tried again until it
goes in: an integration's event is never dropped for being on time."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import tzinfo

from app.i18n import _
from app.services.accounts.permissions import Actor
from app.services.common.clock import ManualClock
from app.services.common.errors import Busy, UserError
from app.services.live.apply import Applied
from app.services.live.events import EventError, LiveEvent, parse
from app.services.live.service import LiveService

MAX_LINE_BYTES = 64 * 1024


@dataclass
class IngestSummary:
    lines: int = 0
    applied: int = 0
    skipped: int = 0
    rejected: int = 0

    def as_json(self) -> dict[str, int]:
        return {"lines": self.lines, "applied": self.applied, "skipped": self.skipped, "rejected": self.rejected}

    def text(self) -> str:
        return _("共 {lines} 行：应用 {applied}，跳过 {skipped}（重复的 id），拒绝 {rejected}").format(
            lines=self.lines, applied=self.applied, skipped=self.skipped, rejected=self.rejected)


def line_error(number: int, reason: str) -> str:
    return _("第 {n} 行：{reason}").format(n=number, reason=reason)


def decode(raw: bytes, first: bool) -> object:
    """One line's JSON value; EventError for a line over 64 KiB, bad UTF-8 or bad JSON."""
    if len(raw) > MAX_LINE_BYTES:
        raise EventError(_("超过 64 KiB"))
    if first and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise EventError(_("不是 UTF-8 文本")) from None
    try:
        return json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        raise EventError(_("不是有效的 JSON")) from None


def run(live: LiveService, actor: Actor, lines: Iterable[bytes], tz: tzinfo,
        report: Callable[[str], None]) -> IngestSummary:
    summary = IngestSummary()
    clock = live.db.clock
    for number, raw in enumerate(lines, start=1):
        raw = raw.rstrip(b"\r\n")
        if not raw.strip():
            continue
        summary.lines += 1
        try:
            event = parse(decode(raw, number == 1), tz)
            if isinstance(clock, ManualClock):
                clock.set(event.at)
            done = _apply_when_free(live, actor, event, report, line_error(number, _("数据库正忙，继续等待……")))
        except UserError as exc:
            summary.rejected += 1
            report(line_error(number, exc.message))
            continue
        if done.skipped:
            summary.skipped += 1
        else:
            summary.applied += 1
    return summary


def _apply_when_free(live: LiveService, actor: Actor, event: LiveEvent, report: Callable[[str], None],
                     waiting: str) -> Applied:
    """Apply `event`, waiting as long as the database stays busy (each try waits the lock
    timeout inside the driver); says so once."""
    said = False
    while True:
        try:
            return live.apply(actor, event)
        except Busy:
            if not said:
                report(waiting)
                said = True
