"""The checks a sign-in passes besides the password, in order: this console's lock for the
account, then (after the password) allowed hours, the device, one session per account and
the main account's two-step code. Each refusal is an `AuthError` with the reason in the
user's language plus a short reason code for the operation log.

Locks are per account *and console* (device id): guessing the owner's password from one
console locks only that console out, never the owner's own (issue 18.5).
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.accounts import Account, SignInSession
from app.models.security import APPROVED, PENDING, KnownDevice, SignInThrottle
from app.services.common.errors import AuthError, ValidationError
from app.services.security import two_step
from app.services.security.authority import session_is_stale
from app.services.security.errors import TwoStepRequired
from app.services.security.policy import Policy, hours_text, within_hours

STALE_SESSION_MIN = 10  # a session with no sign of life for this long no longer blocks


class Refusal(AuthError):
    def __init__(self, message: str, code: str, *, switchable: bool = False) -> None:
        super().__init__(message)
        self.code = code
        self.switchable = switchable  # signing in again with switch=True would succeed


def throttle_refusal(s: Session, account_id: int, device_id: str, now: datetime) -> Refusal | None:
    row = s.get(SignInThrottle, (account_id, device_id))
    if row is None or row.locked_until is None or row.locked_until <= now:
        return None
    minutes = math.ceil((row.locked_until - now).total_seconds() / 60)
    return Refusal(
        _("密码错误次数过多，本机已暂停登录这个账号，请 {minutes} 分钟后再试。").format(minutes=minutes), "locked"
    )


def note_failure(s: Session, account_id: int, device_id: str, policy: Policy, now: datetime) -> Refusal:
    row = s.get(SignInThrottle, (account_id, device_id))
    if row is None:
        row = SignInThrottle(account_id=account_id, device_id=device_id, failures=0)
        s.add(row)
    if row.locked_until is not None and row.locked_until <= now:
        row.locked_until = None
    row.failures = (row.failures or 0) + 1
    if row.failures >= policy.lockout_attempts:
        row.failures = 0
        row.locked_until = now + timedelta(minutes=policy.lockout_minutes)
        return Refusal(
            _("密码连续输错 {n} 次，本机已暂停登录这个账号 {minutes} 分钟。").format(
                n=policy.lockout_attempts, minutes=policy.lockout_minutes
            ),
            "locked_now",
        )
    return Refusal(_("账号或密码错误。"), "bad_password")


def clear_throttle(s: Session, account_id: int, device_id: str | None = None) -> None:
    query = select(SignInThrottle).where(SignInThrottle.account_id == account_id)
    if device_id is not None:
        query = query.where(SignInThrottle.device_id == device_id)
    for row in s.scalars(query):
        s.delete(row)


def check_hours(policy: Policy, now: datetime, tz: ZoneInfo) -> Refusal | None:
    if within_hours(policy, now, tz):
        return None
    return Refusal(
        _("现在不在允许登录的时段内（{hours}，店铺时间）。").format(hours=hours_text(policy)), "outside_hours"
    )


def check_device(
    s: Session, account: Account, policy: Policy, device_id: str, label: str, now: datetime
) -> Refusal | None:
    """A console never seen for this account waits for the owner's approval (when the policy
    asks for it); without the rule, devices are recorded as approved."""
    row = s.scalars(
        select(KnownDevice).where(KnownDevice.account_id == account.id, KnownDevice.device_id == device_id)
    ).first()
    if row is None:
        status = PENDING if policy.device_approval else APPROVED
        row = KnownDevice(account_id=account.id, device_id=device_id, label=label[:80], status=status, first_seen_at=now)
        s.add(row)
        if status == PENDING:
            return Refusal(_("这是该账号第一次在这台设备上登录，需要主账号在“安全设置”里批准。"), "new_device")
        return None
    if row.status == APPROVED or not policy.device_approval:
        return None
    if row.status == PENDING:
        return Refusal(_("这台设备还在等待主账号批准，批准后才能登录。"), "device_pending")
    return Refusal(_("主账号拒绝了这台设备登录该账号。"), "device_refused")


def check_sessions(
    s: Session, account: Account, policy: Policy, device: str, device_id: str, now: datetime, switch: bool
) -> Refusal | None:
    """One active session per account and device kind (a computer and a phone may be signed
    in together, as in Qianniu). The same console signing in again replaces its old session;
    another console is refused unless the owner allows switching and the user asks for it."""
    open_sessions = list(
        s.scalars(
            select(SignInSession).where(
                SignInSession.account_id == account.id, SignInSession.ended_at.is_(None), SignInSession.device == device
            )
        )
    )
    others = []
    for record in open_sessions:
        if record.device_id == device_id or session_is_stale(record.last_seen_at, record.started_at, now, STALE_SESSION_MIN):
            end(record, "replaced" if record.device_id == device_id else "expired", now)
        else:
            others.append(record)
    if not others or not policy.single_session:
        return None
    if switch and policy.allow_switch:
        for record in others:
            end(record, "switched", now)
        return None
    hint = _("（主账号允许切换时，可选择“在本机登录并结束另一处登录”。）") if policy.allow_switch else ""
    return Refusal(
        _("该账号已在另一台设备登录（{since} 起）：同一账号同时只能登录一处，请勿出借子账号。{hint}").format(
            since=others[0].started_at.strftime("%m-%d %H:%M UTC"), hint=hint
        ),
        "session_active",
        switchable=policy.allow_switch,
    )


def end(record: SignInSession, reason: str, now: datetime) -> None:
    record.ended_at = now
    record.end_reason = reason


def check_two_step(
    s: Session, account: Account, password: str, code: str | None, now: datetime
) -> AuthError | None:
    row = two_step.enabled(s, account.id)
    if row is None:
        return None
    if not code:
        return TwoStepRequired(_("请输入身份验证器上的 6 位验证码（或一个恢复码）。"))
    if two_step.looks_like_recovery_code(code):
        if two_step.use_recovery_code(s, account.id, code, now):
            return None
        return Refusal(_("恢复码不正确或已经用过。"), "recovery_code_wrong")
    try:
        row.last_step = two_step.match_step(two_step.unwrap(row, password), code, now, row.last_step)
    except ValidationError as exc:
        return Refusal(exc.message, "two_step_wrong")
    return None


def end_sessions(s: Session, account_id: int, reason: str, now: datetime, *, keep: int | None = None) -> int:
    """End the account's open sessions (but `keep`); how many ended. Services refuse an ended
    session at its next call (LiveAuthority)."""
    ended = 0
    for record in s.scalars(
        select(SignInSession).where(SignInSession.account_id == account_id, SignInSession.ended_at.is_(None))
    ):
        if record.id != keep:
            end(record, reason, now)
            ended += 1
    return ended
