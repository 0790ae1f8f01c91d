"""`roles`: custom roles with their permission codes, and preset roles whose permissions the
shop changed. Roles are matched by name (a preset also by its name in the user's language);
the rules are the role service's: valid names, known and grantable codes, 超级管理员 fixed."""

from __future__ import annotations

from functools import partial
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.accounts import Role, RolePermission
from app.services.accounts.permissions import (
    catalogue_order,
    check_grantable,
    compress,
    expand,
    is_known,
)
from app.services.accounts.roles import (
    PRESET_ROLES,
    SUPER_ADMIN,
    RoleService,
    _check_description,
    check_role_name,
    role_points,
)
from app.services.shopfile.changes import UNCHANGED, compare
from app.services.shopfile.context import Context, RoleRef, Write
from app.services.shopfile.document import (
    MISSING,
    as_list,
    as_object,
    field,
    item_path,
    key_path,
    str_list,
)

KEYS = ("name", "description", "permissions")


def permission_codes(points: frozenset[str]) -> list[str]:
    """Points as the file writes them: the shortest codes (a whole module by its name), in
    catalogue order."""
    return sorted(compress(points), key=catalogue_order)


class RolesSection:
    key = "roles"
    permissions: tuple[str, ...] = ("subaccounts.roles",)

    def export(self, session: Session) -> list[dict[str, Any]]:
        out = []
        for role in session.scalars(select(Role)):
            points = role_points(role)
            if role.preset_key is None:
                out.append({"name": role.name, "description": role.description, "permissions": permission_codes(points)})
            elif role.preset_key != SUPER_ADMIN and points != expand(PRESET_ROLES[role.preset_key][2]):
                out.append({"name": role.name, "permissions": permission_codes(points)})
        return sorted(out, key=lambda r: r["name"])

    def plan(self, ctx: Context, value: Any, path: str) -> Write | None:
        writes: list[Write] = []
        seen: dict[str, str] = {}
        for i, raw in enumerate(as_list(value, path, ctx.problems)):
            here = item_path(path, i)
            write = self._plan_one(ctx, raw, here, seen)
            if write is not None:
                writes.append(write)

        def write_all() -> None:
            for write in writes:
                write()

        return write_all if writes else None

    def _plan_one(self, ctx: Context, raw: Any, path: str, seen: dict[str, str]) -> Write | None:
        problems = ctx.problems
        obj = as_object(raw, path, problems, KEYS, required=("name",))
        if obj is None:
            return None
        name = field(obj, "name", path, problems, "str")
        if name is MISSING:
            return None
        name = problems.check(key_path(path, "name"), partial(check_role_name, name))
        if name is None:
            return None
        if name.casefold() in seen:
            problems.add(key_path(path, "name"), _("与 {other} 重名").format(other=seen[name.casefold()]))
            return None
        seen[name.casefold()] = path
        new: dict[str, Any] = {}
        description = field(obj, "description", path, problems, "str")
        if description is not MISSING:
            description = problems.check(key_path(path, "description"), partial(_check_description, description))
            if description is not None:
                new["description"] = description
        points: frozenset[str] | None = None
        codes = str_list(obj, "permissions", path, problems)
        if codes is not None:
            unknown = False
            for j, code in enumerate(codes):
                if not is_known(code):
                    problems.add(item_path(key_path(path, "permissions"), j),
                                 _("未知的权限：{code}").format(code=code))
                    unknown = True
            if not unknown:
                points = expand(set(codes))
                new["permissions"] = permission_codes(points)
        ref = ctx.role(name)
        if ref is None:
            return self._plan_new(ctx, path, name, new, points, codes is not None)
        return self._plan_update(ctx, path, ref, new, points)

    def _plan_new(self, ctx: Context, path: str, name: str, new: dict[str, Any],
                  points: frozenset[str] | None, listed: bool) -> Write | None:
        if points is None:
            if not listed:  # a listed but unknown code is already a problem
                ctx.problems.add(key_path(path, "permissions"), _("新角色须列出权限"))
            return None
        ctx.problems.check(key_path(path, "permissions"), partial(check_grantable, ctx.actor, points))
        new = {"description": "", **new}
        ref = RoleRef(name, None, points)
        ctx.roles[name.casefold()] = ref
        ctx.changes.append(compare(self.key, name, None, new))

        def write() -> None:
            role = Role(name=name, description=new["description"])
            role.permissions = [RolePermission(code=c) for c in sorted(compress(points))]
            ctx.session.add(role)
            ref.role = role

        return write

    def _plan_update(self, ctx: Context, path: str, ref: RoleRef, new: dict[str, Any],
                     points: frozenset[str] | None) -> Write | None:
        role = ref.role
        assert role is not None
        old = {"description": role.description, "permissions": permission_codes(ref.points)}
        change = compare(self.key, role.name, old, new)
        ctx.changes.append(change)
        if change.kind == UNCHANGED:
            return None
        keys = {k for k, _o, _n in change.fields}
        problems = ctx.problems
        if role.preset_key is not None and "description" in keys:
            problems.add(key_path(path, "description"), _("预设角色不能改名或改说明，可以复制后再改。"))
        with problems.at(path):
            RoleService._check_may_change(ctx.actor, role)
        if "permissions" in keys and points is not None:
            if role.preset_key == SUPER_ADMIN:
                problems.add(key_path(path, "permissions"), _("超级管理员始终拥有全部可授予的权限，不能修改。"))
            with problems.at(key_path(path, "permissions")):
                check_grantable(ctx.actor, points - ref.points)  # what is added, as the role service
                check_grantable(ctx.actor, ref.points - points)  # and what is taken away
            ref.points = points

        def write() -> None:
            if "description" in keys:
                role.description = new["description"]
            if "permissions" in keys and points is not None:
                role.permissions.clear()
                ctx.session.flush()
                role.permissions.extend(RolePermission(code=c) for c in sorted(compress(points)))

        return write
