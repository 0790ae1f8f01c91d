"""`SecurityService`: what the security panel (安全设置) and the CLI call.

Who may do what:
- `security.manage`: sign-in policies and overrides, devices, everyone's sessions, the
  operation log (view, export, verify), alerts;
- everyone: their own password, their own sessions;
- the main account alone, after re-entering its own password (step-up): bound phones (a
  sub-account's and its own), two-step sign-in;
- `subaccounts.edit` on a target it may act on: a one-time password for a sub-account.
"""

from __future__ import annotations

import csv
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.accounts import Account, SignInSession
from app.models.security import (
    APPROVED,
    PENDING,
    REFUSED,
    KnownDevice,
    SecurityAlert,
    SecurityPolicy,
    TwoStep,
)
from app.models.vocabulary import AccountKind, AccountStatus
from app.services.accounts.passwords import account_password_ok, hash_password
from app.services.accounts.permissions import Actor
from app.services.common import audit
from app.services.common.database import Database
from app.services.common.errors import (
    AuthError,
    Conflict,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from app.services.common.validation import check_password_strength, normalise_phone
from app.services.security import policy as policies
from app.services.security import signin, two_step
from app.services.security.masking import mask_phone

MANAGE = "security.manage"
_OTP_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


@dataclass(frozen=True)
class SessionRow:
    id: int
    account_id: int
    nick: str
    device: str
    device_id: str
    started_at: datetime
    last_seen_at: datetime | None
    locked: bool


@dataclass(frozen=True)
class DeviceRow:
    id: int
    account_id: int
    nick: str
    device_id: str
    label: str
    status: str
    first_seen_at: datetime


@dataclass(frozen=True)
class AlertRow:
    id: int
    at: datetime
    kind: str
    nick: str
    text: str


@dataclass(frozen=True)
class TwoStepSetup:
    secret: str
    uri: str
    qr_svg: bytes


@dataclass(frozen=True)
class AccountState:
    """Per account, for the panel: can it sign in at all, and is it protected."""

    id: int
    nick: str
    is_main: bool
    status: str
    has_password: bool
    must_change_password: bool
    two_step: bool
    has_override: bool


def alert_text(kind: str, detail: dict[str, object]) -> str:
    if kind == "ad_spam_freeze":
        return _("{nick} 在 {window} 分钟内发送了 {n} 条广告消息，已被自动冻结。解冻需主账号决定。").format(
            nick=detail.get("nick", ""), window=detail.get("window_min", ""), n=detail.get("flagged", "")
        )
    return kind


def _safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class SecurityService:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- policies ------------------------------------------------------------------------
    def policy(self, actor: Actor) -> policies.Policy:
        actor.require(MANAGE)
        with self.db.read() as s:
            return policies.shop_policy(s)

    def set_policy(self, actor: Actor, policy: policies.Policy) -> policies.Policy:
        actor.require(MANAGE)
        checked = policies.check_policy(policy)
        with self.db.session() as s:
            old = policies.shop_policy(s)
            policies.store(s, None, checked)
            audit.record(s, actor, "security.policy", "shop", old=policies.as_dict(old), new=policies.as_dict(checked))
        assert isinstance(checked, policies.Policy)
        return checked

    def override(self, actor: Actor, account_id: int) -> policies.PolicyOverride:
        actor.require(MANAGE)
        with self.db.session() as s:
            self._sub(s, account_id)
            return policies.account_override(s, account_id)

    def set_override(self, actor: Actor, account_id: int, override: policies.PolicyOverride) -> None:
        actor.require(MANAGE)
        checked = policies.check_policy(override)
        with self.db.session() as s:
            account = self._sub(s, account_id)
            policies.store(s, account_id, checked)
            audit.record(s, actor, "security.policy", account.nick, new=policies.as_dict(checked))

    # -- devices -------------------------------------------------------------------------
    def devices(self, actor: Actor, *, pending_only: bool = False) -> list[DeviceRow]:
        actor.require(MANAGE)
        with self.db.read() as s:
            q = select(KnownDevice, Account.nick).join(Account, Account.id == KnownDevice.account_id)
            if pending_only:
                q = q.where(KnownDevice.status == PENDING)
            q = q.order_by(KnownDevice.first_seen_at.desc(), KnownDevice.id.desc())
            return [
                DeviceRow(d.id, d.account_id, nick, d.device_id, d.label, d.status, d.first_seen_at)
                for d, nick in s.execute(q)
            ]

    def decide_device(self, actor: Actor, device_row_id: int, approve: bool) -> None:
        actor.require(MANAGE)
        with self.db.session() as s:
            row = s.get(KnownDevice, device_row_id)
            if row is None:
                raise NotFound(_("设备记录不存在。"))
            account = s.get(Account, row.account_id)
            row.status = APPROVED if approve else REFUSED
            row.decided_at = self.db.clock.now()
            row.decided_by = actor.nick
            if not approve:  # a refused device loses any session it holds
                for record in s.scalars(self._open_sessions(row.account_id).where(SignInSession.device_id == row.device_id)):
                    signin.end(record, "ended", row.decided_at)
            audit.record(
                s, actor, "security.device_approve" if approve else "security.device_refuse",
                account.nick if account else "", device_id=row.device_id,
            )

    # -- sessions ------------------------------------------------------------------------
    def sessions(self, actor: Actor) -> list[SessionRow]:
        """Every active session (`security.manage`), or else the actor's own."""
        own_only = not actor.can(MANAGE)
        with self.db.read() as s:
            q = (
                select(SignInSession, Account.nick)
                .join(Account, Account.id == SignInSession.account_id)
                .where(SignInSession.ended_at.is_(None))
                .order_by(SignInSession.started_at.desc())
            )
            if own_only:
                q = q.where(SignInSession.account_id == actor.account_id)
            return [
                SessionRow(r.id, r.account_id, nick, r.device, r.device_id or "", r.started_at, r.last_seen_at,
                           r.locked_at is not None)
                for r, nick in s.execute(q)
            ]

    def end_session(self, actor: Actor, session_id: int) -> None:
        with self.db.session() as s:
            record = s.get(SignInSession, session_id)
            if record is None or record.ended_at is not None:
                raise NotFound(_("这个登录已经结束了。"))
            if record.account_id != actor.account_id:
                actor.require(MANAGE)
            else:
                actor.grant()  # a live session is needed to end one's own others
            account = s.get(Account, record.account_id)
            signin.end(record, "ended" if record.account_id != actor.account_id else "sign_out", self.db.clock.now())
            audit.record(s, actor, "security.end_session", account.nick if account else "", session_id=session_id)

    # -- passwords -----------------------------------------------------------------------
    def change_own_password(self, actor: Actor, old: str, new: str) -> None:
        """Old password required; the strength rule; the account's other sessions end.
        Works while a one-time password is in force (that is how it is replaced)."""
        with self.db.session() as s:
            account = s.get(Account, actor.account_id)
            if account is None or account.status != AccountStatus.ACTIVE:
                raise AuthError(_("该账号已不可用。"))
            if not account_password_ok(s.connection(), account.id, old or ""):
                audit.record(s, actor, "account.password_change_failed", account.nick, reason="wrong_old_password")
                failure: AuthError | None = AuthError(_("原密码不正确，密码没有修改。"))
            else:
                failure = None
        if failure is not None:
            raise failure
        if new == old:
            raise ValidationError(_("新密码不能与原密码（包括一次性密码）相同。"))
        with self.db.session() as s:
            account = s.get(Account, actor.account_id)
            assert account is not None
            check_password_strength(new, phone=account.bound_phone)
            account.password_hash = hash_password(new)
            account.password_must_change = False
            row = s.get(TwoStep, account.id)
            if row is not None:  # the authenticator secret is wrapped with the password
                row.salt, row.wrapped_secret = two_step.wrap(two_step.unwrap(row, old), new)
            now = self.db.clock.now()
            for record in s.scalars(self._open_sessions(account.id).where(SignInSession.id != (actor.session_id or -1))):
                signin.end(record, "password", now)
            audit.record(s, actor, "account.password_change", account.nick)

    def reset_password(self, actor: Actor, account_id: int) -> str:
        """A one-time password for a sub-account, returned once (never stored or logged):
        its sessions end and the next sign-in must choose a new password."""
        from app.services.accounts.subaccounts import SubAccountService

        actor.require("subaccounts.edit")
        with self.db.session() as s:
            account = self._sub(s, account_id)
            SubAccountService._check_target(s, actor, account)
            if account.id == actor.account_id:
                raise PermissionDenied(_("不能给自己设置一次性密码，请用“修改密码”。"))
            otp = "".join(secrets.choice(_OTP_ALPHABET) for _i in range(10)) + str(secrets.randbelow(10))
            account.password_hash = hash_password(otp)
            account.password_must_change = True
            now = self.db.clock.now()
            for record in s.scalars(self._open_sessions(account.id)):
                signin.end(record, "password", now)
            signin.clear_throttle(s, account.id)
            audit.record(s, actor, "account.password_reset", account.nick, one_time=True)
            return otp

    # -- bound phone ---------------------------------------------------------------------
    def change_phone(self, actor: Actor, account_id: int, phone: str, step_up_password: str) -> str:
        """绑定手机: the main account only, after re-entering its own password. Logged with
        both numbers masked. Returns the normalised number."""
        if not actor.is_main:
            raise PermissionDenied(_("只有主账号可以修改绑定手机；子账号不能修改自己的绑定手机。"))
        actor.require("owner.change_phone")
        number = normalise_phone(phone)
        self.step_up(actor, step_up_password)
        with self.db.session() as s:
            account = s.get(Account, account_id)
            if account is None or account.status == AccountStatus.DELETED:
                raise NotFound(_("账号不存在或已离职。"))
            other = s.scalars(select(Account.nick).where(Account.bound_phone == number, Account.id != account.id)).first()
            if other is not None:
                raise Conflict(_("手机号 {phone} 已绑定其他账号，一个手机号只能绑定一个账号。").format(phone=mask_phone(number)))
            old = account.bound_phone
            if old == number:
                return number
            account.bound_phone = number
            audit.record(s, actor, "account.phone_change", account.nick, old=mask_phone(old), new=mask_phone(number))
            return number

    def step_up(self, actor: Actor, password: str) -> None:
        """Re-enter one's own password before a sensitive change; a wrong one is logged."""
        actor.grant()
        with self.db.session() as s:
            ok = account_password_ok(s.connection(), actor.account_id, password or "")
            if not ok:
                audit.record(s, actor, "security.step_up_failed", actor.nick)
        if not ok:
            raise AuthError(_("密码不正确：需要重新输入你自己的登录密码才能继续。"))

    # -- two-step sign-in ----------------------------------------------------------------
    def start_two_step(self, actor: Actor, password: str) -> TwoStepSetup:
        """A new secret to scan (not yet in force)."""
        self._owner_only(actor)
        self.step_up(actor, password)
        secret = two_step.new_secret()
        uri = two_step.provisioning_uri(secret, actor.nick)
        return TwoStepSetup(secret, uri, two_step.qr_svg(uri))

    def confirm_two_step(self, actor: Actor, password: str, secret: str, code: str) -> list[str]:
        """Turn two-step on once a code from the app matches; returns the recovery codes (shown once)."""
        self._owner_only(actor)
        self.step_up(actor, password)
        now = self.db.clock.now()
        step = two_step.match_step(secret, code, now, 0)
        with self.db.session() as s:
            row = s.get(TwoStep, actor.account_id)
            if row is None:
                row = TwoStep(account_id=actor.account_id)
                s.add(row)
            row.salt, row.wrapped_secret = two_step.wrap(secret, password)
            row.enabled_at, row.last_step = now, step
            codes = two_step.issue_recovery_codes(s, actor.account_id)
            audit.record(s, actor, "security.two_step_on", actor.nick)
            return codes

    def disable_two_step(self, actor: Actor, password: str) -> None:
        self._owner_only(actor)
        self.step_up(actor, password)
        with self.db.session() as s:
            row = s.get(TwoStep, actor.account_id)
            if row is not None:
                s.delete(row)
            two_step.issue_recovery_codes(s, actor.account_id)  # old codes die with it
            audit.record(s, actor, "security.two_step_off", actor.nick)

    def new_recovery_codes(self, actor: Actor, password: str) -> list[str]:
        self._owner_only(actor)
        self.step_up(actor, password)
        with self.db.session() as s:
            codes = two_step.issue_recovery_codes(s, actor.account_id)
            audit.record(s, actor, "security.recovery_codes", actor.nick)
            return codes

    def two_step_enabled(self, actor: Actor) -> bool:
        with self.db.read() as s:
            return two_step.enabled(s, actor.account_id) is not None

    # -- accounts, alerts ----------------------------------------------------------------
    def account_states(self, actor: Actor) -> list[AccountState]:
        actor.require(MANAGE)
        with self.db.read() as s:
            overrides = set(s.scalars(select(SecurityPolicy.account_id)))
            two = {r.account_id for r in s.scalars(select(TwoStep).where(TwoStep.enabled_at.is_not(None)))}
            # On PostgreSQL without reading the hash (a console role may not; docs/security.md).
            has_hash = (
                func.zg_password_settings(Account.id).is_not(None)
                if s.get_bind().dialect.name == "postgresql" else Account.password_hash.is_not(None)
            )
            has_pw = {i: bool(h) for i, h in s.execute(select(Account.id, has_hash))}
            return [
                AccountState(a.id, a.nick, a.kind == AccountKind.MAIN, a.status, bool(has_pw.get(a.id)),
                             a.password_must_change, a.id in two, a.id in overrides)
                for a in s.scalars(select(Account).order_by(Account.id))
            ]

    def alerts(self, actor: Actor, *, include_acknowledged: bool = False) -> list[AlertRow]:
        if not actor.can(MANAGE) and not actor.can("subaccounts.freeze"):
            return []
        with self.db.read() as s:
            q = select(SecurityAlert).order_by(SecurityAlert.at.desc()).limit(50)
            if not include_acknowledged:
                q = q.where(SecurityAlert.acknowledged_at.is_(None))
            return [
                AlertRow(a.id, a.at, a.kind, str(a.detail.get("nick", "")), alert_text(a.kind, a.detail))
                for a in s.scalars(q)
            ]

    def acknowledge_alert(self, actor: Actor, alert_id: int) -> None:
        actor.require(MANAGE)
        with self.db.session() as s:
            alert = s.get(SecurityAlert, alert_id)
            if alert is not None and alert.acknowledged_at is None:
                alert.acknowledged_at = self.db.clock.now()
                audit.record(s, actor, "security.alert_ack", str(alert.detail.get("nick", "")), kind=alert.kind)

    # -- operation log -------------------------------------------------------------------
    def verify_log(self, actor: Actor, known_heads: list[tuple[int, str]] | None = None) -> audit.ChainReport:
        actor.require(MANAGE)
        with self.db.engine.connect() as conn:
            return audit.verify(conn, known_heads or [])

    def export_log(
        self, actor: Actor, path: str | Path, *, date_from: date | None = None, date_to: date | None = None,
        actor_nick: str = "", action: str = "",
    ) -> int:
        """The filtered log as CSV (cells that a spreadsheet would run as formulas are
        neutralised); the export itself is logged."""
        from app.services.reporting.monitoring import MonitoringService

        actor.require(MANAGE)
        actor.require("data.export")
        rows = MonitoringService(self.db).audit_log(
            actor, date_from=date_from, date_to=date_to, actor_nick=actor_nick, action=action, limit=100_000
        )
        target = Path(path)
        with target.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow([_("编号"), _("时间（UTC）"), _("操作人"), _("操作"), _("对象"), _("详情")])
            for r in rows:
                writer.writerow([_safe_cell(v) for v in (r.id, r.at.strftime("%Y-%m-%d %H:%M:%S"), r.actor, r.action, r.target, r.detail)])
        with self.db.session() as s:
            audit.record(s, actor, "security.log_export", target.name, rows=len(rows))
        return len(rows)

    # -- helpers -------------------------------------------------------------------------
    @staticmethod
    def _open_sessions(account_id: int):  # type: ignore[no-untyped-def]
        return select(SignInSession).where(SignInSession.account_id == account_id, SignInSession.ended_at.is_(None))

    @staticmethod
    def _sub(s: Session, account_id: int) -> Account:
        account = s.get(Account, account_id)
        if account is None:
            raise NotFound(_("子账号不存在。"))
        if account.kind == AccountKind.MAIN:
            raise PermissionDenied(_("这是主账号，这里只能设置子账号。"))
        return account

    @staticmethod
    def _owner_only(actor: Actor) -> None:
        actor.grant()
        if not actor.is_main:
            raise PermissionDenied(_("两步验证只用于主账号。"))


def owner_unlock(db: Database, *, password: str | None = None, recovery_code: str | None = None) -> str:
    """`zhanggui owner unlock`: on the machine holding the database, lift every sign-in lock
    of the main account and unlock its sessions, given its password or a recovery code (a
    spent recovery code is gone). Returns the main account's nick."""
    if not password and not recovery_code:
        raise ValidationError(_("请提供主账号密码或一个恢复码。"))
    now = db.clock.now()
    with db.session() as s:
        owner = s.scalars(select(Account).where(Account.kind == AccountKind.MAIN)).one()
        if password:
            ok = account_password_ok(s.connection(), owner.id, password)
        else:
            ok = two_step.use_recovery_code(s, owner.id, recovery_code or "", now)
        if ok:
            signin.clear_throttle(s, owner.id)
            owner.failed_logins, owner.locked_until = 0, None
            for record in s.scalars(
                select(SignInSession).where(SignInSession.account_id == owner.id, SignInSession.locked_at.is_not(None))
            ):
                record.locked_at = None
            audit.record(s, None, "owner.unlock", owner.nick, by="recovery_code" if not password else "password")
        else:
            audit.record(s, None, "owner.unlock_failed", owner.nick)
        nick = owner.nick
    if not ok:
        raise AuthError(_("密码或恢复码不正确，没有解除锁定。"))
    return nick
