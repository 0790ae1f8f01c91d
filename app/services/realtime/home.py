"""What the 工作台 (home panel) shows: today's live tiles (the same snapshot as the dashboard and
`zhanggui realtime`), the owner's to-dos, and the counts behind its shortcuts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from app.i18n import _
from app.models.accounts import Account
from app.models.shop import Shop
from app.models.vocabulary import AccountKind, AccountStatus
from app.services.accounts.permissions import Actor
from app.services.realtime.figures import Snapshot

# to-do kinds, and the panel each one opens
TODO_SLOW = "slow"
TODO_UNVERIFIED = "unverified"
TODO_LOCKED = "locked"
TODO_NO_PASSWORD = "no_password"
TODO_PANELS = {TODO_SLOW: "dashboard", TODO_UNVERIFIED: "subaccounts", TODO_LOCKED: "subaccounts",
               TODO_NO_PASSWORD: "subaccounts"}


@dataclass(frozen=True)
class Todo:
    kind: str
    count: int
    text: str  # in the user's language
    names: tuple[str, ...]  # the first few accounts or buyers concerned
    panel: str  # the panel that deals with it


@dataclass(frozen=True)
class HomeSummary:
    shop_name: str
    actor_nick: str
    live: Snapshot | None  # None without 实时数据 (data.realtime)
    conversations_today: int | None
    subaccounts_active: int
    todos: tuple[Todo, ...]


def home_summary(services: Any, actor: Actor) -> HomeSummary:
    """One call for the home panel (several units of work: the snapshot is the dashboard's)."""
    live = services.realtime.snapshot(actor) if actor.can("data.realtime") else None
    today = len(services.realtime.cache.today) if live is not None else None
    todos: list[Todo] = []
    if live is not None and live.slow:
        slow = live.slow
        todos.append(Todo(TODO_SLOW, len(slow), _("{n} 位买家已等待超过 {s} 秒").format(
            n=len(slow), s=int(live.slow_threshold_s)), tuple(w.buyer for w in slow[:5]), TODO_PANELS[TODO_SLOW]))
    with services.db.session() as s:
        conn = s.connection()
        shop = conn.execute(select(Shop.name)).scalar() or ""
        active = conn.scalar(select(func.count()).select_from(Account).where(
            (Account.kind == AccountKind.SUB) & (Account.status == AccountStatus.ACTIVE))) or 0
        if actor.can("subaccounts.view"):
            todos += _account_todos(conn, services.db.clock.now())
    return HomeSummary(shop, actor.nick, live, today, int(active), tuple(todos))


def _account_todos(conn: Connection, now: Any) -> list[Todo]:
    a = Account
    subs = (a.kind == AccountKind.SUB) & (a.status == AccountStatus.ACTIVE)
    out = []
    checks = (
        (TODO_UNVERIFIED, subs & a.verified_at.is_(None), _("{n} 个子账号未完成认证")),
        (TODO_LOCKED, (a.status == AccountStatus.ACTIVE) & (a.locked_until > now), _("{n} 个账号因密码错误被锁定")),
    )
    for kind, where, text in checks:
        names = list(conn.scalars(select(a.nick).where(where).order_by(a.nick).limit(5)))
        if names:
            n = conn.scalar(select(func.count()).select_from(a).where(where)) or 0
            out.append(Todo(kind, int(n), text.format(n=n), tuple(names), TODO_PANELS[kind]))
    # A console role may not read password hashes (docs/security.md): then this one is left out.
    try:
        with conn.begin_nested():
            where = (a.status == AccountStatus.ACTIVE) & a.password_hash.is_(None)
            names = list(conn.scalars(select(a.nick).where(where).order_by(a.nick).limit(5)))
            n = conn.scalar(select(func.count()).select_from(a).where(where)) or 0
    except Exception:  # noqa: BLE001 - no privilege on the column
        names, n = [], 0
    if names:
        out.append(Todo(TODO_NO_PASSWORD, int(n), _("{n} 个账号还没有设置密码").format(n=n), tuple(names),
                        TODO_PANELS[TODO_NO_PASSWORD]))
    return out
