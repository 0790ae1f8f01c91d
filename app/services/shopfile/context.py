"""What the sections of one apply share: the session, the actor, the problems found, the
changes planned, and the shop's roles, sub-accounts and groups by name — as they will be
once the file is applied, so that later sections can refer to what earlier ones create."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.accounts import Account, Role
from app.models.routing import RoutingGroup
from app.models.shop import Shop
from app.models.vocabulary import AccountKind
from app.services.accounts.permissions import Actor
from app.services.accounts.roles import role_display_name, role_points
from app.services.shopfile.changes import Change
from app.services.shopfile.document import Problems

Write = Callable[[], None]


@dataclass
class RoleRef:
    name: str  # as stored (preset roles: the Chinese source name)
    role: Role | None  # None until a new role is written
    points: frozenset[str]
    preset_key: str | None = None


@dataclass
class AccountRef:
    name: str  # the part of the nick after the colon
    account: Account | None  # None until a new sub-account is written
    status: str  # as it will be after the apply


@dataclass
class GroupRef:
    name: str
    group: RoutingGroup | None  # None until a new group is written


@dataclass
class Context:
    session: Session
    actor: Actor
    shop: Shop
    now: datetime
    problems: Problems = field(default_factory=Problems)
    changes: list[Change] = field(default_factory=list)
    roles: dict[str, RoleRef] = field(default_factory=dict)  # casefolded stored or shown name
    accounts: dict[str, AccountRef] = field(default_factory=dict)  # casefolded name, sub-accounts
    groups: dict[str, GroupRef] = field(default_factory=dict)  # casefolded stored or shown name
    reroute: set[int] = field(default_factory=set)  # agents whose open conversations move
    routing_changed: bool = False  # routing consoles reload and the queue drains
    mobile_off: bool = False  # agents on phones give their conversations back

    @classmethod
    def load(cls, session: Session, actor: Actor, shop: Shop, now: datetime) -> Context:
        ctx = cls(session, actor, shop, now)
        for role in session.scalars(select(Role).order_by(Role.id)):
            ref = RoleRef(role.name, role, role_points(role), role.preset_key)
            ctx.roles.setdefault(role.name.casefold(), ref)
            ctx.roles.setdefault(role_display_name(role).casefold(), ref)
        for account in session.scalars(select(Account).where(Account.kind == AccountKind.SUB).order_by(Account.id)):
            name = short_name(account.nick)
            ctx.accounts.setdefault(name.casefold(), AccountRef(name, account, account.status))
        for group in session.scalars(select(RoutingGroup).order_by(RoutingGroup.position, RoutingGroup.id)):
            group_ref = GroupRef(group.name, group)
            ctx.groups.setdefault(group.name.casefold(), group_ref)
            ctx.groups.setdefault(_(group.name).casefold(), group_ref)
        return ctx

    def role(self, name: str) -> RoleRef | None:
        return self.roles.get(name.strip().casefold())

    def account(self, name: str) -> AccountRef | None:
        return self.accounts.get(self.short(name).casefold())

    def group(self, name: str) -> GroupRef | None:
        return self.groups.get(name.strip().casefold())

    def short(self, name: str) -> str:
        """A sub-account's name; a full nick of this shop (`店铺:名字`) is accepted too."""
        name = name.strip()
        for colon in (":", "："):
            prefix = f"{self.shop.name}{colon}"
            if name.startswith(prefix):
                return name[len(prefix):]
        return name


def short_name(nick: str) -> str:
    return nick.split(":", 1)[1] if ":" in nick else nick


class Section(Protocol):
    """One top-level key of the file. `SECTIONS` in `registry` lists them in apply order."""

    key: str
    permissions: tuple[str, ...]  # what the actor needs to export or apply the file

    def export(self, session: Session) -> Any:
        """The section's value for the shop in `session` (every key `plan` accepts)."""
        ...

    def plan(self, ctx: Context, value: Any, path: str) -> Write | None:
        """Check `value` against the shop: record problems and changes in `ctx` and return
        what writes the changes (called only when the whole file has no problem)."""
        ...
