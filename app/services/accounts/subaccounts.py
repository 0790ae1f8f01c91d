"""子账号管理: create, edit, verify, freeze, delete (登记离职), re-hire, bulk import/export.

Every operation takes the acting account and checks it here, not in the UI:
- the permission point (`subaccounts.view` / `.edit` / `.freeze`);
- the target: nothing a sub-account does may touch the main account, nor a super-admin unless
  the actor is the main account; a super-admin may act on other (non-super-admin) accounts;
- grants: a sub-account grants only points it holds itself, never owner-only points;
  assigning or removing the 超级管理员 role, changing a bound phone and the shop quota are the
  main account's alone.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import String, func, select, type_coerce
from sqlalchemy.orm import Session, aliased

from app.i18n import _
from app.models.accounts import Account, AccountPermission, Role, SignInSession
from app.models.base import utcnow
from app.models.routing import AgentPresence
from app.models.shop import Shop
from app.models.vocabulary import AccountKind, AccountStatus, Presence
from app.services.accounts.passwords import hash_password
from app.services.accounts.permissions import Actor, check_grantable, compress, expand
from app.services.accounts.roles import SUPER_ADMIN, role_display_name, role_points
from app.services.accounts.uow import unit_of_work
from app.services.common import audit
from app.services.common.database import Database
from app.services.common.errors import Conflict, NotFound, PermissionDenied, ValidationError
from app.services.common.validation import check_password_strength, normalise_phone
from app.services.routing.handover import release_agent

SHOP_ID = 1
NAME_MAX = 20
TEXT_MAX = 20
QUOTA_MAX = 100_000
PENALTY_BLOCK_DAYS = 91  # 处罚冻结 blocks deletion for 3 months
_NAME = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9_\-]+$")
_EMPLOYEE_NO = re.compile(r"^[A-Za-z0-9_\-]+$")
_ID_NUMBER = re.compile(r"^\d{17}[\dX]$")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def status_text(status: str) -> str:
    return {AccountStatus.ACTIVE: _("正常"), AccountStatus.FROZEN: _("冻结"), AccountStatus.DELETED: _("离职")}.get(status, status)


# -- rows and input ------------------------------------------------------------------------
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

    @property
    def verified_text(self) -> str:
        return _("已认证") if self.verified else _("未认证")

    @property
    def routing_text(self) -> str:
        return _("参与") if self.takes_routing else _("不参与")


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
class ImportPreview:
    rows: tuple[ImportRow, ...]
    errors: tuple[str, ...]  # "第 N 行：…", every bad row

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


# -- field rules ---------------------------------------------------------------------------
def check_name(name: str, shop_name: str) -> str:
    """The part after `店铺名:`; a full nick of this shop is accepted too."""
    name = unicodedata.normalize("NFC", (name or "").strip())
    prefix = f"{shop_name}:"
    if name.startswith(prefix) or name.startswith(f"{shop_name}："):
        name = name[len(prefix):]
    if not name:
        raise ValidationError(_("请填写子账号名字。"))
    if len(name) > NAME_MAX or not _NAME.match(name):
        raise ValidationError(
            _("子账号名字须为 1–{max} 个汉字、字母、数字、_ 或 -（不能有空格、冒号或表情）。").format(
                max=NAME_MAX
            )
        )
    return name


def _check_text(value: str, label: str, max_len: int = TEXT_MAX) -> str:
    value = unicodedata.normalize("NFC", (value or "").strip())
    if len(value) > max_len:
        raise ValidationError(
            _("{field}最多 {max} 个字符（现在 {n} 个）。").format(field=label, max=max_len, n=len(value))
        )
    if any(unicodedata.category(c) in ("So", "Sk", "Cs", "Co", "Cc", "Cf", "Cn") for c in value):
        raise ValidationError(_("{field}不能包含表情符号或控制字符。").format(field=label))
    return value


# Public for other checkers of the same fields (the shop set-up file names each field).
check_text = _check_text


def check_employee_no(value: str) -> str:
    employee_no = _check_text(value, _("工号"))
    if employee_no and not _EMPLOYEE_NO.match(employee_no):
        raise ValidationError(_("工号只能包含字母、数字、_ 或 -。"))
    return employee_no


def check_hired_on(value: date | None) -> date | None:
    if value is not None:
        if not isinstance(value, date):
            raise ValidationError(_("入职日期格式不正确。"))
        if value.year < 1950 or value > date.today() + timedelta(days=366):
            raise ValidationError(_("入职日期不合理：{date}").format(date=value.isoformat()))
    return value


def check_input(data: SubAccountInput, shop_name: str) -> SubAccountInput:
    """Normalised fields, or the first ValidationError."""
    name = check_name(data.name, shop_name)
    phone = normalise_phone(data.bound_phone)
    alias = _check_text(data.alias, _("花名"))
    department = _check_text(data.department, _("部门"))
    title = _check_text(data.title, _("职务"))
    employee_no = check_employee_no(data.employee_no)
    check_hired_on(data.hired_on)
    if data.role_id is None:
        raise ValidationError(_("请选择角色。"))
    return replace(
        data,
        name=name,
        bound_phone=phone,
        alias=alias,
        department=department,
        title=title,
        employee_no=employee_no,
        takes_routing=bool(data.takes_routing),
    )


def check_id_number(id_number: str) -> str:
    """An 18-character resident ID number with a valid check digit."""
    text = (id_number or "").strip().upper().replace(" ", "")
    if not _ID_NUMBER.match(text):
        raise ValidationError(_("身份证号须为 18 位（最后一位可以是 X）。"))
    total = sum(int(d) * w for d, w in zip(text[:17], _ID_WEIGHTS, strict=True))
    if _ID_CHECK[total % 11] != text[17]:
        raise ValidationError(_("身份证号校验位不正确，请核对。"))
    return text


def routing_warning(role_is_service: bool, role_is_super_admin: bool, takes_routing: bool) -> str | None:
    """Qianniu's warning when 参与分流 is switched on for a super-admin or a non-service role."""
    if not takes_routing or (role_is_service and not role_is_super_admin):
        return None
    return _(
        "该账号的角色不是客服（或是超级管理员），开启“参与分流”后，分流到的买家消息会发给这个账号，"
        "主账号可能因此收不到消息。确定要开启吗？"
    )


