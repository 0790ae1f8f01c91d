"""§4 on hand-made logs, through the pure functions of app.services.reporting.metrics."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.services.reporting.metrics import (
    MsgRow,
    Turn,
    compute_report,
    conversation_turns,
    iter_turns,
)

T0 = datetime(2026, 11, 11, 1, 0, tzinfo=UTC)
START = datetime(2026, 11, 10, 16, 0, tzinfo=UTC)  # 2026-11-11 00:00 Asia/Shanghai
END = START + timedelta(days=1)


def t(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


_seq = iter(range(1, 10**9))


def m(conv: str, sender: str, secs: float, agent: str | None = "A", buyer: str = "b1",
      ad: bool = False) -> MsgRow:
    return MsgRow(conv, sender, buyer, agent, t(secs), ad, next(_seq))


def report(rows, orders=(), ratings=None, start=START, end=END, agents=None):  # type: ignore[no-untyped-def]
    rows = sorted(rows, key=lambda r: (r.conversation_id, r.sent_at, r.seq))
    lines, shop = compute_report(rows, orders, ratings or {}, start, end, agents=agents)
    return {f.agent: f for f in lines}, shop


def test_simple_turns_and_means():
    by, shop = report([
        m("c1", "buyer", 0), m("c1", "buyer", 5), m("c1", "agent", 30),
        m("c1", "buyer", 100), m("c1", "agent", 110),
        m("c1", "buyer", 200),  # unanswered
    ])
    a = by["A"]
    assert a.consulted == 1 and a.replied == 1 and a.reply_rate == 1.0
    assert a.avg_response_s == pytest.approx(20.0)  # (30 + 10) / 2
    assert isinstance(a.avg_response_s, float)
    assert a.avg_first_response_s == 30.0
    assert a.unanswered_turns == 1
    assert shop.avg_response_s == a.avg_response_s and shop.unanswered_turns == 1


def test_ties_are_broken_by_import_order():
    # Buyer and agent at the same second: the agent row imported first does not answer.
    rows = [
        MsgRow("c1", "agent", "b1", "A", t(0), False, 1),
        MsgRow("c1", "buyer", "b1", "A", t(0), False, 2),
        MsgRow("c1", "agent", "b1", "A", t(0), False, 3),
    ]
    turns = list(iter_turns(rows))
    assert turns == [Turn("c1", "b1", t(0), "A", t(0), "A", 0)]
    assert turns[0].response_s == 0.0
    by, _shop = report(rows)
    assert by["A"].replied == 1 and by["A"].avg_response_s == 0.0
    # The other way round: the reply comes first, so the buyer never gets an answer.
    rows2 = [
        MsgRow("c2", "agent", "b1", "A", t(0), False, 1),
        MsgRow("c2", "buyer", "b1", "A", t(0), False, 2),
    ]
    by2, _ = report(rows2)
    assert by2["A"].replied == 0 and by2["A"].unanswered_turns == 1


def test_auto_and_system_never_answer_start_or_end_turns():
    by, shop = report([
        m("c1", "auto", 0),
        m("c1", "buyer", 10), m("c1", "auto", 11), m("c1", "system", 12, agent=""),
        m("c1", "buyer", 20), m("c1", "agent", 70),
        m("c1", "auto", 80),
    ])
    a = by["A"]
    assert a.avg_response_s == 60.0 and a.unanswered_turns == 0
    assert a.avg_first_response_s == 60.0
    # auto-only conversation: nobody consulted, no turn
    by, shop = report([m("c9", "auto", 0), m("c9", "auto", 5)])
    assert by["A"].consulted == 0 and by["A"].avg_response_s is None
    assert shop.consulted == 0 and shop.reply_rate is None


def test_transfer_attribution():
    rows = [
        m("c1", "buyer", 0, agent="A"),
        m("c1", "system", 5, agent=""),
        m("c1", "agent", 50, agent="B"),  # B answers the turn started with A
        m("c1", "buyer", 60, agent="B"),  # unanswered, belongs to B
        m("c2", "buyer", 0, agent="A", buyer="b2"),  # unanswered, belongs to A
        m("c2", "buyer", 10, agent="C", buyer="b2"),  # continues the same turn
    ]
    by, shop = report(rows)
    assert by["B"].avg_response_s == 50.0 and by["B"].avg_first_response_s == 50.0
    assert by["A"].avg_response_s is None and by["A"].avg_first_response_s is None
    assert by["A"].unanswered_turns == 1  # c2's turn (first buyer row names A)
    assert by["B"].unanswered_turns == 1
    assert by["C"].unanswered_turns == 0
    # consulted: buyer rows attributed to each agent; replied needs that agent's reply
    assert (by["A"].consulted, by["A"].replied) == (2, 0)
    assert (by["B"].consulted, by["B"].replied) == (1, 0)  # B's reply came before b1's row to B
    assert (by["C"].consulted, by["C"].replied) == (1, 0)
    assert (shop.consulted, shop.replied) == (2, 1)
    assert shop.unanswered_turns == 2
    assert list(by) == ["A", "B", "C"]


def test_replied_counts_any_conversation_of_the_buyer():
    by, shop = report([
        m("c1", "buyer", 0), m("c2", "agent", 30),  # reply in another conversation
    ])
    assert by["A"].replied == 1
    assert by["A"].unanswered_turns == 1


def test_ad_only_and_mixed_conversations():
    rows = [
        m("ad", "buyer", 0, ad=True, buyer="spam"),
        m("ad", "buyer", 5, ad=True, buyer="spam", agent="B"),
        m("mix", "buyer", 0, ad=True, buyer="b2"),
        m("mix", "buyer", 10, buyer="b2"),
        m("mix", "agent", 40, buyer="b2"),
        m("mix", "buyer", 45, ad=True, buyer="b2"),  # ignored: does not start a turn
    ]
    by, shop = report(rows, ratings={"ad": 5, "mix": 1})
    assert by["B"].ad_conversations == 1 and by["A"].ad_conversations == 0
    assert shop.ad_conversations == 1
    assert by["A"].consulted == 1  # spam buyer never consulted
    assert by["A"].avg_response_s == 30.0 and by["A"].unanswered_turns == 0
    assert by["A"].rated == 1 and by["A"].satisfaction_rate == 0.0
    assert by["B"].rated == 0 and by["B"].consulted == 0  # ad conversation's rating ignored
    assert shop.rated == 1 and shop.satisfaction_rate == 0.0
    assert by["B"].reply_rate is None


def test_orders_inside_and_outside_24h():
    rows = [
        m("c1", "buyer", 0, buyer="b1"), m("c1", "agent", 10, buyer="b1"),
        m("c2", "buyer", 0, buyer="b2"),
        m("c3", "buyer", 0, buyer="b3"),
        m("c4", "buyer", 0, buyer="b4"),
    ]
    orders = [
        ("b1", t(3600)),  # within 24 h
        ("b2", t(-60)),  # before the first message
        ("b3", t(86400 + 1)),  # more than 24 h later (also outside the period)
        ("b4", t(86400)),  # exactly 24 h later, but after the period end → ignored
    ]
    wide_end = END + timedelta(days=2)
    by, shop = report(rows, orders=orders, end=wide_end)
    assert by["A"].ordered == 2 and by["A"].lost == 2  # b1, b4
    assert by["A"].conversion_rate == 0.5
    by, shop = report(rows, orders=orders)  # one-day period: b4's order is outside it
    assert by["A"].ordered == 1 and shop.ordered == 1 and shop.lost == 3


def test_ratings_satisfaction_by_handling_agent():
    rows = [
        m("c1", "buyer", 0, agent="A"), m("c1", "agent", 5, agent="A"),
        m("c1", "system", 6, agent="B"),  # transferred: last row naming an agent is B's
        m("c2", "buyer", 0, agent="A", buyer="b2"),
        m("c3", "buyer", 0, agent="A", buyer="b3"),
    ]
    by, shop = report(rows, ratings={"c1": 5, "c2": 4, "c3": 3, "gone": 5})
    assert by["B"].rated == 1 and by["B"].satisfaction_rate == 1.0
    assert by["A"].rated == 2 and by["A"].satisfaction_rate == 0.5
    assert shop.rated == 3 and shop.satisfaction_rate == pytest.approx(2 / 3)


def test_period_cuts_conversations():
    start = T0 + timedelta(seconds=100)
    end = T0 + timedelta(seconds=1000)
    rows = [
        m("c1", "buyer", 50),  # before the period: ignored
        m("c1", "agent", 150),  # in period, but no in-period turn to answer
        m("c1", "buyer", 900), m("c1", "agent", 1100),  # answer after the end → unanswered
        m("c2", "agent", 2000, agent="Z"),  # outside: Z gets no line
    ]
    by, shop = report(rows, start=start, end=end)
    assert set(by) == {"A"}
    assert by["A"].consulted == 1 and by["A"].replied == 0
    assert by["A"].unanswered_turns == 1 and by["A"].avg_response_s is None


def test_first_response_only_when_first_turn_answered():
    rows = [
        m("c1", "buyer", 0), m("c1", "buyer", 10, agent="B"),  # first turn: unanswered? no—
        m("c1", "agent", 40, agent="B"),  # answered by B after 40 s
        m("c2", "buyer", 0, buyer="b2"),
        m("c2", "agent", 20, agent="A", buyer="b2"),
        m("c2", "buyer", 30, buyer="b2"), m("c2", "agent", 100, buyer="b2"),
    ]
    by, shop = report(rows)
    assert by["B"].avg_first_response_s == 40.0
    assert by["A"].avg_first_response_s == 20.0
    assert by["A"].avg_response_s == pytest.approx(45.0)  # (20 + 70) / 2
    assert shop.avg_first_response_s == 30.0


def test_agent_filter_and_sorting_by_code_point():
    rows = [m("c1", "buyer", 0, agent="小店:b"), m("c2", "buyer", 0, agent="小店:B"),
            m("c3", "buyer", 0, agent="Z")]
    by, shop = report(rows)
    assert list(by) == ["Z", "小店:B", "小店:b"]
    by, shop2 = report(rows, agents={"Z"})
    assert list(by) == ["Z"] and shop2 == shop


def test_conversation_turns_index():
    rows = [m("c", "buyer", 0), m("c", "agent", 1), m("c", "buyer", 2)]
    turns = conversation_turns(rows)
    assert [x.index for x in turns] == [0, 1]
    assert turns[1].answered is False and turns[1].response_s is None
    assert turns[1].agent == "A"


def test_float_times_give_the_same_figures_as_datetimes():
    import random

    rnd = random.Random(5)
    rows = []
    for i in range(400):
        conv = f"c{rnd.randrange(30)}"
        at = t(rnd.randrange(0, 80000) + rnd.randrange(1_000_000) / 1e6)
        rows.append(MsgRow(conv, rnd.choice(["buyer", "buyer", "agent", "auto"]),
                           f"b{rnd.randrange(10)}", rnd.choice("ABC"), at, rnd.random() < 0.1, i))
    rows.sort(key=lambda r: (r.conversation_id, r.sent_at, r.seq))
    orders = [(f"b{i}", t(3600 * i + 0.5)) for i in range(10)]
    ratings = {f"c{i}": i % 5 + 1 for i in range(30)}
    by_dt = compute_report(rows, orders, ratings, START, END)
    as_float = [r._replace(sent_at=r.sent_at.timestamp()) for r in rows]
    by_f = compute_report(as_float, [(b, at.timestamp()) for b, at in orders], ratings,
                          START.timestamp(), END.timestamp())
    assert by_f == by_dt


def test_one_catalogue_per_metric() -> None:
    """Every metric is declared once (reporting.catalogue); the report's fields, the export
    headings, the monitoring table's columns and tooltips all come from it (issue 9)."""
    from dataclasses import fields

    from app.services.reporting import catalogue, exports
    from app.services.reporting.extras import AgentExtras
    from app.services.reporting.metrics import FIELDS, AgentFigures

    assert FIELDS == catalogue.REPORT_KEYS
    assert set(catalogue.REPORT_KEYS) == {f.name for f in fields(AgentFigures)} - {"agent"}
    assert set(catalogue.EXTRA_KEYS) <= {f.name for f in fields(AgentExtras)}
    assert {"slow_responses", "quick_reply_rate", "answer_ratio"} == set(catalogue.EXTRA_KEYS)
    header = exports.report_header()
    assert header[1:] == [m.title(unit=True) for m in catalogue.EXPORTED]
    assert len(header) == 1 + len(catalogue.METRICS)
    for m in catalogue.METRICS:
        assert m.label and m.tooltip and m.ref and m.kind in ("count", "rate", "seconds", "ratio")

