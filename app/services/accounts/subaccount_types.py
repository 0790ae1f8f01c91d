"""The plain rows and inputs of 子账号管理, shared by the service, its file reader/writer and
the UI (no database, no Qt)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from app.i18n import _
from app.models.vocabulary import AccountStatus


def status_text(status: str) -> str:
    texts: dict[str, str] = {AccountStatus.ACTIVE: _("正常"), AccountStatus.FROZEN: _("已冻结"), AccountStatus.DELETED: _("离职")}
    return texts.get(status, status)


@dataclass(frozen=True)
class SubAccountRow:
    id: int
    nick: str  # 店铺名:名字
    name: str  # the part after the colon
    alias: str
    department: str
    title: str
    employee_no: str
    hired_on: date | None
    manager_id: int | None
    manager_nick: str
    bound_phone: str
    role_id: int | None
    role_name: str
    role_key: str | None
    takes_routing: bool
    status: str
    status_text: str
    verified: bool
    verified_by: str
    verified_at: datetime | None
    id_last_digits: str
    penalized_at: datetime | None
    frozen_at: datetime | None
    left_at: datetime | None
    extra_grants: tuple[str, ...] = ()
    # False = 未设密码: the account cannot sign in until a password is set (created by
    # `config apply` or without one in the editor or an import).
    password_set: bool = True

    @property
    def verified_text(self) -> str:
        return _("已认证") if self.verified else _("未认证")

    @property
    def routing_text(self) -> str:
        return _("参与") if self.takes_routing else _("不参与")

    @property
    def password_text(self) -> str:
        return "" if self.password_set else _("未设密码")

    @property
    def next_step(self) -> str | None:
        """What the account still needs before it can sign in: "verify", "password" or None."""
        if self.status == AccountStatus.DELETED:
            return None
        if not self.verified:
            return "verify"
        if not self.password_set:
            return "password"
        return None


@dataclass(frozen=True)
class SubAccountInput:
    """The editor's fields. `name` is the part after `店铺名:` (a full nick is accepted)."""

    name: str
    bound_phone: str
    role_id: int | None
    alias: str = ""
    department: str = ""
    title: str = ""
    employee_no: str = ""
    hired_on: date | None = None
    manager_id: int | None = None
    takes_routing: bool = False


@dataclass(frozen=True)
class QuotaInfo:
    quota: int
    used: int  # sub-accounts that are not deleted

    @property
    def left(self) -> int:
        return max(0, self.quota - self.used)


@dataclass(frozen=True)
class ImportRow:
    line: int
    data: SubAccountInput
    password: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class ImportUpdate:
    """A row that names an existing account (matched by nick): what importing changes."""

    line: int
    account_id: int
    nick: str
    data: SubAccountInput
    changes: tuple[tuple[str, str, str], ...]  # (field label, old, new), shown in the preview


@dataclass(frozen=True)
class ImportPreview:
    rows: tuple[ImportRow, ...]  # new accounts
    errors: tuple[str, ...]  # "第 N 行：…", every problem of every bad row
    updates: tuple[ImportUpdate, ...] = ()  # existing accounts the file changes
    unchanged: int = 0  # rows naming an existing account exactly as it is

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows or self.updates)

    @property
    def without_password(self) -> int:
        return sum(1 for r in self.rows if not r.password)
