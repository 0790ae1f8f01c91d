"""SubAccountService: fields, uniqueness, quota, verification, lifecycle, hand-over, targets."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from app.models.accounts import Account, SignInSession
from app.models.audit import AuditEvent
from app.models.base import utcnow
from app.models.conversations import Conversation
from app.models.routing import AgentPresence
from app.models.vocabulary import ConversationStatus, Presence
from app.services.accounts.subaccounts import SubAccountInput, routing_warning
from app.services.common.errors import (
    AuthError,
    Conflict,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from tests.conftest import OWNER_PASSWORD

_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def make_id_number(n: int) -> str:
    body = f"110105199001{n:05d}"[:17]
    total = sum(int(d) * w for d, w in zip(body, _W, strict=True))
    return body + "10X98765432"[total % 11]


def role_id(services, actor, key: str) -> int:  # type: ignore[no-untyped-def]
    return next(r.id for r in services.roles.list_roles(actor) if r.preset_key == key)


def make_sub(  # type: ignore[no-untyped-def]
    services, owner, name: str, *, phone: str, role_key: str = "presales", password: str | None = None,
    verify: bool = False, **fields: Any,
):
    row = services.accounts.create(
        owner,
        SubAccountInput(name=name, bound_phone=phone, role_id=role_id(services, owner, role_key), **fields),
        password,
    )
    if verify:
        row = services.accounts.verify(owner, row.id, "员工" , make_id_number(int(phone[-5:])))
    return row


def signed_in(services, owner, name: str, phone: str, role_key: str):  # type: ignore[no-untyped-def]
    row = make_sub(services, owner, name, phone=phone, role_key=role_key, password="Staff-pass1", verify=True)
    return row, services.auth.sign_in(phone, "Staff-pass1")


def audit_actions(services) -> list[str]:  # type: ignore[no-untyped-def]
    with services.db.session() as s:
        return list(s.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def count_accounts(services) -> int:  # type: ignore[no-untyped-def]
    with services.db.session() as s:
        return len(list(s.scalars(select(Account.id))))


def test_create_lists_and_audits(shop, owner) -> None:  # type: ignore[no-untyped-def]
    row = make_sub(shop, owner, "小美", phone="139 1234 5678", alias="美美", department="客服部",
                   employee_no="QH-001")
    assert row.nick == "测试小店:小美"
    assert row.bound_phone == "13912345678"
    assert row.status == "active" and not row.verified
    assert [r.nick for r in shop.accounts.list_accounts(owner)] == ["测试小店:小美"]
    assert "subaccount.create" in audit_actions(shop)


def test_dates_round_trip(shop, owner) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, date

    row = make_sub(shop, owner, "小美", phone="13912345678", hired_on=date(2024, 3, 1), verify=True)
    assert row.hired_on == date(2024, 3, 1)
    assert row.verified_at is not None and row.verified_at.tzinfo is not None
    assert abs((row.verified_at - utcnow()).total_seconds()) < 60
    listed = shop.accounts.list_accounts(owner)[0]
    assert listed.hired_on == date(2024, 3, 1) and listed.verified_at == row.verified_at
    assert listed.verified_at.utcoffset() == UTC.utcoffset(None)


def test_full_nick_is_accepted(shop, owner) -> None:  # type: ignore[no-untyped-def]
    row = make_sub(shop, owner, "测试小店:阿杰", phone="13912345678")
    assert row.name == "阿杰"


@pytest.mark.parametrize(
    ("name", "phone", "alias"),
    [
        ("", "13912345678", ""),
        ("小美😀", "13912345678", ""),
        ("小" * 10_000, "13912345678", ""),
        ("有 空格", "13912345678", ""),
        ("x" * 21, "13912345678", ""),
        ("小美", "12345", ""),
        ("小美", "02012345678", ""),
        ("小美", "13912345678", "花😀"),
        ("小美", "13912345678", "花" * 10_000),
    ],
)
def test_bad_input_changes_nothing(shop, owner, name, phone, alias) -> None:  # type: ignore[no-untyped-def]
    before = count_accounts(shop)
    with pytest.raises(ValidationError) as info:
        make_sub(shop, owner, name, phone=phone, alias=alias)
    assert info.value.message
    assert len(info.value.message) < 200
    assert count_accounts(shop) == before


def test_duplicate_nick_and_phone_refused(shop, owner) -> None:  # type: ignore[no-untyped-def]
    make_sub(shop, owner, "小美", phone="13912345678")
    with pytest.raises(Conflict, match="昵称"):
        make_sub(shop, owner, "小美", phone="13912345679")
    with pytest.raises(Conflict, match="13912345678"):
        make_sub(shop, owner, "小丽", phone="13912345678")
    with pytest.raises(Conflict, match="13800138000"):  # the owner's phone
        make_sub(shop, owner, "小王", phone="13800138000")
    assert count_accounts(shop) == 2


def test_quota(shop, owner) -> None:  # type: ignore[no-untyped-def]
    shop.accounts.set_quota(owner, 1)
    make_sub(shop, owner, "一号", phone="13912345670")
    with pytest.raises(Conflict, match="上限"):
        make_sub(shop, owner, "二号", phone="13912345671")
    with pytest.raises(Conflict):
        shop.accounts.set_quota(owner, 0)
    with pytest.raises(ValidationError):
        shop.accounts.set_quota(owner, -3)
    assert shop.accounts.quota(owner).used == 1


def test_password_is_checked(shop, owner) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        make_sub(shop, owner, "小美", phone="13912345678", password="short")


def test_unverified_cannot_sign_in_until_verified(shop, owner) -> None:  # type: ignore[no-untyped-def]
    row = make_sub(shop, owner, "小美", phone="13912345678", password="Staff-pass1")
    with pytest.raises(AuthError, match="认证"):
        shop.auth.sign_in("13912345678", "Staff-pass1")
    shop.accounts.verify(owner, row.id, "王美", make_id_number(1))
    actor = shop.auth.sign_in("测试小店:小美", "Staff-pass1")
    assert actor.nick == "测试小店:小美" and not actor.is_main


def test_one_id_per_shop(shop, owner) -> None:  # type: ignore[no-untyped-def]
    a = make_sub(shop, owner, "一号", phone="13912345670")
    b = make_sub(shop, owner, "二号", phone="13912345671")
    shop.accounts.verify(owner, a.id, "张三", make_id_number(7))
    with pytest.raises(Conflict, match="一号"):
        shop.accounts.verify(owner, b.id, "张三", make_id_number(7))
    with pytest.raises(ValidationError):
        shop.accounts.verify(owner, b.id, "张三", "110105199001000000")  # bad check digit
    row = shop.accounts.get(owner, a.id)
    assert row.id_last_digits == make_id_number(7)[-4:] and row.verified_by == "张三"


def test_lockout_after_five_wrong_passwords(shop, owner) -> None:  # type: ignore[no-untyped-def]
    make_sub(shop, owner, "小美", phone="13912345678", password="Staff-pass1", verify=True)
    for _ in range(4):
        with pytest.raises(AuthError, match="错误"):
            shop.auth.sign_in("13912345678", "wrong-pass1")
    with pytest.raises(AuthError, match="锁定|暂停"):
        shop.auth.sign_in("13912345678", "wrong-pass1")
    with pytest.raises(AuthError, match="锁定|暂停"):
        shop.auth.sign_in("13912345678", "Staff-pass1")
    later = utcnow() + timedelta(minutes=16)
    assert shop.auth.sign_in("13912345678", "Staff-pass1", now=later).nick == "测试小店:小美"


def online_agent(services, owner, account_id: int) -> None:  # type: ignore[no-untyped-def]
    """An agent who can take conversations now: in a routing group, 参与分流, online."""
    group = services.routing.overview(owner).groups[0].id
    services.routing.set_member(owner, account_id, group, takes_routing=True)
    services.routing.set_presence(owner, account_id, "online")


def _open_conversation(services, agent_id: int, n: int = 1) -> None:  # type: ignore[no-untyped-def]
    with services.db.session() as s:
        for i in range(n):
            s.add(Conversation(external_id=f"c{agent_id}-{i}", buyer_nick=f"买家{i}", source="import",
                               status=ConversationStatus.OPEN, agent_id=agent_id, created_at=utcnow(), last_message_at=utcnow()))
        s.add(AgentPresence(account_id=agent_id, status=Presence.ONLINE))


def test_freeze_ends_sessions_and_hands_over(shop, owner) -> None:  # type: ignore[no-untyped-def]
    row, actor = signed_in(shop, owner, "小美", "13912345678", "presales")
    colleague = make_sub(shop, owner, "阿杰", phone="13912345679")
    online_agent(shop, owner, colleague.id)
    _open_conversation(shop, row.id, 2)
    result = shop.accounts.freeze(owner, row.id, handover_to=colleague.id)
    assert result.moved == 2 and result.where == (("阿杰", 2),)
    assert "2" in result.summary() and "阿杰" in result.summary()
    assert not shop.auth.session_active(actor)
    with shop.db.session() as s:
        convs = list(s.scalars(select(Conversation)))
        assert {c.agent_id for c in convs} == {colleague.id}
        assert s.get(AgentPresence, row.id).status == "offline"
        assert s.scalars(select(SignInSession.end_reason).where(SignInSession.account_id == row.id)).one() == "frozen"
    with pytest.raises(AuthError, match="冻结"):
        shop.auth.sign_in("13912345678", "Staff-pass1")
    shop.accounts.unfreeze(owner, row.id)
    assert shop.auth.sign_in("13912345678", "Staff-pass1")


def test_delete_keeps_history_returns_to_routing_and_rehire(shop, owner) -> None:  # type: ignore[no-untyped-def]
    row, actor = signed_in(shop, owner, "小美", "13912345678", "presales")
    _open_conversation(shop, row.id, 1)
    assert shop.accounts.delete(owner, row.id).moved == 1
    with shop.db.session() as s:
        conv = s.scalars(select(Conversation)).one()
        # back to routing: queued, or routed to another agent — never the one who left
        assert conv.agent_id != row.id
        assert conv.status == ConversationStatus.QUEUED or conv.agent_id is not None
        assert s.get(Account, row.id) is not None  # history kept
    assert not shop.auth.session_active(actor)
    with pytest.raises(AuthError, match="离职"):
        shop.auth.sign_in("13912345678", "Staff-pass1")
    left = shop.accounts.get(owner, row.id)
    assert left.status == "deleted" and left.left_at is not None
    with pytest.raises(Conflict):
        shop.accounts.freeze(owner, row.id)
    rehired = shop.accounts.rehire(owner, row.id)
    assert rehired.status == "active"
    assert shop.auth.sign_in("13912345678", "Staff-pass1")
    assert {"subaccount.delete", "subaccount.rehire"} <= set(audit_actions(shop))


def test_rehire_respects_quota(shop, owner) -> None:  # type: ignore[no-untyped-def]
    a = make_sub(shop, owner, "一号", phone="13912345670")
    shop.accounts.delete(owner, a.id)
    shop.accounts.set_quota(owner, 1)
    make_sub(shop, owner, "二号", phone="13912345671")
    with pytest.raises(Conflict, match="上限"):
        shop.accounts.rehire(owner, a.id)


def test_penalised_account_cannot_be_deleted(shop, owner) -> None:  # type: ignore[no-untyped-def]
    row = make_sub(shop, owner, "小美", phone="13912345678")
    shop.accounts.freeze(owner, row.id, penalty=True)
    with pytest.raises(Conflict, match="处罚"):
        shop.accounts.delete(owner, row.id)
    with shop.db.session() as s:
        s.get(Account, row.id).penalized_at = utcnow() - timedelta(days=120)
    shop.accounts.delete(owner, row.id)


def test_handover_target_must_be_active(shop, owner) -> None:  # type: ignore[no-untyped-def]
    row = make_sub(shop, owner, "小美", phone="13912345678")
    other = make_sub(shop, owner, "阿杰", phone="13912345679")
    shop.accounts.freeze(owner, other.id)
    with pytest.raises(ValidationError):
        shop.accounts.freeze(owner, row.id, handover_to=other.id)
    with pytest.raises(ValidationError):
        shop.accounts.delete(owner, row.id, handover_to=row.id)
    assert shop.accounts.get(owner, row.id).status == "active"


def test_main_account_is_out_of_reach(shop, owner) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        shop.accounts.freeze(owner, owner.account_id)
    _row, admin = signed_in(shop, owner, "管理员", "13912345600", "super_admin")
    with pytest.raises(PermissionDenied):
        shop.accounts.delete(admin, owner.account_id)
    with pytest.raises(NotFound):
        shop.accounts.get(owner, 9999)


def test_super_admin_limits(shop, owner) -> None:  # type: ignore[no-untyped-def]
    admin_row, admin = signed_in(shop, owner, "管理员", "13912345600", "super_admin")
    other_admin = make_sub(shop, owner, "管理员二", phone="13912345601", role_key="super_admin")
    staff = make_sub(shop, owner, "小美", phone="13912345602")
    # a super-admin acts on ordinary accounts …
    shop.accounts.freeze(admin, staff.id)
    # … but not on another super-admin, nor on itself
    with pytest.raises(PermissionDenied):
        shop.accounts.freeze(admin, other_admin.id)
    with pytest.raises(PermissionDenied):
        shop.accounts.freeze(admin, admin_row.id)
    # it cannot hand out the super-admin role
    new = SubAccountInput(name="新人", bound_phone="13912345603", role_id=role_id(shop, owner, "super_admin"))
    with pytest.raises(PermissionDenied):
        shop.accounts.create(admin, new, None)
    # nor change any bound phone, its own included
    own = shop.accounts.get(owner, admin_row.id)
    with pytest.raises(PermissionDenied):
        shop.accounts.update(admin, own.id, SubAccountInput(name=own.name, bound_phone="13912345699",
                                                             role_id=own.role_id))
    unfrozen = shop.accounts.unfreeze(admin, staff.id)
    with pytest.raises(PermissionDenied):
        shop.accounts.update(admin, staff.id, SubAccountInput(name=unfrozen.name, bound_phone="13912345698",
                                                              role_id=unfrozen.role_id))
    # the main account may, after entering its own password again (step-up)
    change = SubAccountInput(name=unfrozen.name, bound_phone="13912345698", role_id=unfrozen.role_id)
    with pytest.raises(ValidationError, match="再次输入主账号的登录密码"):
        shop.accounts.update(owner, staff.id, change)
    with pytest.raises(AuthError, match="密码不正确"):
        shop.accounts.update(owner, staff.id, change, step_up_password="wrong-pass1")
    assert shop.accounts.get(owner, staff.id).bound_phone != "13912345698"
    shop.accounts.update(owner, staff.id, change, step_up_password=OWNER_PASSWORD)
    assert shop.accounts.get(owner, staff.id).bound_phone == "13912345698"


def test_grants_limited_to_what_the_actor_holds(shop, owner) -> None:  # type: ignore[no-untyped-def]
    # a custom role with sub-account editing but no finance
    editor_role = shop.roles.create_role(owner, "账号管理员", {"subaccounts", "cs.reception"})
    row = make_sub(shop, owner, "管理", phone="13912345600", password="Staff-pass1", verify=True)
    shop.accounts.update(owner, row.id, SubAccountInput(name="管理", bound_phone=row.bound_phone,
                                                        role_id=editor_role.id))
    actor = shop.auth.sign_in("13912345600", "Staff-pass1")
    staff = make_sub(shop, owner, "小美", phone="13912345601")
    reception = shop.roles.create_role(owner, "接待", {"cs.reception"})
    staff = shop.accounts.update(owner, staff.id, SubAccountInput(name="小美", bound_phone=staff.bound_phone,
                                                                  role_id=reception.id))
    shop.accounts.set_extra_grants(actor, staff.id, ["cs.reception"])
    with pytest.raises(PermissionDenied, match="没有的权限"):
        shop.accounts.set_extra_grants(actor, staff.id, ["finance.view"])
    with pytest.raises(PermissionDenied):
        shop.accounts.set_extra_grants(actor, staff.id, ["owner.change_phone"])
    with pytest.raises(PermissionDenied):
        shop.accounts.set_extra_grants(owner, staff.id, ["owner"])
    with pytest.raises(PermissionDenied):  # never to itself
        shop.accounts.set_extra_grants(actor, row.id, ["cs.reception"])
    # assigning a role whose points the actor lacks is granting them
    finance = role_id(shop, owner, "finance")
    with pytest.raises(PermissionDenied):
        shop.accounts.update(actor, staff.id, SubAccountInput(name="小美", bound_phone=staff.bound_phone,
                                                              role_id=finance))
    assert shop.accounts.get(owner, staff.id).extra_grants == ("cs.reception",)


def test_manager_cycle_refused(shop, owner) -> None:  # type: ignore[no-untyped-def]
    boss = make_sub(shop, owner, "主管", phone="13912345600")
    staff = make_sub(shop, owner, "小美", phone="13912345601", manager_id=boss.id)
    assert staff.manager_nick == "测试小店:主管"
    with pytest.raises(ValidationError):
        shop.accounts.update(owner, boss.id, SubAccountInput(name="主管", bound_phone=boss.bound_phone,
                                                             role_id=boss.role_id, manager_id=staff.id))


def test_routing_warning() -> None:
    assert routing_warning(role_is_service=False, role_is_super_admin=False, takes_routing=True)
    assert routing_warning(role_is_service=True, role_is_super_admin=True, takes_routing=True)
    assert routing_warning(role_is_service=True, role_is_super_admin=False, takes_routing=True) is None
    assert routing_warning(role_is_service=False, role_is_super_admin=False, takes_routing=False) is None


def test_reads_need_view_permission(shop, owner) -> None:  # type: ignore[no-untyped-def]
    _row, designer = signed_in(shop, owner, "阿花", "13912345600", "designer")
    with pytest.raises(PermissionDenied):
        shop.accounts.list_accounts(designer)
    _row, supervisor = signed_in(shop, owner, "婷婷", "13912345601", "cs_supervisor")
    assert len(shop.accounts.list_accounts(supervisor)) == 2
    with pytest.raises(PermissionDenied):
        shop.accounts.create(supervisor, SubAccountInput(name="x", bound_phone="13912345602",
                                                         role_id=role_id(shop, owner, "presales")), None)


def test_a_race_past_the_checks_is_a_conflict(shop, owner, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.services.accounts.subaccounts import SubAccountService

    make_sub(shop, owner, "小美", phone="13912345678")
    # as if another console created the same nick between our check and our write
    monkeypatch.setattr(SubAccountService, "_check_nick_free", staticmethod(lambda *a, **k: None))
    with pytest.raises(Conflict, match="同一时间"):
        make_sub(shop, owner, "小美", phone="13912345679")
    assert count_accounts(shop) == 2


def test_listed_rows_are_ordinary_frozen_rows(shop, owner) -> None:  # type: ignore[no-untyped-def]
    import dataclasses

    from app.services.accounts.subaccounts import SubAccountRow

    row = make_sub(shop, owner, "小美", phone="13912345678", alias="美美")
    rebuilt = SubAccountRow(**{f.name: getattr(row, f.name) for f in dataclasses.fields(SubAccountRow)})
    assert rebuilt == row and hash(rebuilt) == hash(row)
    with pytest.raises(dataclasses.FrozenInstanceError):
        row.alias = "x"  # type: ignore[misc]
