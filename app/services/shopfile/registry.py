"""The sections of the set-up file, in the order apply plans and writes them.

A new section (auto-replies, the security policy, …) is one module with a class that follows
`context.Section` — a `key`, the `permissions` it needs, `export(session)` and
`plan(ctx, value, path)` — added to `SECTIONS` below. Nothing else changes: the service
exports every section, accepts exactly these top-level keys and requires every section's
permissions. A section that refers to another one's items comes after it.
"""

from __future__ import annotations

from app.services.shopfile.auto_replies_section import AutoRepliesSection
from app.services.shopfile.context import Section
from app.services.shopfile.roles_section import RolesSection
from app.services.shopfile.routing_section import RoutingSection
from app.services.shopfile.shop_section import ShopSection
from app.services.shopfile.subaccounts_section import SubAccountsSection

VERSION = 1

SECTIONS: tuple[Section, ...] = (
    ShopSection(),
    RolesSection(),  # before sub-accounts, which name roles
    SubAccountsSection(),  # before routing, which names sub-accounts
    RoutingSection(),
    AutoRepliesSection(),  # after routing: a rule may name a group
)


def permissions() -> tuple[str, ...]:
    """Every permission the file needs, in section order, without repeats."""
    out: list[str] = []
    for section in SECTIONS:
        out += [code for code in section.permissions if code not in out]
    return tuple(out)
