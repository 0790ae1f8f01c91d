"""What every new shop starts with: preset roles and the preset routing groups."""

from __future__ import annotations

from sqlalchemy.orm import Session


def seed_presets(session: Session) -> None:
    from app.services.accounts.roles import seed_preset_roles
    from app.services.routing.presets import seed_preset_groups

    seed_preset_roles(session)
    seed_preset_groups(session)
