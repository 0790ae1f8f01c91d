"""The 工作台 overview: today's traffic and who is online (`data.realtime`), and the
sub-account counts for those who may see the sub-accounts (`subaccounts.view`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import func, select

from app.models.accounts import Account
from app.models.conversations import Message
from app.models.routing import AgentPresence
from app.models.shop import Shop
from app.models.vocabulary import AccountKind, AccountStatus, Presence
from app.services.accounts.permissions import Actor
from app.services.accounts.shop import SHOP_ID
from app.services.common.database import Database


@dataclass(frozen=True)
class Overview:
    shop_name: str
    actor_nick: str
    subaccounts_active: int | None  # None: the actor may not see the sub-accounts
    subaccounts_frozen: int | None
    subaccounts_left: int | None
    agents_online: int
    agents_suspended: int
    conversations_today: int
    messages_today: int


class OverviewService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def summary(self, actor: Actor, now: datetime | None = None) -> Overview:
        from zoneinfo import ZoneInfo

        actor.require("data.realtime")
        staff = actor.can("subaccounts.view")
        with self.db.read() as s:
            shop = s.get(Shop, SHOP_ID)
            assert shop is not None
            tz = ZoneInfo(shop.timezone)
            local_now = (now or self.db.clock.now()).astimezone(tz)
            start = datetime.combine(local_now.date(), time(), tz)
            by_status = dict(
                s.execute(
                    select(Account.status, func.count()).where(Account.kind == AccountKind.SUB).group_by(Account.status)
                ).all()
            )
            presence = dict(
                s.execute(
                    select(AgentPresence.status, func.count())
                    .join(Account, Account.id == AgentPresence.account_id)
                    .where(Account.status == AccountStatus.ACTIVE)
                    .group_by(AgentPresence.status)
                ).all()
            )
            day = (Message.sent_at >= start) & (Message.sent_at < start + timedelta(days=1))
            messages = s.scalar(select(func.count()).select_from(Message).where(day)) or 0
            conversations = (
                s.scalar(select(func.count(func.distinct(Message.conversation_id))).where(day)) or 0
            )
            return Overview(
                shop_name=shop.name,
                actor_nick=actor.nick,
                subaccounts_active=by_status.get(AccountStatus.ACTIVE, 0) if staff else None,
                subaccounts_frozen=by_status.get(AccountStatus.FROZEN, 0) if staff else None,
                subaccounts_left=by_status.get(AccountStatus.DELETED, 0) if staff else None,
                agents_online=presence.get(Presence.ONLINE, 0),
                agents_suspended=presence.get(Presence.SUSPENDED, 0),
                conversations_today=conversations,
                messages_today=messages,
            )
