"""Authorisation is current: a revoked point, a freeze, a deletion or an ended session is
refused at the next call, on this console and on another sharing the database."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import select

from app.models.accounts import Account
from app.services.accounts.subaccounts import SubAccountInput
from app.services.common.errors import AuthError, PermissionDenied, ValidationError
from tests.conftest import OWNER_PASSWORD, PG_URL
from tests.services.test_subaccounts_service import make_sub, role_id

STAFF_PHONE = "13912345678"
STAFF_PW = "Staff-pass1"
ROOT = Path(__file__).resolve().parents[2]


def _staff(svc, owner, **kw):  # type: ignore[no-untyped-def]
    return make_sub(svc, owner, "小美", phone=STAFF_PHONE, password=STAFF_PW, verify=True, **kw)


def test_a_revoked_grant_is_refused_at_the_next_call(shop, owner) -> None:  # type: ignore[no-untyped-def]
    row = _staff(shop, owner)
    shop.accounts.set_extra_grants(owner, row.id, ["subaccounts.view"])
    staff = shop.auth.sign_in(STAFF_PHONE, STAFF_PW)
    assert shop.accounts.list_accounts(staff)
    shop.accounts.set_extra_grants(owner, row.id, [])
    with pytest.raises(PermissionDenied):
        shop.accounts.list_accounts(staff)


def test_a_role_change_and_a_role_edit_bite_at_once(shop, owner) -> None:  # type: ignore[no-untyped-def]
    row = _staff(shop, owner)
    staff = shop.auth.sign_in(STAFF_PHONE, STAFF_PW)
    assert not staff.can("finance.view")
    shop.accounts.update(owner, row.id, SubAccountInput(name="小美", bound_phone=row.bound_phone,
                                                        role_id=role_id(shop, owner, "finance")))
    assert staff.can("finance.view")
    finance = role_id(shop, owner, "finance")
    shop.roles.set_role_permissions(owner, finance, {"goods.view"})
    assert not staff.can("finance.view") and staff.can("goods.view")


@pytest.mark.parametrize("how", ["freeze", "delete", "end_session"])
def test_offboarding_ends_the_session_for_every_service(shop, owner, how) -> None:  # type: ignore[no-untyped-def]
    row = _staff(shop, owner)
    staff = shop.auth.sign_in(STAFF_PHONE, STAFF_PW)
    staff.require("cs.reception")
    if how == "end_session":
        (session,) = [r for r in shop.security.sessions(owner) if r.account_id == row.id]
        shop.security.end_session(owner, session.id)
    else:
        getattr(shop.accounts, how)(owner, row.id)
    assert not any(r.account_id == row.id for r in shop.security.sessions(owner))
    with pytest.raises(AuthError):
        staff.require("cs.reception")
    with pytest.raises(AuthError):
        shop.security.change_own_password(staff, STAFF_PW, "Other-pass22") if how != "end_session" else staff.grant()


def test_the_version_number_moves_only_on_authorisation_changes(shop, owner) -> None:  # type: ignore[no-untyped-def]
    row = _staff(shop, owner)

    def version() -> int:
        with shop.db.session() as s:
            return s.scalar(select(Account.auth_version).where(Account.id == row.id))

    before = version()
    shop.accounts.update(owner, row.id, SubAccountInput(name="小美", bound_phone=row.bound_phone,
                                                        role_id=row.role_id, alias="阿美"))
    assert version() == before  # an alias is no authorisation
    shop.accounts.set_extra_grants(owner, row.id, ["data.realtime"])
    assert version() > before


def test_a_sub_account_cannot_change_its_own_phone_and_step_up_is_required(shop, owner) -> None:  # type: ignore[no-untyped-def]
    row = _staff(shop, owner, role_key="super_admin")
    staff = shop.auth.sign_in(STAFF_PHONE, STAFF_PW)
    with pytest.raises(PermissionDenied, match="只有主账号"):
        shop.security.change_phone(staff, row.id, "13912340000", STAFF_PW)
    with pytest.raises(AuthError, match="密码不正确"):
        shop.security.change_phone(owner, row.id, "13912340000", "wrong-pass1")
    with pytest.raises(ValidationError, match="手机号"):
        shop.security.change_phone(owner, row.id, "12345", OWNER_PASSWORD)
    assert shop.accounts.get(owner, row.id).bound_phone == STAFF_PHONE
    assert shop.security.change_phone(owner, row.id, "139 1234 0000", OWNER_PASSWORD) == "13912340000"
    assert shop.accounts.get(owner, row.id).bound_phone == "13912340000"
    assert shop.security.change_phone(owner, owner.account_id, "13800130000", OWNER_PASSWORD) == "13800130000"
    from app.models.audit import AuditEvent

    with shop.db.session() as s:
        changes = [e.detail for e in s.scalars(select(AuditEvent).where(AuditEvent.action == "account.phone_change"))]
    assert changes[0] == {"old": "139****5678", "new": "139****0000"}
    assert "13912340000" not in str(changes)


def test_the_gui_thread_reads_the_last_polled_state(shop, owner) -> None:  # type: ignore[no-untyped-def]
    row = _staff(shop, owner)
    shop.accounts.set_extra_grants(owner, row.id, ["data.realtime"])
    staff = shop.auth.sign_in(STAFF_PHONE, STAFF_PW)
    staff.authority.serve_cached_on_this_thread()
    shop.accounts.set_extra_grants(owner, row.id, [])
    assert staff.can("data.realtime")  # no query on this thread: the last poll's answer
    import threading

    seen = []
    thread = threading.Thread(target=lambda: seen.append(shop.auth.check(staff)))
    thread.start()
    thread.join()
    assert "data.realtime" not in seen[0].permissions and not staff.can("data.realtime")


_OTHER_CONSOLE = textwrap.dedent(
    """
    import sys
    from app.services.container import Services
    from app.services.common.errors import PermissionDenied
    svc = Services.open(sys.argv[1])
    staff = svc.auth.sign_in("13912345678", "Staff-pass1", device_id="console-b")
    print("signed-in", staff.can("subaccounts.view"), flush=True)
    sys.stdin.readline()  # the owner revokes on console A meanwhile
    try:
        svc.accounts.list_accounts(staff)
        print("allowed", flush=True)
    except PermissionDenied as exc:
        print("refused", exc, flush=True)
    """
)


@pytest.mark.skipif(not PG_URL, reason="needs TEST_PG_URL")
def test_a_permission_revoked_on_one_console_is_refused_on_another(db_url, shop, owner) -> None:  # type: ignore[no-untyped-def]
    if not db_url.startswith("postgresql"):
        pytest.skip("the two-console test runs on PostgreSQL")
    row = _staff(shop, owner)
    shop.accounts.set_extra_grants(owner, row.id, ["subaccounts.view"])
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    other = subprocess.Popen(
        [sys.executable, "-c", _OTHER_CONSOLE, db_url], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        text=True, cwd=ROOT, env=env,
    )
    try:
        assert other.stdout is not None and other.stdin is not None
        assert other.stdout.readline().strip() == "signed-in True"
        shop.accounts.set_extra_grants(owner, row.id, [])  # console A revokes
        other.stdin.write("go\n")
        other.stdin.flush()
        assert other.stdout.readline().startswith("refused")
    finally:
        other.kill()
        other.communicate()  # reaps the process and closes its pipes


def test_a_password_set_by_the_owner_ends_the_accounts_sessions(shop, owner) -> None:  # type: ignore[no-untyped-def]
    row = _staff(shop, owner)
    staff = shop.auth.sign_in(STAFF_PHONE, STAFF_PW)
    shop.accounts.set_password(owner, row.id, "Other-pass22")
    with pytest.raises(AuthError, match="密码已修改"):
        staff.require("cs.reception")
    assert shop.auth.sign_in(STAFF_PHONE, "Other-pass22").nick == row.nick


def test_security_settings_need_security_manage(shop, owner, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from app.services.security.policy import Policy, PolicyOverride

    row = _staff(shop, owner)
    other = make_sub(shop, owner, "小兰", phone="13912345679", password=STAFF_PW, verify=True)
    staff = shop.auth.sign_in(STAFF_PHONE, STAFF_PW)
    sec = shop.security
    for call in (
        lambda: sec.policy(staff), lambda: sec.set_policy(staff, Policy()), lambda: sec.devices(staff),
        lambda: sec.override(staff, other.id), lambda: sec.set_override(staff, other.id, PolicyOverride()),
        lambda: sec.account_states(staff), lambda: sec.verify_log(staff),
        lambda: sec.export_log(staff, tmp_path / "log.csv"), lambda: sec.acknowledge_alert(staff, 1),
        lambda: sec.reset_password(staff, other.id),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert not (tmp_path / "log.csv").exists()
    owner_session = next(r for r in sec.sessions(owner) if r.account_id == owner.account_id)
    assert {r.account_id for r in sec.sessions(staff)} == {row.id}  # only its own
    with pytest.raises(PermissionDenied):
        sec.end_session(staff, owner_session.id)
    assert sec.alerts(staff) == []
