"""ReportService: the §4 report through the database, §6 JSON, exports, ad flags."""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from app.i18n import set_language
from app.models.audit import AuditEvent
from app.models.conversations import Message
from app.services.common.errors import PermissionDenied, ValidationError
from app.services.reporting.reports import export_report, report_to_json

HEADER = "conversation_id,buyer,agent,sender,sent_at,content\n"
D = date(2026, 11, 11)

# Shop time (Asia/Shanghai). Mixed timestamp formats on purpose.
CHATS = HEADER + "".join([
    "c1,b1,小店:A,auto,2026-11-11 09:00:00,欢迎光临\n",
    "c1,b1,小店:A,buyer,2026-11-11 09:00:00,在吗\n",
    "c1,b1,小店:A,agent,2026/11/11 09:00:30,在的\n",
    "c1,b1,小店:A,buyer,2026-11-11T01:05:00Z,发什么快递\n",
    "c1,b1,小店:B,system,2026-11-11 09:05:10,转接给小店:B\n",
    "c1,b1,小店:B,agent,2026-11-11T09:06:00+08:00,中通\n",
    "c2,b2,小店:B,buyer,2026-11-11 23:59:00,请问有优惠吗\n",
    "c2,b2,小店:B,agent,2026-11-12 00:01:00,有的\n",  # next day: outside a one-day period
    "c3,b3,小店:A,buyer,2026-11-10 23:00:00,昨天的消息\n",  # before the period
    "c3,b3,小店:A,buyer,2026-11-11 08:00:00,还在吗\n",
    "c3,b3,小店:A,agent,2026-11-11 08:00:00,在\n",  # same second: answers (imported after)
])
ORDERS = "order_id,buyer,paid_at,amount\nO1,b1,2026-11-11 20:00:00,10\nO2,b3,2026-11-10 12:00:00,5\n"
RATINGS = "会话ID,评价\nc1,不满意\nc1,很满意\nc3,一般\n"


@pytest.fixture
def loaded(shop, owner, tmp_path):  # type: ignore[no-untyped-def]
    for kind, text in (("chats", CHATS), ("orders", ORDERS), ("ratings", RATINGS)):
        p = tmp_path / f"{kind}.csv"
        p.write_text(text, encoding="utf-8")
        shop.imports.import_file(owner, kind, p)
    return shop


def test_one_day_report(loaded, owner):
    r = loaded.reports.agent_report(owner, D, D)
    data = report_to_json(r)
    assert data["from"] == "2026-11-11" and data["to"] == "2026-11-11"
    assert [a["agent"] for a in data["agents"]] == ["小店:A", "小店:B"]
    a, b = data["agents"]
    assert a == {
        "agent": "小店:A", "consulted": 2, "replied": 2, "reply_rate": 1.0,
        "avg_response_s": 15.0, "avg_first_response_s": 15.0, "unanswered_turns": 0,
        "ordered": 1, "conversion_rate": 0.5, "lost": 1, "rated": 1,
        "satisfaction_rate": 0.0, "ad_conversations": 0,
    }
    # B answered c1's second turn (buyer row named A) after 60 s; c2 is unanswered in period.
    assert b["avg_response_s"] == 60.0 and b["avg_first_response_s"] is None
    assert b["unanswered_turns"] == 1 and b["consulted"] == 1 and b["replied"] == 0
    assert b["rated"] == 1 and b["satisfaction_rate"] == 1.0
    shop = data["shop"]
    assert "agent" not in shop
    assert shop["consulted"] == 3 and shop["replied"] == 2
    assert shop["avg_response_s"] == pytest.approx(30.0)  # (30 + 60 + 0) / 3
    assert shop["rated"] == 2 and shop["satisfaction_rate"] == 0.5
    assert shop["ordered"] == 1  # b3's order is the day before: outside the period


def test_two_day_period_and_bad_range(loaded, owner):
    r = loaded.reports.agent_report(owner, date(2026, 11, 10), date(2026, 11, 12))
    b = next(x for x in r.agents if x.agent == "小店:B")
    assert b.unanswered_turns == 0 and b.replied == 1
    a = r.agents[0]
    assert a.unanswered_turns == 0  # c3's turn starts the day before and is answered at 08:00
    with pytest.raises(ValidationError):
        loaded.reports.agent_report(owner, date(2026, 11, 12), date(2026, 11, 11))


