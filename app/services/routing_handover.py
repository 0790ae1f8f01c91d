"""What happens to an agent's open conversations when the agent becomes unavailable
(offline, frozen, deleted): handed to a chosen colleague, or back to routing.

Called inside the caller's unit of work (e.g. the sub-account service freezing an account),
so the account change and the hand-over commit together or not at all.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.base import utcnow
from app.models.conversations import OPEN, QUEUED, Conversation


def release_agent(
    session: Session, account_id: int, *, handover_to: int | None = None, now: datetime | None = None
) -> int:
    """Move the agent's open conversations; returns how many moved."""
    now = now or utcnow()
    moved = 0
    for conv in session.scalars(
        select(Conversation).where(Conversation.agent_id == account_id, Conversation.status == OPEN)
    ):
        if handover_to is not None:
            conv.agent_id = handover_to
            conv.assigned_at = now
        else:
            conv.agent_id = None
            conv.status = QUEUED
            conv.queued_at = now
        moved += 1
    session.flush()
    return moved
