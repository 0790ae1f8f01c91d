"""Sub-account sign-in: by phone or nick, lockout, status and verification checks, and the
acting account's permissions."""

from __future__ import annotations

import pytest

from app.i18n import set_language
from app.models.accounts import AccountPermission
from app.services.accounts.subaccounts import SubAccountInput
from app.services.common.errors import AuthError, ValidationError
from tests.services.test_subaccounts_service import make_sub, role_id


def test_sign_in_by_phone_in_any_spelling_or_nick(shop, owner) -> None:  # type: ignore[no-untyped-def]
    make_sub(shop, owner, "小美", phone="13912345678", password="Staff-pass1", verify=True)
    for login in ("13912345678", "+86 139 1234 5678", "139-1234-5678", "测试小店:小美"):
        actor = shop.auth.sign_in(login, "Staff-pass1")
        assert actor.nick == "测试小店:小美" and actor.role_key == "presales"
        assert actor.permissions == {"cs.reception", "cs.history", "trade.orders", "goods.view"}


def test_account_without_password_cannot_sign_in(shop, owner) -> None:  # type: ignore[no-untyped-def]
    make_sub(shop, owner, "小美", phone="13912345678", verify=True)  # e.g. imported without one
    with pytest.raises(ValidationError):
        shop.auth.sign_in("13912345678", "")
    with pytest.raises(AuthError):
        shop.auth.sign_in("13912345678", "anything-1")


def test_refresh_follows_role_change(shop, owner) -> None:  # type: ignore[no-untyped-def]
    row = make_sub(shop, owner, "小美", phone="13912345678", password="Staff-pass1", verify=True)
    actor = shop.auth.sign_in("13912345678", "Staff-pass1")
    assert not actor.can("finance.view")
    shop.accounts.update(owner, row.id, SubAccountInput(name="小美", bound_phone=row.bound_phone,
                                                        role_id=role_id(shop, owner, "finance")))
    assert shop.auth.refresh(actor).can("finance.view")
    shop.accounts.freeze(owner, row.id)
    with pytest.raises(AuthError):
        shop.auth.refresh(actor)


def test_owner_only_points_never_reach_a_sub_account(shop, owner) -> None:  # type: ignore[no-untyped-def]
    row = make_sub(shop, owner, "小美", phone="13912345678", password="Staff-pass1", verify=True,
                   role_key="super_admin")
    with shop.db.session() as s:  # even if a grant were written behind the services' back
        s.add(AccountPermission(account_id=row.id, code="owner"))
    actor = shop.auth.sign_in("13912345678", "Staff-pass1")
    assert actor.can("subaccounts.roles")
    assert not actor.can("owner.change_phone") and not actor.can("owner.delete_shop")
    assert not actor.can("owner.super_admin_role") and not actor.can("owner.quota")


def test_messages_in_english(shop, owner) -> None:  # type: ignore[no-untyped-def]
    make_sub(shop, owner, "小美", phone="13912345678", password="Staff-pass1")
    set_language("en")
    with pytest.raises(AuthError, match="verif"):
        shop.auth.sign_in("13912345678", "Staff-pass1")
    with pytest.raises(Exception, match="already taken"):
        make_sub(shop, owner, "小美", phone="13912345679")
