"""Sign-in for the main account and sub-accounts, and the acting account's permissions.

A sign-in passes, in order: this console's lock for the account, the password (an unknown
login is checked against a dummy hash, at the same cost), the account's status, then the
security policy (app.services.security.signin): allowed hours, the device, one session per
account, and the main account's two-step code. Every attempt, admitted or refused, is
written to the operation log with the console and the reason.

A signed-in `Actor` carries a `LiveAuthority`: each `require()` re-reads its grant.
"""

from __future__ import annotations

import contextlib
import re
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.accounts import Account, SignInSession
from app.models.shop import Shop
from app.models.vocabulary import AccountKind, AccountStatus, Device, Presence
from app.services.accounts.passwords import account_password_ok, verify_dummy
from app.services.accounts.permissions import (
    GRANTABLE_POINTS,
    OWNER_ONLY,
    Actor,
    Grant,
    expand,
    owner_points,
)
from app.services.common import audit
from app.services.common.database import Database
from app.services.common.errors import AuthError, ValidationError
from app.services.common.validation import normalise_phone
from app.services.security import signin
from app.services.security.authority import LiveAuthority
from app.services.security.masking import mask_login
from app.services.security.policy import effective_policy

_PHONE_LIKE = re.compile(r"^\+?[\d\s\-]{11,}$")
HEARTBEAT_S = 60  # a session's sign of life is written at most this often
UNKNOWN_DEVICE = "unknown"


def account_grant(session: Session, account: Account) -> Grant:
    if account.kind == AccountKind.MAIN:
        return Grant(True, owner_points())
    # As roles.role_points, inline (roles imports this module): the super administrator role
    # holds every grantable point, whatever its stored points say.
    role: frozenset[str] = frozenset()
    if account.role is not None:
        super_admin = account.role.preset_key == "super_admin"
        role = GRANTABLE_POINTS if super_admin else expand({p.code for p in account.role.permissions})
    perms = (role | expand({g.code for g in account.extra_grants})) - OWNER_ONLY
    return Grant(False, frozenset(perms))


def build_actor(
    session: Session, account: Account, session_id: int | None = None, db: Database | None = None
) -> Actor:
    """The actor for `account`; with `db` its grant stays current (a `LiveAuthority`)."""
    grant = account_grant(session, account)
    authority = None
    if db is not None:
        version = session.scalar(select(Account.auth_version).where(Account.id == account.id)) or 0
        authority = LiveAuthority(db, account.id, session_id, version, grant, account_grant)
    return Actor(
        account_id=account.id,
        nick=account.nick,
        is_main=grant.is_main,
        permissions=grant.permissions,
        session_id=session_id,
        role_key=account.role.preset_key if account.role else None,
        must_change_password=bool(account.password_must_change),
        authority=authority,
    )


def _follow_sessions_with_presence(s: Session, account: Account, now: datetime) -> None:
    """An agent who takes routed conversations is online while signed in somewhere, and
    counts as on mobile only when every open session is a phone's (手机分流); signing out of
    the last session takes them offline, which re-routes their open conversations."""
    if account.kind == AccountKind.MAIN or not account.takes_routing:
        return
    from app.models.routing import AgentPresence
    from app.services.routing.decisions import set_presence_in_session
    from app.services.routing.state import load_state
    from app.services.routing.tx import bump_clock

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
    bump_clock(s)
    set_presence_in_session(s, load_state(s), account.id, status, device, now)


