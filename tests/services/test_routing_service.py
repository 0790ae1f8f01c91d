"""RoutingService over a real database (SQLite, and PostgreSQL when TEST_PG_URL is set)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.models.accounts import Account
from app.models.conversations import Conversation, Message
from app.models.routing import PresenceEvent, RoutingDecision, RoutingGroup
from app.models.vocabulary import Sender
from app.services.accounts.permissions import Actor
from app.services.common.errors import Conflict, PermissionDenied, ValidationError
from app.services.routing.handover import release_agent

pytestmark = pytest.mark.db


def add_agents(services, *names: str, takes_routing: bool = True) -> list[int]:  # type: ignore[no-untyped-def]
    ids = []
    with services.db.session() as s:
        for name in names:
            account = Account(kind="sub", nick=f"测试小店:{name}", status="active", takes_routing=takes_routing,
                              verified_at=datetime.now(UTC))
            s.add(account)
            s.flush()
            ids.append(account.id)
    return ids


def groups(services) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with services.db.session() as s:
        return {g.preset_key or g.name: g.id for g in s.scalars(select(RoutingGroup))}


@pytest.fixture
def team(shop, owner):  # type: ignore[no-untyped-def]
    """小美, 阿杰 in 售前 (capacity 2), 丽丽 in 售后 (capacity 1), all online."""
    ids = add_agents(shop, "小美", "阿杰", "丽丽")
    g = groups(shop)
    shop.routing.set_member(owner, ids[0], g["presales"], capacity=2)
    shop.routing.set_member(owner, ids[1], g["presales"], capacity=2)
    shop.routing.set_member(owner, ids[2], g["aftersales"], capacity=1)
    for i in ids:
        shop.routing.set_presence(owner, i, "online")
    return ids


def test_route_writes_conversation_message_and_reason(shop, owner, team) -> None:
    r = shop.routing.route(owner, "买家甲", "我要退款", entry_page="商品A")
    assert r.outcome == "assigned" and r.agent_id == team[2] and r.group_name == "售后"
    assert r.reason == "关键词“退款” → 售后组 → 平均分配 → 丽丽 (1/1)"
    with shop.db.session() as s:
        conv = s.get(Conversation, r.conversation_id)
        assert conv is not None
        assert (conv.status, conv.agent_id, conv.source, conv.entry_page) == ("open", team[2], "live", "商品A")
        assert conv.assigned_at is not None
        decision = s.scalars(select(RoutingDecision)).one()
        assert decision.reason == r.reason and decision.outcome == "assigned"
        assert s.scalar(select(func.count()).select_from(Message)) == 1


def test_queue_drains_fifo_when_capacity_frees(shop, owner, team) -> None:
    first = shop.routing.route(owner, "买家1", "退款")
    q1 = shop.routing.route(owner, "买家2", "退货")
    q2 = shop.routing.route(owner, "买家3", "换货")
    assert (q1.outcome, q1.queue_position, q2.queue_position) == ("queued", 1, 2)
    assert shop.routing.queue_size(owner) == 2
    drained = shop.routing.close(owner, first.conversation_id)
    assert [d.conversation_id for d in drained] == [q1.conversation_id]
    assert drained[0].agent_id == team[2] and drained[0].reason.startswith("排队出队")
    drained = shop.routing.close(owner, q1.conversation_id)
    assert [d.conversation_id for d in drained] == [q2.conversation_id]
    assert shop.routing.queue_size(owner) == 0


def test_nobody_online_goes_to_proxy_with_auto_reply(shop, owner) -> None:
    add_agents(shop, "小美")
    r = shop.routing.route(owner, "买家", "在吗")
    assert r.outcome == "proxy" and r.agent_id == owner.account_id
    assert r.auto_reply and "不在线" in r.auto_reply
    with shop.db.session() as s:
        auto = s.scalars(select(Message).where(Message.sender == Sender.AUTO)).one()
        assert auto.conversation_id == r.conversation_id
    assert not shop.routing.shop_light(owner).lit


def test_going_offline_reroutes_open_conversations(shop, owner, team) -> None:
    a = shop.routing.route(owner, "买家1", "在吗")
    b = shop.routing.route(owner, "买家2", "在吗")
    assert {a.agent_id, b.agent_id} == {team[0], team[1]}
    moved = shop.routing.set_presence(owner, team[0], "offline")
    assert len(moved) == 1 and moved[0].agent_id == team[1] and "重新分流" in moved[0].reason
    with shop.db.session() as s:
        assert s.scalar(select(func.count()).select_from(PresenceEvent).where(PresenceEvent.status == "offline")) == 1


def test_release_agent_on_freeze_reroutes_inside_the_callers_unit(shop, owner, team) -> None:
    a = shop.routing.route(owner, "买家1", "在吗")
    with shop.db.session() as s:
        s.get(Account, a.agent_id).status = "frozen"
        assert release_agent(s, a.agent_id) == 1
    with shop.db.session() as s:
        conv = s.get(Conversation, a.conversation_id)
        assert conv.status == "open" and conv.agent_id not in (None, a.agent_id)
    # the console's cached state noticed the freeze
    for i in range(4):
        r = shop.routing.route(owner, f"新买家{i}", "在吗")
        assert r.agent_id != a.agent_id


def test_release_agent_hands_over_when_asked(shop, owner, team) -> None:
    a = shop.routing.route(owner, "买家1", "在吗")
    with shop.db.session() as s:
        assert release_agent(s, a.agent_id, handover_to=team[2]) == 1
    with shop.db.session() as s:
        assert s.get(Conversation, a.conversation_id).agent_id == team[2]


def test_returning_buyer_goes_back_to_last_agent(shop, owner, team) -> None:
    first = shop.routing.route(owner, "老顾客", "在吗")
    shop.routing.close(owner, first.conversation_id)
    shop.routing.route(owner, "别人", "在吗")  # the other agent is now less idle
    again = shop.routing.route(owner, "老顾客", "还在吗")
    assert again.agent_id == first.agent_id and again.reason.startswith("熟客")
    shop.routing.update_settings(owner, returning_window_hours=0)
    shop.routing.close(owner, again.conversation_id)
    later = shop.routing.try_route(owner, "在吗", buyer_nick="老顾客", now=datetime.now(UTC) + timedelta(hours=1))
    assert not later.reason.startswith("熟客")


def test_message_in_open_conversation_joins_it(shop, owner, team) -> None:
    a = shop.routing.route(owner, "买家", "在吗")
    b = shop.routing.route(owner, "买家", "有货吗")
    assert b.continued and b.conversation_id == a.conversation_id and b.agent_id == a.agent_id


def test_try_route_explains_without_writing(shop, owner, team) -> None:
    r = shop.routing.try_route(owner, "物流怎么还没到", "")
    assert r.agent_id == team[2] and "关键词“物流”" in r.reason and r.conversation_id is None
    with shop.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Conversation)) == 0


def test_state_survives_a_restart(shop, owner, team, db_url, keyring_backend) -> None:
    from app.services.accounts.credentials import CredentialStore
    from app.services.container import Services

    shop.routing.route(owner, "买家1", "退款")
    queued = shop.routing.route(owner, "买家2", "退款")
    assert queued.outcome == "queued"
    other = Services.open(db_url, CredentialStore(keyring_backend))
    try:
        r = other.routing.route(owner, "买家3", "退款")
        assert r.outcome == "queued" and r.queue_position == 2
        light = other.routing.shop_light(owner)
        assert light.lit
        # the first console sees the second console's write
        assert shop.routing.route(owner, "买家4", "退款").queue_position == 3
    finally:
        other.close()


def test_bad_configuration_is_refused(shop, owner, team) -> None:
    g = groups(shop)
    routing = shop.routing
    with pytest.raises(ValidationError, match="接待上限"):
        routing.set_member(owner, team[0], g["presales"], capacity=0)
    with pytest.raises(ValidationError, match="接待上限"):
        routing.set_member(owner, team[0], g["presales"], capacity=-3)
    with pytest.raises(ValidationError, match="权重"):
        routing.set_member(owner, team[0], g["presales"], weight=0)
    with pytest.raises(ValidationError, match="分组不存在"):
        routing.add_rule(owner, "keyword", "发票", 9999)
    custom = routing.create_group(owner, "大客户")
    routing.add_rule(owner, "tag", "VIP", custom)
    with pytest.raises(Conflict, match="规则"):
        routing.delete_group(owner, custom)
    with pytest.raises(ValidationError, match="未知的分流方式"):
        routing.update_group(owner, custom, mode="random")
    with pytest.raises(ValidationError, match="规则内容"):
        routing.add_rule(owner, "keyword", " , ", custom)
    with shop.db.session() as s:
        s.get(Account, team[1]).status = "frozen"
    with pytest.raises(ValidationError, match="代理账号"):
        routing.update_settings(owner, proxy_account_id=team[1])
    with pytest.raises(ValidationError, match="备用客服"):
        routing.update_group(owner, g["aftersales"], backup_agent_id=team[1])
    with pytest.raises(Conflict):
        routing.delete_group(owner, g["presales"])


def test_config_needs_routing_permission(shop, owner, team) -> None:
    agent = Actor(account_id=team[0], nick="测试小店:小美", is_main=False, permissions=frozenset({"cs.reception"}))
    with pytest.raises(PermissionDenied):
        shop.routing.create_group(agent, "新组")
    with pytest.raises(PermissionDenied):
        shop.routing.set_presence(agent, team[1], "offline")
    shop.routing.set_presence(agent, team[0], "suspended")  # one's own presence is fine
    nobody = Actor(account_id=team[1], nick="x", is_main=False, permissions=frozenset())
    with pytest.raises(PermissionDenied):
        shop.routing.set_presence(nobody, team[1], "online")


def test_groups_members_rules_and_settings_round_trip(shop, owner, team) -> None:
    routing = shop.routing
    vip = routing.create_group(owner, "VIP专席", mode="weighted")
    routing.set_member(owner, team[1], vip, weight=3, capacity=4)  # move 阿杰
    rule = routing.add_rule(owner, "tag", "VIP", vip)
    routing.update_group(owner, vip, overflow_group_id=groups(shop)["presales"])
    routing.update_settings(owner, auto_reply="稍后回复", mobile_routing=False, proxy_account_id=team[0])
    o = routing.overview(owner)
    row = next(m for m in o.members if m.account_id == team[1])
    assert (row.group_id, row.weight, row.capacity) == (vip, 3, 4)
    assert any(r.id == rule and r.group_name == "VIP专席" for r in o.rules)
    assert o.settings.auto_reply == "稍后回复" and not o.settings.mobile_routing
    assert o.settings.proxy_account_id == team[0]
    assert next(g for g in o.groups if g.id == vip).overflow_name == "售前"
    r = routing.route(owner, "大客户", "在吗", tags=["VIP"])
    assert r.agent_id == team[1] and r.reason.startswith("人群“VIP”")
    routing.update_rule(owner, rule, enabled=False)
    assert routing.try_route(owner, "在吗", tags=["VIP"]).group_id != vip
    routing.delete_rule(owner, rule)
    routing.remove_member(owner, team[1])
    routing.delete_group(owner, vip)
    assert all(g.id != vip for g in routing.overview(owner).groups)


def test_mobile_routing(shop, owner, team) -> None:
    shop.routing.set_presence(owner, team[2], "online", device="mobile")
    assert shop.routing.try_route(owner, "退款").agent_id == team[2]
    shop.routing.update_settings(owner, mobile_routing=False)
    assert shop.routing.try_route(owner, "退款").agent_id != team[2]


def test_shop_light_per_group(shop, owner, team) -> None:
    light = shop.routing.shop_light(owner)
    assert light.lit and all(lit for _id, _name, lit in light.groups)
    shop.routing.set_presence(owner, team[2], "offline")
    light = dict((name, lit) for _id, name, lit in shop.routing.shop_light(owner).groups)
    assert light == {"售前": True, "售后": False}


def test_reasons_translate(shop, owner, team) -> None:
    from app.i18n import set_language

    set_language("en")
    r = shop.routing.try_route(owner, "我要退款")
    assert "→" in r.reason and "关键词" not in r.reason


def test_cached_state_is_checked_against_direct_changes(shop, owner, team) -> None:
    """Another module changes presence or 参与分流 without telling routing: the chosen agent is
    re-checked against the database before anything is written."""
    from app.models.routing import AgentPresence

    shop.routing.route(owner, "热身", "在吗")  # the console now has a cached state
    with shop.db.session() as s:
        s.get(AgentPresence, team[0]).status = "offline"
        s.get(Account, team[1]).takes_routing = False
    r = shop.routing.route(owner, "买家", "在吗")
    assert r.agent_id not in (team[0], team[1])


def test_periodic_reread_keeps_last_assignments_equal_to_the_database(shop, owner, team) -> None:
    """The cached state's re-read (clock in step) carries the console's own last assignments
    instead of re-reading every conversation; they must equal what a fresh load computes,
    also with instants out of order and after another console (a second service) routed."""
    from app.services.routing.service import RoutingService, load_state

    t0 = datetime(2026, 11, 11, 0, 0, tzinfo=UTC)
    routing = shop.routing
    a = routing.route(owner, "买家1", "在吗", now=t0 + timedelta(seconds=30))
    routing.route(owner, "买家2", "在吗", now=t0 + timedelta(seconds=10))  # earlier instant, later call
    routing.close(owner, a.conversation_id, now=t0 + timedelta(seconds=40))
    other = RoutingService(shop.db)  # another console routes in between: a full re-read
    other.route(owner, "买家3", "退款", now=t0 + timedelta(seconds=50))
    for step in range(3):
        routing._loaded_at = 0.0  # the cache is old: re-read it (in step with the clock from step 1)
        routing.route(owner, f"买家{10 + step}", "在吗", now=t0 + timedelta(seconds=60 + step))
        with shop.db.session() as s:
            truth = {k: v.last_assigned for k, v in load_state(s).agents.items()}
        cached = routing._state
        assert cached is not None
        assert {k: v.last_assigned for k, v in cached.agents.items()} == truth
