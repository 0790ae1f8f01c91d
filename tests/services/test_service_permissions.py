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
    },
}

# Methods that take no actor or only compute from their arguments (no protected data).
UNCHECKED: dict[str, set[str]] = {
    "routing": {"invalidate", "transaction"},
    "monitoring": {"period", "today"},
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
