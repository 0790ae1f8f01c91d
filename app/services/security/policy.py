"""Sign-in protection: the shop's policy and per-sub-account overrides, and their rules.

A field left None in an override follows the shop. The main account follows only the
lockout part (it is never held by sign-in hours, device approval or the one-session rule:
the owner works from several consoles and has two-step sign-in instead).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.security import SecurityPolicy
from app.services.common.errors import ValidationError

ATTEMPTS_MAX = 20
MINUTES_MAX = 24 * 60
AD_LIMIT_MAX = 1000
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$|^24:00$")


@dataclass(frozen=True)
class Policy:
    lockout_attempts: int = 5
    lockout_minutes: int = 15
    hours: tuple[tuple[str, str], ...] = ()  # allowed sign-in windows, shop time; () = any time
    device_approval: bool = False
    single_session: bool = True
    allow_switch: bool = False
    ad_limit: int = 3
    ad_window_min: int = 10


@dataclass(frozen=True)
class PolicyOverride:
    """Per-sub-account: every field None follows the shop."""

    lockout_attempts: int | None = None
    lockout_minutes: int | None = None
    hours: tuple[tuple[str, str], ...] | None = None
    device_approval: bool | None = None
    single_session: bool | None = None
    allow_switch: bool | None = None
    ad_limit: int | None = None
    ad_window_min: int | None = None

    @property
    def empty(self) -> bool:
        return all(getattr(self, f.name) is None for f in fields(self))


_FIELDS = tuple(f.name for f in fields(Policy))


def _minutes(text: str) -> int:
    h, m = text.split(":")
    return int(h) * 60 + int(m)


def check_hours(windows: Any) -> tuple[tuple[str, str], ...]:
    """Sorted `HH:MM–HH:MM` windows (start before end, no overlaps), or ValidationError."""
    out: list[tuple[str, str]] = []
    for window in windows or ():
        try:
            start, end = (str(v).strip() for v in window)
        except (TypeError, ValueError):
            raise ValidationError(_("登录时段格式不正确：应为“开始–结束”两个时间。")) from None
        for value in (start, end):
            if not _HHMM.match(value):
                raise ValidationError(_("时间格式不正确：{value}（应为 HH:MM，如 08:00）。").format(value=value))
        if _minutes(start) >= _minutes(end):
            raise ValidationError(
                _("登录时段 {start}–{end} 的开始时间须早于结束时间（跨夜请分成两段）。").format(start=start, end=end)
            )
        out.append((start, end))
    out.sort(key=lambda w: _minutes(w[0]))
    for (s1, e1), (s2, e2) in zip(out, out[1:], strict=False):
        if _minutes(s2) < _minutes(e1):
            raise ValidationError(
                _("登录时段 {a} 与 {b} 重叠，请合并成一段。").format(a=f"{s1}–{e1}", b=f"{s2}–{e2}")
            )
    return tuple(out)


def _check_int(value: Any, label: str, low: int, high: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ValidationError(_("{field}须为 {low}–{high} 的整数。").format(field=label, low=low, high=high))
    return value


def check_policy(policy: Policy | PolicyOverride) -> Policy | PolicyOverride:
    """The policy with its windows normalised; a policy of 0 attempts and the like refused."""
    checks = {
        "lockout_attempts": (_("锁定前允许的错误次数"), 1, ATTEMPTS_MAX),
        "lockout_minutes": (_("锁定时长（分钟）"), 1, MINUTES_MAX),
        "ad_limit": (_("广告条数上限"), 1, AD_LIMIT_MAX),
        "ad_window_min": (_("广告统计时长（分钟）"), 1, MINUTES_MAX),
    }
    for name, (label, low, high) in checks.items():
        value = getattr(policy, name)
        if value is not None:
            _check_int(value, label, low, high)
    if policy.hours is not None:
        policy = replace(policy, hours=check_hours(policy.hours))
    return policy


def shop_policy(s: Session) -> Policy:
    row = s.scalars(select(SecurityPolicy).where(SecurityPolicy.account_id.is_(None))).first()
    return _merge(Policy(), row)


def account_override(s: Session, account_id: int) -> PolicyOverride:
    row = s.scalars(select(SecurityPolicy).where(SecurityPolicy.account_id == account_id)).first()
    if row is None:
        return PolicyOverride()
    values = {name: getattr(row, name) for name in _FIELDS}
    if values["hours"] is not None:
        values["hours"] = tuple(tuple(w) for w in values["hours"])
    return PolicyOverride(**values)


def effective_policy(s: Session, account_id: int | None) -> Policy:
    policy = shop_policy(s)
    if account_id is None:
        return policy
    row = s.scalars(select(SecurityPolicy).where(SecurityPolicy.account_id == account_id)).first()
    return _merge(policy, row)


def _merge(base: Policy, row: SecurityPolicy | None) -> Policy:
    if row is None:
        return base
    values: dict[str, Any] = {}
    for name in _FIELDS:
        value = getattr(row, name)
        if value is not None:
            values[name] = tuple(tuple(w) for w in value) if name == "hours" else value
    return replace(base, **values)


def store(s: Session, account_id: int | None, policy: Policy | PolicyOverride) -> None:
    """Write the shop's policy (account_id None) or an override (an empty one is removed)."""
    row = s.scalars(
        select(SecurityPolicy).where(
            SecurityPolicy.account_id.is_(None) if account_id is None else SecurityPolicy.account_id == account_id
        )
    ).first()
    if isinstance(policy, PolicyOverride) and policy.empty:
        if row is not None:
            s.delete(row)
        return
    if row is None:
        row = SecurityPolicy(account_id=account_id)
        s.add(row)
    for name in _FIELDS:
        value = getattr(policy, name)
        setattr(row, name, [list(w) for w in value] if name == "hours" and value is not None else value)


def within_hours(policy: Policy, now: datetime, tz: ZoneInfo) -> bool:
    if not policy.hours:
        return True
    local = now.astimezone(tz).time()
    minute = local.hour * 60 + local.minute
    return any(_minutes(a) <= minute < _minutes(b) for a, b in policy.hours)


def hours_text(policy: Policy) -> str:
    return "、".join(f"{a}–{b}" for a, b in policy.hours) if policy.hours else _("全天")


def as_dict(policy: Policy | PolicyOverride) -> dict[str, Any]:
    return {name: getattr(policy, name) for name in _FIELDS}

