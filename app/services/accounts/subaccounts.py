"""子账号管理: create, edit, verify, freeze, delete (登记离职), re-hire, bulk import/export.

Every operation takes the acting account and checks it here, not in the UI:
- the permission point (`subaccounts.view` / `.edit` / `.freeze`);
- the target (`subaccount_rules.check_target`): nothing a sub-account does may touch the main
  account, nor an account holding any point the actor does not hold (a super-admin included);
- grants: a sub-account grants, or takes away, only points it holds itself, never owner-only
  points; assigning or removing the 超级管理员 role, changing a bound phone and the shop quota
  are the main account's alone.
The field rules live in `subaccount_rules`, the rows in `subaccount_types`, the file check in
`subaccount_import`, ID numbers in `id_numbers`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.accounts import Account, AccountPermission, Role, SignInSession
from app.models.routing import AgentPresence, RoutingMember
from app.models.shop import Shop
from app.models.vocabulary import AccountKind, AccountStatus, Outcome, Presence
from app.services.accounts import id_numbers
from app.services.accounts.credentials import CredentialStore
from app.services.accounts.passwords import hash_password
from app.services.accounts.permissions import Actor, check_grantable, compress, expand
from app.services.accounts.roles import role_points
from app.services.accounts.subaccount_rows import load_rows
from app.services.accounts.subaccount_rules import (  # noqa: F401 - re-exported for callers
    NAME_MAX,
    TEXT_MAX,
    account_points,
    check_employee_no,
    check_hired_on,
    check_id_number,
    check_input,
    check_name,
    check_phone_change,
    check_role_change,
    check_step_up,
    check_target,
    check_text,
    routing_warning,
)
from app.services.accounts.subaccount_types import (  # noqa: F401 - re-exported for callers
    ImportPreview,
    ImportRow,
    ImportUpdate,
    QuotaInfo,
    SubAccountInput,
    SubAccountRow,
    status_text,
)
from app.services.common import audit
from app.services.common.database import Database
from app.services.common.errors import Conflict, NotFound, PermissionDenied, ValidationError
from app.services.common.validation import check_password_strength
from app.services.routing.handover import release_agent_routes
from app.services.security.masking import mask_phone

SHOP_ID = 1
QUOTA_MAX = 100_000
PENALTY_BLOCK_DAYS = 91  # 处罚冻结 blocks deletion for 3 months
_check_text = check_text  # the old private name


@dataclass(frozen=True)
class HandoverCandidate:
    """A colleague who can take conversations now: active, takes routing, online, in a group."""

    account_id: int
    nick: str
    alias: str
    group_name: str


@dataclass(frozen=True)
class HandoverResult:
    """How many open conversations moved on a freeze or delete, and where they went."""

    moved: int
    where: tuple[tuple[str, int], ...] = ()  # (agent nick, or a group's queue, or the proxy) → count

    def summary(self) -> str:
        if not self.moved:
            return _("没有未结束的会话需要交接。")
        places = "、".join(_("{place} {n} 个").format(place=p, n=n) for p, n in self.where)
        return _("{n} 个未结束的会话已转走：{places}。").format(n=self.moved, places=places)


class SubAccountService:
    def __init__(self, db: Database, credentials: CredentialStore | None = None) -> None:
        self.db = db
        self.credentials = credentials or CredentialStore()
        self._digests_checked = False

    # reading ---------------------------------------------------------------------------
    def list_accounts(self, actor: Actor, *, include_deleted: bool = True) -> list[SubAccountRow]:
        actor.require("subaccounts.view")
        with self.db.session() as s:
            self._forget_unkeyed_digests(s)
            return self._rows(s, include_deleted=include_deleted)

    def get(self, actor: Actor, account_id: int) -> SubAccountRow:
        actor.require("subaccounts.view")
        with self.db.session() as s:
            self._sub(s, account_id)
            rows = self._rows(s, include_deleted=True, only=account_id)
            return rows[0]

    def quota(self, actor: Actor) -> QuotaInfo:
        actor.require("subaccounts.view")
        with self.db.session() as s:
            return QuotaInfo(self._shop(s).subaccount_quota, self._used(s))

    def export_file(self, actor: Actor, path: str | Path, *, include_deleted: bool = False) -> int:
        """Write the sub-accounts to .xlsx or .csv; returns how many rows. Phones are masked
        (138****0000) unless the actor holds 数据 / 导出 (data.export)."""
        from app.services.accounts.subaccount_io import write_accounts

        actor.require("subaccounts.view")
        full_phone = actor.can("data.export")
        rows = self.list_accounts(actor, include_deleted=include_deleted)
        write_accounts(Path(path), rows, full_phone=full_phone)
        with self.db.session() as s:
            audit.record(s, actor, "subaccount.export", str(Path(path).name), rows=len(rows), full_phone=full_phone)
        return len(rows)

    def preview_import(self, actor: Actor, path: str | Path) -> ImportPreview:
        """Read and check a file without writing anything: every problem of every row, and
        the changes to existing accounts (matched by nick)."""
        from app.services.accounts.subaccount_import import check_import
        from app.services.accounts.subaccount_io import read_rows

        actor.require("subaccounts.edit")
        raw = read_rows(Path(path))
        with self.db.session() as s:
            return check_import(s, actor, self._shop(s), raw, self._used(s))

    def handover_candidates(self, actor: Actor, account_id: int) -> list[HandoverCandidate]:
        """Who can take `account_id`'s open conversations now (see HandoverCandidate)."""
        actor.require("subaccounts.view")
        with self.db.session() as s:
            return self._candidates(s, exclude=account_id)

    # changing --------------------------------------------------------------------------
    def create(
        self,
        actor: Actor,
        data: SubAccountInput,
        password: str | None,
        *,
        extra_grants: Sequence[str] = (),
    ) -> SubAccountRow:
        """A new sub-account; without a password it is marked 未设密码 and cannot sign in
        until one is set (重置密码)."""
        actor.require("subaccounts.edit")
        with self.db.session() as s:
            shop = self._shop(s)
            data = check_input(data, shop.name)
            if password:
                check_password_strength(password, phone=data.bound_phone)
            self._check_quota(s, shop, 1)
            account = self._new_account(s, actor, shop, data, password, extra_grants)
            audit.record(s, actor, "subaccount.create", account.nick, role=account.role_id,
                         password_set=bool(password))
            return self._rows(s, include_deleted=True, only=account.id)[0]

    def update(
        self,
        actor: Actor,
        account_id: int,
        data: SubAccountInput,
        *,
        extra_grants: Sequence[str] | None = None,
        step_up_password: str | None = None,
    ) -> SubAccountRow:
        """Change an account's fields (and its extra grants when given). A new bound phone
        also needs the main account's own password again (`step_up_password`)."""
        actor.require("subaccounts.edit")
        with self.db.session() as s:
            shop = self._shop(s)
            account = self._sub(s, account_id)
            self._check_target(s, actor, account)
            data = check_input(data, shop.name)
            if data.bound_phone != account.bound_phone:
                check_phone_change(actor, account.id)
                check_step_up(s, actor, step_up_password)
            changed = self._apply(s, actor, shop, account, data)
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
        with self.db.session() as s:
            account = self._sub(s, account_id)
            self._check_target(s, actor, account)
            if account.id == actor.account_id:
                raise PermissionDenied(_("不能给自己授予额外权限。"))
            self._set_grants(actor, account, codes)
            s.flush()
            audit.record(s, actor, "subaccount.grants", account.nick, grants=sorted(expand(set(codes))))
            return self._rows(s, include_deleted=True, only=account.id)[0]

    def set_password(self, actor: Actor, account_id: int, password: str) -> None:
        """重置密码 (or set the first one): also lifts a sign-in lock."""
        actor.require("subaccounts.edit")
        with self.db.session() as s:
            account = self._sub(s, account_id)
            self._check_target(s, actor, account)
            check_password_strength(password, phone=account.bound_phone)
            account.password_hash = hash_password(password)
            account.failed_logins = 0
            account.locked_until = None
            # A new password ends the account's sessions and lifts every console's lock.
            from app.services.security.signin import clear_throttle, end_sessions

            end_sessions(s, account.id, "password", self.db.clock.now())
            clear_throttle(s, account.id)
            audit.record(s, actor, "subaccount.password", account.nick)

    def verify(self, actor: Actor, account_id: int, person: str, id_number: str) -> SubAccountRow:
        """子账号认证: record who verified (the person's real name) and the ID's last 4
        digits; one ID per shop (id_numbers: a keyed digest, key in the OS keyring)."""
        actor.require("subaccounts.edit")
        person = check_text(person, _("认证人姓名"))
        if not person:
            raise ValidationError(_("请填写认证人姓名。"))
        number = check_id_number(id_number)
        key = id_numbers.id_key(self.credentials, self.db.display_url)
        with self.db.session() as s:
            self._forget_unkeyed_digests(s)
            shop = self._shop(s)
            account = self._sub(s, account_id)
            self._check_target(s, actor, account)
            if account.status == AccountStatus.DELETED:
                raise Conflict(_("离职账号不能认证，请先重新任用。"))
            digest = key.digest(shop.id, number) if key is not None else None
            other = id_numbers.same_id_holder(s, account.id, digest, person, number[-4:])
            if other is not None:
                raise Conflict(
                    _("这个身份证已认证了子账号 {nick}：一个身份证在本店只能认证一个子账号。").format(nick=other)
                )
            account.verified_at = self.db.clock.now()
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
    ) -> HandoverResult:
        """冻结 (停用): ends the account's sessions at once and hands its open conversations
        to `handover_to` (an agent who can take them now) or back to routing (each re-routed).
        `penalty` records a 处罚冻结."""
        actor.require("subaccounts.freeze")
        with self.db.session() as s:
            account = self._sub(s, account_id)
            self._check_target(s, actor, account)
            self._not_self(actor, account)
            if account.status != AccountStatus.ACTIVE:
                raise Conflict(_("只有正常状态的账号可以冻结（{nick} 当前：{status}）。").format(
                    nick=account.nick, status=status_text(account.status)))
            now = self.db.clock.now()
            target = self._check_handover(s, handover_to, account.id)
            account.status = AccountStatus.FROZEN  # before the hand-over, so routing no longer picks it
            account.frozen_at = now
            s.flush()
            result = self._hand_over(s, account.id, target, now)
            self._end_sessions(s, account.id, "frozen", now)
            if penalty:
                account.penalized_at = now
            audit.record(
                s, actor, "subaccount.freeze", account.nick,
                penalty=penalty, handover_to=target, moved=result.moved, where=dict(result.where),
            )
            return result

    def move_conversations(self, actor: Actor, account_id: int, *, handover_to: int | None = None) -> HandoverResult:
        """转走当前会话: the agent's open conversations go to `handover_to` (an agent who can
        take them now) or back to routing, each re-routed. Turning 参与分流 off does not do
        this by itself; it only stops new conversations."""
        actor.require("cs.routing")
        with self.db.session() as s:
            account = self._sub(s, account_id)
            target = self._check_handover(s, handover_to, account.id)
            result = self._hand_over(s, account.id, target, self.db.clock.now())
            audit.record(s, actor, "routing.conversations.move", account.nick, handover_to=target,
                         moved=result.moved, where=dict(result.where))
            return result

    def unfreeze(self, actor: Actor, account_id: int) -> SubAccountRow:
        actor.require("subaccounts.freeze")
        with self.db.session() as s:
            account = self._sub(s, account_id)
            self._check_target(s, actor, account)
            self._not_self(actor, account)
            if account.status != AccountStatus.FROZEN:
                raise Conflict(_("账号 {nick} 没有被冻结。").format(nick=account.nick))
            account.status = AccountStatus.ACTIVE
            account.frozen_at = None
            audit.record(s, actor, "subaccount.unfreeze", account.nick)
            return self._rows(s, include_deleted=True, only=account.id)[0]

    def delete(self, actor: Actor, account_id: int, *, handover_to: int | None = None) -> HandoverResult:
        """删除 (登记离职): history and chat records stay; sessions end at once; open
        conversations go to `handover_to` or back to routing. Refused within 3 months of a
        处罚冻结. 参与分流 is kept for a re-hire (routing never picks a deleted account)."""
        actor.require("subaccounts.freeze")
        with self.db.session() as s:
            account = self._sub(s, account_id)
            self._check_target(s, actor, account)
            self._not_self(actor, account)
            if account.status == AccountStatus.DELETED:
                raise Conflict(_("账号 {nick} 已经是离职状态。").format(nick=account.nick))
            now = self.db.clock.now()
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
            s.flush()
            result = self._hand_over(s, account.id, target, now)
            self._end_sessions(s, account.id, "deleted", now)
            for sub in s.scalars(select(Account).where(Account.manager_id == account.id)):
                sub.manager_id = None
            audit.record(s, actor, "subaccount.delete", account.nick, handover_to=target,
                         moved=result.moved, where=dict(result.where))
            return result

    def rehire(self, actor: Actor, account_id: int) -> SubAccountRow:
        """重新任用: a 离职 account becomes 正常 again (counts against the quota), with the
        参与分流 it had when it left."""
        actor.require("subaccounts.freeze")
        with self.db.session() as s:
            account = self._sub(s, account_id)
            self._check_target(s, actor, account)
            if account.status != AccountStatus.DELETED:
                raise Conflict(_("只有离职员工可以重新任用。"))
            self._check_quota(s, self._shop(s), 1)
            if account.verified_at is not None and id_numbers.same_id_holder(
                s, account.id, account.id_digest, account.verified_by or "", account.id_last_digits or ""
            ):
                account.verified_at = None  # its ID now verifies someone else: verify again
                account.id_digest = None
            account.status = AccountStatus.ACTIVE
            account.left_at = None
            account.frozen_at = None
            account.failed_logins = 0
            account.locked_until = None
            audit.record(s, actor, "subaccount.rehire", account.nick, takes_routing=account.takes_routing)
            return self._rows(s, include_deleted=True, only=account.id)[0]

    def set_quota(self, actor: Actor, quota: int) -> QuotaInfo:
        """The shop's sub-account quota (main account only); not below the accounts in use."""
        actor.require("owner.quota")
        if not isinstance(quota, int) or isinstance(quota, bool) or not 0 <= quota <= QUOTA_MAX:
            raise ValidationError(_("子账号数量上限须为 0–{max} 的整数。").format(max=QUOTA_MAX))
        with self.db.session() as s:
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
        """Create the file's new accounts and update the existing ones it names (by nick), or
        nothing: any problem refuses the whole file. Returns how many accounts were written."""
        from app.services.accounts.subaccount_import import check_import
        from app.services.accounts.subaccount_io import read_rows

        actor.require("subaccounts.edit")
        raw = read_rows(Path(path))
        with self.db.session() as s:
            shop = self._shop(s)
            preview = check_import(s, actor, shop, raw, self._used(s))
            if preview.errors:
                raise ValidationError(
                    _("导入文件有 {n} 个问题，没有导入任何账号。").format(n=len(preview.errors)),
                    details=list(preview.errors),
                )
            if not preview.rows and not preview.updates:
                raise ValidationError(_("导入文件里没有新账号，也没有要修改的账号。"))
            for row in preview.rows:
                self._new_account(s, actor, shop, row.data, row.password, ())
            for change in preview.updates:
                account = self._sub(s, change.account_id)
                self._check_target(s, actor, account)
                changed = self._apply(s, actor, shop, account, change.data)
                audit.record(s, actor, "subaccount.update", account.nick, source=Path(path).name, **changed)
            audit.record(s, actor, "subaccount.import", Path(path).name, rows=len(preview.rows),
                         updated=len(preview.updates))
            return len(preview.rows) + len(preview.updates)

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
        """An actor acts only on accounts holding no point it lacks (subaccount_rules)."""
        check_target(actor, account)

    @staticmethod
    def _not_self(actor: Actor, account: Account) -> None:
        if account.id == actor.account_id:
            raise PermissionDenied(_("不能对自己的账号执行这个操作。"))

    def _forget_unkeyed_digests(self, s: Session) -> None:
        """Old databases kept unkeyed ID digests (recoverable): removed on first use."""
        if not self._digests_checked:
            removed = id_numbers.clear_unkeyed_digests(s)
            if removed:
                audit.record(s, None, "subaccount.id_digests_cleared", "", accounts=removed)
            self._digests_checked = True

    def _assign_role(self, s: Session, actor: Actor, account: Account, role_id: int | None) -> None:
        role = s.get(Role, role_id) if role_id is not None else None
        if role is None:
            raise ValidationError(_("请选择角色。"))
        old = account.role
        old_points = account_points(account) if old is not None else frozenset()
        check_role_change(actor, role.preset_key, role_points(role), old.preset_key if old is not None else None,
                          old_points)
        account.role = role

    def _apply(self, s: Session, actor: Actor, shop: Shop, account: Account, data: SubAccountInput) -> dict[str, object]:
        """Write checked fields to an account; what changed, for the log."""
        nick = f"{shop.name}:{data.name}"
        changed: dict[str, object] = {}
        if nick != account.nick:
            self._check_nick_free(s, nick, account.id)
            changed["nick"] = (account.nick, nick)
        if data.bound_phone != account.bound_phone:
            check_phone_change(actor, account.id)
            self._check_phone_free(s, data.bound_phone, account.id)
            changed["bound_phone"] = {"old": mask_phone(account.bound_phone), "new": mask_phone(data.bound_phone)}
        if data.role_id != account.role_id:
            if account.id == actor.account_id and not actor.is_main:
                raise PermissionDenied(_("不能修改自己的角色。"))
            changed["role"] = (account.role_id, data.role_id)
            self._assign_role(s, actor, account, data.role_id)
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
        return changed

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
    def _candidates(s: Session, exclude: int | None) -> list[HandoverCandidate]:
        from app.models.routing import RoutingGroup

        query = (
            select(Account.id, Account.nick, Account.alias, RoutingGroup.name)
            .join(RoutingMember, RoutingMember.account_id == Account.id)
            .join(RoutingGroup, RoutingGroup.id == RoutingMember.group_id)
            .join(AgentPresence, AgentPresence.account_id == Account.id)
            .where(
                Account.kind == AccountKind.SUB, Account.status == AccountStatus.ACTIVE,
                Account.takes_routing.is_(True), AgentPresence.status == Presence.ONLINE,
            )
            .order_by(Account.nick)
        )
        if exclude is not None:
            query = query.where(Account.id != exclude)
        return [HandoverCandidate(i, nick, alias or "", _(group)) for i, nick, alias, group in s.execute(query)]

    def _check_handover(self, s: Session, handover_to: int | None, account_id: int) -> int | None:
        if handover_to is None:
            return None
        if handover_to == account_id:
            raise ValidationError(_("不能把会话交接给要停用的账号本身。"))
        if handover_to not in {c.account_id for c in self._candidates(s, account_id)}:
            raise ValidationError(
                _("接手的同事现在不能接待：须是正常状态、参与分流、在线并且在分流分组里的客服。")
            )
        return handover_to

    @staticmethod
    def _hand_over(s: Session, account_id: int, target: int | None, now: datetime) -> HandoverResult:
        routes = release_agent_routes(s, account_id, handover_to=target, now=now)
        places: Counter[str] = Counter()
        for r in routes:
            if r.outcome == Outcome.QUEUED:
                places[_("{group}排队").format(group=r.group_name)] += 1
            elif r.outcome == Outcome.PROXY:
                places[_("代理账号 {agent}").format(agent=r.agent_name)] += 1
            else:
                places[r.agent_name] += 1
        return HandoverResult(len(routes), tuple(places.most_common()))

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

    @staticmethod
    def _rows(s: Session, *, include_deleted: bool, only: int | None = None) -> list[SubAccountRow]:
        return load_rows(s, include_deleted=include_deleted, only=only)