# -- the service ---------------------------------------------------------------------------
class SubAccountService:
    def __init__(self, db: Database) -> None:
        self.db = db

    # reading ---------------------------------------------------------------------------
    def list_accounts(self, actor: Actor, *, include_deleted: bool = True) -> list[SubAccountRow]:
        actor.require("subaccounts.view")
        with unit_of_work(self.db) as s:
            return self._rows(s, include_deleted=include_deleted)

    def get(self, actor: Actor, account_id: int) -> SubAccountRow:
        actor.require("subaccounts.view")
        with unit_of_work(self.db) as s:
            self._sub(s, account_id)
            rows = self._rows(s, include_deleted=True, only=account_id)
            return rows[0]

    def quota(self, actor: Actor) -> QuotaInfo:
        actor.require("subaccounts.view")
        with unit_of_work(self.db) as s:
            return QuotaInfo(self._shop(s).subaccount_quota, self._used(s))

    def export_file(self, actor: Actor, path: str | Path, *, include_deleted: bool = False) -> int:
        """Write the sub-accounts to .xlsx or .csv; returns how many rows."""
        from app.services.accounts.subaccount_io import write_accounts

        actor.require("subaccounts.view")
        rows = self.list_accounts(actor, include_deleted=include_deleted)
        write_accounts(Path(path), rows)
        with unit_of_work(self.db) as s:
            audit.record(s, actor, "subaccount.export", str(Path(path).name), rows=len(rows))
        return len(rows)

    def preview_import(self, actor: Actor, path: str | Path) -> ImportPreview:
        """Read and check a file without writing anything: every bad row is listed."""
        from app.services.accounts.subaccount_io import read_rows

        actor.require("subaccounts.edit")
        raw = read_rows(Path(path))
        with unit_of_work(self.db) as s:
            return self._check_import(s, actor, raw)

    # changing --------------------------------------------------------------------------
    def create(
        self,
        actor: Actor,
        data: SubAccountInput,
        password: str | None,
        *,
        extra_grants: Sequence[str] = (),
    ) -> SubAccountRow:
        actor.require("subaccounts.edit")
        with unit_of_work(self.db) as s:
            shop = self._shop(s)
            data = check_input(data, shop.name)
            if password is not None:
                check_password_strength(password, phone=data.bound_phone)
            self._check_quota(s, shop, 1)
            account = self._new_account(s, actor, shop, data, password, extra_grants)
            audit.record(s, actor, "subaccount.create", account.nick, role=account.role_id)
            return self._rows(s, include_deleted=True, only=account.id)[0]

    def update(
        self,
        actor: Actor,
        account_id: int,
        data: SubAccountInput,
        *,
        extra_grants: Sequence[str] | None = None,
    ) -> SubAccountRow:
        """Change an account's fields (and its extra grants when given)."""
        actor.require("subaccounts.edit")
        with unit_of_work(self.db) as s:
            shop = self._shop(s)
            account = self._sub(s, account_id)
            self._check_target(s, actor, account)
            data = check_input(data, shop.name)
            nick = f"{shop.name}:{data.name}"
            changed: dict[str, object] = {}
            if nick != account.nick:
                self._check_nick_free(s, nick, account.id)
                changed["nick"] = (account.nick, nick)
            if data.bound_phone != account.bound_phone:
                if account.id == actor.account_id:
                    raise PermissionDenied(_("不能修改自己的绑定手机，请联系主账号。"))
                if not actor.can("owner.change_phone"):
                    raise PermissionDenied(_("只有主账号可以修改绑定手机。"))
                self._check_phone_free(s, data.bound_phone, account.id)
                changed["bound_phone"] = "changed"
            if data.role_id != account.role_id:
                if account.id == actor.account_id and not actor.is_main:
                    raise PermissionDenied(_("不能修改自己的角色。"))
                self._assign_role(s, actor, account, data.role_id)
                changed["role"] = (account.role_id, data.role_id)
            manager_id = self._check_manager(s, data.manager_id, account.id)
            for attr in ("alias", "department", "title", "employee_no", "hired_on", "takes_routing"):
                if getattr(account, attr) != getattr(data, attr):
                    changed[attr] = str(getattr(data, attr))
                    setattr(account, attr, getattr(data, attr))
            if manager_id != account.manager_id:
                changed["manager_id"] = manager_id
                account.manager_id = manager_id
            account.nick = nick
            account.bound_phone = data.bound_phone
            if extra_grants is not None:
                if account.id == actor.account_id and not actor.is_main:
                    raise PermissionDenied(_("不能给自己授予额外权限。"))
                if self._set_grants(actor, account, extra_grants):
                    changed["extra_grants"] = sorted(expand(set(extra_grants)))
            s.flush()
            audit.record(s, actor, "subaccount.update", account.nick, **changed)
            return self._rows(s, include_deleted=True, only=account.id)[0]

    def set_extra_grants(self, actor: Actor, account_id: int, codes: Sequence[str]) -> SubAccountRow:
        actor.require("subaccounts.edit")
        with unit_of_work(self.db) as s:
            account = self._sub(s, account_id)
            self._check_target(s, actor, account)
            if account.id == actor.account_id:
                raise PermissionDenied(_("不能给自己授予额外权限。"))
            self._set_grants(actor, account, codes)
            s.flush()
            audit.record(s, actor, "subaccount.grants", account.nick, grants=sorted(expand(set(codes))))
            return self._rows(s, include_deleted=True, only=account.id)[0]

    def set_password(self, actor: Actor, account_id: int, password: str) -> None:
        """重置密码: also lifts a sign-in lock."""
        actor.require("subaccounts.edit")
        with unit_of_work(self.db) as s:
            account = self._sub(s, account_id)
            self._check_target(s, actor, account)
            check_password_strength(password, phone=account.bound_phone)
            account.password_hash = hash_password(password)
            account.failed_logins = 0
            account.locked_until = None
            audit.record(s, actor, "subaccount.password", account.nick)

    def verify(self, actor: Actor, account_id: int, person: str, id_number: str) -> SubAccountRow:
        """子账号认证: record who verified (the person's real name) and the ID; one ID per shop."""
        actor.require("subaccounts.edit")
        person = _check_text(person, _("认证人姓名"))
        if not person:
            raise ValidationError(_("请填写认证人姓名。"))
        number = check_id_number(id_number)
        with unit_of_work(self.db) as s:
            shop = self._shop(s)
            account = self._sub(s, account_id)
            self._check_target(s, actor, account)
            if account.status == AccountStatus.DELETED:
                raise Conflict(_("离职账号不能认证，请先重新任用。"))
            digest = _id_digest(shop, number)
            other = s.scalars(
                select(Account.nick).where(
                    Account.id_digest == digest, Account.id != account.id, Account.status != AccountStatus.DELETED
                )
            ).first()
            if other is not None:
                raise Conflict(
                    _("这个身份证已认证了子账号 {nick}：一个身份证在本店只能认证一个子账号。").format(nick=other)
                )
            account.verified_at = utcnow()
            account.verified_by = person
            account.id_last_digits = number[-4:]
            account.id_digest = digest
            audit.record(s, actor, "subaccount.verify", account.nick, id_last_digits=number[-4:])
            return self._rows(s, include_deleted=True, only=account.id)[0]

    def freeze(
        self,
        actor: Actor,
        account_id: int,
        *,
        handover_to: int | None = None,
        penalty: bool = False,
    ) -> int:
        """冻结 (停用): ends the account's sessions at once and hands its open conversations
        to `handover_to` (or back to routing). `penalty` records a 处罚冻结. Returns how many
        conversations moved."""
        actor.require("subaccounts.freeze")
        with unit_of_work(self.db) as s:
            account = self._sub(s, account_id)
            self._check_target(s, actor, account)
            self._not_self(actor, account)
            if account.status != AccountStatus.ACTIVE:
                raise Conflict(_("只有正常状态的账号可以冻结（{nick} 当前：{status}）。").format(
                    nick=account.nick, status=status_text(account.status)))
            now = utcnow()
            target = self._check_handover(s, handover_to, account.id)
            account.status = AccountStatus.FROZEN  # before the hand-over, so routing no longer picks it
            account.frozen_at = now
            s.flush()
            moved = release_agent(s, account.id, handover_to=target)
            self._end_sessions(s, account.id, "frozen", now)
            if penalty:
                account.penalized_at = now
            audit.record(
                s, actor, "subaccount.freeze", account.nick,
                penalty=penalty, handover_to=target, moved=moved,
            )
            return moved

    def unfreeze(self, actor: Actor, account_id: int) -> SubAccountRow:
        actor.require("subaccounts.freeze")
        with unit_of_work(self.db) as s:
            account = self._sub(s, account_id)
            self._check_target(s, actor, account)
            self._not_self(actor, account)
            if account.status != AccountStatus.FROZEN:
                raise Conflict(_("账号 {nick} 没有被冻结。").format(nick=account.nick))
            account.status = AccountStatus.ACTIVE
            account.frozen_at = None
            audit.record(s, actor, "subaccount.unfreeze", account.nick)
            return self._rows(s, include_deleted=True, only=account.id)[0]

    def delete(self, actor: Actor, account_id: int, *, handover_to: int | None = None) -> int:
        """删除 (登记离职): history and chat records stay; sessions end at once; open
        conversations go to `handover_to` or back to routing. Refused within 3 months of a
        处罚冻结. Returns how many conversations moved."""
        actor.require("subaccounts.freeze")
        with unit_of_work(self.db) as s:
            account = self._sub(s, account_id)
            self._check_target(s, actor, account)
            self._not_self(actor, account)
            if account.status == AccountStatus.DELETED:
                raise Conflict(_("账号 {nick} 已经是离职状态。").format(nick=account.nick))
            now = utcnow()
            if account.penalized_at and account.penalized_at > now - timedelta(days=PENALTY_BLOCK_DAYS):
                until = (account.penalized_at + timedelta(days=PENALTY_BLOCK_DAYS)).date().isoformat()
                raise Conflict(
                    _("{nick} 在近 3 个月内被处罚冻结过，{until} 之前不能删除。").format(
                        nick=account.nick, until=until
                    )
                )
            target = self._check_handover(s, handover_to, account.id)
            account.status = AccountStatus.DELETED  # before the hand-over, so routing no longer picks it
            account.left_at = now
            account.takes_routing = False
            s.flush()
            moved = release_agent(s, account.id, handover_to=target)
            self._end_sessions(s, account.id, "deleted", now)
            for sub in s.scalars(select(Account).where(Account.manager_id == account.id)):
                sub.manager_id = None
            audit.record(s, actor, "subaccount.delete", account.nick, handover_to=target, moved=moved)
            return moved

    def rehire(self, actor: Actor, account_id: int) -> SubAccountRow:
        """重新任用: a 离职 account becomes 正常 again (counts against the quota)."""
        actor.require("subaccounts.freeze")
        with unit_of_work(self.db) as s:
            account = self._sub(s, account_id)
            self._check_target(s, actor, account)
            if account.status != AccountStatus.DELETED:
                raise Conflict(_("只有离职员工可以重新任用。"))
            self._check_quota(s, self._shop(s), 1)
            if account.id_digest:
                other = s.scalars(
                    select(Account.nick).where(
                        Account.id_digest == account.id_digest,
                        Account.id != account.id,
                        Account.status != AccountStatus.DELETED,
                    )
                ).first()
                if other is not None:
                    account.verified_at = None
                    account.id_digest = None
            account.status = AccountStatus.ACTIVE
            account.left_at = None
            account.frozen_at = None
            account.failed_logins = 0
            account.locked_until = None
            audit.record(s, actor, "subaccount.rehire", account.nick)
            return self._rows(s, include_deleted=True, only=account.id)[0]

    def set_quota(self, actor: Actor, quota: int) -> QuotaInfo:
        """The shop's sub-account quota (main account only); not below the accounts in use."""
        actor.require("owner.quota")
        if not isinstance(quota, int) or isinstance(quota, bool) or not 0 <= quota <= QUOTA_MAX:
            raise ValidationError(_("子账号数量上限须为 0–{max} 的整数。").format(max=QUOTA_MAX))
        with unit_of_work(self.db) as s:
            shop = self._shop(s)
            used = self._used(s)
            if quota < used:
                raise Conflict(
                    _("店铺已有 {used} 个子账号，上限不能低于这个数。").format(used=used)
                )
            old = shop.subaccount_quota
            shop.subaccount_quota = quota
            audit.record(s, actor, "subaccount.quota", shop.name, old=old, new=quota)
            return QuotaInfo(quota, used)

    def import_file(self, actor: Actor, path: str | Path) -> int:
        """Create every account of the file, or none: any bad row refuses the whole file."""
        from app.services.accounts.subaccount_io import read_rows

        actor.require("subaccounts.edit")
        raw = read_rows(Path(path))
        with unit_of_work(self.db) as s:
            preview = self._check_import(s, actor, raw)
            if preview.errors:
                raise ValidationError(
                    _("导入文件有 {n} 行有问题，没有导入任何账号。").format(n=len(preview.errors)),
                    details=list(preview.errors),
                )
            if not preview.rows:
                raise ValidationError(_("导入文件里没有账号。"))
            shop = self._shop(s)
            for row in preview.rows:
                self._new_account(s, actor, shop, row.data, row.password, ())
            audit.record(s, actor, "subaccount.import", Path(path).name, rows=len(preview.rows))
            return len(preview.rows)

    # -- helpers ------------------------------------------------------------------------
    @staticmethod
    def _shop(s: Session) -> Shop:
        shop = s.get(Shop, SHOP_ID)
        if shop is None:
            raise NotFound(_("数据库里还没有店铺。"))
        return shop

    @staticmethod
    def _used(s: Session) -> int:
        return s.scalar(
            select(func.count()).select_from(Account).where(Account.kind == AccountKind.SUB, Account.status != AccountStatus.DELETED)
        ) or 0

    def _check_quota(self, s: Session, shop: Shop, adding: int) -> None:
        used = self._used(s)
        if used + adding > shop.subaccount_quota:
            raise Conflict(
                _("子账号数量已达上限（{used}/{quota}），不能再新建。请先删除不用的账号或提高上限。").format(
                    used=used, quota=shop.subaccount_quota
                )
            )

    @staticmethod
    def _sub(s: Session, account_id: int) -> Account:
        account = s.get(Account, account_id)
        if account is None:
            raise NotFound(_("子账号不存在。"))
        if account.kind == AccountKind.MAIN:
            raise PermissionDenied(_("这是主账号，不能在子账号管理里操作。"))
        return account

    @staticmethod
    def _check_target(s: Session, actor: Actor, account: Account) -> None:
        """Sub-accounts may act on a super-admin only if they are the main account."""
        if actor.is_main:
            return
        if account.role is not None and account.role.preset_key == SUPER_ADMIN and account.id != actor.account_id:
            raise PermissionDenied(_("只有主账号可以操作超级管理员账号。"))

    @staticmethod
    def _not_self(actor: Actor, account: Account) -> None:
        if account.id == actor.account_id:
            raise PermissionDenied(_("不能对自己的账号执行这个操作。"))

    def _assign_role(self, s: Session, actor: Actor, account: Account, role_id: int | None) -> None:
        role = s.get(Role, role_id) if role_id is not None else None
        if role is None:
            raise ValidationError(_("请选择角色。"))
        old = account.role
        if (role.preset_key == SUPER_ADMIN or (old is not None and old.preset_key == SUPER_ADMIN)) and (
            not actor.can("owner.super_admin_role")
        ):
            raise PermissionDenied(_("只有主账号可以设置或取消超级管理员角色。"))
        if not actor.is_main:
            check_grantable(actor, role_points(role))
        account.role = role

    @staticmethod
    def _set_grants(actor: Actor, account: Account, codes: Sequence[str]) -> bool:
        new = check_grantable(actor, set(codes)) if codes else frozenset()
        old = expand({g.code for g in account.extra_grants})
        if new == old:
            return False
        if not actor.is_main:
            check_grantable(actor, old - new)  # only what the actor holds may be taken away
        account.extra_grants.clear()
        account.extra_grants.extend(AccountPermission(code=c) for c in sorted(compress(new)))
        return True

    @staticmethod
    def _check_nick_free(s: Session, nick: str, exclude: int | None = None) -> None:
        other = s.scalars(select(Account).where(func.lower(Account.nick) == nick.lower())).first()
        if other is not None and other.id != exclude:
            suffix = _("（离职员工）") if other.status == AccountStatus.DELETED else ""
            raise Conflict(_("昵称 {nick} 已被使用{suffix}。").format(nick=nick, suffix=suffix))

    @staticmethod
    def _check_phone_free(s: Session, phone: str, exclude: int | None = None) -> None:
        other = s.scalars(select(Account).where(Account.bound_phone == phone)).first()
        if other is not None and other.id != exclude:
            raise Conflict(
                _("手机号 {phone} 已绑定账号 {nick}，一个手机号只能绑定一个账号。").format(
                    phone=phone, nick=other.nick
                )
            )

    @staticmethod
    def _check_manager(s: Session, manager_id: int | None, account_id: int | None) -> int | None:
        if manager_id is None:
            return None
        manager = s.get(Account, manager_id)
        if manager is None or manager.status == AccountStatus.DELETED:
            raise ValidationError(_("直接上级不存在或已离职。"))
        seen = set()
        cursor: Account | None = manager
        while cursor is not None and cursor.id not in seen:
            if account_id is not None and cursor.id == account_id:
                raise ValidationError(_("直接上级不能是自己或自己的下属。"))
            seen.add(cursor.id)
            cursor = s.get(Account, cursor.manager_id) if cursor.manager_id else None
        return manager.id

    @staticmethod
    def _check_handover(s: Session, handover_to: int | None, account_id: int) -> int | None:
        if handover_to is None:
            return None
        if handover_to == account_id:
            raise ValidationError(_("不能把会话交接给要停用的账号本身。"))
        colleague = s.get(Account, handover_to)
        if colleague is None or colleague.status != AccountStatus.ACTIVE:
            raise ValidationError(_("接手的同事不存在或不是正常状态。"))
        return colleague.id

    @staticmethod
    def _end_sessions(s: Session, account_id: int, reason: str, now: datetime) -> None:
        for record in s.scalars(
            select(SignInSession).where(SignInSession.account_id == account_id, SignInSession.ended_at.is_(None))
        ):
            record.ended_at = now
            record.end_reason = reason
        presence = s.get(AgentPresence, account_id)
        if presence is not None and presence.status != Presence.OFFLINE:
            presence.status = Presence.OFFLINE
            presence.since = now

    def _new_account(
        self,
        s: Session,
        actor: Actor,
        shop: Shop,
        data: SubAccountInput,
        password: str | None,
        extra_grants: Sequence[str],
    ) -> Account:
        nick = f"{shop.name}:{data.name}"
        self._check_nick_free(s, nick)
        self._check_phone_free(s, data.bound_phone)
        manager_id = self._check_manager(s, data.manager_id, None)
        account = Account(
            kind=AccountKind.SUB,
            nick=nick,
            alias=data.alias,
            department=data.department,
            title=data.title,
            employee_no=data.employee_no,
            hired_on=data.hired_on,
            manager_id=manager_id,
            bound_phone=data.bound_phone,
            takes_routing=data.takes_routing,
            status=AccountStatus.ACTIVE,
            password_hash=hash_password(password) if password else None,
        )
        self._assign_role(s, actor, account, data.role_id)
        if extra_grants:
            self._set_grants(actor, account, extra_grants)
        s.add(account)
        s.flush()
        return account

    def _check_import(self, s: Session, actor: Actor, raw: list[tuple[int, dict[str, str]]]) -> ImportPreview:
        from app.services.accounts.subaccount_io import parse_row

        shop = self._shop(s)
        roles = {role_display_name(r).casefold(): r for r in s.scalars(select(Role))}
        roles.update({r.name.casefold(): r for r in s.scalars(select(Role))})
        existing_nicks = {n.lower() for n in s.scalars(select(Account.nick))}
        existing_phones = {p for p in s.scalars(select(Account.bound_phone)) if p}
        managers = {
            a.nick: a.id for a in s.scalars(select(Account).where(Account.status != AccountStatus.DELETED))
        }
        errors: list[str] = []
        rows: list[ImportRow] = []
        seen_nicks: dict[str, int] = {}
        seen_phones: dict[str, int] = {}
        for line, values in raw:
            try:
                data, password = parse_row(values, roles, managers, shop.name)
                data = check_input(data, shop.name)
                if password is not None:
                    check_password_strength(password, phone=data.bound_phone)
                nick = f"{shop.name}:{data.name}".lower()
                if nick in existing_nicks:
                    raise Conflict(_("昵称 {nick} 已被使用。").format(nick=f"{shop.name}:{data.name}"))
                if nick in seen_nicks:
                    raise Conflict(_("昵称与第 {line} 行重复。").format(line=seen_nicks[nick]))
                if data.bound_phone in existing_phones:
                    raise Conflict(_("手机号 {phone} 已绑定其他账号。").format(phone=data.bound_phone))
                if data.bound_phone in seen_phones:
                    raise Conflict(_("手机号与第 {line} 行重复。").format(line=seen_phones[data.bound_phone]))
                role = s.get(Role, data.role_id)
                assert role is not None
                if role.preset_key == SUPER_ADMIN and not actor.can("owner.super_admin_role"):
                    raise PermissionDenied(_("只有主账号可以设置或取消超级管理员角色。"))
                if not actor.is_main:
                    check_grantable(actor, role_points(role))
            except (ValidationError, Conflict, PermissionDenied) as exc:
                errors.append(_("第 {line} 行：{reason}").format(line=line, reason=exc.message))
                continue
            seen_nicks[nick] = line
            seen_phones[data.bound_phone] = line
            rows.append(ImportRow(line, data, password))
        used = self._used(s)
        if used + len(rows) > shop.subaccount_quota:
            errors.append(
                _("超出子账号数量上限：已有 {used} 个，文件里有 {n} 个，上限 {quota}。").format(
                    used=used, n=len(rows), quota=shop.subaccount_quota
                )
            )
        return ImportPreview(tuple(rows), tuple(errors))

    def _rows(self, s: Session, *, include_deleted: bool, only: int | None = None) -> list[SubAccountRow]:
        # Plain columns, not ORM objects: 10,000 rows load in a fraction of the time.
        manager = aliased(Account)
        a = Account
        # Dates come back as the stored text and are parsed with fromisoformat: SQLAlchemy's
        # per-value SQLite date processing was half of the time for 10,000 rows.
        raw = [type_coerce(c, String) for c in (a.hired_on, a.verified_at, a.penalized_at, a.frozen_at, a.left_at)]
        query = (
            select(
                a.id, a.nick, a.alias, a.department, a.title, a.employee_no, raw[0],
                a.manager_id, manager.nick, a.bound_phone, a.role_id, Role.name, Role.preset_key,
                a.takes_routing, a.status, raw[1], a.verified_by, a.id_last_digits,
                raw[2], raw[3], raw[4],
            )
            .outerjoin(Role, Role.id == a.role_id)
            .outerjoin(manager, manager.id == a.manager_id)
            .where(a.kind == AccountKind.SUB)
            .order_by(a.id)
        )
        if only is not None:
            query = query.where(a.id == only)
        elif not include_deleted:
            query = query.where(a.status != AccountStatus.DELETED)
        grants: dict[int, list[str]] = {}
        grant_query = select(AccountPermission.account_id, AccountPermission.code)
        if only is not None:
            grant_query = grant_query.where(AccountPermission.account_id == only)
        s.flush()  # what s.execute would autoflush
        conn = s.connection()  # Core execution: no ORM result processing per row
        for account_id, code in conn.execute(grant_query):
            grants.setdefault(account_id, []).append(code)
        grant_tuples = {k: tuple(sorted(v)) for k, v in grants.items()}
        role_names: dict[tuple[str, str | None], str] = {}
        texts = {st: status_text(st) for st in (AccountStatus.ACTIVE, AccountStatus.FROZEN, AccountStatus.DELETED)}
        # Stored instants and dates repeat (hire dates, batch verifications): parse each once.
        dates: dict[object, date | None] = {None: None}
        instants: dict[object, datetime | None] = {None: None}
        new, row_cls, fields_ = object.__new__, SubAccountRow, _ROW_FIELDS
        out = []
        append = out.append
        for (
            id_, nick, alias, department, title, employee_no, hired_raw, manager_id, manager_nick,
            phone, role_id, role_name, role_key, takes_routing, status, verified_raw, verified_by,
            id_last, penalized_raw, frozen_raw, left_raw,
        ) in conn.execute(query).all():
            if hired_raw in dates:
                hired_on = dates[hired_raw]
            else:
                hired_on = dates[hired_raw] = _as_date(hired_raw)
            if verified_raw in instants:
                verified_at = instants[verified_raw]
            else:
                verified_at = instants[verified_raw] = _as_utc(verified_raw)
            penalized_at = None if penalized_raw is None else _as_utc(penalized_raw)
            frozen_at = None if frozen_raw is None else _as_utc(frozen_raw)
            left_at = None if left_raw is None else _as_utc(left_raw)
            key = (role_name or "", role_key)
            if key not in role_names:
                role_names[key] = (_(role_name) if role_key else role_name) if role_name else ""
            row = new(row_cls)  # without the frozen dataclass __init__: 3x faster, same object
            row.__dict__.update(zip(fields_, (
                id_, nick, nick.split(":", 1)[1] if ":" in nick else nick, alias, department,
                title, employee_no, hired_on, manager_id, manager_nick or "", phone or "",
                role_id, role_names[key], role_key, takes_routing, status,
                texts.get(status, status), verified_at is not None, verified_by or "",
                verified_at, id_last or "", penalized_at, frozen_at, left_at,
                grant_tuples.get(id_, ()),
            ), strict=True))
            append(row)
        return out


_ROW_FIELDS = tuple(f.name for f in fields(SubAccountRow))


def _as_date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value  # type: ignore[return-value]
    return date.fromisoformat(str(value)[:10])


def _as_utc(value: object) -> datetime | None:
    """A stored instant (text on SQLite, a datetime elsewhere) as an aware UTC datetime."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = datetime.fromisoformat(str(value))
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _id_digest(shop: Shop, number: str) -> str:
    return hashlib.sha256(f"zhanggui-id|{shop.id}|{shop.created_at:%Y%m%d%H%M%S}|{number}".encode()).hexdigest()
