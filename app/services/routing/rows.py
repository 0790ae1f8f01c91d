"""What the routing service returns: plain frozen rows, never ORM objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from app.i18n import _
from app.services.routing import engine as eng
from app.services.routing.state import read_settings


@dataclass(frozen=True)
class RouteResult:
    conversation_id: int | None
    outcome: str  # assigned | queued | proxy
    agent_id: int | None
    agent_name: str
    group_id: int | None
    group_name: str
    reason: str
    queue_position: int = 0
    auto_reply: str | None = None
    continued: bool = False  # the buyer's conversation was still open: no new routing


@dataclass(frozen=True)
class GroupRow:
    id: int
    name: str
    mode: str
    mode_name: str
    preset_key: str | None
    is_default: bool
    overflow_group_id: int | None
    overflow_name: str
    backup_agent_id: int | None
    backup_name: str
    members: int
    online: int
    queued: int
    lit: bool
    position: int


@dataclass(frozen=True)
class MemberRow:
    account_id: int
    name: str
    nick: str
    group_id: int
    group_name: str
    weight: int
    capacity: int
    position: int
    load: int
    status: str
    status_name: str
    device: str
    takes_routing: bool
    account_status: str
    routable: bool
    load_text: str


@dataclass(frozen=True)
class RuleRow:
    id: int
    kind: str
    kind_name: str
    pattern: str
    group_id: int
    group_name: str
    priority: int
    enabled: bool


@dataclass(frozen=True)
class AccountChoice:
    account_id: int
    name: str
    nick: str
    is_main: bool


@dataclass(frozen=True)
class RoutingSettings:
    proxy_account_id: int | None
    proxy_name: str
    auto_reply: str
    mobile_routing: bool
    returning_window_hours: float


@dataclass(frozen=True)
class ShopLight:
    lit: bool
    groups: tuple[tuple[int, str, bool], ...]  # (group id, name, lit)


@dataclass(frozen=True)
class DecisionRow:
    id: int
    at: datetime
    conversation_id: int
    buyer_nick: str
    outcome: str
    agent_name: str
    reason: str


@dataclass(frozen=True)
class RoutingOverview:
    groups: tuple[GroupRow, ...]
    members: tuple[MemberRow, ...]
    rules: tuple[RuleRow, ...]
    settings: RoutingSettings
    accounts: tuple[AccountChoice, ...]  # active accounts, for proxy/backup/member pickers
    light: ShopLight
    queued: int
    decisions: tuple[DecisionRow, ...] = field(default=())



def _light(state: eng.RoutingState) -> ShopLight:
    return ShopLight(
        lit=state.shop_lit(),
        groups=tuple((g.id, _(g.name), state.group_lit(g.id)) for g in state.ordered_groups()),
    )


def _settings_row(state: eng.RoutingState, s: Session) -> RoutingSettings:
    raw = read_settings(s)
    return RoutingSettings(
        proxy_account_id=state.settings.proxy_account_id, proxy_name=state.settings.proxy_name,
        auto_reply=str(raw["auto_reply"] or ""), mobile_routing=bool(raw["mobile_routing"]),
        returning_window_hours=float(raw["returning_window_hours"]),
    )


def _account_status_label(status: str) -> str:
    return {"frozen": _("已冻结"), "deleted": _("已删除")}.get(status, "")



def _group_name(state: eng.RoutingState, group_id: int | None) -> str:
    group = state.groups.get(group_id) if group_id is not None else None
    return _(group.name) if group else ""

