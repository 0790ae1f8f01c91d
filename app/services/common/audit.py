"""Writes 操作日志 entries inside the caller's unit of work."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.models.audit import AuditEvent
from app.services.accounts.permissions import Actor


def record(session: Session, actor: Actor | None, action: str, target: str = "", **detail: Any) -> None:
    session.add(
        AuditEvent(
            actor_id=actor.account_id if actor else None,
            actor_nick=actor.nick if actor else "",
            action=action,
            target=target,
            detail={k: _plain(v) for k, v in detail.items()},
        )
    )


def _plain(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)
