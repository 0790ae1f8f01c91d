"""The preset routing groups every shop starts with: 售前 (default) and 售后."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.routing import BALANCED, RoutingGroup

PRESET_GROUPS = (("presales", "售前", True), ("aftersales", "售后", False))


def seed_preset_groups(session: Session) -> None:
    existing = set(session.scalars(select(RoutingGroup.preset_key)))
    for position, (key, name, is_default) in enumerate(PRESET_GROUPS):
        if key not in existing:
            session.add(
                RoutingGroup(name=name, preset_key=key, mode=BALANCED, is_default=is_default, position=position)
            )
    session.flush()
