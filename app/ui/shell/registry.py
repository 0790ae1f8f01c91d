"""The navigation rail's panels in order, and who may see each.

Only built panels are listed; a listed module that cannot be imported is an error (tests
import every one).
The permission decides visibility only; services check every operation themselves.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from app.services.accounts.permissions import Actor


@dataclass(frozen=True)
class PanelSpec:
    key: str
    title: str  # source text; the window translates it
    icon: str  # file under resources/icons
    module: str  # dotted module path holding the `Panel` subclass named by `cls`
    cls: str
    permissions: tuple[str, ...]  # any one of them shows the panel; () = everyone


def N_(text: str) -> str:  # noqa: N802 - marks a string for translation where it is shown
    return text


PANELS: tuple[PanelSpec, ...] = (
    PanelSpec("home", N_("工作台"), "home.svg", "app.ui.home.panel", "HomePanel", ()),
    PanelSpec("reception", N_("接待中心"), "chat.svg", "app.ui.reception.panel", "ReceptionPanel", ("cs.reception",)),
    PanelSpec("dashboard", N_("实时数据"), "pulse.svg", "app.ui.dashboard.panel", "DashboardPanel", ("data.realtime",)),
    PanelSpec("monitoring", N_("监控查询"), "chart.svg", "app.ui.monitoring.panel", "MonitoringPanel", ("data.performance", "cs.history")),
    PanelSpec("subaccounts", N_("子账号"), "team.svg", "app.ui.accounts.subaccounts_panel", "SubAccountsPanel", ("subaccounts.view",)),
    PanelSpec("roles", N_("角色管理"), "shield.svg", "app.ui.accounts.roles_panel", "RolesPanel", ("subaccounts.roles",)),
    PanelSpec("routing", N_("分流设置"), "route.svg", "app.ui.routing.panel", "RoutingPanel", ("cs.routing",)),
    PanelSpec("security", N_("安全设置"), "lock.svg", "app.ui.security.panel", "SecurityPanel", ("security.manage",)),
)


def visible_panels(actor: Actor) -> list[PanelSpec]:
    """The panels this account may see (not imported yet: a panel's module, e.g. the charts
    of 监控查询, is only loaded when the panel is first opened)."""
    return [spec for spec in PANELS if not spec.permissions or any(actor.can(p) for p in spec.permissions)]


def panel_class(spec: PanelSpec) -> type:
    module = importlib.import_module(spec.module)
    cls: type = getattr(module, spec.cls)
    return cls
