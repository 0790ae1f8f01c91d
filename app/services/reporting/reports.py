"""The agent performance report (METRICS.md §4, §6) and its exports.

`ReportService.agent_report` adds up the stored summaries of the conversations the period
holds whole and replays the in-period messages of the others (`app.services.conversations.summaries`),
through the same `app.services.reporting.metrics` code either way; the GUI, the CLI (`zhanggui report
agents`) and the exports all go through it, so they show the same figures.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

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
from app.services.reporting.metrics import FIELDS, AgentFigures, MsgRow, Turn, iter_turns

__all__ = ["AgentFigures", "AgentReport", "ReportService", "export_report", "report_to_json",
           "FORMATS", "column_titles", "Turn"]

FORMATS = ("json", "csv", "xlsx")
PERCENT_FIELDS = frozenset({"reply_rate", "conversion_rate", "satisfaction_rate"})
SECONDS_FIELDS = frozenset({"avg_response_s", "avg_first_response_s"})
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
        with self.db.session() as s:
            tz = shop_zone(s)
            start, end = period_bounds(date_from, date_to, tz)
            wanted = _group_nicks(s, group_id)
            tally = periods.tally_period(s.connection(), start, end, date_from, date_to,
                                         self.db.is_sqlite)
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
        with self.db.session() as s:
            tz = shop_zone(s)
            start, end = period_bounds(date_from, date_to, tz)
            wanted = _group_nicks(s, group_id)
            tallies = periods.tally_days(s.connection(), start, end, date_from, date_to,
                                         self.db.is_sqlite)
        out = []
        for ordinal, tally in sorted(tallies.items()):
            day = date.fromordinal(ordinal)
            agents, shop = tally.report([], 0.0, 0.0, agents=wanted)
            out.append(AgentReport(day, day, agents, shop))
        return out

    def rebuild_summaries(self, actor: Actor,
                          progress: Callable[[int, int], None] | None = None) -> int:
        """Make every stored report summary again from the messages (an upgraded database
        starts without them); `progress(done, total)` now and then. Returns the conversations."""
        actor.require("data.performance")
        with self.db.session() as s:
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


def _blank(agent: str) -> AgentFigures:
    """The line of an agent with nothing in a period (a trend day without them)."""
    return AgentFigures(agent, 0, 0, None, None, None, 0, 0, None, 0, 0, None, 0)


def trend_to_json(days: list[AgentReport], agent: str | None = None) -> dict[str, Any]:
    """§6 `report trend`: {"from","to","days":[{"date", "shop"|"agent": {…§4 fields}}]};
    with `agent`, that agent's line (all zero on a day they have none)."""
    out_days = []
    for day in days:
        entry: dict[str, Any] = {"date": day.date_from.isoformat()}
        if agent is None:
            entry["shop"] = figures_to_json(day.shop, with_agent=False)
        else:
            line = next((a for a in day.agents if a.agent == agent), None)
            entry["agent"] = figures_to_json(line or _blank(agent))
        out_days.append(entry)
    return {
        "from": days[0].date_from.isoformat() if days else None,
        "to": days[-1].date_to.isoformat() if days else None,
        "days": out_days,
    }


def write_trend_csv(out: Any, data: dict[str, Any]) -> None:
    """`trend_to_json`'s days as CSV rows: date, (agent,) the §4 fields."""
    titles = column_titles()
    w = csv.writer(out, lineterminator="\n")
    by_agent = bool(data["days"]) and "agent" in data["days"][0]
    w.writerow([_("日期"), *([titles["agent"]] if by_agent else []), *(titles[n] for n in FIELDS)])
    for day in data["days"]:
        line = day["agent"] if by_agent else day["shop"]
        w.writerow([day["date"], *([line["agent"]] if by_agent else []),
                    *(_cell(line[n]) for n in FIELDS)])


def _cell(value: Any) -> Any:
    return "" if value is None else value


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
