"""The agent performance report (METRICS.md §4, §6) and its exports.

`ReportService.agent_report` adds up the stored summaries of the conversations the period
holds whole and replays the in-period messages of the others (`app.services.conversations.summaries`),
through the same `app.services.reporting.metrics` code either way; the GUI, the CLI (`zhanggui report
agents`) and the exports all go through it, so they show the same figures.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import case, exists, func, select

from app.i18n import _
from app.models.accounts import Account
from app.models.conversations import (
    BuyerSummary,
    ConversationSummary,
    Message,
    Order,
    PairSummary,
    Rating,
    SummaryLine,
)
from app.models.routing import RoutingGroup, RoutingMember
from app.services.accounts.permissions import Actor
from app.services.common import audit
from app.services.common.database import Database
from app.services.common.errors import NotFound, ValidationError
from app.services.common.timeparse import period_bounds, shop_zone
from app.services.conversations import summaries
from app.services.reporting.metrics import (
    FIELDS,
    AgentFigures,
    MsgRow,
    Tally,
    Turn,
    iter_turns,
    summarize,
)

__all__ = ["AgentFigures", "AgentReport", "ReportService", "export_report", "report_to_json",
           "FORMATS", "column_titles", "Turn"]

FORMATS = ("json", "csv", "xlsx")
PERCENT_FIELDS = frozenset({"reply_rate", "conversion_rate", "satisfaction_rate"})
SECONDS_FIELDS = frozenset({"avg_response_s", "avg_first_response_s"})
_FETCH = 20_000
_LOOKUP_COST = 13  # a line looked up by buyer vs. one read in a scan (measured on SQLite)


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
        with self.db.session() as s:
            tz = shop_zone(s)
            start, end = period_bounds(date_from, date_to, tz)
            wanted: set[str] | None = None
            if group_id is not None:
                if s.get(RoutingGroup, group_id) is None:
                    raise NotFound(_("分组不存在。"))
                wanted = set(
                    s.scalars(
                        select(Account.nick)
                        .join(RoutingMember, RoutingMember.account_id == Account.id)
                        .where(RoutingMember.group_id == group_id)
                    )
                )
            conn = s.connection()
            tally, buyers = _tally_period(conn, start, end, self.db.is_sqlite)
            agents, shop = tally.report(_orders(conn, start, end, self.db.is_sqlite, buyers),
                                        start.timestamp(), end.timestamp(), agents=wanted)
        return AgentReport(date_from, date_to, agents, shop)

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


def _tally_period(conn, start: datetime, end: datetime, is_sqlite: bool) -> tuple[Tally, set[str]]:  # type: ignore[no-untyped-def]
    """The §4 tallies of `[start, end)`, and the buyers whose orders they still need.

    - Conversations the period cuts, or that have no summary, are replayed from their
      in-period messages ("raw").
    - Conversation figures (ads, ratings) of whole conversations are counted in SQL.
    - Pairs (agent, buyer) and buyers whose conversations the period holds whole, and that
      no raw conversation touches, are counted in SQL from their stored summaries.
    - The other pairs and buyers are added up from the lines of their whole conversations
      and the raw ones.
    """
    lo, hi = start.timestamp(), end.timestamp()
    cs, ln, ps, bs = ConversationSummary, SummaryLine, PairSummary, BuyerSummary
    tally = Tally()

    raw_lines: list[SummaryLine] = []
    for summary, rating in _replayed(conn, start, end, is_sqlite):
        tally.add_conversation(summary.handling, summary.ad, summary.ad_agent, rating)
        raw_lines.extend(summary.lines)
    raw_pairs = {(x.agent, x.buyer) for x in raw_lines}
    raw_buyers = {x.buyer for x in raw_lines}

    whole_c = (cs.first_at >= lo) & (cs.last_at < hi)
    for agent, n in conn.execute(
        select(cs.ad_agent, func.count()).where(whole_c & cs.is_ad).group_by(cs.ad_agent)
    ):
        tally.add_conversation_counts(agent, ads=n)
    for agent, n, good in conn.execute(
        select(cs.handling_agent, func.count(), func.sum(case((Rating.rating >= 4, 1), else_=0)))
        .join(Rating, Rating.conversation_id == cs.conversation_id)
        .where(whole_c & ~cs.is_ad)
        .group_by(cs.handling_agent)
    ):
        tally.add_conversation_counts(agent, rated=n, satisfied=int(good or 0))

    def counted(flag):  # type: ignore[no-untyped-def]
        return func.coalesce(func.sum(case((flag, 1), else_=0)), 0)

    whole_p = (ps.span_first >= lo) & (ps.span_last < hi)
    pair_cols = (counted(ps.consulted), counted(ps.replied),
                 counted(ps.order_at.is_not(None) & (ps.order_at < hi)),
                 func.sum(ps.resp_sum), func.sum(ps.resp_n), func.sum(ps.first_resp_sum),
                 func.sum(ps.first_resp_n), func.sum(ps.unanswered))
    whole_pairs = 0  # about how many lines the whole conversations have (for choices below)
    for agent, pairs, *n in conn.execute(
        select(ps.agent, func.count(), *pair_cols).where(whole_p).group_by(ps.agent)
    ):
        tally.add_pair_counts(agent, *n)
        whole_pairs += pairs
    whole_b = (bs.span_first >= lo) & (bs.span_last < hi)
    buyer_cols = (counted(bs.consulted), counted(bs.replied),
                  counted(bs.order_at.is_not(None) & (bs.order_at < hi)))
    tally.add_buyer_counts(*conn.execute(select(*buyer_cols).where(whole_b)).one())

    # Take back the SQL counts of whole pairs and buyers that raw conversations touch too.
    for part in summaries.slices(sorted(raw_buyers)):
        for agent, buyer, *n in conn.execute(
            select(ps.agent, ps.buyer, *pair_cols).where(whole_p & ps.buyer.in_(part))
            .group_by(ps.agent, ps.buyer)
        ):
            if (agent, buyer) in raw_pairs:
                tally.add_pair_counts(agent, *n, sign=-1)
        tally.add_buyer_counts(
            *conn.execute(select(*buyer_cols).where(whole_b & bs.buyer.in_(part))).one(), sign=-1
        )

    # Pairs and buyers the period cuts that have a whole conversation inside it: counted
    # below from those conversations' lines. Found from the spans that overlap the period
    # (a long period: few overlap without being whole), or from the whole conversations'
    # lines (a short one: most spans overlap it, few conversations are inside).
    overlaps_p = (ps.span_first < hi) & (ps.span_last >= lo) & ~whole_p
    overlaps_b = (bs.span_first < hi) & (bs.span_last >= lo) & ~whole_b
    overlapping = conn.execute(select(func.count()).where(overlaps_b)).scalar() or 0
    if overlapping * _LOOKUP_COST < whole_pairs:
        inside = select(ln.conversation_id).join(cs, cs.conversation_id == ln.conversation_id).where(whole_c)
        cut_pairs = conn.execute(select(ps.agent, ps.buyer).where(
            overlaps_p & exists(inside.where((ln.buyer == ps.buyer) & (ln.agent == ps.agent)))
        ))
        cut_buyers = conn.scalars(select(bs.buyer).where(
            overlaps_b & exists(inside.where(ln.buyer == bs.buyer))
        ))
    else:
        lines_in = select(ln.agent, ln.buyer).join(cs, cs.conversation_id == ln.conversation_id)
        cut_pairs = summaries.stream(conn,
            lines_in.join(ps, (ps.agent == ln.agent) & (ps.buyer == ln.buyer))
            .where(whole_c & ~whole_p)
        )  # (no DISTINCT: SQLite would then walk the lines in buyer order, all of them)
        cut_buyers = (r[0] for r in summaries.stream(conn,
            select(ln.buyer).join(cs, cs.conversation_id == ln.conversation_id)
            .join(bs, bs.buyer == ln.buyer).where(whole_c & ~whole_b)
        ))
    mixed_pairs = raw_pairs | {(a, b) for a, b in cut_pairs}
    mixed_buyers = raw_buyers | set(cut_buyers)
    line_cols = (ln.agent, ln.buyer, ln.first_at, ln.first_seq, ln.reply_at, ln.reply_seq,
                 ln.resp_sum, ln.resp_n, ln.first_resp_sum, ln.first_resp_n, ln.unanswered)
    needed = mixed_buyers | {b for _a, b in mixed_pairs}  # whose lines (and orders) count
    wanted = sorted(needed)
    lines_stmt = select(*line_cols).join(cs, cs.conversation_id == ln.conversation_id).where(whole_c)
    # Few buyers: look their lines up by buyer (random reads); many: read every whole
    # conversation's lines in order and keep theirs (about 13x cheaper per line).
    by_buyer = len(wanted) * _LOOKUP_COST < whole_pairs
    parts: Iterable[Sequence[str] | None] = (
        summaries.slices(wanted) if by_buyer else [None] if wanted else []  # None: one scan
    )
    for part in parts:
        both: list[Any] = []
        pair_only: list[Any] = []
        buyer_only: list[Any] = []
        stmt = lines_stmt.where(ln.buyer.in_(part)) if part is not None else lines_stmt
        for line in summaries.stream(conn, stmt):
            is_pair = (line[0], line[1]) in mixed_pairs
            is_buyer = line[1] in mixed_buyers
            if is_pair and is_buyer:
                both.append(line)
            elif is_pair:
                pair_only.append(line)
            elif is_buyer:
                buyer_only.append(line)
        tally.add_lines(both)
        tally.add_lines(pair_only, buyers=False)
        tally.add_lines(buyer_only, pairs=False)
    tally.add_lines(raw_lines)
    return tally, needed


def _replayed(conn, start: datetime, end: datetime, is_sqlite: bool):  # type: ignore[no-untyped-def]
    """(summary of the in-period messages, rating) of each conversation the period cuts or
    that has no stored summary."""
    m = Message
    ids = summaries.conversations_to_replay(conn, start.timestamp(), end.timestamp())
    ratings: dict[int, int] = {}
    for part in summaries.slices(ids):
        ratings.update(conn.execute(
            select(Rating.conversation_id, Rating.rating).where(Rating.conversation_id.in_(part))
        ).all())
    rows = summaries.conversation_rows(conn, summaries.message_rows(is_sqlite), ids,
                                       (m.sent_at >= start) & (m.sent_at < end))
    for summary in summarize(rows):  # type: ignore[arg-type]
        yield summary, ratings.get(summary.conversation_id)  # type: ignore[arg-type]


def _orders(conn, start: datetime, end: datetime, is_sqlite: bool,  # type: ignore[no-untyped-def]
            buyers: set[str]) -> list[tuple[str, float]]:
    """(buyer, paid_at as float seconds) of these buyers' orders paid in `[start, end)`."""
    out: list[tuple[str, float]] = []
    for part in summaries.slices(sorted(buyers)):
        out.extend(conn.execute(
            select(Order.buyer_nick, summaries.epoch(Order.paid_at, is_sqlite))
            .where((Order.paid_at >= start) & (Order.paid_at < end) & Order.buyer_nick.in_(part))
        ).all())
    return out


