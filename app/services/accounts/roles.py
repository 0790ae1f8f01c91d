"""Preset and custom roles (角色管理): list, create, rename, copy, change, delete, compare.

Preset roles keep their names (shown translated) and cannot be deleted; their permissions
may be changed, except 超级管理员, which always holds every grantable point. Every change is
checked against the acting account: a sub-account may only grant points it holds itself.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.accounts import Account, Role, RolePermission
from app.models.vocabulary import AccountKind, AccountStatus
from app.services.accounts.permissions import (
    GRANTABLE_POINTS,
    OWNER_ONLY,
    Actor,
    catalogue_order,
    check_grantable,
    compress,
    expand,
)
from app.services.common import audit
from app.services.common.database import Database
from app.services.common.errors import Conflict, NotFound, PermissionDenied, ValidationError

SUPER_ADMIN = "super_admin"
ROLE_NAME_MAX = 20
DESCRIPTION_MAX = 200
_ROLE_NAME = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9_\- ]+$")

# key → (name, description, granted codes). Names are source text for `_()`.
PRESET_ROLES: dict[str, tuple[str, str, frozenset[str]]] = {
    "super_admin": ("超级管理员", "拥有全部可授予的权限", GRANTABLE_POINTS),
    "cs_supervisor": (
        "客服主管",
        "管理客服组、分流与绩效",
        frozenset({"cs", "data", "subaccounts.view", "trade.orders"}),
    ),
    "presales": ("售前客服", "接待咨询、促成下单", frozenset({"cs.reception", "cs.history", "trade.orders", "goods.view"})),
    "aftersales": (
        "售后客服",
        "处理退款、退货与物流问题",
        frozenset({"cs.reception", "cs.history", "trade.orders", "trade.refund", "trade.ship"}),
    ),
    "operations": ("运营", "商品、营销与数据", frozenset({"goods", "marketing", "data"})),
    "designer": ("美工", "店铺装修与商品图片", frozenset({"decoration", "goods.view", "goods.edit"})),
    "finance": ("财务", "账务与订单", frozenset({"finance", "trade.orders", "data.export"})),
}


def seed_preset_roles(session: Session) -> None:
    existing = set(session.scalars(select(Role.preset_key).where(Role.preset_key.is_not(None))))
    for key, (name, description, codes) in PRESET_ROLES.items():
        if key in existing:
            continue
        role = Role(name=name, preset_key=key, description=description)
        role.permissions = [RolePermission(code=c) for c in sorted(codes)]
        session.add(role)
    session.flush()


@dataclass(frozen=True)
class RoleRow:
    id: int
    name: str  # in the user's language (preset names translated)
    preset_key: str | None
    description: str
    codes: frozenset[str]  # as stored (modules or points)
    points: frozenset[str]  # expanded
    members: int  # accounts (not deleted) holding this role

    @property
    def is_preset(self) -> bool:
        return self.preset_key is not None

    @property
    def is_super_admin(self) -> bool:
        return self.preset_key == SUPER_ADMIN

    @property
    def is_service(self) -> bool:
        """A customer-service role: one that receives buyers."""
        return "cs.reception" in self.points and not self.is_super_admin


@dataclass(frozen=True)
class RoleDiff:
    left: str
    right: str
    only_left: tuple[str, ...]  # points `left` holds and `right` does not
    only_right: tuple[str, ...]
    shared: tuple[str, ...]


def role_display_name(role: Role) -> str:
    return _(role.name) if role.preset_key else role.name


def role_points(role: Role | None) -> frozenset[str]:
    if role is None:
        return frozenset()
    if role.preset_key == SUPER_ADMIN:
        return GRANTABLE_POINTS
    return expand({p.code for p in role.permissions}) - OWNER_ONLY


def check_role_name(name: str) -> str:
    name = unicodedata.normalize("NFC", (name or "").strip())
    if not name:
        raise ValidationError(_("请填写角色名。"))
    if len(name) > ROLE_NAME_MAX or not _ROLE_NAME.match(name):
        raise ValidationError(
            _("角色名须为 1–{max} 个汉字、字母、数字、空格、_ 或 -。").format(max=ROLE_NAME_MAX)
        )
    return name


def _check_description(text: str) -> str:
    text = (text or "").strip()
    if len(text) > DESCRIPTION_MAX:
        raise ValidationError(_("角色说明最多 {max} 个字符。").format(max=DESCRIPTION_MAX))
    if any(unicodedata.category(c) in ("So", "Cs", "Co", "Cc") for c in text):
        raise ValidationError(_("角色说明不能包含表情符号或控制字符。"))
    return text


class RoleService:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- reading ------------------------------------------------------------------------
    def list_roles(self, actor: Actor) -> list[RoleRow]:
        """Every role, presets first. Readable with 子账号管理 › 查看 or 角色管理."""
        if not (actor.can("subaccounts.view") or actor.can("subaccounts.roles")):
            actor.require("subaccounts.view")
        with self.db.session() as s:
            return self._rows(s)

    def get(self, actor: Actor, role_id: int) -> RoleRow:
        if not (actor.can("subaccounts.view") or actor.can("subaccounts.roles")):
            actor.require("subaccounts.view")
        with self.db.session() as s:
            return self._row(s, self._role(s, role_id))

    def diff(self, actor: Actor, left: tuple[str, int], right: tuple[str, int]) -> RoleDiff:
        """What `left` may do that `right` may not, and the reverse. Each side is
        ("role", id) or ("account", id)."""
        if not (actor.can("subaccounts.view") or actor.can("subaccounts.roles")):
            actor.require("subaccounts.view")
        with self.db.session() as s:
            lname, lpoints = self._side(s, left)
            rname, rpoints = self._side(s, right)
        return RoleDiff(
            left=lname,
            right=rname,
            only_left=tuple(sorted(lpoints - rpoints, key=catalogue_order)),
            only_right=tuple(sorted(rpoints - lpoints, key=catalogue_order)),
            shared=tuple(sorted(lpoints & rpoints, key=catalogue_order)),
        )

    # -- changing -----------------------------------------------------------------------
    def create_role(
        self, actor: Actor, name: str, codes: set[str] | frozenset[str], description: str = ""
    ) -> RoleRow:
        actor.require("subaccounts.roles")
        name = check_role_name(name)
        description = _check_description(description)
        points = check_grantable(actor, set(codes))
        with self.db.session() as s:
            self._check_unique(s, name)
            role = Role(name=name, description=description)
            role.permissions = [RolePermission(code=c) for c in sorted(compress(points))]
            s.add(role)
            s.flush()
            audit.record(s, actor, "role.create", name, points=sorted(points))
            return self._row(s, role)

    def rename_role(self, actor: Actor, role_id: int, name: str, description: str | None = None) -> RoleRow:
        actor.require("subaccounts.roles")
        name = check_role_name(name)
        if description is not None:
            description = _check_description(description)
        with self.db.session() as s:
            role = self._role(s, role_id)
            self._check_may_change(actor, role)
            if role.preset_key is not None:
                raise PermissionDenied(_("预设角色不能改名，可以复制后再改。"))
            self._check_unique(s, name, exclude=role.id)
            old = role.name
            role.name = name
            if description is not None:
                role.description = description
            audit.record(s, actor, "role.rename", name, old=old)
            return self._row(s, role)

    def copy_role(self, actor: Actor, role_id: int, name: str) -> RoleRow:
        actor.require("subaccounts.roles")
        name = check_role_name(name)
        with self.db.session() as s:
            source = self._role(s, role_id)
            points = role_points(source)
            check_grantable(actor, points)
            self._check_unique(s, name)
            description = _(source.description) if source.preset_key else source.description
            role = Role(name=name, description=description)
            role.permissions = [RolePermission(code=c) for c in sorted(compress(points))]
            s.add(role)
            s.flush()
            audit.record(s, actor, "role.copy", name, source=source.name)
            return self._row(s, role)

    def set_role_permissions(self, actor: Actor, role_id: int, codes: set[str] | frozenset[str]) -> RoleRow:
        """Replace a role's permissions. A sub-account may only add or remove points it holds."""
        actor.require("subaccounts.roles")
        with self.db.session() as s:
            role = self._role(s, role_id)
            self._check_may_change(actor, role)
            if role.preset_key == SUPER_ADMIN:
                raise PermissionDenied(_("超级管理员始终拥有全部可授予的权限，不能修改。"))
            old = role_points(role)
            new = expand(set(codes))
            check_grantable(actor, new - old)  # what is added must be grantable by the actor
            check_grantable(actor, old - new)  # and what is taken away must be the actor's too
            role.permissions.clear()
            s.flush()
            role.permissions.extend(RolePermission(code=c) for c in sorted(compress(new)))
            s.flush()
            audit.record(
                s, actor, "role.update", role.name, added=sorted(new - old), removed=sorted(old - new)
            )
            return self._row(s, role)

    def delete_role(self, actor: Actor, role_id: int) -> None:
        actor.require("subaccounts.roles")
        with self.db.session() as s:
            role = self._role(s, role_id)
            self._check_may_change(actor, role)
            if role.preset_key is not None:
                raise PermissionDenied(_("预设角色不能删除。"))
            users = list(
                s.scalars(select(Account.nick).where(Account.role_id == role.id).order_by(Account.nick))
            )
            if users:
                shown = "、".join(users[:10]) + ("…" if len(users) > 10 else "")
                raise Conflict(
                    _("角色“{role}”仍有 {n} 个账号在使用，不能删除：{nicks}").format(
                        role=role.name, n=len(users), nicks=shown
                    ),
                    details=users,
                )
            audit.record(s, actor, "role.delete", role.name)
            s.delete(role)

    # -- helpers ------------------------------------------------------------------------
    @staticmethod
    def _check_may_change(actor: Actor, role: Role) -> None:
        if role.preset_key == SUPER_ADMIN and not actor.is_main:
            raise PermissionDenied(_("只有主账号可以管理超级管理员角色。"))

    @staticmethod
    def _role(s: Session, role_id: int) -> Role:
        role = s.get(Role, role_id)
        if role is None:
            raise NotFound(_("角色不存在（可能已被删除）。"))
        return role

    @staticmethod
    def _check_unique(s: Session, name: str, exclude: int | None = None) -> None:
        for role in s.scalars(select(Role)):
            if role.id == exclude:
                continue
            if name.casefold() in (role.name.casefold(), role_display_name(role).casefold()):
                raise Conflict(_("已有同名角色：{name}").format(name=name))

    def _side(self, s: Session, side: tuple[str, int]) -> tuple[str, frozenset[str]]:
        from app.services.accounts.auth import build_actor

        kind, ident = side
        if kind == "role":
            role = self._role(s, ident)
            return role_display_name(role), role_points(role)
        if kind == "account":
            account = s.get(Account, ident)
            if account is None:
                raise NotFound(_("账号不存在。"))
            return account.nick, build_actor(s, account).permissions
        raise ValidationError(_("对比对象必须是角色或账号。"))

    def _rows(self, s: Session) -> list[RoleRow]:
        counts = dict(
            s.execute(
                select(Account.role_id, func.count())
                .where(Account.kind == AccountKind.SUB, Account.status != AccountStatus.DELETED)
                .group_by(Account.role_id)
            ).all()
        )
        roles = list(s.scalars(select(Role)))
        order = list(PRESET_ROLES)
        roles.sort(key=lambda r: (0, order.index(r.preset_key)) if r.preset_key in order else (1, r.name))
        return [self._row(s, r, counts.get(r.id, 0)) for r in roles]

    @staticmethod
    def _row(s: Session, role: Role, members: int | None = None) -> RoleRow:
        if members is None:
            members = s.scalar(
                select(func.count()).select_from(Account).where(
                    Account.role_id == role.id, Account.kind == AccountKind.SUB, Account.status != AccountStatus.DELETED
                )
            ) or 0
        codes = frozenset(p.code for p in role.permissions)
        return RoleRow(
            id=role.id,
            name=role_display_name(role),
            preset_key=role.preset_key,
            description=_(role.description) if role.preset_key else role.description,
            codes=codes,
            points=role_points(role),
            members=members,
        )
