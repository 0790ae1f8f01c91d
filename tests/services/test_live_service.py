"""The live shop's conversation service over a real database (SQLite, and PostgreSQL when
TEST_PG_URL is set): events applied as `ingest`, the simulator and the workbench apply them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.models.accounts import Account
from app.models.conversations import Conversation, Message
from app.models.live import LiveEventId, Transfer
from app.models.routing import RoutingGroup
from app.services.common.errors import PermissionDenied, ValidationError
from app.services.live.autoreplies import AutoReplyRow
from app.services.live.events import EventError, LiveEvent

pytestmark = pytest.mark.db

T0 = datetime(2026, 11, 11, 2, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def add_agent(services, name: str) -> int:  # type: ignore[no-untyped-def]
    with services.db.session() as s:
        account = Account(kind="sub", nick=f"测试小店:{name}", status="active", takes_routing=True,
                          verified_at=T0)
        s.add(account)
        s.flush()
        return account.id


@pytest.fixture
def team(shop, owner):  # type: ignore[no-untyped-def]
    """小美 and 阿杰 in 售前 (capacity 1 each), online at T0."""
    with shop.db.session() as s:
        presales = s.scalars(select(RoutingGroup).where(RoutingGroup.preset_key == "presales")).one().id
    ids = [add_agent(shop, "小美"), add_agent(shop, "阿杰")]
    for i in ids:
        shop.routing.set_member(owner, i, presales, capacity=1)
    for name in ("小美", "阿杰"):
        shop.live.apply(owner, LiveEvent("presence", at(0), agent=f"测试小店:{name}", status="online"))
    return ids


def buyer(shop, owner, nick: str, text: str, t: float, **kw):  # type: ignore[no-untyped-def]
    return shop.live.apply(owner, LiveEvent("message", at(t), buyer=nick, sender="buyer", text=text, **kw))


def conv(shop, cid: int) -> Conversation:  # type: ignore[no-untyped-def]
    with shop.db.session() as s:
        found = s.get(Conversation, cid)
        assert found is not None
        return found


def test_buyer_opens_agent_replies_and_closes(shop, owner, team) -> None:
    shop.live.set_auto_replies(owner, [AutoReplyRow("welcome", "您好{买家}，我是{客服}，{店铺}为您服务", True)])
    a = buyer(shop, owner, "买家甲", "在吗", 10)
    assert a.outcome == "assigned"
    again = buyer(shop, owner, "买家甲", "这个有货吗", 20)
    assert again.outcome == "continued" and again.conversation_id == a.conversation_id
    reply = LiveEvent("message", at(30), buyer="买家甲", sender="agent", text="有的")
    shop.live.apply(owner, reply)
    with shop.db.session() as s:
        texts = [(m.sender, m.content) for m in s.scalars(
            select(Message).where(Message.conversation_id == a.conversation_id).order_by(Message.id))]
    holder = "小美" if a.agent_id == team[0] else "阿杰"
    assert texts == [("buyer", "在吗"), ("auto", f"您好买家甲，我是{holder}，测试小店为您服务"),
                     ("buyer", "这个有货吗"), ("agent", "有的")]
    shop.live.apply(owner, LiveEvent("close", at(40), buyer="买家甲"))
    c = conv(shop, a.conversation_id)  # type: ignore[arg-type]
    assert c.status == "closed" and c.closed_at == at(40)


def test_queue_drains_first_in_first_out_when_a_conversation_closes(shop, owner, team) -> None:
    shop.live.set_auto_replies(owner, [AutoReplyRow("queued", "前面还有人，请稍等", True)])
    first, second = buyer(shop, owner, "甲", "在吗", 1), buyer(shop, owner, "乙", "在吗", 2)
    q1, q2 = buyer(shop, owner, "丙", "在吗", 3), buyer(shop, owner, "丁", "在吗", 4)
    assert [r.outcome for r in (first, second, q1, q2)] == ["assigned", "assigned", "queued", "queued"]
    with pytest.raises(EventError, match="排队"):
        shop.live.apply(owner, LiveEvent("message", at(5), buyer="丙", sender="agent", text="你好"))
    shop.live.apply(owner, LiveEvent("close", at(6), buyer="甲"))
    assert conv(shop, q1.conversation_id).status == "open"  # type: ignore[arg-type]
    assert conv(shop, q2.conversation_id).status == "queued"  # type: ignore[arg-type]
    with shop.db.session() as s:
        autos = s.scalar(select(func.count()).select_from(Message).where(Message.sender == "auto"))
    assert autos == 2


def test_idle_conversations_close_at_last_message_plus_timeout_before_the_next_event(shop, owner, team) -> None:
    a = buyer(shop, owner, "甲", "在吗", 0)
    buyer(shop, owner, "乙", "在吗", 60)
    q = buyer(shop, owner, "丙", "在吗", 120)
    assert q.outcome == "queued"
    buyer(shop, owner, "丁", "在吗", 30 * 60 + 30)  # 甲 closed at 30:00, 丙 drained to its agent then
    c = conv(shop, a.conversation_id)  # type: ignore[arg-type]
    assert c.status == "closed" and c.closed_at == at(30 * 60)
    drained = conv(shop, q.conversation_id)  # type: ignore[arg-type]
    assert drained.status == "open" and drained.assigned_at == at(30 * 60)


def test_transfer_to_agent_with_note_the_receiver_sees(shop, owner, team) -> None:
    a = buyer(shop, owner, "甲", "我要退货", 1)
    other = [n for i, n in zip(team, ("小美", "阿杰"), strict=True) if i != a.agent_id][0]
    done = shop.live.apply(owner, LiveEvent("transfer", at(2), buyer="甲", to=f"测试小店:{other}", note="老客户，优先"))
    assert done.agent_id != a.agent_id
    t = shop.live.transcript(owner, a.conversation_id)  # type: ignore[arg-type]
    assert t.conversation.agent == other
    assert [(x.to_agent, x.note) for x in t.transfers] == [(other, "老客户，优先")]
    assert "老客户，优先" in t.messages[-1].content and t.messages[-1].sender == "system"
    buyer(shop, owner, "乙", "在吗", 3)  # goes to the agent 甲 left
    with pytest.raises(EventError, match="已满"):  # the receiver holds 甲 (capacity 1)
        shop.live.apply(owner, LiveEvent("transfer", at(4), buyer="乙", to=f"测试小店:{other}"))


def test_presence_offline_reroutes_and_rejections_change_nothing(shop, owner, team) -> None:
    a = buyer(shop, owner, "甲", "在吗", 1)
    holder = "小美" if a.agent_id == team[0] else "阿杰"
    shop.live.apply(owner, LiveEvent("presence", at(2), agent=f"测试小店:{holder}", status="offline"))
    moved = conv(shop, a.conversation_id)  # type: ignore[arg-type]
    assert moved.agent_id != a.agent_id and moved.status == "open"
    with pytest.raises(EventError):  # earlier than the newest stored event
        buyer(shop, owner, "乙", "在吗", 1)
    with pytest.raises(EventError):
        shop.live.apply(owner, LiveEvent("close", at(3), buyer="没人", id="x1"))
    with shop.db.session() as s:
        assert s.scalar(select(func.count()).select_from(LiveEventId)) == 0  # a rejected id is forgotten
    first = shop.live.apply(owner, LiveEvent("close", at(3), buyer="甲", id="x1"))
    again = shop.live.apply(owner, LiveEvent("close", at(3), buyer="甲", id="x1"))
    assert (first.skipped, again.skipped) == (False, True)


def test_quick_phrases_fill_variables_and_count_uses(shop, owner, team) -> None:
    a = buyer(shop, owner, "买家甲", "在吗", 1)
    pid = shop.live.save_phrase(owner, personal=False, category="问候", code="hi", content="{买家}您好，{店铺}的{客服}在")
    assert shop.live.phrases(owner, "/hi")[0].id == pid
    text = shop.live.use_phrase(owner, pid, a.conversation_id)
    assert text.startswith("买家甲您好，测试小店的") and "{" not in text
    assert shop.live.phrases(owner)[0].uses == 1
    with pytest.raises(ValidationError):
        shop.live.save_phrase(owner, content="  ")


def test_agent_sees_only_own_conversations(shop, owner, team) -> None:
    from app.services.accounts.permissions import Actor

    a = buyer(shop, owner, "甲", "在吗", 1)
    agent = Actor(a.agent_id, "测试小店:x", False, frozenset({"cs.reception"}))  # type: ignore[arg-type]
    rows = shop.live.my_conversations(agent)
    assert [r.id for r in rows] == [a.conversation_id] and rows[0].waiting_since == at(1)
    with pytest.raises(PermissionDenied):
        shop.live.my_conversations(agent, agent_id=0)
    with shop.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Transfer)) == 0


def test_auto_replies_in_the_shop_setup_file(shop, owner, team) -> None:
    shop.live.set_auto_replies(owner, [AutoReplyRow("welcome", "您好{买家}", True),
                                       AutoReplyRow("queued", "请稍等", False)])
    doc = shop.shopfile.export(owner)
    assert doc["auto_replies"] == [{"kind": "welcome", "text": "您好{买家}", "enabled": True, "group": None},
                                   {"kind": "queued", "text": "请稍等", "enabled": False, "group": None}]
    import json

    doc["auto_replies"] = [{"kind": "welcome", "text": "欢迎光临", "group": "售前"},
                           {"kind": "queued", "text": "请稍等", "enabled": True}]
    result = shop.shopfile.apply(owner, json.dumps(doc, ensure_ascii=False))
    assert (result.added, result.changed) == (1, 1)
    assert shop.shopfile.apply(owner, json.dumps(doc, ensure_ascii=False)).changed == 0  # idempotent
    rows = {(r.kind, r.group_id is not None): (r.content, r.enabled) for r in shop.live.auto_replies(owner)}
    assert rows == {("welcome", False): ("您好{买家}", True), ("queued", False): ("请稍等", True),
                    ("welcome", True): ("欢迎光临", True)}
    doc["auto_replies"] = [{"kind": "goodbye", "text": "x"}, {"kind": "welcome", "text": "x", "group": "无此组"}]
    with pytest.raises(ValidationError) as refused:
        shop.shopfile.apply(owner, json.dumps(doc, ensure_ascii=False))
    assert any(line.startswith("auto_replies[0].kind") for line in refused.value.details)
    assert any(line.startswith("auto_replies[1].group") for line in refused.value.details)
