"""The agent performance report (METRICS.md §4, §6) and its exports.

`ReportService.agent_report` streams the in-period messages with one Core select ordered by
(conversation_id, sent_at, id) and feeds them to `app.services.metrics.compute_report`; the
GUI, the CLI (`zhanggui report agents`) and the exports all go through it, so they show the
same figures.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Float, Integer, cast, func, select

from app.i18n import _
from app.models.accounts import Account
from app.models.conversations import Message, Order, Rating
from app.models.routing import RoutingGroup, RoutingMember
from app.services import audit
from app.services.database import Database
from app.services.errors import NotFound, ValidationError
from app.services.metrics import FIELDS, AgentFigures, MsgRow, Turn, compute_report, iter_turns
from app.services.permissions import Actor
from app.services.timeparse import period_bounds, shop_zone

__all__ = ["AgentFigures", "AgentReport", "ReportService", "export_report", "report_to_json",
           "FORMATS", "column_titles", "Turn"]

FORMATS = ("json", "csv", "xlsx")
PERCENT_FIELDS = frozenset({"reply_rate", "conversion_rate", "satisfaction_rate"})
SECONDS_FIELDS = frozenset({"avg_response_s", "avg_first_response_s"})
_FETCH = 20_000


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
            m = Message
            in_period = (m.sent_at >= start) & (m.sent_at < end)
            ratings = dict(
                s.execute(
                    select(Rating.conversation_id, Rating.rating).where(
                        Rating.conversation_id.in_(select(m.conversation_id).where(in_period))
                    )
                ).all()
            )
            # Times travel as float POSIX seconds computed by the database: no per-row
            # datetime objects on the hot path (millions of rows).
            orders = list(
                s.execute(
                    select(Order.buyer_nick, _epoch(Order.paid_at, self.db.is_sqlite)).where(
                        (Order.paid_at >= start) & (Order.paid_at < end)
                    )
                ).all()
            )
            stmt = (
                select(m.conversation_id, m.sender, m.buyer_nick, m.agent_nick,
                       _epoch(m.sent_at, self.db.is_sqlite),
                       func.coalesce(m.ad_manual, m.ad_auto), m.id)
                .order_by(m.conversation_id, m.sent_at, m.id)
            )
            # When the period holds every message (e.g. a month-long report over a month of
            # history), drop the filter: the rows then come in index order, with no sort.
            lo, hi = s.execute(select(func.min(m.sent_at), func.max(m.sent_at))).one()
            if lo is None or not (start <= lo and hi < end):
                stmt = stmt.where(in_period)
            # compute_report unpacks plain tuples in MsgRow's field order.
            if self.db.is_sqlite:
                rows = _sqlite_rows(s, stmt)
            else:
                rows = s.connection().execution_options(yield_per=_FETCH).execute(stmt)
            agents, shop = compute_report(
                rows, orders, ratings, start.timestamp(), end.timestamp(), agents=wanted
            )
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
            result = s.connection().execution_options(yield_per=_FETCH).execute(stmt)
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
            audit.record(
                s, actor, "message.ad_flag", str(message_id),
                before=before, after=is_ad, auto=message.ad_auto,
            )


def _sqlite_rows(session, stmt):  # type: ignore[no-untyped-def]
    """Stream a select's plain rows straight from the sqlite3 cursor (same transaction).

    The columns must need no result processing (no UTCDateTime columns); the bound
    parameters are processed by SQLAlchemy as usual."""
    conn = session.connection()
    compiled = stmt.compile(dialect=conn.dialect)
    params = compiled.construct_params()
    processors = compiled._bind_processors
    values = []
    for name in compiled.positiontup:
        value = params[name]
        proc = processors.get(name)
        values.append(proc(value) if proc is not None else value)
    cursor = conn.connection.driver_connection.cursor()
    try:
        cursor.execute(compiled.string, values)
        while True:
            batch = cursor.fetchmany(_FETCH)
            if not batch:
                break
            yield from batch
    finally:
        cursor.close()


def _epoch(column, is_sqlite: bool):  # type: ignore[no-untyped-def]
    """A UTC timestamp column as float POSIX seconds, exact to the microsecond.

    SQLite stores `YYYY-MM-DD HH:MM:SS.ffffff` (UTC): whole seconds from strftime('%s')
    plus the fraction parsed from the text."""
    if is_sqlite:
        return cast(
            cast(func.strftime("%s", column), Integer) + cast(func.substr(column, 20), Float),
            Float,
        )
    return cast(func.extract("epoch", column), Float)


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
