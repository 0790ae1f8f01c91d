"""监控查询 / 客服绩效: what the monitoring panel shows beyond the §4 report.

Drill-down (the conversations behind an agent's figure), transcripts, chat-record search,
extra per-agent figures (slow responses, 3-minute reply rate, 答问比, hourly distribution),
daily trends, attendance from presence history and the operation log.

Turn logic is never re-implemented here: turns come from `app.services.reporting.metrics.iter_turns`
and the §4 figures from `app.services.reporting.reports`. Days and hours are in the shop's time zone;
a period D1..D2 is [D1 00:00, D2 + 1 day 00:00) shop time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.accounts import Account
from app.models.audit import AuditEvent
from app.models.conversations import Conversation, Message, Rating
from app.models.routing import AgentPresence, PresenceEvent, RoutingGroup, RoutingMember
from app.models.vocabulary import Presence, Sender
from app.services.accounts.permissions import Actor
from app.services.common.database import Database
from app.services.common.errors import NotFound, ValidationError
from app.services.common.timeparse import period_bounds, shop_zone
from app.services.reporting import extras, periods
from app.services.reporting.extras import AgentExtras, ExtraFigures
from app.services.reporting.metrics import SLOW_RESPONSE_S

MAX_LIMIT = 1000
_FETCH = 20_000

PERF = "data.performance"
HISTORY = "cs.history"
SECURITY = "security.manage"


# -- rows ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Period:
    date_from: date
    date_to: date
    start: datetime  # aware UTC
    end: datetime  # aware UTC, exclusive
    timezone: str


@dataclass(frozen=True)
class GroupRow:
    id: int
    name: str


@dataclass(frozen=True)
class DrillConversation:
    """One conversation behind an agent's figure, seen through the period."""

    conversation_id: int
    external_id: str
    buyer: str
    agent: str  # the handling agent: last in-period row that names one
    start: datetime  # first in-period message
    messages: int  # in-period messages
    turns: int
    unanswered_turns: int
    first_response_s: float | None  # the first turn's response time, when answered
    answered: bool | None  # every turn answered; None when the conversation has no turn
    is_ad: bool  # an ad conversation (§4)
    rating: int | None  # 5 很满意 … 1 很不满意


@dataclass(frozen=True)
class TranscriptMessage:
    id: int
    sender: str  # buyer|agent|auto|system
    agent: str
    sent_at: datetime
    content: str
    is_ad: bool
    ad_auto: bool
    ad_reason: str | None
    manual: bool  # a user's verdict overrides the filter
    ad_manual: bool | None


@dataclass(frozen=True)
class Transcript:
    conversation_id: int
    external_id: str
    buyer: str
    rating: int | None
    messages: tuple[TranscriptMessage, ...]


@dataclass(frozen=True)
class ChatHit:
    """A conversation matching a chat-record search."""

    conversation_id: int
    external_id: str
    buyer: str
    agents: str  # agents named on the matching rows, comma separated
    first_at: datetime
    last_at: datetime
    messages: int  # matching messages
    snippet: str  # the first matching message
    has_ad: bool


@dataclass(frozen=True)
class ChatSearchResult:
    hits: tuple[ChatHit, ...]
    total: int  # matching conversations in all
    offset: int
    limit: int


@dataclass(frozen=True)
class TrendDay:
    day: date
    shop: Any  # reports.AgentFigures
    agents: tuple[Any, ...]  # reports.AgentFigures


@dataclass(frozen=True)
class Trend:
    date_from: date
    date_to: date
    days: tuple[TrendDay, ...]

    def series(self, metric: str, agent: str | None = None) -> list[tuple[date, float | None]]:
        out: list[tuple[date, float | None]] = []
        for d in self.days:
            figures = d.shop if agent is None else next((a for a in d.agents if a.agent == agent), None)
            value = getattr(figures, metric, None) if figures is not None else None
            out.append((d.day, None if value is None else float(value)))
        return out


@dataclass(frozen=True)
class Attendance:
    account_id: int
    agent: str
    online_s: float
    suspended_s: float
    offline_s: float
    first_online: datetime | None  # first time online inside the period
    last_change: datetime | None  # last status change inside the period
    status_now: str | None  # status at the end of the period


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    actor: str
    action: str
    target: str
    detail: str


# -- helpers ------------------------------------------------------------------------------
def _is_ad(m: Message) -> bool:
    return m.ad_manual if m.ad_manual is not None else bool(m.ad_auto)


