"""Signing in puts a routed agent online (on the right device); signing out of the last
session takes them offline and their open conversations move on."""

from __future__ import annotations

from app.models.conversations import Conversation
from app.models.routing import AgentPresence
from app.services.demo import DEMO_PASSWORD, DEMO_SHOP


def _presence(services, nick):  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from app.models.accounts import Account

    with services.db.session() as s:
        account = s.scalars(select(Account).where(Account.nick == nick)).one()
        p = s.get(AgentPresence, account.id)
        return (p.status, p.device) if p else None


def test_sign_in_and_out_follow_presence(demo) -> None:  # type: ignore[no-untyped-def]
    nick = f"{DEMO_SHOP}:大伟"  # 售后, offline in the demo
    assert _presence(demo, nick)[0] == "offline"
    phone = demo.auth.sign_in(nick, DEMO_PASSWORD, device="mobile")
    assert _presence(demo, nick) == ("online", "mobile")
    desk = demo.auth.sign_in(nick, DEMO_PASSWORD, device="desktop")
    assert _presence(demo, nick) == ("online", "desktop")
    demo.auth.sign_out(desk)
    assert _presence(demo, nick) == ("online", "mobile")
    demo.auth.sign_out(phone)
    assert _presence(demo, nick)[0] == "offline"


def test_signing_out_moves_open_conversations_on(demo) -> None:  # type: ignore[no-untyped-def]
    owner = demo.auth.owner_actor()
    nick = f"{DEMO_SHOP}:丽丽"  # 售后, online
    actor = demo.auth.sign_in(nick, DEMO_PASSWORD)
    result = demo.routing.route(owner, "买家甲", "我要退款", direct_agent_id=actor.account_id)
    assert result.agent_id == actor.account_id
    demo.auth.sign_out(actor)
    with demo.db.session() as s:
        conv = s.get(Conversation, result.conversation_id)
        assert conv.agent_id != actor.account_id


def test_accounts_outside_routing_get_no_presence(demo) -> None:  # type: ignore[no-untyped-def]
    nick = f"{DEMO_SHOP}:老王"  # 运营, not in routing
    before = _presence(demo, nick)
    demo.auth.sign_in(nick, DEMO_PASSWORD)
    assert _presence(demo, nick) == before
