"""Running the simulator against a shop: the agents it simulates, and one batch of due work
applied through `LiveService` (the same path as `ingest`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select

from app.models.accounts import Account
from app.models.routing import RoutingMember
from app.models.vocabulary import AccountStatus
from app.services.accounts.permissions import Actor
from app.services.live.apply import Applied
from app.services.live.events import LiveEvent
from app.services.live.service import LiveService
from app.services.live.simulator import Simulator, _Task


def routed_agents(live: LiveService) -> list[str]:
    """Full nicks of every agent that takes routed conversations."""
    with live.db.session() as s:
        return sorted(s.scalars(
            select(Account.nick).join(RoutingMember, RoutingMember.account_id == Account.id)
            .where(Account.status == AccountStatus.ACTIVE, Account.takes_routing.is_(True))
        ))


def run_until(live: LiveService, actor: Actor, sim: Simulator, until: datetime,
              emit: Callable[[LiveEvent], None] | None = None, *, live_clock: bool = False) -> None:
    """Apply the simulator's work due by `until`. `emit` gets each applied event (for
    `--emit`); `live_clock` (a console) moves an event to the newest stored instant when a
    person's action got there first, so the simulator's events never arrive out of order."""
    def apply(event: LiveEvent) -> Applied | None:
        if live_clock:
            newest = live.newest_event()
            if newest is not None and event.at < newest:
                event = LiveEvent(**{**event.__dict__, "at": newest})
        try:
            done = live.apply(actor, event)
        except Exception as exc:  # noqa: BLE001 - a refused event: the model goes on
            from app.services.common.errors import UserError

            if not isinstance(exc, UserError):
                raise
            return None
        if emit is not None:
            emit(event)
        return done

    def holder(buyer: str) -> tuple[str, str] | None:
        return live.buyer_state(actor, buyer)

    def side(task: _Task) -> None:
        if task.kind == "order":
            order_id = f"sim-{sim.config.seed}-{task.seq}"
            live.record_order(actor, task.buyer, order_id, task.data["amount"], task.at)
        else:
            live.record_rating(actor, task.buyer, int(task.data["rating"]), task.at)  # type: ignore[call-overload]

    sim.run_until(until, apply, holder, side)
