"""Reports from the per-day figures equal a full replay of every message (§4), for random
logs whose conversations run over shop midnights, random periods of whole days, manual ad
flags flipped both ways, overlapping re-imports and orders imported later; and each day of
the daily trend equals the report of that day alone."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from app.models.conversations import Conversation, Message, Order
from app.services.common.timeparse import period_bounds, shop_zone
from app.services.conversations import summaries
from tests.services.test_summaries import _raw_report, _same

FIRST = date(2026, 11, 9)
DAYS = 5
AGENTS = ["店:甲", "店:乙", "店:丙"]
BUYERS = [f"买家{i}" for i in range(5)]


def _log(rnd: random.Random, convs: range) -> str:
    """Chats whose conversations often cross midnight (gaps up to a day and a half)."""
    lines = ["会话ID,买家,客服,发送方,时间,内容"]
    for c in convs:
        buyer, agent = rnd.choice(BUYERS), rnd.choice(AGENTS)
        t = rnd.randint(0, DAYS * 86400 - 1)
        for _ in range(rnd.randint(1, 8)):
            sender = rnd.choice(["buyer", "buyer", "agent", "agent", "auto", "system"])
            if sender == "system" and rnd.random() < 0.5:
                agent = rnd.choice(AGENTS)
            text = "加微信 wx123 兼职刷单日结" if sender == "buyer" and rnd.random() < 0.2 else f"m{t}"
            day = FIRST + timedelta(days=t // 86400)
            stamp = f"{day.isoformat()} {t % 86400 // 3600:02d}:{t % 3600 // 60:02d}:{t % 60:02d}"
            lines.append(f"c{c},{buyer},{agent if sender != 'system' else ''},{sender},{stamp},{text}")
            t += rnd.choice([0, 1, 30, 600, 3600, 40000, 100000])
    return "\n".join(lines) + "\n"


def _import(services, owner, tmp_path, kind: str, text: str) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / f"{kind}.csv"
    p.write_text(text, encoding="utf-8")
    services.imports.import_file(owner, kind, p)


def _fill(services, owner, tmp_path, seed: int) -> None:  # type: ignore[no-untyped-def]
    rnd = random.Random(seed)
    with services.db.session() as s:  # a fresh log (the per-day figures follow, as they must)
        s.execute(delete(Conversation))
        s.execute(delete(Order))
        summaries.refresh_buyers(s.connection(), None)
        summaries.refresh_agent_days(s.connection(), None)
    _import(services, owner, tmp_path, "chats", _log(rnd, range(0, 25)))
    orders = ["order_id,buyer,paid_at,amount"] + [
        f"O{i},{rnd.choice(BUYERS)},{FIRST + timedelta(days=rnd.randint(0, DAYS))} "
        f"{rnd.randint(0, 23):02d}:{rnd.randint(0, 59):02d}:00,9.90" for i in range(8)]
    _import(services, owner, tmp_path, "orders", "\n".join(orders) + "\n")
    with services.db.session() as s:
        buyer_ids = list(s.scalars(select(Message.id).where(Message.sender == "buyer")))
    for mid in rnd.sample(buyer_ids, min(6, len(buyer_ids))):
        services.reports.set_ad_flag(owner, mid, rnd.choice([True, False, None]))
    # an overlapping export: more messages for old conversations (dropping their summaries
    # is what live routing does; re-imports refresh them)
    _import(services, owner, tmp_path, "chats", _log(rnd, range(15, 35)))
    ratings = ["conversation_id,rating"] + [f"c{rnd.randrange(35)},{rnd.randint(1, 5)}" for _ in range(12)]
    _import(services, owner, tmp_path, "ratings", "\n".join(ratings) + "\n")


# 1: every refresh of more than one buyer takes the many-buyers path a big import takes
# (on PostgreSQL it streams every buyer but replaces only the ones it was given)
@pytest.mark.parametrize("many_buyers_from", [20_000, 1])
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10**6), spans=st.lists(
    st.tuples(st.integers(0, DAYS), st.integers(0, DAYS)), min_size=2, max_size=4))
def test_any_period_equals_full_replay(shop, owner, tmp_path, monkeypatch, many_buyers_from, seed, spans):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(summaries, "_FULL_REBUILD", many_buyers_from)
    _fill(shop, owner, tmp_path, seed)
    with shop.db.session() as s:
        tz = shop_zone(s)
    # plus a period holding every day there is (no pair's span crosses its edges)
    for a, b in [*spans, (-1, 20)]:
        d1, d2 = FIRST + timedelta(days=min(a, b)), FIRST + timedelta(days=max(a, b))
        got = shop.reports.agent_report(owner, d1, d2)
        want_lines, want_shop = _raw_report(shop, *period_bounds(d1, d2, tz))
        assert [x.agent for x in got.agents] == [x.agent for x in want_lines], (d1, d2)
        for g, w in zip(got.agents, want_lines, strict=True):
            _same(g, w)
        _same(got.shop, want_shop)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10**6))
def test_each_trend_day_equals_that_days_report(shop, owner, tmp_path, seed):  # type: ignore[no-untyped-def]
    _fill(shop, owner, tmp_path, seed)
    last = FIRST + timedelta(days=14)  # past the last message: empty days are listed too
    days = shop.reports.daily_trend(owner, FIRST - timedelta(days=1), last)
    assert [d.date_from for d in days] == [FIRST + timedelta(days=i) for i in range(-1, 15)]
    for day in days:
        alone = shop.reports.agent_report(owner, day.date_from, day.date_from)
        assert [x.agent for x in day.agents] == [x.agent for x in alone.agents], day.date_from
        for g, w in zip(day.agents, alone.agents, strict=True):
            _same(g, w)
        _same(day.shop, alone.shop)
    assert days[0].shop.consulted == 0 and days[-1].shop.consulted == 0


def test_trend_rejects_reversed_and_too_long_periods(shop, owner):  # type: ignore[no-untyped-def]
    from app.services.common.errors import ValidationError

    with pytest.raises(ValidationError):
        shop.reports.daily_trend(owner, FIRST, FIRST - timedelta(days=1))
    with pytest.raises(ValidationError):
        shop.reports.daily_trend(owner, FIRST, FIRST + timedelta(days=400))


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10**6), a=st.integers(0, DAYS), b=st.integers(0, DAYS))
def test_extras_from_day_sums_equal_replay(shop, owner, tmp_path, seed, a, b):  # type: ignore[no-untyped-def]
    """The monitoring extras with the default slow threshold (stored per day) and another
    one equal a replay of every in-period message."""
    from app.services.reporting import monitoring

    _fill(shop, owner, tmp_path, seed)
    d1, d2 = FIRST + timedelta(days=min(a, b)), FIRST + timedelta(days=max(a, b))
    fast = [shop.monitoring.extra_figures(owner, d1, d2), shop.monitoring.extra_figures(owner, d1, d2, slow_threshold_s=30)]
    real = monitoring._whole_hour_shift
    try:
        monitoring._whole_hour_shift = lambda *_a: None  # type: ignore[assignment]
        slow = [shop.monitoring.extra_figures(owner, d1, d2), shop.monitoring.extra_figures(owner, d1, d2, slow_threshold_s=30)]
    finally:
        monitoring._whole_hour_shift = real  # type: ignore[assignment]
    assert fast == slow
