"""What happens to an agent's open conversations when the agent becomes unavailable
(offline, frozen, deleted): handed to a chosen colleague, or routed again.

Called inside the caller's unit of work (e.g. the sub-account service freezing an account),
so the account change and the hand-over commit together or not at all. It takes the routing
lock (the `routing_clock` row) first, so consoles routing at the same time wait for it and
then reload their state.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from app.models.accounts import Account
from app.models.base import utcnow
from app.models.routing import AgentPresence, PresenceEvent
from app.models.vocabulary import AccountStatus, Presence

if TYPE_CHECKING:
    from app.services.routing.rows import RouteResult


def release_agent(
    session: Session, account_id: int, *, handover_to: int | None = None, now: datetime | None = None
) -> int:
    """Move the agent's open conversations; returns how many moved (see `release_agent_routes`)."""
    return len(release_agent_routes(session, account_id, handover_to=handover_to, now=now))


def release_agent_routes(
    session: Session, account_id: int, *, handover_to: int | None = None, now: datetime | None = None
) -> list[RouteResult]:
    """Move the agent's open conversations; returns where each went.

    With `handover_to` they go to that colleague; otherwise each goes through routing again
    (another agent of the group, the queue, or the proxy account), and the queue drains.
    An account that is no longer active is also marked offline.
    """
    from app.services.routing.decisions import drain_in_session, reroute_agent_in_session
    from app.services.routing.state import load_state
    from app.services.routing.tx import Tx, bump_clock

    clock = session.info.get("clock")
    now = now or (clock.now() if clock is not None else utcnow())
    session.flush()
    bump_clock(session)
    state = load_state(session)
    account = session.get(Account, account_id)
    if account is not None and account.status != AccountStatus.ACTIVE:
        agent = state.agents.get(account_id)
        presence = session.get(AgentPresence, account_id)
        if presence is not None and presence.status != Presence.OFFLINE:
            presence.status, presence.since = Presence.OFFLINE, now
            session.add(PresenceEvent(account_id=account_id, status=Presence.OFFLINE, device=presence.device, at=now))
        if agent is not None:
            agent.status = Presence.OFFLINE
    session.flush()
    tx = Tx.of(session)
    moved = reroute_agent_in_session(tx, state, account_id, handover_to=handover_to, now=now)
    drain_in_session(tx, state, now)
    session.flush()
    return moved
