"""Sign-in for the main account and sub-accounts, and the acting account's permissions."""

from __future__ import annotations

import contextlib
import math
import re
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.accounts import Account, SignInSession
from app.models.base import utcnow
from app.models.shop import Shop
from app.models.vocabulary import AccountKind, AccountStatus, Device, Presence
from app.services.accounts.passwords import verify_password
from app.services.accounts.permissions import OWNER_ONLY, Actor, expand, owner_points
from app.services.common import audit
from app.services.common.database import Database
from app.services.common.errors import AuthError, ValidationError
from app.services.common.validation import normalise_phone

MAX_FAILED_LOGINS = 5
LOCK_MINUTES = 15
_PHONE_LIKE = re.compile(r"^\+?[\d\s\-]{11,}$")


def build_actor(session: Session, account: Account, session_id: int | None = None) -> Actor:
    if account.kind == AccountKind.MAIN:
        perms = owner_points()
    else:
        from app.services.accounts.roles import role_points

        perms = (role_points(account.role) | expand({g.code for g in account.extra_grants})) - OWNER_ONLY
    return Actor(
        account_id=account.id,
        nick=account.nick,
        is_main=account.kind == AccountKind.MAIN,
        permissions=frozenset(perms),
        session_id=session_id,
        role_key=account.role.preset_key if account.role else None,
    )


def _follow_sessions_with_presence(s: Session, account: Account, now: datetime) -> None:
    """An agent who takes routed conversations is online while signed in somewhere, and
    counts as on mobile only when every open session is a phone's (手机分流); signing out of
    the last session takes them offline, which re-routes their open conversations."""
    if account.kind == AccountKind.MAIN or not account.takes_routing:
        return
    from app.models.routing import AgentPresence
    from app.services.routing import service as routing

    devices = set(
        s.scalars(
            select(SignInSession.device).where(
                SignInSession.account_id == account.id, SignInSession.ended_at.is_(None)
            )
        )
    )
    presence = s.get(AgentPresence, account.id)
    if not devices:
        status, device = Presence.OFFLINE, presence.device if presence else Device.DESKTOP
    else:
        device = Device.MOBILE if devices == {Device.MOBILE} else Device.DESKTOP
        # A signed-in agent keeps a chosen 挂起 across further sign-ins.
        keep = presence is not None and presence.status == Presence.SUSPENDED
        status = Presence.SUSPENDED if keep else Presence.ONLINE
    if presence is not None and (presence.status, presence.device) == (status, device):
        return
    routing.bump_clock(s)
    routing.set_presence_in_session(s, routing.load_state(s), account.id, status, device, now)


class AuthService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def sign_in(
        self, login: str, password: str, *, device: str = "desktop", now: datetime | None = None
    ) -> Actor:
        login = (login or "").strip()
        if not login or not password:
            raise ValidationError(_("请输入账号和密码。"))
        now = now or utcnow()
        with self.db.session() as s:
            account = self._find(s, login)
            if account is None:
                raise AuthError(_("账号或密码错误。"))
            if account.locked_until and account.locked_until > now:
                minutes = math.ceil((account.locked_until - now).total_seconds() / 60)
                raise AuthError(
                    _("密码错误次数过多，账号已锁定，请 {minutes} 分钟后再试。").format(minutes=minutes)
                )
            if not verify_password(account.password_hash, password):
                # The failure count and any lock must persist although sign-in fails, so
                # this unit of work commits and the error is raised after it.
                account.failed_logins += 1
                failure = AuthError(_("账号或密码错误。"))
                if account.failed_logins >= MAX_FAILED_LOGINS:
                    account.failed_logins = 0
                    account.locked_until = now + timedelta(minutes=LOCK_MINUTES)
                    audit.record(s, None, "account.locked", account.nick)
                    failure = AuthError(
                        _("密码连续输错 {n} 次，账号已锁定 {minutes} 分钟。").format(
                            n=MAX_FAILED_LOGINS, minutes=LOCK_MINUTES
                        )
                    )
            else:
                failure = None
        if failure is not None:
            raise failure
        with self.db.session() as s:
            account = s.get(Account, account.id)
            assert account is not None
            if account.status == AccountStatus.FROZEN:
                raise AuthError(_("该账号已被冻结，请联系主账号。"))
            if account.status == AccountStatus.DELETED:
                raise AuthError(_("该账号已删除（离职），无法登录。"))
            if account.kind != AccountKind.MAIN and account.verified_at is None:
                raise AuthError(_("该子账号尚未完成身份认证，请联系主账号登记认证后再登录。"))
            account.failed_logins = 0
            account.locked_until = None
            record = SignInSession(account_id=account.id, device=device, started_at=now)
            s.add(record)
            s.flush()
            actor = build_actor(s, account, record.id)
            audit.record(s, actor, "auth.sign_in", account.nick, device=device)
            _follow_sessions_with_presence(s, account, now)
            return actor

    def sign_out(self, actor: Actor) -> None:
        if actor.session_id is None:
            return
        with self.db.session() as s:
            record = s.get(SignInSession, actor.session_id)
            if record and record.ended_at is None:
                record.ended_at = utcnow()
                record.end_reason = "sign_out"
                audit.record(s, actor, "auth.sign_out", actor.nick)
                account = s.get(Account, actor.account_id)
                if account is not None:
                    _follow_sessions_with_presence(s, account, record.ended_at)

    def session_active(self, actor: Actor) -> bool:
        """False once the account's session was ended elsewhere (frozen, deleted, …)."""
        if actor.session_id is None:
            return True
        with self.db.session() as s:
            record = s.get(SignInSession, actor.session_id)
            return record is not None and record.ended_at is None

    def owner_actor(self) -> Actor:
        """The main account as actor, for trusted local entry points (CLI after password check)."""
        with self.db.session() as s:
            owner = s.scalars(select(Account).where(Account.kind == AccountKind.MAIN)).one()
            return build_actor(s, owner)

    def refresh(self, actor: Actor) -> Actor:
        """Re-read an actor's permissions (after its role changed)."""
        with self.db.session() as s:
            account = s.get(Account, actor.account_id)
            if account is None or account.status != AccountStatus.ACTIVE:
                raise AuthError(_("该账号已不可用。"))
            return build_actor(s, account, actor.session_id)

    @staticmethod
    def _find(s: Session, login: str) -> Account | None:
        login = login.replace("：", ":")
        conditions = [Account.nick == login]
        if _PHONE_LIKE.match(login):
            with contextlib.suppress(ValidationError):
                conditions.append(Account.bound_phone == normalise_phone(login))
        shop = s.get(Shop, 1)
        bare = f"{shop.name}:{login}" if ":" not in login and shop is not None else None
        if bare is not None:  # the bare name (小美) of this shop's 店铺:小美
            conditions.append(Account.nick == bare)
        found = list(s.scalars(select(Account).where(or_(*conditions))))
        if len(found) > 1:  # the bare name also matched: an exact nick or phone wins
            found = [a for a in found if a.nick != bare]
        return found[0] if found else None
