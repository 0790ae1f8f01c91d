"""The agent performance report (METRICS.md §4, §6) and its exports.

`ReportService.agent_report` adds up the stored summaries of the conversations the period
holds whole and replays the in-period messages of the others (`app.services.conversations.summaries`),
through the same `app.services.reporting.metrics` code either way; the GUI, the CLI (`zhanggui report
agents`) and the exports all go through it, so they show the same figures.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.accounts import Account
from app.models.conversations import Message
from app.models.routing import RoutingGroup, RoutingMember
from app.services.accounts.permissions import Actor
from app.services.common import audit
from app.services.common.database import Database
from app.services.common.errors import NotFound, ValidationError
from app.services.common.timeparse import period_bounds, shop_zone
from app.services.conversations import summaries
from app.services.reporting import periods
from app.services.reporting.metrics import AgentFigures, MsgRow, Turn, iter_turns

__all__ = ["AgentFigures", "AgentReport", "ReportService", "export_report", "report_to_json",
           "FORMATS", "column_titles", "Turn", "figures_to_json", "trend_to_json", "write_trend_csv"]

_FETCH = 20_000
MAX_TREND_DAYS = 92


@dataclass(frozen=True)
class AgentReport:
    date_from: date
    date_to: date
    agents: list[AgentFigures]
    shop: AgentFigures


class ReportService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def agent_report(
        self, actor: Actor, date_from: date, date_to: date, group_id: int | None = None
    ) -> AgentReport:
        """Per-agent figures for the shop-time days `date_from..date_to` (both included)."""
        actor.require("data.performance")
        if date_from > date_to:
            raise ValidationError(
                _("开始日期 {start} 晚于结束日期 {end}。").format(start=date_from, end=date_to)
            )
        with periods.reading(self.db) as (s, ensure):
            tz = shop_zone(s)
            start, end = period_bounds(date_from, date_to, tz)
            wanted = _group_nicks(s, group_id)
            tally = periods.tally_period(s.connection(), start, end, date_from, date_to,
                                         self.db.is_sqlite, ensure=ensure)
            agents, shop = tally.report([], start.timestamp(), end.timestamp(), agents=wanted)
        return AgentReport(date_from, date_to, agents, shop)

    def daily_trend(self, actor: Actor, date_from: date, date_to: date,
                    group_id: int | None = None) -> list[AgentReport]:
        """The report of each day of `date_from..date_to` alone (every day, empty ones
        too), computed in one pass over the per-day figures."""
        actor.require("data.performance")
        if date_from > date_to:
            raise ValidationError(
                _("开始日期 {start} 晚于结束日期 {end}。").format(start=date_from, end=date_to)
            )
        if (date_to - date_from).days >= MAX_TREND_DAYS:
            raise ValidationError(_("趋势最多显示 {n} 天").format(n=MAX_TREND_DAYS))
        with periods.reading(self.db) as (s, ensure):
            tz = shop_zone(s)
            start, end = period_bounds(date_from, date_to, tz)
            wanted = _group_nicks(s, group_id)
            tallies = periods.tally_days(s.connection(), start, end, date_from, date_to,
                                         self.db.is_sqlite, ensure=ensure)
        out = []
        for ordinal, tally in sorted(tallies.items()):
            day = date.fromordinal(ordinal)
            agents, shop = tally.report([], 0.0, 0.0, agents=wanted)
            out.append(AgentReport(day, day, agents, shop))
        return out

    def rebuild_summaries(self, actor: Actor, progress: Callable[[int, int], None] | None = None,
                          *, if_missing: int = 0) -> int:
        """Make every stored report summary again from the messages (an upgraded database
        starts without them); `progress(done, total)` now and then. With `if_missing`, only
        when at least that many conversations have none (else nothing, 0). Returns the
        conversations summarised. Data maintenance: `data.import`."""
        actor.require("data.import")
        from app.models.conversations import Conversation, ConversationSummary

        with self.db.session() as s:
            if if_missing:
                total = s.scalar(select(func.count()).select_from(Conversation)) or 0
                held = s.scalar(select(func.count()).select_from(ConversationSummary)) or 0
                if total - held < if_missing:
                    return 0
            n = summaries.rebuild_all(s.connection(), progress)
            audit.record(s, actor, "report.rebuild_summaries", "", conversations=n)
        return n

    def turns(
        self, actor: Actor, date_from: date, date_to: date, agent: str | None = None
    ) -> list[Turn]:
        """Every §4 turn of the period (times as aware UTC datetimes, conversation_id = the
        database id), optionally only those belonging to `agent` — for slow responses and
        reply-within-N-minutes figures on the monitoring panel."""
        actor.require("data.performance")
        if date_from > date_to:
            raise ValidationError(
                _("开始日期 {start} 晚于结束日期 {end}。").format(start=date_from, end=date_to)
            )
        with self.db.session() as s:
            start, end = period_bounds(date_from, date_to, shop_zone(s))
            m = Message
            stmt = (
                select(m.conversation_id, m.sender, m.buyer_nick, m.agent_nick, m.sent_at,
                       func.coalesce(m.ad_manual, m.ad_auto), m.id)
                .where((m.sent_at >= start) & (m.sent_at < end))
                .order_by(m.conversation_id, m.sent_at, m.id)
            )
            result = s.connection().execute(stmt, execution_options={"yield_per": _FETCH})
            rows = (MsgRow(c, snd, b, a, at, bool(ad), i) for c, snd, b, a, at, ad, i in result)
            return [t for t in iter_turns(rows) if agent is None or t.agent == agent]

    def set_ad_flag(self, actor: Actor, message_id: int, is_ad: bool | None) -> None:
        """A user's verdict on one message (wins over the ad filter); None clears it."""
        actor.require("data.performance")
        with self.db.session() as s:
            message = s.get(Message, message_id)
            if message is None:
                raise NotFound(_("消息不存在。"))
            before = message.ad_manual
            message.ad_manual = is_ad
            s.flush()
            summaries.refresh(s.connection(), [message.conversation_id])
            audit.record(
                s, actor, "message.ad_flag", str(message_id),
                before=before, after=is_ad, auto=message.ad_auto,
            )


def _group_nicks(s: Session, group_id: int | None) -> set[str] | None:
    """The nicks of a routing group's members (None: no group filter)."""
    if group_id is None:
        return None
    if s.get(RoutingGroup, group_id) is None:
        raise NotFound(_("分组不存在。"))
    return set(s.scalars(
        select(Account.nick)
        .join(RoutingMember, RoutingMember.account_id == Account.id)
        .where(RoutingMember.group_id == group_id)
    ))


# The JSON, CSV and Excel forms live in `exports` (re-exported here for older callers).
from app.services.reporting.exports import (  # noqa: E402
    FORMATS,
    column_titles,
    export_report,
    figures_to_json,
    report_to_json,
    trend_to_json,
    write_trend_csv,
)
