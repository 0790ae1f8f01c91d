"""Ad-spam guard: a sub-account sending ads above the shop's rate is frozen automatically,
the reason is logged and the owner is alerted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.models.audit import AuditEvent
from app.models.conversations import Conversation, Message
from app.services.common.errors import AuthError
from app.services.security.adspam import check_ad_spam
from app.services.security.policy import Policy
from tests.services.test_subaccounts_service import make_sub

T0 = datetime(2026, 11, 11, 2, 0, tzinfo=UTC)


def _send(svc, nick: str, at: datetime, *, ad: bool, account_id: int) -> bool:  # type: ignore[no-untyped-def]
    """What the message path does: store the agent's message with its verdict, then ask."""
    with svc.db.session() as s:
        conv = s.scalars(select(Conversation).where(Conversation.external_id == "c1")).first()
        if conv is None:
            conv = Conversation(external_id="c1", buyer_nick="买家甲", created_at=T0)
            s.add(conv)
            s.flush()
        s.add(Message(conversation_id=conv.id, sender="agent", buyer_nick="买家甲", agent_nick=nick,
                      sent_at=at, content="加微信领优惠" if ad else "您好", ad_auto=ad))
        s.flush()
        return check_ad_spam(s, account_id, at)


def test_the_guard_freezes_at_the_configured_rate(shop, owner) -> None:  # type: ignore[no-untyped-def]
    row = make_sub(shop, owner, "小美", phone="13912345678", password="Staff-pass1", verify=True)
    staff = shop.auth.sign_in("13912345678", "Staff-pass1")
    shop.security.set_policy(owner, Policy(ad_limit=3, ad_window_min=10))
    assert not _send(shop, row.nick, T0, ad=True, account_id=row.id)
    assert not _send(shop, row.nick, T0 + timedelta(minutes=1), ad=False, account_id=row.id)
    assert not _send(shop, row.nick, T0 + timedelta(minutes=2), ad=True, account_id=row.id)
    # the first ad has left the 10-minute window when the next one arrives
    assert not _send(shop, row.nick, T0 + timedelta(minutes=11), ad=True, account_id=row.id)
    assert _send(shop, row.nick, T0 + timedelta(minutes=11, seconds=30), ad=True, account_id=row.id)
    assert shop.accounts.get(owner, row.id).status == "frozen"
    with pytest.raises(AuthError, match="冻结"):
        staff.require("cs.reception")
    (alert,) = shop.security.alerts(owner)
    assert alert.nick == row.nick and "10 分钟" in alert.text and "3 条" in alert.text
    with shop.db.session() as s:
        entry = s.scalars(select(AuditEvent).where(AuditEvent.action == "security.ad_spam_freeze")).one()
    assert entry.target == row.nick and entry.detail["flagged"] == 3 and entry.detail["limit"] == 3
    # unfreezing is the owner's call
    shop.accounts.unfreeze(owner, row.id)
    shop.security.acknowledge_alert(owner, alert.id)
    assert shop.security.alerts(owner) == []


def test_the_main_account_and_frozen_accounts_are_left_alone(shop, owner) -> None:  # type: ignore[no-untyped-def]
    for i in range(5):
        assert not _send(shop, "测试小店", T0 + timedelta(seconds=i), ad=True, account_id=owner.account_id)