# -- JSON, CSV and Excel ---------------------------------------------------------------
def figures_to_json(f: AgentFigures, *, with_agent: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {"agent": f.agent} if with_agent else {}
    for name in FIELDS:
        out[name] = getattr(f, name)
    return out


def report_to_json(report: AgentReport) -> dict[str, Any]:
    """§6: {"from":D1,"to":D2,"agents":[{"agent":NICK, …§4 fields}],"shop":{…§4 fields}}."""
    return {
        "from": report.date_from.isoformat(),
        "to": report.date_to.isoformat(),
        "agents": [figures_to_json(a) for a in report.agents],
        "shop": figures_to_json(report.shop, with_agent=False),
    }


def column_titles() -> dict[str, str]:
    """Column headings in the user's language (shared with the GUI table)."""
    return {
        "agent": _("客服"),
        "consulted": _("咨询人数"),
        "replied": _("回复人数"),
        "reply_rate": _("回复率"),
        "avg_response_s": _("平均响应时间（秒）"),
        "avg_first_response_s": _("首次响应时间（秒）"),
        "unanswered_turns": _("未回复轮次"),
        "ordered": _("下单人数"),
        "conversion_rate": _("询单转化率"),
        "lost": _("询单流失人数"),
        "rated": _("评价数"),
        "satisfaction_rate": _("满意率"),
        "ad_conversations": _("广告会话数"),
    }


def _table(report: AgentReport) -> list[AgentFigures]:
    return [*report.agents, report.shop]


def _label(f: AgentFigures) -> str:
    return f.agent if f.agent else _("全店")


def export_report(report: AgentReport, fmt: str, path: str | Path) -> Path:
    """Write the report as json, csv (UTF-8 with BOM, for Excel) or xlsx."""
    path = Path(path)
    if fmt not in FORMATS:
        raise ValidationError(_("未知的导出格式：{fmt}（可选 json、csv、xlsx）").format(fmt=fmt))
    try:
        if fmt == "json":
            path.write_text(json.dumps(report_to_json(report), ensure_ascii=False, indent=2) + "\n",
                            encoding="utf-8")
        elif fmt == "csv":
            _write_csv(report, path)
        else:
            _write_xlsx(report, path)
    except OSError as exc:
        raise ValidationError(
            _("无法写入文件 {file}：{error}").format(file=str(path), error=exc.strerror or exc)
        ) from exc
    return path


def _write_csv(report: AgentReport, path: Path) -> None:
    titles = column_titles()
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow([titles["agent"], *(titles[n] for n in FIELDS)])
        for fig in _table(report):
            w.writerow([_label(fig), *("" if getattr(fig, n) is None else getattr(fig, n)
                                       for n in FIELDS)])


def _write_xlsx(report: AgentReport, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    titles = column_titles()
    wb = Workbook()
    ws = wb.active
    ws.title = _("客服绩效")
    header = [titles["agent"], *(titles[n] for n in FIELDS)]
    ws.append(header)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for cell in ws[1]:
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for fig in _table(report):
        ws.append([_label(fig), *(getattr(fig, n) for n in FIELDS)])
    last = ws.max_row
    for col, name in enumerate(FIELDS, start=2):
        fmt = "0.00%" if name in PERCENT_FIELDS else "0.0" if name in SECONDS_FIELDS else "0"
        for row in range(2, last + 1):
            ws.cell(row=row, column=col).number_format = fmt
    for cell in ws[last]:
        cell.font = bold  # the shop line
    for col, title in enumerate(header, start=1):
        width = max(_text_width(title), 8)
        if col == 1:
            width = max([width, *(_text_width(_label(f)) for f in _table(report))])
        ws.column_dimensions[get_column_letter(col)].width = min(width + 2, 40)
    ws.freeze_panes = "B2"
    info = wb.create_sheet(_("说明"))
    info.append([_("开始日期"), report.date_from.isoformat()])
    info.append([_("结束日期"), report.date_to.isoformat()])
    info.column_dimensions["A"].width = 14
    info.column_dimensions["B"].width = 14
    wb.save(path)


def _text_width(text: str) -> int:
    """Approximate display width: CJK characters count double."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(text))
