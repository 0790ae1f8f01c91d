"""Stored conversation summaries: the report from summaries equals the report replayed from
every message, for periods that hold conversations whole and periods that cut them, after
re-imports, manual ad flags and conversations left without a summary."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, update

from app.models.conversations import (
    ConversationSummary,
    Message,
    Order,
    Rating,
    SummaryLine,
)
from app.models.reporting import PairDay
from app.services.common.timeparse import period_bounds, shop_zone
from app.services.conversations import summaries
from app.services.reporting.metrics import MsgRow, compute_report

FIRST = date(2026, 11, 9)
AGENTS = ["店:甲", "店:乙", "店:丙"]
BUYERS = [f"买家{i}" for i in range(6)]


def _chats(rnd: random.Random, convs: range) -> str:
    lines = ["会话ID,买家,客服,发送方,时间,内容"]
    for c in convs:
        buyer = rnd.choice(BUYERS)
        agent = rnd.choice(AGENTS)
        # start anywhere in four days; some conversations run over midnight
        t = rnd.randint(0, 4 * 86400 - 1)
        for _ in range(rnd.randint(1, 9)):
            sender = rnd.choice(["buyer", "buyer", "agent", "auto", "system"])
            if sender == "system" and rnd.random() < 0.5:
                agent = rnd.choice(AGENTS)  # a transfer
            text = "加微信 wx123 兼职刷单日结" if sender == "buyer" and rnd.random() < 0.15 else f"消息{t}"
            day = FIRST + timedelta(days=t // 86400)
            stamp = f"{day.isoformat()} {t % 86400 // 3600:02d}:{t % 3600 // 60:02d}:{t % 60:02d}"
            lines.append(f"c{c},{buyer},{agent if sender != 'system' else ''},{sender},{stamp},{text}")
            t += rnd.choice([0, 5, 40, 400, 4000, 30000])
    return "\n".join(lines) + "\n"


def _raw_report(services, start, end):  # type: ignore[no-untyped-def]
    """The report replayed from every message (datetimes, no summaries)."""
    with services.db.session() as s:
        rows = [
            MsgRow(m.conversation_id, m.sender, m.buyer_nick, m.agent_nick, m.sent_at, m.is_ad, m.id)
            for m in s.scalars(select(Message).order_by(Message.conversation_id, Message.sent_at, Message.id))
        ]
        orders = [(o.buyer_nick, o.paid_at) for o in s.scalars(select(Order))]
        ratings = {r.conversation_id: r.rating for r in s.scalars(select(Rating))}
    return compute_report(rows, orders, ratings, start, end)


def _same(got, want) -> None:  # type: ignore[no-untyped-def]
    assert got.agent == want.agent
    for name in ("consulted", "replied", "unanswered_turns", "ordered", "lost", "rated",
                 "ad_conversations"):
        assert getattr(got, name) == getattr(want, name), (got.agent, name)
    for name in ("reply_rate", "avg_response_s", "avg_first_response_s", "conversion_rate",
                 "satisfaction_rate"):
        g, w = getattr(got, name), getattr(want, name)
        assert (g is None) == (w is None) and (g is None or g == pytest.approx(w, abs=1e-6)), (got.agent, name)


def _check_periods(services, owner) -> None:  # type: ignore[no-untyped-def]
    with services.db.session() as s:
        tz = shop_zone(s)
    periods = [(FIRST + timedelta(days=a), FIRST + timedelta(days=b))
               for a, b in [(0, 0), (1, 1), (2, 3), (0, 4), (1, 2), (3, 3)]]
    for d1, d2 in periods:
        got = services.reports.agent_report(owner, d1, d2)
        want_lines, want_shop = _raw_report(services, *period_bounds(d1, d2, tz))
        assert [a.agent for a in got.agents] == [a.agent for a in want_lines], (d1, d2)
        for g, w in zip(got.agents, want_lines, strict=True):
            _same(g, w)
        _same(got.shop, want_shop)


def _import(services, owner, tmp_path, kind: str, text: str, name: str) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    services.imports.import_file(owner, kind, p)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_report_from_summaries_equals_replay(shop, owner, tmp_path, seed):  # type: ignore[no-untyped-def]
    rnd = random.Random(seed)
    _import(shop, owner, tmp_path, "chats", _chats(rnd, range(0, 60)), "a.csv")
    # an overlapping second export: new conversations and more messages for old ones
    _import(shop, owner, tmp_path, "chats", _chats(rnd, range(40, 90)), "b.csv")
    orders = ["order_id,buyer,paid_at,amount"] + [
        f"O{i},{rnd.choice(BUYERS)},{FIRST + timedelta(days=rnd.randint(0, 4))} "
        f"{rnd.randint(0, 23):02d}:00:00,9.90" for i in range(15)]
    _import(shop, owner, tmp_path, "orders", "\n".join(orders) + "\n", "o.csv")
    ratings = ["conversation_id,rating"] + [f"c{rnd.randrange(90)},{rnd.randint(1, 5)}" for _ in range(40)]
    _import(shop, owner, tmp_path, "ratings", "\n".join(ratings) + "\n", "r.csv")
    _check_periods(shop, owner)  # orders imported after the chats count
    with shop.db.session() as s:
        conversations = s.scalar(select(func.count()).select_from(ConversationSummary))
        assert conversations == 90  # every imported conversation got its summary
        buyer_ids = list(s.scalars(select(Message.id).where(Message.sender == "buyer")))
    # manual verdicts both ways, then a few conversations lose their summary
    for mid in rnd.sample(buyer_ids, 12):
        shop.reports.set_ad_flag(owner, mid, rnd.random() < 0.5)
    with shop.db.session() as s:
        summaries.drop(s.connection(), rnd.sample(range(1, 91), 10))
    _check_periods(shop, owner)


def test_reimport_adds_nothing_and_keeps_summaries(shop, owner, tmp_path):  # type: ignore[no-untyped-def]
    text = _chats(random.Random(5), range(0, 30))
    _import(shop, owner, tmp_path, "chats", text, "a.csv")
    with shop.db.session() as s:
        before = s.execute(select(SummaryLine).order_by(SummaryLine.conversation_id,
                                                        SummaryLine.agent, SummaryLine.buyer)).all()
        before = [tuple(getattr(r[0], c) for c in ("conversation_id", "agent", "buyer", "first_at",
                                                   "reply_at", "resp_n", "unanswered")) for r in before]
    _import(shop, owner, tmp_path, "chats", text, "again.csv")
    with shop.db.session() as s:
        after = [tuple(getattr(r, c) for c in ("conversation_id", "agent", "buyer", "first_at",
                                               "reply_at", "resp_n", "unanswered"))
                 for r in s.scalars(select(SummaryLine).order_by(
                     SummaryLine.conversation_id, SummaryLine.agent, SummaryLine.buyer))]
    assert after == before
    _check_periods(shop, owner)


def test_manual_ad_flag_turns_a_conversation_into_an_ad_conversation(shop, owner, tmp_path):  # type: ignore[no-untyped-def]
    _import(shop, owner, tmp_path, "chats",
            "conversation_id,buyer,agent,sender,sent_at,content\n"
            "x1,b,店:甲,buyer,2026-11-09 10:00:00,在吗\n"
            "x1,b,店:甲,agent,2026-11-09 10:00:20,在的\n", "x.csv")
    day = FIRST
    r = shop.reports.agent_report(owner, day, day)
    assert r.shop.consulted == 1 and r.shop.ad_conversations == 0 and r.agents[0].avg_response_s == 20.0
    with shop.db.session() as s:
        mid = s.scalar(select(Message.id).where(Message.sender == "buyer"))
    shop.reports.set_ad_flag(owner, mid, True)
    r = shop.reports.agent_report(owner, day, day)
    assert r.shop.consulted == 0 and r.shop.ad_conversations == 1 and r.agents[0].ad_conversations == 1
    shop.reports.set_ad_flag(owner, mid, None)  # back to the filter's verdict
    r = shop.reports.agent_report(owner, day, day)
    assert r.shop.consulted == 1 and r.shop.ad_conversations == 0


def test_whole_conversations_come_from_their_summary(shop, owner, tmp_path):  # type: ignore[no-untyped-def]
    """The stored summary lines are what a period holding the conversation whole reads; a
    period cutting it replays its messages (shown by tampering with the stored summary)."""
    _import(shop, owner, tmp_path, "chats",
            "conversation_id,buyer,agent,sender,sent_at,content\n"
            "y1,b,店:甲,buyer,2026-11-09 23:59:00,在吗\n"
            "y1,b,店:甲,agent,2026-11-10 00:00:30,在的\n", "y.csv")
    with shop.db.session() as s:
        s.execute(update(SummaryLine).values(resp_sum=999.0))
    whole = shop.reports.agent_report(owner, FIRST, FIRST + timedelta(days=1))
    assert whole.shop.avg_response_s == 999.0
    cut = shop.reports.agent_report(owner, FIRST, FIRST)  # the answer falls the next day
    assert cut.shop.avg_response_s is None and cut.shop.unanswered_turns == 1


def _stored(services) -> list[tuple]:  # type: ignore[no-untyped-def]
    with services.db.session() as s:
        conv = [tuple(r) for r in s.execute(select(
            ConversationSummary.conversation_id, ConversationSummary.first_at, ConversationSummary.last_at,
            ConversationSummary.handling_agent, ConversationSummary.is_ad, ConversationSummary.ad_agent,
        ).order_by(ConversationSummary.conversation_id))]
        lines = [tuple(r) for r in s.execute(select(*SummaryLine.__table__.c).order_by(
            SummaryLine.conversation_id, SummaryLine.agent, SummaryLine.buyer))]
        pairs = [tuple(r) for r in s.execute(select(*PairDay.__table__.c).order_by(
            PairDay.agent, PairDay.buyer, PairDay.day))]
    return [conv, lines, pairs]


@pytest.mark.parametrize("shuffled", [False, True])
def test_import_summaries_equal_those_made_from_the_database(shop, owner, tmp_path, shuffled):  # type: ignore[no-untyped-def]
    """SQLite imports summarise new conversations from the rows as they go in; a file
    whose conversations are interleaved and out of time order must end the same."""
    rnd = random.Random(11)
    header, *rows = _chats(rnd, range(0, 40)).splitlines()
    if shuffled:
        rnd.shuffle(rows)
    _import(shop, owner, tmp_path, "chats", "\n".join([header, *rows]) + "\n", "c.csv")
    imported = _stored(shop)
    with shop.db.session() as s:
        summaries.refresh(s.connection(), range(1, 41))
    assert _stored(shop) == imported
    _check_periods(shop, owner)


@pytest.mark.parametrize("seed", [4, 5])
def test_monitoring_extras_from_summaries_equal_replay(shop, owner, tmp_path, seed, monkeypatch):  # type: ignore[no-untyped-def]
    """Slow responses, 3-minute replies, 答问比 and the hourly distribution read from the
    stored lines (plus replayed cut or unsummarised conversations) equal a replay of every
    message (the path taken when the shop's offset changes inside the period)."""
    from app.services.reporting import monitoring

    rnd = random.Random(seed)
    _import(shop, owner, tmp_path, "chats", _chats(rnd, range(0, 70)), "a.csv")
    with shop.db.session() as s:
        buyer_ids = list(s.scalars(select(Message.id).where(Message.sender == "buyer")))
        summaries.drop(s.connection(), rnd.sample(range(1, 71), 8))
    for mid in rnd.sample(buyer_ids, 6):
        shop.reports.set_ad_flag(owner, mid, rnd.random() < 0.5)
    periods = [(FIRST + timedelta(days=a), FIRST + timedelta(days=b)) for a, b in [(0, 0), (1, 2), (0, 4)]]
    fast = [shop.monitoring.extra_figures(owner, d1, d2, slow_threshold_s=60) for d1, d2 in periods]
    monkeypatch.setattr(monitoring, "_whole_hour_shift", lambda *_a: None)
    slow = [shop.monitoring.extra_figures(owner, d1, d2, slow_threshold_s=60) for d1, d2 in periods]
    assert fast == slow
    assert sum(f.shop.turns for f in fast) > 0 and sum(f.shop.slow_responses for f in fast) > 0


def test_import_summaries_keep_fractions_of_a_second(shop, owner, tmp_path):  # type: ignore[no-untyped-def]
    _import(shop, owner, tmp_path, "chats",
            "conversation_id,buyer,agent,sender,sent_at,content\n"
            "f1,b,店:甲,buyer,2026-11-09 10:00:00.123456,在吗\n"
            "f1,b,店:甲,agent,2026-11-09T02:00:07.5Z,在的\n"
            "f1,b,店:甲,buyer,2026-11-09 10:00:09,好的\n"
            "f1,b,店:甲,agent,2026-11-09 10:00:09.000001+08:00,嗯\n", "f.csv")
    imported = _stored(shop)
    with shop.db.session() as s:
        summaries.refresh(s.connection(), [1])
    assert _stored(shop) == imported
    line = imported[1][0]
    assert line[-4:-2] == (2, 2)  # buyer and agent messages
    assert [float(t) for t in line[-2].split()] == [7.376544, 1e-06]


def test_a_live_message_drops_a_stale_summary(demo, tmp_path):  # type: ignore[no-untyped-def]
    """Routing adds a buyer message to an open conversation that has a stored summary (after
    a manual ad flag): the report must count the new message."""
    from app.models.conversations import Conversation
    from app.models.vocabulary import ConversationStatus

    owner = demo.auth.owner_actor()
    with demo.db.session() as s:
        conv = s.scalars(select(Conversation).where(Conversation.status == ConversationStatus.OPEN)).first()
        assert conv is not None
        buyer, conv_id = conv.buyer_nick, conv.id
        first = s.scalars(select(Message).where(Message.conversation_id == conv_id)).first()
    demo.reports.set_ad_flag(owner, first.id, False)  # makes the live conversation a summary
    with demo.db.session() as s:
        assert s.get(ConversationSummary, conv_id) is not None
    result = demo.routing.route(owner, buyer, "还在吗？")
    assert result.continued and result.conversation_id == conv_id
    with demo.db.session() as s:
        assert s.get(ConversationSummary, conv_id) is None  # replayed from now on
