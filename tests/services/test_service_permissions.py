"""Every public method of every area service × every preset role (and the main account):
refused with PermissionDenied exactly when the role lacks what the method needs, checked in the
service. Sub-accounts and roles have their own matrix (test_permissions_matrix.py).

Each call uses placeholder arguments (an id that does not exist, an empty file, …): the
permission is checked before anything else, so an allowed role gets past it to a NotFound or a
ValidationError, and a refused one never gets that far. Deleting any one `require` in a service
makes a row of this matrix fail; a new public method without a row fails
`test_every_public_method_is_listed`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from app.services.accounts.permissions import Actor, expand
from app.services.accounts.roles import PRESET_ROLES
from app.services.common.errors import PermissionDenied

D1, D2 = date(2026, 11, 1), date(2026, 11, 2)
AT = datetime(2026, 11, 2, 3, 0, tzinfo=UTC)
NO_ID = 987_654


@dataclass(frozen=True)
class Need:
    """Who may call: the main account always; others when they hold every point of any one
    of `alternatives` (an empty alternative: anyone signed in)."""

    alternatives: tuple[frozenset[str], ...]

    def allows(self, points: frozenset[str]) -> bool:
        return any(alt <= points for alt in self.alternatives)


def need(*codes: str) -> Need:  # any one of them
    return Need(tuple(frozenset({c}) for c in codes))


def need_all(*codes: str) -> Need:
    return Need((frozenset(codes),))


ANYONE = Need((frozenset(),))  # acts on the caller's own things only
ACT = need("cs.reception", "data.realtime", "cs.routing")  # live events: an agent's own or any
OWNER = Need(())  # the main account alone

Call = Callable[[Any, Actor, Path], Any]

# service property on `Services` → {method: (who may call, how to call it)}
MATRIX: dict[str, dict[str, tuple[Need, Call]]] = {
    "routing": {
        "overview": (need("cs.routing"), lambda s, a, t: s.routing.overview(a)),
        "settings": (need("cs.routing"), lambda s, a, t: s.routing.settings(a)),
        "create_group": (need("cs.routing"), lambda s, a, t: s.routing.create_group(a, "")),
        "update_group": (need("cs.routing"), lambda s, a, t: s.routing.update_group(a, NO_ID, name="x")),
        "delete_group": (need("cs.routing"), lambda s, a, t: s.routing.delete_group(a, NO_ID)),
        "set_member": (need("cs.routing"), lambda s, a, t: s.routing.set_member(a, NO_ID, NO_ID)),
        "remove_member": (need("cs.routing"), lambda s, a, t: s.routing.remove_member(a, NO_ID)),
        "add_rule": (need("cs.routing"), lambda s, a, t: s.routing.add_rule(a, "keyword", "", NO_ID)),
        "update_rule": (need("cs.routing"), lambda s, a, t: s.routing.update_rule(a, NO_ID, pattern="x")),
        "delete_rule": (need("cs.routing"), lambda s, a, t: s.routing.delete_rule(a, NO_ID)),
        "update_settings": (need("cs.routing"), lambda s, a, t: s.routing.update_settings(a, returning_window_hours=-1)),
        "try_route": (need("cs.routing"), lambda s, a, t: s.routing.try_route(a, "你好")),
        "set_presence": (need("cs.routing"), lambda s, a, t: s.routing.set_presence(a, NO_ID, "online")),
        "shop_light": (need("cs.routing", "data.realtime", "cs.reception"), lambda s, a, t: s.routing.shop_light(a)),
        "queue_size": (need("cs.routing", "data.realtime", "cs.reception"), lambda s, a, t: s.routing.queue_size(a)),
        # an agent's console routes and closes its own conversations; the routing manager any
        "route": (need("cs.reception", "cs.routing"), lambda s, a, t: s.routing.route(a, "")),
        "close": (need("cs.reception"), lambda s, a, t: s.routing.close(a, NO_ID)),
        "drain": (need("cs.reception", "cs.routing"), lambda s, a, t: s.routing.drain(a)),
    },
    "imports": {
        "import_file": (need("data.import"), lambda s, a, t: s.imports.import_file(a, "chats", t / "none.csv")),
    },
    "reports": {
        "agent_report": (need("data.performance"), lambda s, a, t: s.reports.agent_report(a, D2, D1)),
        "daily_trend": (need("data.performance"), lambda s, a, t: s.reports.daily_trend(a, D2, D1)),
        "turns": (need("data.performance"), lambda s, a, t: s.reports.turns(a, D2, D1)),
        "set_ad_flag": (need("data.performance"), lambda s, a, t: s.reports.set_ad_flag(a, NO_ID, True)),
        "rebuild_summaries": (need("data.import"), lambda s, a, t: s.reports.rebuild_summaries(a)),
    },
    "monitoring": {
        "groups": (need("data.performance"), lambda s, a, t: s.monitoring.groups(a)),
        "search_chats": (need("cs.history"), lambda s, a, t: s.monitoring.search_chats(a, date_from=D2, date_to=D1)),
        "transcript": (need("cs.history"), lambda s, a, t: s.monitoring.transcript(a, NO_ID)),
        "conversations": (need("data.performance"), lambda s, a, t: s.monitoring.conversations(a, D2, D1)),
        "daily_trend": (need("data.performance"), lambda s, a, t: s.monitoring.daily_trend(a, D2, D1)),
        "extra_figures": (need("data.performance"), lambda s, a, t: s.monitoring.extra_figures(a, D2, D1)),
        "attendance": (need("data.performance"), lambda s, a, t: s.monitoring.attendance(a, D2, D1)),
        "audit_log": (need("security.manage"), lambda s, a, t: s.monitoring.audit_log(a)),
        "audit_actions": (need("security.manage"), lambda s, a, t: s.monitoring.audit_actions(a)),
        "period": (need("data.performance", "cs.history", "security.manage"),
                   lambda s, a, t: s.monitoring.period(a, D2, D1)),
        "today": (need("data.performance", "cs.history", "security.manage"), lambda s, a, t: s.monitoring.today(a)),
    },
    "overview": {
        "summary": (need("data.realtime", "subaccounts.view"), lambda s, a, t: s.overview.summary(a)),
    },
    "realtime": {
        "snapshot": (need("data.realtime"), lambda s, a, t: s.realtime.snapshot(a)),
        "timeline": (need("data.realtime"), lambda s, a, t: s.realtime.timeline(a)),
        "agent_conversations": (need("data.realtime"), lambda s, a, t: s.realtime.agent_conversations(a, NO_ID)),
    },
    "live": {
        # the agent's own workbench
        "reply": (ACT, lambda s, a, t: s.live.reply(a, NO_ID, "在的")),
        "transfer": (ACT, lambda s, a, t: s.live.transfer(a, NO_ID, "group:售前")),
        "close": (ACT, lambda s, a, t: s.live.close(a, NO_ID)),
        "set_status": (ACT, lambda s, a, t: s.live.set_status(a, "online")),
        "my_status": (ANYONE, lambda s, a, t: s.live.my_status(a)),
        "my_conversations": (need("cs.reception"), lambda s, a, t: s.live.my_conversations(a)),
        "transcript": (need("cs.reception", "data.realtime", "cs.history"), lambda s, a, t: s.live.transcript(a, NO_ID)),
        "transfer_targets": (need("cs.reception"), lambda s, a, t: s.live.transfer_targets(a)),
        "mark_ad": (need("cs.reception"), lambda s, a, t: s.live.mark_ad(a, NO_ID, True)),
        "phrases": (need("cs.reception"), lambda s, a, t: s.live.phrases(a)),
        "use_phrase": (need("cs.reception"), lambda s, a, t: s.live.use_phrase(a, NO_ID)),
        "save_phrase": (need("cs.reception"), lambda s, a, t: s.live.save_phrase(a, content="")),
        "delete_phrase": (need("cs.reception"), lambda s, a, t: s.live.delete_phrase(a, NO_ID)),
        "settings": (need("cs.reception"), lambda s, a, t: s.live.settings(a)),
        "auto_replies": (need("cs.reception"), lambda s, a, t: s.live.auto_replies(a)),
        "tick": (need("cs.reception", "cs.routing", "data.realtime"), lambda s, a, t: s.live.tick(a)),
        # supervisors
        "agent_queues": (need("data.realtime"), lambda s, a, t: s.live.agent_queues(a)),
        "take_over": (need("data.realtime"), lambda s, a, t: s.live.take_over(a, NO_ID)),
        # the routing manager and integrations
        "apply": (ACT, lambda s, a, t: s.live.apply(a, _close_event(s))),
        "buyer_state": (need("cs.routing"), lambda s, a, t: s.live.buyer_state(a, "测试小店:无此人")),
        "record_order": (need("cs.routing"), lambda s, a, t: s.live.record_order(a, "b", "", "x", AT)),
        "record_rating": (need("cs.routing"), lambda s, a, t: s.live.record_rating(a, "b", 9, AT)),
        "set_auto_replies": (need("cs.routing"), lambda s, a, t: s.live.set_auto_replies(a, [])),
        "update_settings": (need("cs.routing"), lambda s, a, t: s.live.update_settings(a, session_timeout_min=0)),
    },
    "security": {
        "policy": (need("security.manage"), lambda s, a, t: s.security.policy(a)),
        "set_policy": (need("security.manage"), lambda s, a, t: s.security.set_policy(a, None)),
        "override": (need("security.manage"), lambda s, a, t: s.security.override(a, NO_ID)),
        "set_override": (need("security.manage"), lambda s, a, t: s.security.set_override(a, NO_ID, None)),
        "devices": (need("security.manage"), lambda s, a, t: s.security.devices(a)),
        "decide_device": (need("security.manage"), lambda s, a, t: s.security.decide_device(a, NO_ID, True)),
        "sessions": (ANYONE,  # the actor's own unless security.manage
                     lambda s, a, t: s.security.sessions(a)),
        "end_session": (ANYONE, lambda s, a, t: s.security.end_session(a, NO_ID)),
        "account_states": (need("security.manage"), lambda s, a, t: s.security.account_states(a)),
        "alerts": (ANYONE,  # empty unless security.manage or subaccounts.freeze
                    lambda s, a, t: s.security.alerts(a)),
        "acknowledge_alert": (need("security.manage"), lambda s, a, t: s.security.acknowledge_alert(a, NO_ID)),
        "verify_log": (need("security.manage"), lambda s, a, t: s.security.verify_log(a)),
        "export_log": (need_all("security.manage", "data.export"), lambda s, a, t: s.security.export_log(a, t / "log.csv")),
        "reset_password": (need("subaccounts.edit"), lambda s, a, t: s.security.reset_password(a, NO_ID)),
        "change_phone": (OWNER, lambda s, a, t: s.security.change_phone(a, NO_ID, "13912345678", "x")),
        # the caller's own account
        "change_own_password": (ANYONE, lambda s, a, t: s.security.change_own_password(a, "x", "y")),
        "step_up": (ANYONE, lambda s, a, t: s.security.step_up(a, "x")),
        "start_two_step": (OWNER, lambda s, a, t: s.security.start_two_step(a, "x")),
        "confirm_two_step": (OWNER, lambda s, a, t: s.security.confirm_two_step(a, "x", "s", "000000")),
        "disable_two_step": (OWNER, lambda s, a, t: s.security.disable_two_step(a, "x")),
        "new_recovery_codes": (OWNER, lambda s, a, t: s.security.new_recovery_codes(a, "x")),
        "two_step_enabled": (ANYONE, lambda s, a, t: s.security.two_step_enabled(a)),
    },
    "shopfile": {
        "export": (need_all("subaccounts.view", "subaccounts.roles", "cs.routing"), lambda s, a, t: s.shopfile.export(a)),
        "export_text": (need_all("subaccounts.view", "subaccounts.roles", "cs.routing"),
                        lambda s, a, t: s.shopfile.export_text(a)),
        "export_file": (need_all("subaccounts.view", "subaccounts.roles", "cs.routing"),
                        lambda s, a, t: s.shopfile.export_file(a, t / "shop.json")),
        "apply": (need_all("subaccounts.edit", "subaccounts.roles", "cs.routing"),
                  lambda s, a, t: s.shopfile.apply(a, "{", dry_run=True)),
    },
}


def _close_event(services: Any) -> Any:
    from app.services.live.events import LiveEvent

    return LiveEvent("close", services.clock.now(), buyer="测试小店:无此人")

# Methods that take no actor or only compute from their arguments (no protected data).
UNCHECKED: dict[str, set[str]] = {
    "routing": {"invalidate", "transaction"},
    "live": {"newest_event", "now"},
    "shopfile": {"require"},
}

ROLES = sorted(PRESET_ROLES) + ["main"]


def _actor(role: str) -> Actor:
    if role == "main":
        return Actor(1, "测试小店", True, frozenset())
    points = expand(PRESET_ROLES[role][2])
    return Actor(NO_ID + 1, f"测试小店:{role}", False, points, role_key=role)


def _public(obj: Any) -> set[str]:
    return {n for n, _ in inspect.getmembers(type(obj), inspect.isfunction) if not n.startswith("_")}


@pytest.mark.parametrize("area", sorted(MATRIX))
def test_every_public_method_is_listed(area: str, shop) -> None:  # type: ignore[no-untyped-def]
    service = getattr(shop, area)
    assert _public(service) - UNCHECKED.get(area, set()) == set(MATRIX[area]), (
        f"list every public method of the {area} service in MATRIX with who may call it"
    )


@pytest.mark.parametrize("role", ROLES)
def test_matrix(role: str, shop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    actor = _actor(role)
    wrong: list[str] = []
    for area, methods in MATRIX.items():
        for name, (who, call) in methods.items():
            expected = role == "main" or who.allows(actor.permissions)
            try:
                call(shop, actor, tmp_path)
                allowed = True
            except PermissionDenied:
                allowed = False
            except TypeError:  # the row's call is wrong, not the service
                raise
            except Exception:  # past the check: a placeholder argument was refused
                allowed = True
            if allowed != expected:
                wrong.append(f"{area}.{name}: {'allowed' if allowed else 'refused'}")
    assert wrong == [], f"{role}: {wrong}"
