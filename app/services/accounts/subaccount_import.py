"""Checking a sub-account file before anything is written: every problem of every row, and
for rows that name an existing account (matched by nick, e.g. our own export read back) the
changes importing would make. `SubAccountService.preview_import` shows this; `import_file`
writes it only when no row has a problem."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.accounts import Account, Role
from app.models.shop import Shop
from app.models.vocabulary import AccountStatus
from app.services.accounts.permissions import Actor
from app.services.accounts.roles import role_display_name, role_points
from app.services.accounts.subaccount_io import parse_row
from app.services.accounts.subaccount_rules import (
    account_points,
    check_phone_change,
    check_role_change,
    check_target,
    input_problems,
)
from app.services.accounts.subaccount_types import (
    ImportPreview,
    ImportRow,
    ImportUpdate,
    SubAccountInput,
)
from app.services.common.errors import UserError
from app.services.common.validation import check_password_strength
from app.services.security.masking import mask_phone


def _labels() -> dict[str, str]:
    return {
        "alias": _("花名"), "department": _("部门"), "title": _("职务"), "employee_no": _("工号"),
        "hired_on": _("入职日期"), "manager_id": _("直接上级"), "bound_phone": _("绑定手机"),
        "role_id": _("角色"), "takes_routing": _("参与分流"),
    }


class _Checker:
    """One pass over the file's rows against one snapshot of the shop."""

    def __init__(self, s: Session, actor: Actor, shop: Shop) -> None:
        self.s, self.actor, self.shop = s, actor, shop
        all_roles = list(s.scalars(select(Role)))
        self.roles = {role_display_name(r).casefold(): r for r in all_roles}
        self.roles.update({r.name.casefold(): r for r in all_roles})
        self.role_by_id = {r.id: r for r in all_roles}
        self.accounts = {a.nick.lower(): a for a in s.scalars(select(Account))}
        self.phones = {a.bound_phone: a for a in self.accounts.values() if a.bound_phone}
        self.managers = {a.nick: a.id for a in self.accounts.values() if a.status != AccountStatus.DELETED}
        self.nick_of = {a.id: a.nick for a in self.accounts.values()}
        self.seen_nicks: dict[str, int] = {}
        self.seen_phones: dict[str, int] = {}

    def row(self, line: int, values: dict[str, str]) -> tuple[list[str], ImportRow | ImportUpdate | None, bool]:
        """(problems, the new or changed account, unchanged?) of one row."""
        data, password, parse_errors = parse_row(values, self.roles, self.managers, self.shop.name)
        problems = [e.message for e in parse_errors]
        nick = f"{self.shop.name}:{(data.name or '').strip()}"
        existing = self.accounts.get(nick.lower()) if data.name.strip() else None
        phone = existing.bound_phone if existing is not None else None
        if phone and "*" in data.bound_phone and data.bound_phone == mask_phone(phone):
            data = replace(data, bound_phone=phone)  # our export with masked phones: phone unchanged
        checked_problems, checked = input_problems(replace(data, role_id=data.role_id or -1), self.shop.name)
        problems += [p.message for p in checked_problems]
        if password is not None:
            try:
                check_password_strength(password, phone=checked.bound_phone if checked else None)
            except UserError as exc:
                problems.append(exc.message)
        if existing is not None:
            return self._existing(line, existing, checked, password, problems)
        if checked is None or problems:
            return problems, None, False
        problems += self._new(line, checked)
        return problems, (None if problems else ImportRow(line, checked, password)), False

    def _new(self, line: int, data: SubAccountInput) -> list[str]:
        problems: list[str] = []
        nick = f"{self.shop.name}:{data.name}".lower()
        if nick in self.seen_nicks:
            problems.append(_("昵称与第 {line} 行重复。").format(line=self.seen_nicks[nick]))
        if data.bound_phone in self.phones:
            problems.append(_("手机号 {phone} 已绑定其他账号。").format(phone=data.bound_phone))
        elif data.bound_phone in self.seen_phones:
            problems.append(_("手机号与第 {line} 行重复。").format(line=self.seen_phones[data.bound_phone]))
        role = self.role_by_id.get(data.role_id or -1)
        if role is not None:
            try:
                check_role_change(self.actor, role.preset_key, role_points(role), None)
            except UserError as exc:
                problems.append(exc.message)
        if not problems:
            self.seen_nicks[nick] = line
            self.seen_phones[data.bound_phone] = line
        return problems

    def _existing(
        self, line: int, account: Account, data: SubAccountInput | None, password: str | None, problems: list[str]
    ) -> tuple[list[str], ImportUpdate | None, bool]:
        if account.kind != "sub":
            problems.append(_("{nick} 是主账号，不能导入。").format(nick=account.nick))
        elif account.status == AccountStatus.DELETED:
            problems.append(_("{nick} 已离职，请先重新任用再导入修改。").format(nick=account.nick))
        if password is not None:
            problems.append(_("已有账号的密码不能通过导入修改，请用“重置密码”。"))
        nick = account.nick.lower()
        if nick in self.seen_nicks:
            problems.append(_("昵称与第 {line} 行重复。").format(line=self.seen_nicks[nick]))
        if data is None or problems:
            return problems, None, False
        changes = self._changes(account, data)
        if not changes:
            self.seen_nicks[nick] = line
            return [], None, True
        try:
            check_target(self.actor, account)
            if data.bound_phone != account.bound_phone:
                check_phone_change(self.actor, account.id)
                # a bound phone changes only with the owner's password again (the editor asks)
                problems.append(_("绑定手机不能通过导入修改，请在编辑子账号时修改（需要再次输入主账号密码）。"))
            if data.role_id != account.role_id:
                role = self.role_by_id[data.role_id or -1]
                old = account.role
                check_role_change(self.actor, role.preset_key, role_points(role),
                                  old.preset_key if old else None, account_points(account))
        except UserError as exc:
            problems.append(exc.message)
        other = self.phones.get(data.bound_phone)
        if other is not None and other.id != account.id:
            problems.append(_("手机号 {phone} 已绑定其他账号。").format(phone=data.bound_phone))
        if problems:
            return problems, None, False
        self.seen_nicks[nick] = line
        return [], ImportUpdate(line, account.id, account.nick, data, changes), False

    def _changes(self, account: Account, data: SubAccountInput) -> tuple[tuple[str, str, str], ...]:
        labels = _labels()
        out = []
        for key, label in labels.items():
            old, new = getattr(account, key), getattr(data, key)
            if key == "takes_routing":
                old = bool(old)
            if old != new:
                out.append((label, self._text(key, old), self._text(key, new)))
        return tuple(out)

    def _text(self, key: str, value: object) -> str:
        if value is None:
            return ""
        if key == "manager_id":
            assert isinstance(value, int)  # an account id, from the account or the input
            return self.nick_of.get(value, "")
        if key == "role_id":
            assert isinstance(value, int)
            role = self.role_by_id.get(value)
            return role_display_name(role) if role else ""
        if key == "takes_routing":
            return _("是") if value else _("否")
        if key == "bound_phone":
            return mask_phone(str(value))
        if isinstance(value, date):
            return value.isoformat()
        return str(value)


def check_import(
    s: Session, actor: Actor, shop: Shop, raw: list[tuple[int, dict[str, str]]], used: int
) -> ImportPreview:
    """Every problem of every row (nothing written); `used` = sub-accounts counting against
    the quota now."""
    checker = _Checker(s, actor, shop)
    errors: list[str] = []
    rows: list[ImportRow] = []
    updates: list[ImportUpdate] = []
    unchanged = 0
    for line, values in raw:
        problems, item, same = checker.row(line, values)
        for problem in problems:
            errors.append(_("第 {line} 行：{reason}").format(line=line, reason=problem))
        if isinstance(item, ImportRow):
            rows.append(item)
        elif isinstance(item, ImportUpdate):
            updates.append(item)
        unchanged += same
    if used + len(rows) > shop.subaccount_quota:
        errors.append(
            _("超出子账号数量上限：已有 {used} 个，文件里有 {n} 个，上限 {quota}。").format(
                used=used, n=len(rows), quota=shop.subaccount_quota
            )
        )
    return ImportPreview(tuple(rows), tuple(errors), tuple(updates), unchanged)
