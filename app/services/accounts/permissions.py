"""The permission catalogue (module → points) and the checks every service makes.

A role or an extra grant may name a module or a point; naming a module grants its whole
subtree. Some points belong to the main account alone and can never be granted.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol

from app.i18n import _
from app.services.common.errors import PermissionDenied


@dataclass(frozen=True)
class PermissionNode:
    code: str
    name: str  # source (Chinese) text; show it through `_()`
    children: tuple[PermissionNode, ...] = field(default=())
    owner_only: bool = False

    def walk(self) -> Iterator[PermissionNode]:
        yield self
        for child in self.children:
            yield from child.walk()


def _n(code: str, name: str, *children: PermissionNode, owner_only: bool = False) -> PermissionNode:
    return PermissionNode(code, name, tuple(children), owner_only)


# Names are wrapped in `_` at display time; listed here as plain literals for extraction.
CATALOGUE: tuple[PermissionNode, ...] = (
    _n("goods", "商品管理", _n("goods.view", "查看商品"), _n("goods.edit", "发布/编辑商品")),
    _n(
        "trade",
        "交易管理",
        _n("trade.orders", "查看订单"),
        _n("trade.ship", "发货"),
        _n("trade.refund", "退款处理"),
    ),
    _n(
        "cs",
        "客服",
        _n("cs.reception", "接待买家"),
        _n("cs.history", "查看聊天记录"),
        _n("cs.routing", "分流设置"),
    ),
    _n(
        "data",
        "数据",
        _n("data.realtime", "实时数据"),
        _n("data.performance", "绩效报表"),
        _n("data.export", "导出"),
        _n("data.import", "导入聊天记录、订单和评价"),
    ),
    _n("marketing", "营销", _n("marketing.manage", "营销活动")),
    _n("decoration", "店铺装修", _n("decoration.manage", "装修店铺")),
    _n("finance", "财务", _n("finance.view", "查看账务")),
    _n(
        "subaccounts",
        "子账号管理",
        _n("subaccounts.view", "查看"),
        _n("subaccounts.edit", "新建/编辑"),
        _n("subaccounts.freeze", "冻结/删除"),
        _n("subaccounts.roles", "角色管理"),
    ),
    _n("security", "安全设置", _n("security.manage", "安全设置")),
    _n(
        "owner",
        "主账号专属",
        _n("owner.change_phone", "修改绑定手机"),
        _n("owner.delete_shop", "删除店铺"),
        _n("owner.super_admin_role", "管理超级管理员角色"),
        _n("owner.quota", "设置子账号数量上限"),
        owner_only=True,
    ),
)

_NODES: dict[str, PermissionNode] = {n.code: n for root in CATALOGUE for n in root.walk()}
ALL_CODES: frozenset[str] = frozenset(_NODES)
OWNER_ONLY: frozenset[str] = frozenset(
    n.code for root in CATALOGUE if root.owner_only for n in root.walk()
)
GRANTABLE_POINTS: frozenset[str] = frozenset(
    n.code for n in _NODES.values() if not n.children and n.code not in OWNER_ONLY
)


_ORDER: dict[str, int] = {code: i for i, code in enumerate(_NODES)}


def catalogue_order(code: str) -> int:
    """Sort key: the code's place in the catalogue (unknown codes last)."""
    return _ORDER.get(code, len(_ORDER))


def node(code: str) -> PermissionNode:
    return _NODES[code]


def expand(codes: set[str] | frozenset[str] | list[str]) -> frozenset[str]:
    """Every point covered by `codes` (a module grants its subtree); unknown codes ignored."""
    points: set[str] = set()
    for code in codes:
        n = _NODES.get(code)
        if n is None:
            continue
        points.update(x.code for x in n.walk() if not x.children)
    return frozenset(points)


@dataclass(frozen=True)
class Grant:
    """What an account may do right now."""

    is_main: bool
    permissions: frozenset[str]


class Authority(Protocol):
    """Keeps an actor's grant current (app.services.security.authority.LiveAuthority): each
    call re-reads the account's status, session and version number, and raises an AuthError
    when the session ended, is locked, or the account was frozen or deleted."""

    def current(self) -> Grant: ...

    def issued_to(self, account_id: int, is_main: bool, permissions: frozenset[str]) -> bool:
        """Whether this authority was issued with exactly these fields (a copy of the actor
        made with `dataclasses.replace(...)` and other fields is a hand-made actor)."""
        ...


@dataclass(frozen=True)
class Actor:
    """Who is acting: passed to every service operation and checked there.

    `permissions` is the set captured at sign-in; `can()`/`require()` ask the actor's
    authority for the current one, so a revoked point, a freeze or an ended session is
    refused at the next call. Actors built by hand (tests, trusted tools) have no authority
    and keep their fixed set.
    """

    account_id: int
    nick: str
    is_main: bool
    permissions: frozenset[str]  # expanded points
    session_id: int | None = None
    role_key: str | None = None  # preset key of the account's role, if any
    must_change_password: bool = False  # signed in with a one-time password
    authority: Authority | None = field(default=None, compare=False, repr=False)

    def grant(self) -> Grant:
        authority = self.authority
        if authority is None or not authority.issued_to(self.account_id, self.is_main, self.permissions):
            return Grant(self.is_main, self.permissions)
        return authority.current()

    def current_permissions(self) -> frozenset[str]:
        return self.grant().permissions

    def can(self, code: str) -> bool:
        grant = self.grant()
        return grant.is_main or code in grant.permissions

    def require(self, code: str) -> None:
        if not self.can(code):
            name = _(node(code).name) if code in _NODES else code
            raise PermissionDenied(_("没有权限：{permission}").format(permission=name))


def owner_points() -> frozenset[str]:
    return frozenset(n.code for n in _NODES.values() if not n.children)


def is_known(code: str) -> bool:
    return code in _NODES


def compress(points: set[str] | frozenset[str]) -> frozenset[str]:
    """The shortest codes that grant exactly `points`: a module whose every point is present
    is named instead of its points (what the roles panel stores and shows)."""
    out: set[str] = set()
    for root in CATALOGUE:
        leaves = {n.code for n in root.walk() if not n.children}
        if leaves and leaves <= points:
            out.add(root.code)
        else:
            out |= leaves & points
    return frozenset(out)


def check_grantable(actor: Actor, codes: set[str] | frozenset[str]) -> frozenset[str]:
    """Expanded points of `codes` if `actor` may grant them all; PermissionDenied otherwise.

    Owner-only points are never granted (not even by the main account); a sub-account may
    only grant points it holds itself.
    """
    unknown = sorted(c for c in codes if c not in _NODES)
    if unknown:
        raise PermissionDenied(_("未知的权限：{codes}").format(codes="、".join(unknown)))
    points = expand(codes)
    owner_only = sorted(points & OWNER_ONLY)
    if owner_only:
        raise PermissionDenied(
            _("主账号专属权限不能授予子账号：{names}").format(
                names="、".join(_(node(c).name) for c in owner_only)
            )
        )
    grant = actor.grant()
    if not grant.is_main:
        missing = sorted(points - grant.permissions)
        if missing:
            raise PermissionDenied(
                _("不能授予你自己没有的权限：{names}").format(
                    names="、".join(_(node(c).name) for c in missing)
                )
            )
    return points


def labelled(code: str) -> str:
    """`模块 / 权限点` in the user's language."""
    n = _NODES.get(code)
    if n is None:
        return code
    parent = next((r for r in CATALOGUE if n in tuple(r.walk()) and r is not n), None)
    return f"{_(parent.name)} / {_(n.name)}" if parent else _(n.name)
