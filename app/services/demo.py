"""A plausible demo shop: a team of sub-accounts, routing groups, presence and a week of
chat history, orders and ratings. Lives in its own database file, never the user's."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.accounts import Account, Role
from app.models.base import utcnow
from app.models.conversations import Conversation, Order, Rating
from app.models.routing import AgentPresence, PresenceEvent, RoutingGroup, RoutingMember
from app.models.vocabulary import AccountKind, AccountStatus, ConversationStatus, Presence, Sender
from app.services.accounts.passwords import hash_password
from app.services.container import Services
from app.services.conversations import summaries, writer

DEMO_SHOP = "青禾小铺"
DEMO_PHONE = "13800138000"
DEMO_PASSWORD = "demo-2026!"  # documented in the README; the demo file holds no real data

# name, alias, role key, group key, presence, status, department, title
TEAM = [
    ("小美", "美美", "presales", "presales", Presence.ONLINE, AccountStatus.ACTIVE, "客服部", "售前客服"),
    ("阿杰", "杰哥", "presales", "presales", Presence.ONLINE, AccountStatus.ACTIVE, "客服部", "售前客服"),
    ("小雨", "雨雨", "presales", "presales", Presence.SUSPENDED, AccountStatus.ACTIVE, "客服部", "售前客服"),
    ("丽丽", "丽姐", "aftersales", "aftersales", Presence.ONLINE, AccountStatus.ACTIVE, "客服部", "售后客服"),
    ("大伟", "伟哥", "aftersales", "aftersales", Presence.OFFLINE, AccountStatus.ACTIVE, "客服部", "售后客服"),
    ("婷婷", "婷姐", "cs_supervisor", "presales", Presence.ONLINE, AccountStatus.ACTIVE, "客服部", "客服主管"),
    ("老王", "王哥", "operations", None, Presence.OFFLINE, AccountStatus.ACTIVE, "运营部", "运营"),
    ("阿花", "花花", "designer", None, Presence.OFFLINE, AccountStatus.ACTIVE, "设计部", "美工"),
    ("张姐", "张会计", "finance", None, Presence.OFFLINE, AccountStatus.ACTIVE, "财务部", "会计"),
    ("小林", "林林", "presales", "presales", Presence.OFFLINE, AccountStatus.FROZEN, "客服部", "售前客服"),
    ("小陈", "陈陈", "aftersales", None, Presence.OFFLINE, AccountStatus.DELETED, "客服部", "售后客服"),
]

_QUESTIONS = [
    "在吗？这款有现货吗",
    "请问什么时候发货",
    "这个尺码偏大还是偏小",
    "可以便宜一点吗",
    "包邮吗",
    "我买的东西到哪了，物流一直没更新",
    "收到的有点破损，可以退货吗",
    "想换个颜色可以吗",
    "退款什么时候到账",
    "有没有优惠券",
]
_REPLIES = [
    "亲，在的，有现货哦",
    "亲，今天下单48小时内发货",
    "亲，尺码是标准的，按平时穿的选就好",
    "亲，现在有满减活动，很划算的",
    "亲，全国包邮（偏远地区除外）",
    "亲，帮您查一下物流，请稍等",
    "非常抱歉，您拍个照片给我们，马上为您处理",
    "可以的亲，您在订单里申请换货就行",
    "退款一般1-3个工作日原路退回哦",
]
_ADS = [
    "兼职刷单日结，加微信 abc123 了解",
    "低息贷款秒到账，详询 QQ 12345678",
]


def seed_demo_shop(services: Services, *, days: int = 7, seed: int = 11) -> None:
    """Create the demo shop in an empty database (idempotent: an existing shop is kept)."""
    if services.shop.exists():
        return
    services.shop.create(DEMO_SHOP, DEMO_PHONE, DEMO_PASSWORD, is_demo=True)
    _seed_team_and_history(services, days, seed)
    _seed_live_traffic(services)
    _seed_reception(services)


_LIVE = [
    ("买家小鹿", "这件连衣裙有M码吗？", "商品：碎花连衣裙", ()),
    ("买家阿宁", "我要退款，收到的杯子碎了", "", ()),
    ("买家团团", "什么时候发货呀", "", ("VIP",)),
    ("买家木木", "能便宜点吗，想买两件", "商品：羊毛开衫", ()),
    ("买家七七", "物流三天没动了", "", ()),
    ("买家北北", "有优惠券吗", "", ()),
]


def _seed_live_traffic(services: Services) -> None:
    """A few buyers waiting right now, routed by the real engine, so loads show."""
    owner = services.auth.owner_actor()
    for buyer, text, entry, tags in _LIVE:
        services.routing.route(owner, buyer, text, entry_page=entry, tags=tags)


_PHRASES = [  # (group, shortcut code, text): the shop's quick phrases (快捷短语)
    ("问候", "hi", "{买家}您好，我是{客服}，很高兴为您服务~"),
    ("问候", "bye", "感谢光临{店铺}，祝您生活愉快，有问题随时找我哦~"),
    ("发货", "fh", "亲，今天16点前下单当天发货，一般2-3天送达。"),
    ("售后", "th", "亲，收到商品7天内可无理由退换，在订单里申请退货就可以。"),
    ("优惠", "yh", "亲，现在店铺满199减20，领券后下单更划算哦。"),
]


def _seed_reception(services: Services) -> None:
    """Quick phrases and auto-replies, so the reception workbench has something to offer. The
    workbench runs the live simulator (`app.services.live`) on the demo shop once it is open."""
    from app.services.live.autoreplies import QUEUED, WELCOME, AutoReplyRow

    owner = services.auth.owner_actor()
    for group, code, text in _PHRASES:
        services.live.save_phrase(owner, personal=False, category=group, code=code, content=text)
    services.live.set_auto_replies(owner, [
        AutoReplyRow(WELCOME, "您好，我是{客服}，欢迎光临{店铺}，请问有什么可以帮您？", True),
        AutoReplyRow(QUEUED, "亲，现在咨询的人比较多，请稍等，马上为您服务~", True),
    ])


def _seed_team_and_history(services: Services, days: int, seed: int) -> None:
    rnd = random.Random(seed)
    now = utcnow()
    password_hash = hash_password(DEMO_PASSWORD)
    with services.db.session() as s:
        roles = {r.preset_key: r for r in s.scalars(select(Role))}
        groups = {g.preset_key: g for g in s.scalars(select(RoutingGroup))}
        owner = s.scalars(select(Account).where(Account.kind == "main")).one()
        agents: dict[str, list[Account]] = {"presales": [], "aftersales": []}
        supervisor: Account | None = None
        for i, (name, alias, role_key, group_key, presence, status, dept, title) in enumerate(TEAM):
            account = Account(
                kind=AccountKind.SUB,
                nick=f"{DEMO_SHOP}:{name}",
                alias=alias,
                department=dept,
                title=title,
                employee_no=f"QH{101 + i:03d}",
                hired_on=date(2024, 3, 1) + timedelta(days=37 * i),
                bound_phone=f"1391234{5600 + i:04d}",
                role=roles[role_key],
                takes_routing=group_key is not None,
                status=status,
                password_hash=password_hash,
                verified_at=now - timedelta(days=300 - i),
                verified_by=owner.nick,
                id_last_digits=f"{(i * 7919) % 10000:04d}",
                frozen_at=now - timedelta(days=3) if status == AccountStatus.FROZEN else None,
                left_at=now - timedelta(days=20) if status == AccountStatus.DELETED else None,
            )
            s.add(account)
            s.flush()
            if role_key == "cs_supervisor":
                supervisor = account
            if group_key:
                s.add(RoutingMember(account_id=account.id, group_id=groups[group_key].id,
                                    weight=2 if name == "小美" else 1, capacity=5, position=i))
                if status == AccountStatus.ACTIVE:
                    agents[group_key].append(account)
            s.add(AgentPresence(account_id=account.id, status=presence if status == AccountStatus.ACTIVE else Presence.OFFLINE,
                                since=now - timedelta(minutes=5 + i * 13)))
        if supervisor is not None:
            for account in s.scalars(select(Account).where(Account.kind == AccountKind.SUB)):
                if account.department == "客服部" and account.id != supervisor.id:
                    account.manager_id = supervisor.id
        _seed_history(s, rnd, agents, days)
        _seed_presence_history(s, rnd, [a for group in agents.values() for a in group], days)
        s.flush()
        # the history's report summaries, as an import would have made them
        summaries.refresh(s.connection(), s.scalars(select(Conversation.id)).all())


def _seed_presence_history(s: Session, rnd: random.Random, agents: list[Account], days: int) -> None:
    """Shifts of about 09:00–18:00 shop time with a lunch break (挂起), for attendance."""
    from zoneinfo import ZoneInfo

    tz = ZoneInfo("Asia/Shanghai")
    now = utcnow()
    today = now.astimezone(tz).date()
    for agent in agents:
        for back in range(days, 0, -1):
            day = today - timedelta(days=back)
            if rnd.random() < 0.15:
                continue  # a day off
            def at(h: float, day: date = day) -> datetime:
                return (datetime.combine(day, time(), tz) + timedelta(hours=h)).astimezone(UTC)
            start = 8.75 + rnd.uniform(0, 0.75)
            for status, hour in ((Presence.ONLINE, start), (Presence.SUSPENDED, 12.0 + rnd.uniform(0, 0.3)),
                                 (Presence.ONLINE, 13.0 + rnd.uniform(0, 0.2)), (Presence.OFFLINE, 18.0 + rnd.uniform(0, 1.5))):
                s.add(PresenceEvent(account_id=agent.id, status=status, at=at(hour)))


def _seed_history(s: Session, rnd: random.Random, agents: dict[str, list[Account]], days: int) -> None:
    now = utcnow()
    counter = 0
    for day in range(days, -1, -1):
        for _n in range(rnd.randint(25, 40)):
            counter += 1
            group = "aftersales" if rnd.random() < 0.3 else "presales"
            agent = rnd.choice(agents[group])
            buyer = f"买家{rnd.randint(1, 400):03d}"
            start = now - timedelta(days=day, hours=rnd.uniform(0.2, 14))
            if start > now - timedelta(minutes=2):
                continue
            conv = Conversation(external_id=f"demo-{counter:05d}", buyer_nick=buyer, source="import",
                                status=ConversationStatus.CLOSED, created_at=start, last_message_at=start, closed_at=start)
            s.add(conv)
            s.flush()
            t = start
            rows: list[tuple[Sender, str, datetime]] = []
            if rnd.random() < 0.05:
                rows.append((Sender.BUYER, rnd.choice(_ADS), t))
            else:
                rows.append((Sender.AUTO, "您好，欢迎光临青禾小铺，有什么可以帮您？", t + timedelta(seconds=1)))
                for _turn in range(rnd.randint(1, 3)):
                    rows.append((Sender.BUYER, rnd.choice(_QUESTIONS), t))
                    if rnd.random() < 0.93:
                        t = t + timedelta(seconds=rnd.expovariate(1 / 35) + 3)
                        rows.append((Sender.AGENT, rnd.choice(_REPLIES), t))
                    t = t + timedelta(seconds=rnd.uniform(20, 240))
            for sender, content, sent_at in rows:  # through the one message writer
                writer.append(s.connection(), writer.Conv(conv.id, conv.external_id, buyer), sender,
                              agent.nick, content, sent_at, new_conversation=True,
                              verdict=(content in _ADS, "广告：兼职/贷款" if content in _ADS else None))
            conv.last_message_at = max(r[2] for r in rows)
            conv.closed_at = conv.last_message_at
            if rnd.random() < 0.3:
                s.add(Order(order_id=f"DEMO{counter:07d}", buyer_nick=buyer,
                            paid_at=start + timedelta(hours=rnd.uniform(0.1, 30)),
                            amount=Decimal(rnd.randint(1990, 39900)) / 100))
            if rnd.random() < 0.4:
                s.add(Rating(conversation_id=conv.id, rating=rnd.choices([5, 4, 3, 2, 1], [60, 25, 8, 4, 3])[0]))
