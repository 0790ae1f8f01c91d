"""`subaccounts`: the team, one object per sub-account that has not left (离职), matched by
name (the part of the nick after the colon). Never a password, an ID document or a sign-in
detail: a sub-account created here has no password and cannot sign in until the main
account sets one. The field rules, the quota and who may change what are the sub-account
service's own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.accounts import Account, AccountPermission, Role
from app.models.vocabulary import AccountKind, AccountStatus
from app.services.accounts.permissions import check_grantable, compress, expand, is_known
from app.services.accounts.roles import role_points
from app.services.accounts.subaccount_rules import (
    check_employee_no,
    check_hired_on,
    check_input,
    check_name,
    check_phone_change,
    check_role_change,
    check_target,
    check_text,
)
from app.services.accounts.subaccount_types import SubAccountInput
from app.services.accounts.subaccounts import SubAccountService
from app.services.common.validation import normalise_phone
from app.services.routing.handover import release_agent
from app.services.shopfile.changes import ADDED, UNCHANGED, Change, compare
from app.services.shopfile.context import AccountRef, Context, Write, short_name
from app.services.shopfile.document import (
    MISSING,
    as_list,
    as_object,
    field,
    item_path,
    key_path,
    str_list,
)
from app.services.shopfile.roles_section import permission_codes

KEYS = ("name", "alias", "department", "title", "employee_no", "hired_on", "manager", "bound_phone",
        "role", "extra_permissions", "takes_routing", "status")
STATUSES = (AccountStatus.ACTIVE, AccountStatus.FROZEN)
DEFAULTS: dict[str, Any] = {"alias": "", "department": "", "title": "", "employee_no": "", "hired_on": None,
                            "manager": None, "extra_permissions": [], "takes_routing": False,
                            "status": AccountStatus.ACTIVE}


def _labels() -> dict[str, str]:
    return {"alias": _("花名"), "department": _("部门"), "title": _("职务")}


def _as_file(account: Account, names: dict[int, str], roles: dict[int, str],
             grants: dict[int, list[str]]) -> dict[str, Any]:
    """An account as the file writes it."""
    return {
        "name": short_name(account.nick),
        "alias": account.alias,
        "department": account.department,
        "title": account.title,
        "employee_no": account.employee_no,
        "hired_on": account.hired_on.isoformat() if account.hired_on else None,
        "manager": names.get(account.manager_id) if account.manager_id is not None else None,
        "bound_phone": account.bound_phone,
        "role": roles.get(account.role_id) if account.role_id is not None else None,
        "extra_permissions": grants.get(account.id, []),
        "takes_routing": bool(account.takes_routing),
        "status": str(account.status),
    }


@dataclass
class _Entry:
    path: str
    ref: AccountRef
    new: dict[str, Any]  # the file's values, checked and normalised
    existing: Account | None
    manager: str | None | Any = MISSING  # as written, resolved once every name is known
    grants: frozenset[str] | None = None  # the extra permissions' points, when the file lists them


class SubAccountsSection:
    key = "subaccounts"
    permissions: tuple[str, ...] = ("subaccounts.edit",)

    def export(self, session: Session) -> list[dict[str, Any]]:
        accounts = list(session.scalars(select(Account).where(Account.kind == AccountKind.SUB)))
        names = {a.id: short_name(a.nick) for a in accounts if a.status != AccountStatus.DELETED}
        roles, grants = _role_names(session), _grants(session)
        out = [_as_file(a, names, roles, grants) for a in accounts if a.status != AccountStatus.DELETED]
        return sorted(out, key=lambda a: a["name"])

    # -- planning ---------------------------------------------------------------------------
    def plan(self, ctx: Context, value: Any, path: str) -> Write | None:
        s = ctx.session
        accounts = list(s.scalars(select(Account)))
        phones = {a.bound_phone: a.id for a in accounts if a.bound_phone}
        entries: list[_Entry] = []
        seen: dict[str, str] = {}
        seen_phones: dict[str, str] = {}
        for i, raw in enumerate(as_list(value, path, ctx.problems)):
            entry = self._read(ctx, raw, item_path(path, i), seen, seen_phones, phones)
            if entry is not None:
                entries.append(entry)
        names = {a.id: short_name(a.nick) for a in accounts
                 if a.kind == AccountKind.SUB and a.status != AccountStatus.DELETED}
        roles, grants = _role_names(s), _grants(s)
        managers = {short_name(a.nick).casefold(): names.get(a.manager_id) if a.manager_id else None
                    for a in accounts if a.kind == AccountKind.SUB}
        for entry in entries:
            self._resolve_manager(ctx, entry, managers)
        for entry in entries:
            self._check_cycle(ctx, entry, managers)
        writes: list[Write] = []
        created: list[_Entry] = []
        for entry in entries:
            old = _as_file(entry.existing, names, roles, grants) if entry.existing is not None else None
            if old is None:
                entry.new = {"name": entry.ref.name, **DEFAULTS, **entry.new}
            change = compare(self.key, entry.ref.name, old, entry.new)
            ctx.changes.append(change)
            if change.kind == ADDED:
                created.append(entry)
            elif change.kind != UNCHANGED:
                self._check_update(ctx, entry, change)
                writes.append(self._updater(ctx, entry, change))
        self._check_quota(ctx, path, len(created))
        if created:
            writes.insert(0, self._creator(ctx, created))
        if any(e.manager is not MISSING for e in entries):
            writes.append(self._manager_writer(ctx, entries))

        def write_all() -> None:
            for write in writes:
                write()

        return write_all if writes else None

    def _read(self, ctx: Context, raw: Any, path: str, seen: dict[str, str], seen_phones: dict[str, str],
              phones: dict[str, int]) -> _Entry | None:
        problems = ctx.problems
        obj = as_object(raw, path, problems, KEYS, required=("name",))
        if obj is None:
            return None
        name = field(obj, "name", path, problems, "str")
        if name is MISSING:
            return None
        name = problems.check(key_path(path, "name"), partial(check_name, name, ctx.shop.name))
        if name is None:
            return None
        if name.casefold() in seen:
            problems.add(key_path(path, "name"), _("昵称与 {other} 重复").format(other=seen[name.casefold()]))
            return None
        seen[name.casefold()] = path
        ref = ctx.account(name)
        existing = ref.account if ref is not None else None
        if existing is not None and existing.status == AccountStatus.DELETED:
            problems.add(key_path(path, "name"), _("{nick} 是离职员工：请先在子账号管理里重新任用，再应用这个文件。").format(
                nick=existing.nick))
            return None
        new: dict[str, Any] = {}
        for key, label in _labels().items():
            text = field(obj, key, path, problems, "str")
            if text is not MISSING:
                checked = problems.check(key_path(path, key), partial(check_text, text, label))
                if checked is not None:
                    new[key] = checked
        self._read_more(ctx, obj, path, new, existing)
        phone = field(obj, "bound_phone", path, problems, "str", nullable=True)
        if phone is None and (existing is None or existing.bound_phone is not None):
            problems.add(key_path(path, "bound_phone"), _("请填写手机号。"))  # null only where none is bound
        elif phone is not None and phone is not MISSING:
            phone = problems.check(key_path(path, "bound_phone"), partial(normalise_phone, phone))
            if phone is not None:
                new["bound_phone"] = phone
                self._check_phone(ctx, path, phone, existing, seen_phones, phones)
        if existing is None:
            for key in ("bound_phone", "role"):
                if key not in obj:
                    problems.add(key_path(path, key), _("新建子账号时必填"))
        if ref is None:
            status = new.get("status", AccountStatus.ACTIVE)
            ref = ctx.accounts[name.casefold()] = AccountRef(name, None, status)
        elif "status" in new:
            ref.status = new["status"]
        manager = field(obj, "manager", path, problems, "str", nullable=True)
        return _Entry(path, ref, new, existing, manager)

    def _read_more(self, ctx: Context, obj: dict[str, Any], path: str, new: dict[str, Any],
                   existing: Account | None) -> None:
        problems = ctx.problems
        number = field(obj, "employee_no", path, problems, "str")
        if number is not MISSING:
            checked = problems.check(key_path(path, "employee_no"), partial(check_employee_no, number))
            if checked is not None:
                new["employee_no"] = checked
        hired = field(obj, "hired_on", path, problems, "str", nullable=True)
        if hired is None:
            new["hired_on"] = None
        elif hired is not MISSING:
            try:
                day = date.fromisoformat(hired.strip())
            except ValueError:
                problems.add(key_path(path, "hired_on"),
                             _("入职日期格式不正确：{value}（应为 2024-03-01）").format(value=hired))
            else:
                if problems.check(key_path(path, "hired_on"), partial(check_hired_on, day)) is not None:
                    new["hired_on"] = day.isoformat()
        role = field(obj, "role", path, problems, "str", nullable=True)
        if role is None and (existing is None or existing.role_id is not None):
            problems.add(key_path(path, "role"), _("请选择角色。"))  # null only where none is held
        elif role is not None and role is not MISSING:
            ref = ctx.role(role)
            if ref is None:
                problems.add(key_path(path, "role"), _("没有名为“{role}”的角色。").format(role=role))
            else:
                new["role"] = ref.name
        codes = str_list(obj, "extra_permissions", path, problems)
        if codes is not None:
            here = key_path(path, "extra_permissions")
            unknown = [j for j, code in enumerate(codes) if not is_known(code)]
            for j in unknown:
                problems.add(item_path(here, j), _("未知的权限：{code}").format(code=codes[j]))
            if not unknown:
                new["extra_permissions"] = permission_codes(expand(set(codes)))
        takes = field(obj, "takes_routing", path, problems, "bool")
        if takes is not MISSING:
            new["takes_routing"] = takes
        status = field(obj, "status", path, problems, "str")
        if status is not MISSING:
            if status in STATUSES:
                new["status"] = AccountStatus(status)
            else:
                problems.add(key_path(path, "status"), _("状态只能是 active（正常）或 frozen（冻结）；离职请在子账号管理里登记。"))

    @staticmethod
    def _check_phone(ctx: Context, path: str, phone: str, existing: Account | None,
                     seen_phones: dict[str, str], phones: dict[str, int]) -> None:
        here = key_path(path, "bound_phone")
        if phone in seen_phones:
            ctx.problems.add(here, _("手机号与 {other} 重复").format(other=seen_phones[phone]))
            return
        seen_phones[phone] = path
        own = existing.id if existing is not None else None
        if phones.get(phone, own) != own:
            with ctx.problems.at(here):
                SubAccountService._check_phone_free(ctx.session, phone, own)

    def _resolve_manager(self, ctx: Context, entry: _Entry, managers: dict[str, str | None]) -> None:
        if entry.manager is MISSING:
            return
        here = key_path(entry.path, "manager")
        if entry.manager is None:
            entry.new["manager"] = None
        else:
            ref = ctx.account(entry.manager)
            if ref is None or ref.status == AccountStatus.DELETED:
                ctx.problems.add(here, _("直接上级“{nick}”不存在或已离职。").format(nick=entry.manager))
                entry.manager = MISSING
                return
            entry.new["manager"] = ref.name
        managers[entry.ref.name.casefold()] = entry.new["manager"]

    @staticmethod
    def _check_cycle(ctx: Context, entry: _Entry, managers: dict[str, str | None]) -> None:
        if entry.manager is MISSING or entry.manager is None:
            return
        me, cursor, steps = entry.ref.name.casefold(), entry.new["manager"], 0
        while cursor is not None and steps <= len(managers):
            if cursor.casefold() == me:
                ctx.problems.add(key_path(entry.path, "manager"), _("直接上级不能是自己或自己的下属。"))
                entry.manager = MISSING
                return
            cursor, steps = managers.get(cursor.casefold()), steps + 1

    def _check_update(self, ctx: Context, entry: _Entry, change: Change) -> None:
        account, actor, problems = entry.existing, ctx.actor, ctx.problems
        assert account is not None
        keys = {k for k, _o, _n in change.fields}
        with problems.at(entry.path):
            check_target(actor, account)
        if "bound_phone" in keys:
            with problems.at(key_path(entry.path, "bound_phone")):
                check_phone_change(actor, account.id)
        if "role" in keys:
            self._check_role(ctx, entry, account.role)
        if "status" in keys:
            with problems.at(key_path(entry.path, "status")):
                actor.require("subaccounts.freeze")
                SubAccountService._not_self(actor, account)
        if "extra_permissions" in keys:
            old = next(o for k, o, _n in change.fields if k == "extra_permissions")
            self._check_grants(ctx, entry, expand(set(old)))

    @staticmethod
    def _check_grants(ctx: Context, entry: _Entry, old: frozenset[str]) -> None:
        """As the editor: never to oneself; only points the actor may grant, given or taken."""
        new = expand(set(entry.new["extra_permissions"]))
        if new == old:
            return
        here = key_path(entry.path, "extra_permissions")
        if entry.existing is not None and entry.existing.id == ctx.actor.account_id and not ctx.actor.is_main:
            ctx.problems.add(here, _("不能给自己授予额外权限。"))
        with ctx.problems.at(here):
            check_grantable(ctx.actor, new - old)
            if not ctx.actor.is_main:
                check_grantable(ctx.actor, old - new)

    def _check_role(self, ctx: Context, entry: _Entry, old: Role | None) -> None:
        ref = ctx.role(entry.new["role"])
        assert ref is not None
        here = key_path(entry.path, "role")
        if entry.existing is not None and entry.existing.id == ctx.actor.account_id and not ctx.actor.is_main:
            ctx.problems.add(here, _("不能修改自己的角色。"))
        with ctx.problems.at(here):
            check_role_change(ctx.actor, ref.preset_key, ref.points, old.preset_key if old is not None else None,
                              role_points(old) if old is not None else frozenset())

    def _check_quota(self, ctx: Context, path: str, adding: int) -> None:
        used = SubAccountService._used(ctx.session)
        quota = ctx.shop.subaccount_quota
        if adding and used + adding > quota:
            ctx.problems.add(path, _("超出子账号数量上限：已有 {used} 个，文件里有 {n} 个，上限 {quota}。").format(
                used=used, n=adding, quota=quota))

    # -- writing ----------------------------------------------------------------------------
    def _creator(self, ctx: Context, created: list[_Entry]) -> Write:
        for entry in created:
            if "role" not in entry.new or "bound_phone" not in entry.new:
                continue  # already a problem: required on creation
            self._check_role(ctx, entry, None)
            self._check_grants(ctx, entry, frozenset())
            data = SubAccountInput(  # the editor's own whole-form check, once more
                name=entry.ref.name, bound_phone=entry.new["bound_phone"], role_id=0,
                alias=entry.new["alias"], department=entry.new["department"], title=entry.new["title"],
                employee_no=entry.new["employee_no"], hired_on=_day(entry.new["hired_on"]),
            )
            ctx.problems.check(entry.path, partial(check_input, data, ctx.shop.name))

        def write() -> None:
            s, shop = ctx.session, ctx.shop
            for entry in created:
                new = entry.new
                role = ctx.role(new["role"])
                assert role is not None and role.role is not None
                account = Account(
                    kind=AccountKind.SUB, nick=f"{shop.name}:{entry.ref.name}", alias=new["alias"],
                    department=new["department"], title=new["title"], employee_no=new["employee_no"],
                    hired_on=_day(new["hired_on"]), bound_phone=new["bound_phone"], role=role.role,
                    takes_routing=new["takes_routing"], status=new["status"],
                    password_hash=None,  # 未设密码: cannot sign in until the main account sets one
                    created_at=ctx.now,
                    frozen_at=ctx.now if new["status"] == AccountStatus.FROZEN else None,
                )
                account.extra_grants = _grant_rows(new["extra_permissions"])
                s.add(account)
                entry.ref.account = account
            s.flush()

        return write

    def _updater(self, ctx: Context, entry: _Entry, change: Change) -> Write:
        account = entry.existing
        assert account is not None

        def write() -> None:
            s = ctx.session
            for key, _old, new in change.fields:
                if key in ("alias", "department", "title", "employee_no", "bound_phone", "takes_routing"):
                    setattr(account, key, new)
                elif key == "hired_on":
                    account.hired_on = _day(new)
                elif key == "extra_permissions":
                    account.extra_grants.clear()
                    s.flush()
                    account.extra_grants.extend(_grant_rows(new))
                elif key == "role":
                    role = ctx.role(new)
                    assert role is not None and role.role is not None
                    account.role = role.role
            if account.takes_routing is False and any(k == "takes_routing" for k, _o, _n in change.fields):
                ctx.reroute.add(account.id)
            status = entry.new.get("status")
            if status == AccountStatus.FROZEN and account.status == AccountStatus.ACTIVE:
                account.status, account.frozen_at = AccountStatus.FROZEN, ctx.now
                s.flush()
                release_agent(s, account.id, now=ctx.now)  # its open conversations go back to routing
                SubAccountService._end_sessions(s, account.id, "frozen", ctx.now)
            elif status == AccountStatus.ACTIVE and account.status == AccountStatus.FROZEN:
                account.status, account.frozen_at = AccountStatus.ACTIVE, None

        return write

    def _manager_writer(self, ctx: Context, entries: list[_Entry]) -> Write:
        def write() -> None:
            ctx.session.flush()
            for entry in entries:
                if entry.manager is MISSING or "manager" not in entry.new:
                    continue
                account = entry.ref.account
                assert account is not None
                name = entry.new["manager"]
                manager = None
                if name is not None:
                    ref = ctx.account(name)
                    assert ref is not None  # _resolve_manager kept only names it found
                    manager = ref.account
                manager_id = manager.id if manager is not None else None
                if account.manager_id != manager_id:
                    account.manager_id = manager_id

        return write


def _grant_rows(codes: list[str]) -> list[AccountPermission]:
    return [AccountPermission(code=c) for c in sorted(compress(expand(set(codes))))]


def _grants(session: Session) -> dict[int, list[str]]:
    """Each account's extra permissions as the file writes them."""
    codes: dict[int, set[str]] = {}
    for account_id, code in session.execute(select(AccountPermission.account_id, AccountPermission.code)):
        codes.setdefault(account_id, set()).add(code)
    return {account_id: permission_codes(expand(c)) for account_id, c in codes.items()}


def _role_names(session: Session) -> dict[int, str]:
    return {role_id: name for role_id, name in session.execute(select(Role.id, Role.name))}


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None
