"""The preset routing groups every shop starts with: 售前 (default) and 售后."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.routing import EntryRule, RoutingClock, RoutingGroup
from app.models.vocabulary import RoutingMode

PRESET_GROUPS = (("presales", "售前", True), ("aftersales", "售后", False))

# 售后 intents and after-sale order states go to 售后 out of the box.
PRESET_RULES = (
    ("keyword", "退款,退货,换货,物流,快递,破损,维修", "aftersales"),
    ("order_status", "售后,退款中,退货中,换货中", "aftersales"),
)


def seed_preset_groups(session: Session) -> None:
    existing = set(session.scalars(select(RoutingGroup.preset_key)))
    for position, (key, name, is_default) in enumerate(PRESET_GROUPS):
        if key not in existing:
            session.add(
                RoutingGroup(name=name, preset_key=key, mode=RoutingMode.BALANCED, is_default=is_default, position=position)
            )
    session.flush()
    if not existing & {key for key, _name, _default in PRESET_GROUPS}:
        groups = {g.preset_key: g.id for g in session.scalars(select(RoutingGroup))}
        for priority, (kind, pattern, key) in enumerate(PRESET_RULES):
            session.add(EntryRule(kind=kind, pattern=pattern, group_id=groups[key], priority=priority))
    if session.get(RoutingClock, 1) is None:
        session.add(RoutingClock(id=1, version=0))
    session.flush()
