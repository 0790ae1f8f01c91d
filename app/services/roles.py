"""Preset and custom roles (角色管理)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.accounts import Role, RolePermission
from app.services.permissions import GRANTABLE_POINTS

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
