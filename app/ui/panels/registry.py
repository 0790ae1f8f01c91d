"""The navigation rail's panels in order, and who may see each.

A panel module that does not exist yet is skipped, so the rail only shows what is built.
The permission decides visibility only; services check every operation themselves.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from app.services.permissions import Actor


@dataclass(frozen=True)
class PanelSpec:
    key: str
    title: str  # source text; the window translates it
    icon: str  # file under resources/icons
    module: str  # module under app.ui.panels with a `Panel` subclass named by `cls`
    cls: str
    permissions: tuple[str, ...]  # any one of them shows the panel; () = everyone


def N_(text: str) -> str:  # noqa: N802 - marks a string for translation where it is shown
    return text


PANELS: tuple[PanelSpec, ...] = (
    PanelSpec("home", N_("工作台"), "home.svg", "home", "HomePanel", ()),
    PanelSpec("reception", N_("接待"), "chat.svg", "reception", "ReceptionPanel", ("cs.reception",)),
    PanelSpec("dashboard", N_("实时数据"), "pulse.svg", "dashboard", "DashboardPanel", ("data.realtime",)),
    PanelSpec("monitoring", N_("监控查询"), "chart.svg", "monitoring", "MonitoringPanel", ("data.performance", "cs.history")),
    PanelSpec("subaccounts", N_("子账号"), "team.svg", "subaccounts", "SubAccountsPanel", ("subaccounts.view",)),
    PanelSpec("roles", N_("角色管理"), "shield.svg", "roles", "RolesPanel", ("subaccounts.roles",)),
    PanelSpec("routing", N_("分流设置"), "route.svg", "routing", "RoutingPanel", ("cs.routing",)),
    PanelSpec("security", N_("安全设置"), "lock.svg", "security", "SecurityPanel", ("security.manage",)),
)


def visible_panels(actor: Actor) -> list[PanelSpec]:
    """The panels this account may see whose module exists (not imported yet: a panel's
    module, e.g. the charts of 监控查询, is only loaded when the panel is first opened)."""
    from importlib.util import find_spec

    return [
        spec
        for spec in PANELS
        if (not spec.permissions or any(actor.can(p) for p in spec.permissions))
        and find_spec(f"app.ui.panels.{spec.module}") is not None
    ]


def panel_class(spec: PanelSpec) -> type:
    module = importlib.import_module(f"app.ui.panels.{spec.module}")
    return getattr(module, spec.cls)