def test_manual_ad_flag_wins_and_is_audited(loaded, owner):
    with loaded.db.session() as s:
        mid = s.scalars(select(Message.id).where(Message.content == "请问有优惠吗")).one()
    loaded.reports.set_ad_flag(owner, mid, True)
    r = loaded.reports.agent_report(owner, D, D)
    b = next(x for x in r.agents if x.agent == "小店:B")
    assert b.ad_conversations == 1 and b.consulted == 0 and b.unanswered_turns == 0
    loaded.reports.set_ad_flag(owner, mid, None)
    r = loaded.reports.agent_report(owner, D, D)
    assert next(x for x in r.agents if x.agent == "小店:B").consulted == 1
    with loaded.db.session() as s:
        actions = s.scalars(select(AuditEvent.action).where(AuditEvent.action == "message.ad_flag")).all()
    assert len(actions) == 2


def test_permission(loaded, owner):
    clerk = replace(owner, is_main=False, permissions=frozenset({"data.realtime"}))
    with pytest.raises(PermissionDenied):
        loaded.reports.agent_report(clerk, D, D)
    with pytest.raises(PermissionDenied):
        loaded.reports.set_ad_flag(clerk, 1, True)


def test_group_filter(loaded, owner):
    from app.models.accounts import Account
    from app.models.routing import RoutingGroup, RoutingMember
    from app.models.vocabulary import AccountKind

    with loaded.db.session() as s:
        group = RoutingGroup(name="测试组")
        s.add(group)
        acc = Account(kind=AccountKind.SUB, nick="小店:B")
        s.add(acc)
        s.flush()
        s.add(RoutingMember(account_id=acc.id, group_id=group.id))
        gid = group.id
    full = loaded.reports.agent_report(owner, D, D)
    r = loaded.reports.agent_report(owner, D, D, group_id=gid)
    assert [a.agent for a in r.agents] == ["小店:B"]
    assert r.shop == full.shop


def test_exports_show_the_same_figures(loaded, owner, tmp_path):
    from openpyxl import load_workbook

    r = loaded.reports.agent_report(owner, D, D)
    data = report_to_json(r)
    j = export_report(owner, r, "json", tmp_path / "r.json")
    assert json.loads(j.read_text(encoding="utf-8")) == data
    c = export_report(owner, r, "csv", tmp_path / "r.csv")
    raw = c.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0][0] == "客服" and rows[0][1] == "咨询人数"
    assert rows[1][0] == "小店:A" and float(rows[1][4]) == 15.0
    assert rows[-1][0] == "全店" and rows[2][5] == ""  # null → empty cell
    x = export_report(owner, r, "xlsx", tmp_path / "r.xlsx")
    wb = load_workbook(x)
    ws = wb.worksheets[0]
    assert ws.freeze_panes == "B2"
    assert ws["A1"].value == "客服" and ws["A1"].font.bold
    assert ws["D2"].value == 1.0 and ws["D2"].number_format == "0.00%"
    assert ws["E2"].value == 15.0
    assert ws["F3"].value is None
    assert ws.cell(row=ws.max_row, column=1).value == "全店"
    assert ws.column_dimensions["A"].width >= 8
    with pytest.raises(ValidationError):
        export_report(owner, r, "pdf", tmp_path / "r.pdf")


def test_xlsx_headers_in_english(loaded, owner, tmp_path):
    from openpyxl import load_workbook

    set_language("en")
    r = loaded.reports.agent_report(owner, D, D)
    x = export_report(owner, r, "xlsx", tmp_path / "r.xlsx")
    ws = load_workbook(x).worksheets[0]
    assert [c.value for c in ws[1]][:3] == ["Agent", "Consulted", "Replied"]
    assert ws.cell(row=ws.max_row, column=1).value == "Whole shop"


def test_empty_period(shop, owner):
    r = shop.reports.agent_report(owner, D, D)
    assert r.agents == [] and r.shop.consulted == 0 and r.shop.reply_rate is None
    assert report_to_json(r)["shop"]["avg_response_s"] is None


def test_demo_shop_report_runs(demo):
    from datetime import timedelta

    from app.services.common.timeparse import zone

    owner = demo.auth.owner_actor()
    today = date.today()
    r = demo.reports.agent_report(owner, today - timedelta(days=7), today)
    assert r.agents and r.shop.consulted > 0
    assert zone("Nowhere/Atlantis") is not None
    assert Path  # keep import


def test_turns_match_the_report(loaded, owner):
    from datetime import UTC, datetime

    turns = loaded.reports.turns(owner, D, D)
    assert len(turns) == 4
    first = turns[0]
    assert first.start == datetime(2026, 11, 11, 1, 0, tzinfo=UTC)
    assert first.response_s == 30.0 and first.agent == "小店:A"
    b = loaded.reports.turns(owner, D, D, agent="小店:B")
    assert [t.response_s for t in b] == [60.0, None]
    r = loaded.reports.agent_report(owner, D, D)
    answered = [t.response_s for t in turns if t.answered]
    assert r.shop.avg_response_s == pytest.approx(sum(answered) / len(answered))