def _msg_rows(messages: Iterable[Message]) -> list[Any]:
    """ORM messages (in message order) as the rows `metrics.iter_turns` takes."""
    from app.services.reporting.metrics import MsgRow

    return [
        MsgRow(m.conversation_id, m.sender, m.buyer_nick, m.agent_nick, m.sent_at, _is_ad(m), m.id)
        for m in messages
    ]


def _whole_hour_shift(tz: ZoneInfo, start: datetime, end: datetime) -> int | None:
    """Hours to add to a UTC hour for the shop hour, when one whole-hour offset holds over
    the whole period (compared at every day boundary and at its last instant)."""
    offsets = set()
    t = start
    while t < end:
        offsets.add(t.astimezone(tz).utcoffset())
        t += timedelta(days=1)
    offsets.add((end - timedelta(microseconds=1)).astimezone(tz).utcoffset())
    if len(offsets) != 1:
        return None
    seconds = offsets.pop().total_seconds()  # type: ignore[union-attr]
    return int(seconds // 3600) if seconds % 3600 == 0 else None


def _hour_function(tz: ZoneInfo, start: datetime, end: datetime) -> Callable[[float], int]:
    """Shop-time hour of a POSIX time: from one offset when the zone keeps a whole-hour one
    over the whole period (e.g. Asia/Shanghai), else a conversion per call."""
    shift = _whole_hour_shift(tz, start, end)
    if shift is not None:
        return lambda ts: (int(ts // 3600) + shift) % 24
    return lambda ts: datetime.fromtimestamp(ts, UTC).astimezone(tz).hour


def _rate(num: int, den: int) -> float | None:
    return None if den == 0 else num / den


def _require_any(actor: Actor, *codes: str) -> None:
    if not any(actor.can(c) for c in codes):
        actor.require(codes[0])


def _check_limit(limit: int) -> int:
    if limit < 1:
        raise ValidationError(_("条数必须大于 0"))
    return min(limit, MAX_LIMIT)


class MonitoringService:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- period -------------------------------------------------------------------------
    @staticmethod
    def _tz(s: Session) -> ZoneInfo:
        tz = shop_zone(s)
        return tz if isinstance(tz, ZoneInfo) else ZoneInfo("Asia/Shanghai")

    def _period(self, s: Session, date_from: date, date_to: date) -> Period:
        if date_to < date_from:
            raise ValidationError(_("结束日期不能早于开始日期"))
        tz = self._tz(s)
        start, end = period_bounds(date_from, date_to, tz)
        return Period(date_from, date_to, start, end, tz.key)

    def period(self, actor: Actor, date_from: date, date_to: date) -> Period:
        """The UTC bounds of D1..D2 in shop time."""
        _require_any(actor, PERF, HISTORY, SECURITY)
        with self.db.session() as s:
            return self._period(s, date_from, date_to)

    def today(self, actor: Actor, now: datetime | None = None) -> date:
        """Today in the shop's time zone (the panel's default period ends here)."""
        _require_any(actor, PERF, HISTORY, SECURITY)
        with self.db.read() as s:
            tz = self._tz(s)
        return (now or self.db.clock.now()).astimezone(tz).date()

    def groups(self, actor: Actor) -> list[GroupRow]:
        """Routing groups, for the report's group filter."""
        actor.require(PERF)
        with self.db.read() as s:
            rows = s.scalars(select(RoutingGroup).order_by(RoutingGroup.position, RoutingGroup.id))
            return [GroupRow(g.id, g.name) for g in rows]

    @staticmethod
    def _group_nicks(s: Session, group_id: int | None) -> set[str] | None:
        if group_id is None:
            return None
        if s.get(RoutingGroup, group_id) is None:
            raise NotFound(_("分组不存在"))
        return set(
            s.scalars(
                select(Account.nick)
                .join(RoutingMember, RoutingMember.account_id == Account.id)
                .where(RoutingMember.group_id == group_id)
            )
        )

    @staticmethod
    def _messages(s: Session, p: Period, conversation_ids: Iterable[int] | None = None) -> list[Message]:
        q = select(Message).where(Message.sent_at >= p.start, Message.sent_at < p.end)
        if conversation_ids is not None:
            ids = list(conversation_ids)
            if not ids:
                return []
            q = q.where(Message.conversation_id.in_(ids))
        return list(s.scalars(q.order_by(Message.conversation_id, Message.sent_at, Message.id)))

    # -- drill-down ---------------------------------------------------------------------
    def conversations(
        self, actor: Actor, date_from: date, date_to: date, agent: str | None = None
    ) -> list[DrillConversation]:
        """The conversations behind an agent's figures for the period (every one for the
        shop line when `agent` is None): those with an in-period row naming the agent."""
        actor.require(PERF)
        from app.services.reporting.metrics import iter_turns

        with self.db.read() as s:
            p = self._period(s, date_from, date_to)
            if agent is None:
                ids = None
            else:
                ids = set(
                    s.scalars(
                        select(Message.conversation_id).where(
                            Message.sent_at >= p.start, Message.sent_at < p.end, Message.agent_nick == agent
                        )
                    )
                )
            messages = self._messages(s, p, ids)
            by_conv: dict[int, list[Message]] = defaultdict(list)
            for m in messages:
                by_conv[m.conversation_id].append(m)
            turns_by_conv: dict[object, list[Any]] = defaultdict(list)
            for t in iter_turns(_msg_rows(messages)):
                turns_by_conv[t.conversation_id].append(t)
            convs = {
                c.id: c
                for c in s.scalars(select(Conversation).where(Conversation.id.in_(list(by_conv))))
            } if by_conv else {}
            ratings = dict(
                s.execute(
                    select(Rating.conversation_id, Rating.rating).where(Rating.conversation_id.in_(list(by_conv)))
                ).all()
            ) if by_conv else {}
            out: list[DrillConversation] = []
            for cid, rows in by_conv.items():
                conv = convs[cid]
                buyer_rows = [m for m in rows if m.sender == Sender.BUYER]
                is_ad = bool(buyer_rows) and all(_is_ad(m) for m in buyer_rows)
                handling = next((m.agent_nick for m in reversed(rows) if m.agent_nick), "") or ""
                turns = sorted(turns_by_conv.get(cid, []), key=lambda t: t.index)
                unanswered = sum(1 for t in turns if t.answered_at is None)
                first = turns[0].response_s if turns and turns[0].index == 0 else None
                out.append(
                    DrillConversation(
                        conversation_id=cid,
                        external_id=conv.external_id,
                        buyer=conv.buyer_nick,
                        agent=handling,
                        start=rows[0].sent_at,
                        messages=len(rows),
                        turns=len(turns),
                        unanswered_turns=unanswered,
                        first_response_s=None if first is None else float(first),
                        answered=None if not turns else unanswered == 0,
                        is_ad=is_ad,
                        rating=ratings.get(cid),
                    )
                )
            out.sort(key=lambda c: (c.start, c.conversation_id))
            return out

    # -- transcripts and chat search -----------------------------------------------------
    def transcript(self, actor: Actor, conversation_id: int) -> Transcript:
        actor.require(HISTORY)
        with self.db.read() as s:
            conv = s.get(Conversation, conversation_id)
            if conv is None:
                raise NotFound(_("会话不存在"))
            rating = s.get(Rating, conversation_id)
            rows = s.scalars(
                select(Message)
                .where(Message.conversation_id == conversation_id)
                .order_by(Message.sent_at, Message.id)
            )
            return Transcript(
                conversation_id=conv.id,
                external_id=conv.external_id,
                buyer=conv.buyer_nick,
                rating=rating.rating if rating is not None else None,
                messages=tuple(
                    TranscriptMessage(
                        id=m.id,
                        sender=m.sender,
                        agent=m.agent_nick or "",
                        sent_at=m.sent_at,
                        content=m.content,
                        is_ad=_is_ad(m),
                        ad_auto=bool(m.ad_auto),
                        ad_reason=m.ad_reason,
                        manual=m.ad_manual is not None,
                        ad_manual=m.ad_manual,
                    )
                    for m in rows
                ),
            )

    def search_chats(
        self,
        actor: Actor,
        *,
        date_from: date,
        date_to: date,
        buyer: str = "",
        agent: str = "",
        keyword: str = "",
        offset: int = 0,
        limit: int = 200,
    ) -> ChatSearchResult:
        """聊天记录查询: conversations with in-period messages matching every given filter
        (buyer and agent nicks and the keyword match as case-insensitive substrings), the
        most recent first."""
        actor.require(HISTORY)
        limit = _check_limit(limit)
        offset = max(0, offset)
        with self.db.read() as s:
            p = self._period(s, date_from, date_to)
            where = [Message.sent_at >= p.start, Message.sent_at < p.end]
            if buyer.strip():
                where.append(Message.buyer_nick.icontains(buyer.strip(), autoescape=True))
            if agent.strip():
                where.append(Message.agent_nick.icontains(agent.strip(), autoescape=True))
            if keyword.strip():
                where.append(Message.content.icontains(keyword.strip(), autoescape=True))
            grouped = (
                select(
                    Message.conversation_id,
                    func.min(Message.sent_at).label("first_at"),
                    func.max(Message.sent_at).label("last_at"),
                    func.count().label("n"),
                )
                .where(*where)
                .group_by(Message.conversation_id)
            )
            total = s.scalar(select(func.count()).select_from(grouped.subquery())) or 0
            page = s.execute(
                grouped.order_by(func.max(Message.sent_at).desc(), Message.conversation_id.desc())
                .offset(offset)
                .limit(limit)
            ).all()
            ids = [r.conversation_id for r in page]
            matched: dict[int, list[Message]] = defaultdict(list)
            if ids:
                for m in s.scalars(
                    select(Message)
                    .where(*where, Message.conversation_id.in_(ids))
                    .order_by(Message.conversation_id, Message.sent_at, Message.id)
                ):
                    matched[m.conversation_id].append(m)
            convs = {c.id: c for c in s.scalars(select(Conversation).where(Conversation.id.in_(ids)))} if ids else {}
            hits = []
            for r in page:
                rows = matched[r.conversation_id]
                agents = sorted({m.agent_nick for m in rows if m.agent_nick})
                hits.append(
                    ChatHit(
                        conversation_id=r.conversation_id,
                        external_id=convs[r.conversation_id].external_id,
                        buyer=convs[r.conversation_id].buyer_nick,
                        agents="，".join(agents),
                        first_at=rows[0].sent_at if rows else r.first_at,
                        last_at=rows[-1].sent_at if rows else r.last_at,
                        messages=int(r.n),
                        snippet=(rows[0].content if rows else "")[:120],
                        has_ad=any(_is_ad(m) for m in rows if m.sender == Sender.BUYER),
                    )
                )
            return ChatSearchResult(tuple(hits), int(total), offset, limit)

    # -- extra figures ------------------------------------------------------------------
    def extra_figures(
        self,
        actor: Actor,
        date_from: date,
        date_to: date,
        group_id: int | None = None,
        slow_threshold_s: float = SLOW_RESPONSE_S,
    ) -> ExtraFigures:
        """Slow responses, 3-minute human reply rate, 答问比 and the hourly distribution of
        buyer messages, per agent named on an in-period row and for the shop."""
        actor.require(PERF)
        if slow_threshold_s < 0:
            raise ValidationError(_("慢响应阈值不能为负数"))
        counter = extras.ExtrasCounter(slow_threshold_s)
        with periods.reading(self.db) as (s, ensure):
            p = self._period(s, date_from, date_to)
            tz = ZoneInfo(p.timezone)
            only = self._group_nicks(s, group_id)
            extras.extra_figures(s.connection(), p.start, p.end, _whole_hour_shift(tz, p.start, p.end),
                                 _hour_function(tz, p.start, p.end), counter, self.db.is_sqlite, ensure=ensure)
        return counter.result(date_from, date_to, only)

    # -- trends -------------------------------------------------------------------------
    def daily_trend(
        self, actor: Actor, date_from: date, date_to: date, group_id: int | None = None
    ) -> Trend:
        """The §4 report for each day of the period, in one pass over the per-day figures
        (`ReportService.daily_trend`: each day equals `agent_report` for that day)."""
        actor.require(PERF)
        if date_to < date_from:
            raise ValidationError(_("结束日期不能早于开始日期"))
        if (date_to - date_from).days >= 92:
            raise ValidationError(_("趋势最多显示 92 天"))
        from app.services.reporting.reports import ReportService

        days = ReportService(self.db).daily_trend(actor, date_from, date_to, group_id)
        return Trend(date_from, date_to, tuple(TrendDay(r.date_from, r.shop, tuple(r.agents))
                                                for r in days))

    # -- attendance ---------------------------------------------------------------------
    def attendance(
        self, actor: Actor, date_from: date, date_to: date, now: datetime | None = None
    ) -> list[Attendance]:
        """Online / suspended / offline time per account from presence history, clipped to
        the period (and to `now` for a period that has not ended). Time before an account's
        first known status counts as offline; invisible counts as online."""
        actor.require(PERF)
        now = (now or self.db.clock.now()).astimezone(UTC)
        with self.db.read() as s:
            p = self._period(s, date_from, date_to)
            end = min(p.end, max(now, p.start))
            events = [
                (e.account_id, e.at, e.status)
                for e in s.scalars(
                    select(PresenceEvent)
                    .where(PresenceEvent.at < end)
                    .order_by(PresenceEvent.account_id, PresenceEvent.at, PresenceEvent.id)
                )
            ]
            # The current status counts as the last change when the history lacks it.
            latest: dict[int, datetime] = {}
            for account_id, at, _status in events:
                latest[account_id] = at
            routed = set(s.scalars(select(Account.id).where(Account.takes_routing.is_(True))))
            for pr in s.scalars(select(AgentPresence).where(AgentPresence.since < end)):
                if pr.account_id not in routed and pr.account_id not in latest:
                    continue
                if pr.account_id not in latest or latest[pr.account_id] < pr.since:
                    events.append((pr.account_id, pr.since, pr.status))
            events.sort(key=lambda e: (e[0], e[1]))
            accounts = dict(s.execute(select(Account.id, Account.nick)).all())

        by_account: dict[int, list[tuple[int, datetime, str]]] = defaultdict(list)
        for e in events:
            by_account[e[0]].append(e)
        out: list[Attendance] = []
        for account_id in sorted(set(by_account) | routed, key=lambda a: accounts.get(a, "")):
            if account_id not in accounts:
                continue
            totals = {Presence.ONLINE: 0.0, Presence.SUSPENDED: 0.0, Presence.OFFLINE: 0.0}
            status = Presence.OFFLINE
            cursor = p.start
            first_online: datetime | None = None
            last_change: datetime | None = None
            for _id, at, new_status in by_account.get(account_id, []):
                if at <= p.start:
                    status = self._bucket(new_status)
                    continue
                if status == Presence.ONLINE and first_online is None:
                    first_online = cursor
                totals[status] += (at - cursor).total_seconds()
                cursor = at
                status = self._bucket(new_status)
                last_change = at
            if status == Presence.ONLINE and first_online is None and end > cursor:
                first_online = cursor
            totals[status] += max(0.0, (end - cursor).total_seconds())
            out.append(
                Attendance(
                    account_id=account_id,
                    agent=accounts[account_id],
                    online_s=totals[Presence.ONLINE],
                    suspended_s=totals[Presence.SUSPENDED],
                    offline_s=totals[Presence.OFFLINE],
                    first_online=first_online,
                    last_change=last_change,
                    status_now=status,
                )
            )
        return out

    @staticmethod
    def _bucket(status: str) -> Presence:
        if status in (Presence.SUSPENDED, Presence.OFFLINE):
            return Presence(status)
        return Presence.ONLINE  # online, busy, invisible: signed in and taking work

    # -- operation log ------------------------------------------------------------------
    def audit_log(
        self,
        actor: Actor,
        *,
        date_from: date | None = None,
        date_to: date | None = None,
        actor_nick: str = "",
        action: str = "",
        limit: int = 500,
    ) -> list[AuditRow]:
        """操作日志, newest first. `actor_nick` matches as a substring; `action` matches an
        action exactly or, ending with '.', every action of that area (e.g. 'account.')."""
        actor.require(SECURITY)
        limit = _check_limit(limit)
        with self.db.read() as s:
            q = select(AuditEvent)
            if date_from is not None or date_to is not None:
                p = self._period(s, date_from or date(1970, 1, 1), date_to or date(9999, 12, 30))
                q = q.where(AuditEvent.at >= p.start, AuditEvent.at < p.end)
            if actor_nick.strip():
                q = q.where(AuditEvent.actor_nick.icontains(actor_nick.strip(), autoescape=True))
            action = action.strip()
            if action.endswith("."):
                q = q.where(AuditEvent.action.startswith(action, autoescape=True))
            elif action:
                q = q.where(AuditEvent.action == action)
            q = q.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)
            return [
                AuditRow(
                    id=e.id,
                    at=e.at,
                    actor=e.actor_nick,
                    action=e.action,
                    target=e.target,
                    detail=_detail_text(e.detail),
                )
                for e in s.scalars(q)
            ]

    def audit_actions(self, actor: Actor) -> list[str]:
        """Every action the log holds, for the filter."""
        actor.require(SECURITY)
        with self.db.read() as s:
            return sorted(s.scalars(select(AuditEvent.action).distinct()))


def _detail_text(detail: Any) -> str:
    if not detail:
        return ""
    if isinstance(detail, dict):
        return "；".join(f"{k}={_value_text(v)}" for k, v in detail.items())
    return str(detail)


def _value_text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    return str(value)


__all__: Sequence[str] = (
    "AgentExtras",
    "Attendance",
    "AuditRow",
    "ChatHit",
    "ChatSearchResult",
    "DrillConversation",
    "ExtraFigures",
    "GroupRow",
    "MonitoringService",
    "Period",
    "Transcript",
    "TranscriptMessage",
    "Trend",
    "TrendDay",
)