class AuthService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def sign_in(
        self,
        login: str,
        password: str,
        *,
        device: str = "desktop",
        now: datetime | None = None,
        device_id: str | None = None,
        device_label: str = "",
        two_step_code: str | None = None,
        switch: bool = False,
    ) -> Actor:
        """Sign in from a console (`device_id`, the install's id; `device` desktop/mobile).
        `switch`: end this account's session elsewhere, when the owner allows switching."""
        login = (login or "").strip()
        if not login or not password:
            raise ValidationError(_("请输入账号和密码。"))
        now = now or self.db.clock.now()
        device_id = (device_id or UNKNOWN_DEVICE).strip()[:64] or UNKNOWN_DEVICE
        where = {"device": device, "device_id": device_id}
        # Refusals must persist (failure counts, a pending device, the log entry), so this
        # unit of work commits and the error is raised after it.
        with self.db.session() as s:
            account = self._find(s, login)
            if account is None:
                verify_dummy(password)
                audit.record(s, None, "auth.sign_in_failed", mask_login(login), reason="unknown_account", **where)
                failure: AuthError = AuthError(_("账号或密码错误。"))
            else:
                result = self._admit(s, account, password, now, device, device_id, device_label, two_step_code, switch)
                if isinstance(result, Actor):
                    return result
                failure = result
                audit.record(
                    s, None, "auth.sign_in_failed", account.nick,
                    reason=getattr(result, "code", type(result).__name__), **where,
                )
        raise failure

    def _admit(
        self, s: Session, account: Account, password: str, now: datetime, device: str, device_id: str,
        label: str, code: str | None, switch: bool,
    ) -> Actor | AuthError:
        policy = effective_policy(s, None if account.kind == AccountKind.MAIN else account.id)
        refusal: AuthError | None = signin.throttle_refusal(s, account.id, device_id, now)
        if refusal is not None:
            verify_dummy(password)
            return refusal
        if not account_password_ok(s.connection(), account.id, password):
            return signin.note_failure(s, account.id, device_id, policy, now)
        if account.status == AccountStatus.FROZEN:
            return signin.Refusal(_("该账号已被冻结，请联系主账号。"), "frozen")
        if account.status == AccountStatus.DELETED:
            return signin.Refusal(_("该账号已删除（离职），无法登录。"), "deleted")
        if account.kind != AccountKind.MAIN:
            if account.verified_at is None:
                return signin.Refusal(_("该子账号尚未完成身份认证，请联系主账号登记认证后再登录。"), "unverified")
            shop = s.get(Shop, 1)
            from zoneinfo import ZoneInfo

            refusal = (
                signin.check_hours(policy, now, ZoneInfo(shop.timezone if shop else "Asia/Shanghai"))
                or signin.check_device(s, account, policy, device_id, label, now)
                or signin.check_sessions(s, account, policy, device, device_id, now, switch)
            )
        else:
            refusal = signin.check_two_step(s, account, password, code, now)
        if refusal is not None:
            return refusal
        signin.clear_throttle(s, account.id, device_id)
        account.failed_logins = 0
        account.locked_until = None
        record = SignInSession(
            account_id=account.id, device=device, device_id=device_id, started_at=now, last_seen_at=now
        )
        s.add(record)
        s.flush()
        actor = build_actor(s, account, record.id, self.db)
        audit.record(s, actor, "auth.sign_in", account.nick, device=device, device_id=device_id)
        _follow_sessions_with_presence(s, account, now)
        return actor

    def sign_out(self, actor: Actor) -> None:
        if actor.session_id is None:
            return
        with self.db.session() as s:
            record = s.get(SignInSession, actor.session_id)
            if record and record.ended_at is None:
                record.ended_at = self.db.clock.now()
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

    def check(self, actor: Actor) -> Grant:
        """The actor's current grant (SessionEnded / SessionLocked / PasswordChangeRequired
        otherwise), and the session's sign of life written at most once a minute: the shell
        calls this every 2 s."""
        grant = actor.grant()
        if actor.session_id is not None:
            now = self.db.clock.now()
            with self.db.session() as s:
                s.execute(
                    update(SignInSession)
                    .where(
                        SignInSession.id == actor.session_id,
                        or_(SignInSession.last_seen_at.is_(None),
                            SignInSession.last_seen_at < now - timedelta(seconds=HEARTBEAT_S)),
                    )
                    .values(last_seen_at=now)
                )
        return grant

    def lock(self, actor: Actor) -> None:
        """Lock the session (the console idled): services refuse it until `unlock()`."""
        if actor.session_id is None:
            return
        with self.db.session() as s:
            record = s.get(SignInSession, actor.session_id)
            if record is not None and record.ended_at is None and record.locked_at is None:
                record.locked_at = self.db.clock.now()
                audit.record(s, actor, "auth.lock", actor.nick)

    def unlock(self, actor: Actor, password: str) -> None:
        """Unlock with the account's password; a wrong one is logged and refused."""
        if actor.session_id is None:
            return
        with self.db.session() as s:
            ok = account_password_ok(s.connection(), actor.account_id, password or "")
            record = s.get(SignInSession, actor.session_id)
            if ok and record is not None and record.ended_at is None:
                record.locked_at = None
                record.last_seen_at = self.db.clock.now()
                audit.record(s, actor, "auth.unlock", actor.nick)
            elif not ok:
                audit.record(s, actor, "auth.unlock_failed", actor.nick)
        if not ok:
            raise AuthError(_("密码不正确，未解锁。"))

    def owner_actor(self) -> Actor:
        """The main account as actor, for trusted local entry points (CLI after password check)."""
        with self.db.read() as s:
            owner = s.scalars(select(Account).where(Account.kind == AccountKind.MAIN)).one()
            return build_actor(s, owner)

    def refresh(self, actor: Actor) -> Actor:
        """Re-read an actor's permissions (after its role changed)."""
        with self.db.read() as s:
            account = s.get(Account, actor.account_id)
            if account is None or account.status != AccountStatus.ACTIVE:
                raise AuthError(_("该账号已不可用。"))
            return build_actor(s, account, actor.session_id, self.db if actor.authority else None)

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
