"""RoleService: presets, custom roles (create, rename, copy, delete), grants and the diff."""

from __future__ import annotations

import pytest

from app.services.accounts.permissions import GRANTABLE_POINTS, OWNER_ONLY, expand
from app.services.accounts.roles import PRESET_ROLES
from app.services.accounts.subaccounts import SubAccountInput
from app.services.common.errors import Conflict, PermissionDenied, ValidationError
from tests.services.test_subaccounts_service import make_sub, role_id, signed_in


def test_presets_seeded_in_order(shop, owner) -> None:  # type: ignore[no-untyped-def]
    roles = shop.roles.list_roles(owner)
    assert [r.preset_key for r in roles] == list(PRESET_ROLES)
    admin = roles[0]
    assert admin.name == "超级管理员" and admin.points == GRANTABLE_POINTS
    assert not admin.points & OWNER_ONLY
    assert roles[1].points >= {"cs.reception", "cs.routing", "data.export"}  # module grants subtree


def test_custom_role_lifecycle(shop, owner) -> None:  # type: ignore[no-untyped-def]
    role = shop.roles.create_role(owner, "质检", {"cs.history", "data"}, "抽查聊天记录")
    assert role.points == {"cs.history"} | expand({"data"})
    assert role.codes == {"cs.history", "data"}
    renamed = shop.roles.rename_role(owner, role.id, "质检员")
    assert renamed.name == "质检员"
    copy = shop.roles.copy_role(owner, role.id, "质检员二")
    assert copy.points == role.points
    with pytest.raises(Conflict, match="同名"):
        shop.roles.create_role(owner, "质检员", set())
    with pytest.raises(Conflict):
        shop.roles.create_role(owner, "售前客服", set())  # a preset's name
    row = make_sub(shop, owner, "小美", phone="13912345678")
    shop.accounts.update(owner, row.id, SubAccountInput(name="小美", bound_phone=row.bound_phone,
                                                        role_id=copy.id))
    with pytest.raises(Conflict, match="测试小店:小美") as info:
        shop.roles.delete_role(owner, copy.id)
    assert info.value.details == ["测试小店:小美"]
    shop.roles.delete_role(owner, role.id)
    assert "质检员" not in [r.name for r in shop.roles.list_roles(owner)]


@pytest.mark.parametrize("name", ["", "角色😀", "长" * 10_000, "a:b"])
def test_bad_role_names(shop, owner, name) -> None:  # type: ignore[no-untyped-def]
    before = len(shop.roles.list_roles(owner))
    with pytest.raises(ValidationError):
        shop.roles.create_role(owner, name, set())
    assert len(shop.roles.list_roles(owner)) == before


def test_presets_protected(shop, owner) -> None:  # type: ignore[no-untyped-def]
    presales = role_id(shop, owner, "presales")
    admin = role_id(shop, owner, "super_admin")
    with pytest.raises(PermissionDenied):
        shop.roles.delete_role(owner, presales)
    with pytest.raises(PermissionDenied):
        shop.roles.rename_role(owner, presales, "售前")
    with pytest.raises(PermissionDenied):
        shop.roles.set_role_permissions(owner, admin, {"goods"})
    # a preset's permissions may be changed
    changed = shop.roles.set_role_permissions(owner, presales, {"cs.reception", "goods"})
    assert changed.points == {"cs.reception"} | expand({"goods"})


def test_owner_only_points_never_granted(shop, owner) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied, match="主账号专属"):
        shop.roles.create_role(owner, "坏角色", {"owner.delete_shop"})
    with pytest.raises(PermissionDenied):
        shop.roles.create_role(owner, "坏角色", {"owner"})
    with pytest.raises(PermissionDenied, match="未知"):
        shop.roles.create_role(owner, "坏角色", {"nonsense"})


def test_sub_account_grants_only_what_it_holds(shop, owner) -> None:  # type: ignore[no-untyped-def]
    manager_role = shop.roles.create_role(owner, "人事", {"subaccounts", "cs.reception"})
    row, _ = signed_in(shop, owner, "人事", "13912345600", "presales")
    shop.accounts.update(owner, row.id, SubAccountInput(name="人事", bound_phone=row.bound_phone,
                                                        role_id=manager_role.id))
    actor = shop.auth.sign_in("13912345600", "Staff-pass1")
    ok = shop.roles.create_role(actor, "接待", {"cs.reception"})
    with pytest.raises(PermissionDenied, match="没有的权限"):
        shop.roles.create_role(actor, "财务二", {"finance"})
    with pytest.raises(PermissionDenied):  # copying a role is granting its points
        shop.roles.copy_role(actor, role_id(shop, owner, "finance"), "财务副本")
    with pytest.raises(PermissionDenied):
        shop.roles.set_role_permissions(actor, ok.id, {"cs.reception", "goods.view"})
    # it may not take away points it does not hold either
    other = shop.roles.create_role(owner, "混合", {"cs.reception", "finance"})
    with pytest.raises(PermissionDenied):
        shop.roles.set_role_permissions(actor, other.id, {"cs.reception"})
    assert shop.roles.set_role_permissions(actor, other.id, {"finance"}).points == {"finance.view"}
    with pytest.raises(PermissionDenied):
        shop.roles.copy_role(actor, role_id(shop, owner, "super_admin"), "管理员副本")


def test_diff_roles_and_accounts(shop, owner) -> None:  # type: ignore[no-untyped-def]
    presales, aftersales = role_id(shop, owner, "presales"), role_id(shop, owner, "aftersales")
    diff = shop.roles.diff(owner, ("role", aftersales), ("role", presales))
    assert diff.only_left == ("trade.ship", "trade.refund")
    assert diff.only_right == ("goods.view",)
    assert set(diff.shared) == {"trade.orders", "cs.reception", "cs.history"}
    row = make_sub(shop, owner, "小美", phone="13912345678")
    shop.accounts.set_extra_grants(owner, row.id, ["finance"])
    diff = shop.roles.diff(owner, ("account", row.id), ("role", presales))
    assert diff.only_left == ("finance.view",) and diff.only_right == ()
    assert diff.left == "测试小店:小美" and diff.right == "售前客服"


def test_role_changes_are_audited(shop, owner) -> None:  # type: ignore[no-untyped-def]
    from tests.services.test_subaccounts_service import audit_actions

    role = shop.roles.create_role(owner, "质检", {"cs.history"})
    shop.roles.set_role_permissions(owner, role.id, {"cs"})
    shop.roles.delete_role(owner, role.id)
    assert {"role.create", "role.update", "role.delete"} <= set(audit_actions(shop))
