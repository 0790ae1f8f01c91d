"""MonitoringService: drill-down, transcripts, chat search, extra figures, trends,
attendance and the operation log, on a small hand-made history (shop time Asia/Shanghai)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from app.models.routing import PresenceEvent
from app.services.accounts.permissions import Actor
from app.services.common.errors import PermissionDenied, ValidationError

pytestmark = pytest.mark.db

SH = ZoneInfo("Asia/Shanghai")
A = "测试小店:一号"
B = "测试小店:二号"
D1, D2 = date(2026, 11, 10), date(2026, 11, 11)

CHATS = f"""conversation_id,buyer,agent,sender,sent_at,content
c1,b1,{A},buyer,2026-11-10 09:00:00,在吗
c1,b1,{A},auto,2026-11-10 09:00:01,您好，欢迎光临
c1,b1,{A},agent,2026-11-10 09:00:30,在的亲
c1,b1,{A},buyer,2026-11-10 09:05:00,包邮吗
c1,b1,{A},agent,2026-11-10 09:07:30,包邮哦
c2,b2,{B},buyer,2026-11-10 10:00:00,什么时候发货
c2,b2,{B},agent,2026-11-10 10:04:00,明天发
c2,b2,{B},buyer,2026-11-10 10:10:00,好的，能再快点吗
c3,b3,{B},buyer,2026-11-10 11:00:00,兼职刷单日结，加微信 abc123 了解
c4,b4,{A},buyer,2026-11-11 23:59:59,100%好评返现吗
c4,b4,{A},agent,2026-11-12 00:00:00,亲，没有的哦
"""
RATINGS = "conversation_id,rating\nc1,很满意\n"


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SH).astimezone(UTC)


def _sub(*codes: str, account_id: int = 9999) -> Actor:
    return Actor(account_id=account_id, nick="测试小店:看客", is_main=False, permissions=frozenset(codes))


@pytest.fixture
def history(shop, owner, tmp_path):  # type: ignore[no-untyped-def]
    chats = tmp_path / "chats.csv"
    chats.write_text(CHATS, encoding="utf-8")
    ratings = tmp_path / "ratings.csv"
    ratings.write_text(RATINGS, encoding="utf-8")
    shop.imports.import_file(owner, "chats", chats)
    shop.imports.import_file(owner, "ratings", ratings)
    # The ad verdict is the user's, so the test does not depend on the filter's model.
    c3 = shop.monitoring.search_chats(owner, date_from=D1, date_to=D2, buyer="b3").hits[0]
    ad = shop.monitoring.transcript(owner, c3.conversation_id).messages[0]
    shop.reports.set_ad_flag(owner, ad.id, True)
    return shop


def _conv(services, owner, buyer):  # type: ignore[no-untyped-def]
    return services.monitoring.search_chats(owner, date_from=D1, date_to=D2, buyer=buyer).hits[0]


def test_extra_figures_per_agent_and_shop(history, owner) -> None:  # type: ignore[no-untyped-def]
    x = history.monitoring.extra_figures(owner, D1, D2)
    assert [a.agent for a in x.agents] == [A, B]
    a, b = x.for_agent(A), x.for_agent(B)
    assert a is not None and b is not None
    # 一号: answered in 30 s and 150 s, c4's turn unanswered in the period (reply is next day)
    assert (a.turns, a.answered_turns, a.slow_responses, a.quick_replies) == (3, 2, 1, 2)
    assert a.quick_reply_rate == pytest.approx(2 / 3)
    assert (a.agent_messages, a.buyer_messages) == (2, 3)
    assert a.answer_ratio == pytest.approx(2 / 3)
    assert a.hourly[9] == 2 and a.hourly[23] == 1 and sum(a.hourly) == 3
    # 二号: answered in 240 s, one unanswered turn, the ad message ignored
    assert (b.turns, b.answered_turns, b.slow_responses, b.quick_replies) == (2, 1, 1, 0)
    assert b.quick_reply_rate == 0.0
    assert (b.agent_messages, b.buyer_messages) == (1, 2)
    assert b.answer_ratio == pytest.approx(0.5)
    assert sum(b.hourly) == 2 and b.hourly[11] == 0
    shop_line = x.shop
    assert (shop_line.turns, shop_line.slow_responses, shop_line.quick_replies) == (5, 2, 2)
    assert (shop_line.agent_messages, shop_line.buyer_messages) == (3, 5)
    # the threshold is configurable
    y = history.monitoring.extra_figures(owner, D1, D2, slow_threshold_s=200)
    assert y.for_agent(A).slow_responses == 0 and y.for_agent(B).slow_responses == 1
    with pytest.raises(ValidationError):
        history.monitoring.extra_figures(owner, D1, D2, slow_threshold_s=-1)


def test_extra_turns_match_the_report(history, owner) -> None:  # type: ignore[no-untyped-def]
    report = history.reports.agent_report(owner, D1, D2)
    x = history.monitoring.extra_figures(owner, D1, D2)
    for fig in report.agents:
        extra = x.for_agent(fig.agent)
        assert extra is not None
        assert extra.turns - extra.answered_turns == fig.unanswered_turns
    assert x.shop.turns - x.shop.answered_turns == report.shop.unanswered_turns


def test_period_is_shop_days(history, owner) -> None:  # type: ignore[no-untyped-def]
    # 23:59:59 on the 11th is inside 11..11, the reply at 00:00 on the 12th is not
    x = history.monitoring.extra_figures(owner, D2, D2)
    assert [a.agent for a in x.agents] == [A]
    assert x.shop.turns == 1 and x.shop.answered_turns == 0
    x = history.monitoring.extra_figures(owner, D2, date(2026, 11, 12))
    assert x.shop.answered_turns == 1
    with pytest.raises(ValidationError):
        history.monitoring.extra_figures(owner, D2, D1)


def test_drilldown_conversations(history, owner) -> None:  # type: ignore[no-untyped-def]
    rows = history.monitoring.conversations(owner, D1, D2, A)
    assert [r.buyer for r in rows] == ["b1", "b4"]
    c1, c4 = rows
    assert c1.messages == 5 and c1.turns == 2 and c1.answered is True
    assert c1.first_response_s == pytest.approx(30.0)
    assert c1.rating == 5 and c1.is_ad is False and c1.agent == A
    assert c1.start == _at("2026-11-10 09:00:00")
    assert c4.messages == 1 and c4.answered is False and c4.first_response_s is None
    assert c4.unanswered_turns == 1
    rows = history.monitoring.conversations(owner, D1, D2, B)
    assert [(r.buyer, r.is_ad, r.answered) for r in rows] == [("b2", False, False), ("b3", True, None)]
    assert len(history.monitoring.conversations(owner, D1, D2, None)) == 4
    assert history.monitoring.conversations(owner, D1, D2, "测试小店:无此人") == []


def test_transcript_shows_ad_verdicts(history, owner) -> None:  # type: ignore[no-untyped-def]
    c3 = _conv(history, owner, "b3")
    t = history.monitoring.transcript(owner, c3.conversation_id)
    (m,) = t.messages
    assert m.is_ad and m.manual and m.ad_manual is True and m.sender == "buyer"
    history.reports.set_ad_flag(owner, m.id, None)
    m2 = history.monitoring.transcript(owner, c3.conversation_id).messages[0]
    assert m2.manual is False and m2.ad_manual is None and m2.is_ad == m2.ad_auto
    c4 = _conv(history, owner, "b4")
    t4 = history.monitoring.transcript(owner, c4.conversation_id)
    assert [x.sender for x in t4.messages] == ["buyer", "agent"]  # the whole conversation
    assert t4.rating is None and t.buyer == "b3"


def test_chat_search_filters_and_pages(history, owner) -> None:  # type: ignore[no-untyped-def]
    search = history.monitoring.search_chats
    everything = search(owner, date_from=D1, date_to=D2)
    assert everything.total == 4
    assert [h.buyer for h in everything.hits] == ["b4", "b3", "b2", "b1"]  # newest first
    hit = search(owner, date_from=D1, date_to=D2, keyword="100%").hits
    assert [h.buyer for h in hit] == ["b4"]  # % is literal, not a wildcard
    assert hit[0].snippet == "100%好评返现吗" and hit[0].messages == 1
    assert [h.buyer for h in search(owner, date_from=D1, date_to=D2, agent="二号").hits] == ["b3", "b2"]
    assert search(owner, date_from=D1, date_to=D2, buyer="B2").hits[0].messages == 3
    assert search(owner, date_from=D1, date_to=D2, buyer="b2", keyword="发货").hits[0].messages == 1
    assert search(owner, date_from=D1, date_to=D2, keyword="微信").hits[0].has_ad is True
    page = search(owner, date_from=D1, date_to=D2, offset=1, limit=2)
    assert (page.total, [h.buyer for h in page.hits]) == (4, ["b3", "b2"])
    assert search(owner, date_from=D2, date_to=D2).total == 1
    with pytest.raises(ValidationError):
        search(owner, date_from=D1, date_to=D2, limit=0)


def test_daily_trend_is_the_report_per_day(history, owner) -> None:  # type: ignore[no-untyped-def]
    trend = history.monitoring.daily_trend(owner, D1, D2)
    assert [d.day for d in trend.days] == [D1, D2]
    for day in trend.days:
        report = history.reports.agent_report(owner, day.day, day.day)
        assert day.shop == report.shop
        assert list(day.agents) == list(report.agents)
    assert trend.series("consulted") == [(D1, 2.0), (D2, 1.0)]  # b3 only sent an ad
    assert trend.series("consulted", B) == [(D1, 1.0), (D2, None)]


def test_attendance_from_presence_history(shop, owner) -> None:  # type: ignore[no-untyped-def]
    with shop.db.session() as s:
        for at, status in (
            ("2026-11-09 23:00:00", "online"),  # before the period: online at its start
            ("2026-11-10 08:00:00", "online"),
            ("2026-11-10 12:00:00", "suspended"),
            ("2026-11-10 13:00:00", "online"),
            ("2026-11-10 18:00:00", "offline"),
            ("2026-11-11 09:00:00", "online"),  # after the period
        ):
            s.add(PresenceEvent(account_id=owner.account_id, status=status, at=_at(at)))
    rows = shop.monitoring.attendance(owner, D1, D1, now=_at("2026-11-20 00:00:00"))
    (row,) = [r for r in rows if r.account_id == owner.account_id]
    assert row.online_s == pytest.approx(4 * 3600 + 5 * 3600 + 8 * 3600)  # 0–4 h is online too
    assert row.suspended_s == pytest.approx(3600)
    assert row.offline_s == pytest.approx(6 * 3600)
    assert row.online_s + row.suspended_s + row.offline_s == pytest.approx(86400)
    assert row.first_online == _at("2026-11-10 00:00:00")
    assert row.last_change == _at("2026-11-10 18:00:00")
    assert row.status_now == "offline"
    # a period still running is clipped to now
    rows = shop.monitoring.attendance(owner, D1, D1, now=_at("2026-11-10 10:00:00"))
    (row,) = [r for r in rows if r.account_id == owner.account_id]
    assert row.online_s == pytest.approx(10 * 3600) and row.offline_s == 0


def test_operation_log(history, owner) -> None:  # type: ignore[no-untyped-def]
    log = history.monitoring.audit_log
    rows = log(owner)
    assert rows == sorted(rows, key=lambda r: (r.at, r.id), reverse=True)
    actions = history.monitoring.audit_actions(owner)
    assert {"import.chats", "import.ratings", "message.ad_flag"} <= set(actions)
    assert [r.action for r in log(owner, action="message.ad_flag")] == ["message.ad_flag"]
    assert {r.action for r in log(owner, action="import.")} == {"import.chats", "import.ratings"}
    assert log(owner, actor_nick="无此人") == []
    assert all(owner.nick in r.actor for r in log(owner, actor_nick=owner.nick))
    assert len(log(owner, limit=1)) == 1
    today = history.monitoring.today(owner)
    assert len(log(owner, date_from=today, date_to=today)) == len(rows)
    assert log(owner, date_from=date(2020, 1, 1), date_to=date(2020, 1, 2)) == []
    detail = log(owner, action="import.chats")[0].detail
    assert "rows=" in detail and "added=" in detail


def test_permissions(history, owner) -> None:  # type: ignore[no-untyped-def]
    m = history.monitoring
    history_only = _sub("cs.history")
    result = m.search_chats(history_only, date_from=D1, date_to=D2)
    assert result.total == 4
    assert m.transcript(history_only, result.hits[0].conversation_id).messages
    for call in (
        lambda: m.extra_figures(history_only, D1, D2),
        lambda: m.conversations(history_only, D1, D2, A),
        lambda: m.daily_trend(history_only, D1, D2),
        lambda: m.attendance(history_only, D1, D2),
        lambda: m.groups(history_only),
        lambda: m.audit_log(history_only),
    ):
        with pytest.raises(PermissionDenied):
            call()
    performance = _sub("data.performance")
    assert m.extra_figures(performance, D1, D2).shop.turns == 5
    with pytest.raises(PermissionDenied):
        m.search_chats(performance, date_from=D1, date_to=D2)
    with pytest.raises(PermissionDenied):
        m.transcript(performance, result.hits[0].conversation_id)
    with pytest.raises(PermissionDenied):
        m.audit_log(performance)
    assert m.audit_log(_sub("security.manage"))
    with pytest.raises(PermissionDenied):
        m.today(_sub("goods.view"))


def test_group_filter(history, owner) -> None:  # type: ignore[no-untyped-def]
    groups = history.monitoring.groups(owner)
    assert groups and all(g.name for g in groups)
    # no imported (historical) agent is a member of a routing group
    x = history.monitoring.extra_figures(owner, D1, D2, group_id=groups[0].id)
    assert x.agents == () and x.shop.turns == 5


def test_hour_of_day_in_shop_time_across_dst() -> None:
    """The hourly distribution's shortcut (one offset for the period) must agree with a
    full conversion, also for a period with a DST change inside it."""
    from zoneinfo import ZoneInfo

    from app.services.common.timeparse import period_bounds
    from app.services.reporting.monitoring import _hour_function

    for zone, d1, d2 in (("Asia/Shanghai", date(2026, 10, 1), date(2026, 10, 30)),
                         ("Europe/Berlin", date(2026, 3, 20), date(2026, 4, 5)),
                         ("Europe/Berlin", date(2026, 1, 1), date(2026, 12, 31)),
                         ("Asia/Kolkata", date(2026, 5, 1), date(2026, 5, 2))):
        tz = ZoneInfo(zone)
        start, end = period_bounds(d1, d2, tz)
        hour = _hour_function(tz, start, end)
        t = start.timestamp()
        while t < end.timestamp():
            assert hour(t) == datetime.fromtimestamp(t, UTC).astimezone(tz).hour, (zone, t)
            t += 3599.5


def test_overview_checks_permissions(shop, owner):  # type: ignore[no-untyped-def]
    """Issue 18.6: the home overview checked nothing."""
    from dataclasses import replace

    nobody = replace(owner, is_main=False, permissions=frozenset({"goods.view"}))
    with pytest.raises(PermissionDenied):
        shop.overview.summary(nobody)
    live_only = replace(owner, is_main=False, permissions=frozenset({"data.realtime"}))
    o = shop.overview.summary(live_only)
    assert o.subaccounts_active is None and o.messages_today == 0
    assert shop.overview.summary(owner).subaccounts_active == 0
