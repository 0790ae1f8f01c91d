"""Every mutating service operation × every preset role (and the main account): allowed or
refused, checked in the service layer. A new public method on SubAccountService or
RoleService without an entry here fails `test_every_public_method_is_classified`."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from app.services.accounts.roles import PRESET_ROLES, RoleService
from app.services.accounts.subaccounts import SubAccountInput, SubAccountService
from app.services.common.errors import PermissionDenied, ValidationError
from tests.services.test_subaccounts_service import make_id_number, make_sub

READS = {
    SubAccountService: {"list_accounts", "get", "quota", "export_file", "preview_import", "handover_candidates"},
    RoleService: {"list_roles", "get", "diff"},
}

ALL_ROLES = frozenset(PRESET_ROLES)
NOBODY: frozenset[str] = frozenset()
SUPER = frozenset({"super_admin"})


@dataclass
class Env:
    services: Any
    owner: Any
    actor: Any
    tmp: Path
    counter: int = 0

    def fresh(self, **kw: Any) -> int:
        self.counter += 1
        return make_sub(self.services, self.owner, f"目标{self.counter}", phone=f"1370000{self.counter:04d}", **kw).id

    def role_id(self, key: str) -> int:
        return next(r.id for r in self.services.roles.list_roles(self.owner) if r.preset_key == key)

    def custom_role(self) -> int:
        self.counter += 1
        return self.services.roles.create_role(self.owner, f"自定义{self.counter}", {"goods.view"}).id


def _create(e: Env) -> None:
    e.counter += 1
    e.services.accounts.create(
        e.actor,
        SubAccountInput(name=f"新人{e.counter}", bound_phone=f"1360000{e.counter:04d}", role_id=e.role_id("presales")),
        None,
    )


def _update(e: Env) -> None:
    target = e.fresh()
    row = e.services.accounts.get(e.owner, target)
    e.services.accounts.update(
        e.actor, target,
        SubAccountInput(name=row.name, bound_phone=row.bound_phone, role_id=row.role_id, alias="新花名"),
    )


def _import(e: Env) -> None:
    e.counter += 1
    path = e.tmp / f"import{e.counter}.csv"
    path.write_text(f"名字,绑定手机,角色\n导入{e.counter},1350000{e.counter:04d},售前客服\n", encoding="utf-8")
    e.services.accounts.import_file(e.actor, path)


def _unfreeze(e: Env) -> None:
    target = e.fresh()
    e.services.accounts.freeze(e.owner, target)
    e.services.accounts.unfreeze(e.actor, target)


def _rehire(e: Env) -> None:
    target = e.fresh()
    e.services.accounts.delete(e.owner, target)
    e.services.accounts.rehire(e.actor, target)


def _verify(e: Env) -> None:
    e.counter += 1
    e.services.accounts.verify(e.actor, e.fresh(), "张三", make_id_number(e.counter + 500))


# operation → (who may do it, scenario)
MUTATIONS: dict[type, dict[str, tuple[frozenset[str], Callable[[Env], None]]]] = {
    SubAccountService: {
        "create": (SUPER, _create),
        "update": (SUPER, _update),
        "set_extra_grants": (SUPER, lambda e: e.services.accounts.set_extra_grants(e.actor, e.fresh(), ["goods.view"])),
        "set_password": (SUPER, lambda e: e.services.accounts.set_password(e.actor, e.fresh(), "New-pass99")),
        "verify": (SUPER, _verify),
        "freeze": (SUPER, lambda e: e.services.accounts.freeze(e.actor, e.fresh())),
        "unfreeze": (SUPER, _unfreeze),
        "delete": (SUPER, lambda e: e.services.accounts.delete(e.actor, e.fresh())),
        "rehire": (SUPER, _rehire),
        "set_quota": (NOBODY, lambda e: e.services.accounts.set_quota(e.actor, 50)),
        "import_file": (SUPER, _import),
        "move_conversations": (
            frozenset({"super_admin", "cs_supervisor"}),
            lambda e: e.services.accounts.move_conversations(e.actor, e.fresh()),
        ),
    },
    RoleService: {
        "create_role": (SUPER, lambda e: e.services.roles.create_role(e.actor, "新角色", {"goods.view"})),
        "rename_role": (SUPER, lambda e: e.services.roles.rename_role(e.actor, e.custom_role(), "改名后")),
        "copy_role": (SUPER, lambda e: e.services.roles.copy_role(e.actor, e.role_id("presales"), "售前副本")),
        "set_role_permissions": (
            SUPER, lambda e: e.services.roles.set_role_permissions(e.actor, e.custom_role(), {"goods"})
        ),
        "delete_role": (SUPER, lambda e: e.services.roles.delete_role(e.actor, e.custom_role())),
    },
}


def _public_methods(cls: type) -> set[str]:
    return {
        name for name, member in inspect.getmembers(cls, inspect.isfunction) if not name.startswith("_")
    }


@pytest.mark.parametrize("cls", [SubAccountService, RoleService])
def test_every_public_method_is_classified(cls: type) -> None:
    classified = READS[cls] | set(MUTATIONS[cls])
    assert _public_methods(cls) == classified, (
        "every public service method must be listed as a read or a mutation with its expected "
        "allowed roles in tests/test_permissions_matrix.py"
    )


def test_every_mutation_checks_a_permission_in_its_source() -> None:
    for cls, ops in MUTATIONS.items():
        for name in ops:
            source = inspect.getsource(getattr(cls, name))
            assert "actor.require(" in source, f"{cls.__name__}.{name} must call actor.require"


@pytest.mark.parametrize("role_key", sorted(PRESET_ROLES) + ["main"])
def test_matrix(role_key: str, owner, shop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    if role_key == "main":
        actor = owner
    else:
        row = make_sub(shop, owner, "操作者", phone="13312345678", role_key=role_key, password="Actor-pass1",
                       verify=True)
        actor = shop.auth.sign_in(row.nick, "Actor-pass1")
    env = Env(shop, owner, actor, tmp_path)
    shop.accounts.set_quota(owner, 500)
    outcomes = {}
    for cls, ops in MUTATIONS.items():
        for name, (allowed, scenario) in ops.items():
            expected = role_key == "main" or role_key in allowed
            try:
                scenario(env)
            except PermissionDenied:
                outcomes[f"{cls.__name__}.{name}"] = False
            else:
                outcomes[f"{cls.__name__}.{name}"] = True
            assert outcomes[f"{cls.__name__}.{name}"] == expected, (
                f"{role_key} {'should' if expected else 'should not'} be allowed {cls.__name__}.{name}"
            )
    assert len(outcomes) == sum(len(ops) for ops in MUTATIONS.values())


# -- acting on a more-privileged account (issue 18: take-over by password reset) -----------
def _import_update(e: Env, target: int) -> None:
    row = e.services.accounts.get(e.owner, target)
    e.counter += 1
    path = e.tmp / f"update{e.counter}.csv"
    path.write_text(f"名字,绑定手机,角色,花名\n{row.name},{row.bound_phone},{row.role_name},新花名\n", encoding="utf-8")
    e.services.accounts.import_file(e.actor, path)


def _role_change(e: Env, target: int) -> None:
    row = e.services.accounts.get(e.owner, target)
    e.services.accounts.update(e.actor, target, SubAccountInput(name=row.name, bound_phone=row.bound_phone,
                                                                role_id=e.role_id("designer")))


# every mutating operation that acts on an existing account → (prepare the target, act)
TARGETED: dict[str, tuple[Callable[[Env, int], None], Callable[[Env, int], Any]]] = {
    "update": (lambda e, t: None, _role_change),
    "update_fields": (lambda e, t: None, lambda e, t: e.services.accounts.update(
        e.actor, t, SubAccountInput(name=e.services.accounts.get(e.owner, t).name,
                                    bound_phone=e.services.accounts.get(e.owner, t).bound_phone,
                                    role_id=e.services.accounts.get(e.owner, t).role_id, alias="改"))),
    "set_extra_grants": (lambda e, t: None, lambda e, t: e.services.accounts.set_extra_grants(e.actor, t, [])),
    "set_password": (lambda e, t: None, lambda e, t: e.services.accounts.set_password(e.actor, t, "Taken-over9")),
    "verify": (lambda e, t: None, lambda e, t: e.services.accounts.verify(e.actor, t, "张三", make_id_number(t + 900))),
    "freeze": (lambda e, t: None, lambda e, t: e.services.accounts.freeze(e.actor, t)),
    "unfreeze": (lambda e, t: e.services.accounts.freeze(e.owner, t), lambda e, t: e.services.accounts.unfreeze(e.actor, t)),
    "delete": (lambda e, t: None, lambda e, t: e.services.accounts.delete(e.actor, t)),
    "rehire": (lambda e, t: e.services.accounts.delete(e.owner, t), lambda e, t: e.services.accounts.rehire(e.actor, t)),
    "import_file": (lambda e, t: None, _import_update),
}


def test_every_targeted_mutation_is_covered() -> None:
    targeted = {name.split("_fields")[0] for name in TARGETED}
    # move_conversations changes no account, only where its conversations are (cs.routing)
    untargeted = {"create", "set_quota", "move_conversations"}
    assert targeted | untargeted == set(MUTATIONS[SubAccountService])


def _hr_actor(shop, owner):  # type: ignore[no-untyped-def]
    """An HR role: every sub-account point, nothing else (it cannot grant finance.view)."""
    hr = shop.roles.create_role(owner, "人事", {"subaccounts"})
    row = make_sub(shop, owner, "人事", phone="13312345678", password="Actor-pass1", verify=True)
    shop.accounts.update(owner, row.id, SubAccountInput(name="人事", bound_phone=row.bound_phone, role_id=hr.id))
    return shop.auth.sign_in(row.nick, "Actor-pass1")


@pytest.mark.parametrize("operation", sorted(TARGETED))
def test_acting_on_a_more_privileged_account_is_refused(operation: str, owner, shop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    env = Env(shop, owner, _hr_actor(shop, owner), tmp_path)
    prepare, act = TARGETED[operation]
    finance = env.fresh(role_key="finance", password="Finance-pass1")  # holds finance.view, data.export
    prepare(env, finance)
    before = shop.accounts.get(owner, finance)
    with pytest.raises((PermissionDenied, ValidationError)) as refused:  # an import lists it as a row's problem
        act(env, finance)
    assert "没有的权限" in refused.value.message + "".join(refused.value.details)
    assert shop.accounts.get(owner, finance) == before
    # the same operation on an account holding nothing beyond the actor's points is allowed
    peer_role = shop.roles.create_role(owner, f"同级{operation}", {"subaccounts.view"})
    peer = env.fresh()
    row = shop.accounts.get(owner, peer)
    shop.accounts.update(owner, peer, SubAccountInput(name=row.name, bound_phone=row.bound_phone, role_id=peer_role.id))
    prepare(env, peer)
    if operation == "update":  # a role the actor may grant
        shop.accounts.update(env.actor, peer, SubAccountInput(name=row.name, bound_phone=row.bound_phone,
                                                              role_id=shop.roles.create_role(owner, "人事2", {"subaccounts.edit"}).id))
    else:
        act(env, peer)


def test_a_role_change_may_not_take_away_points_the_actor_cannot_grant(owner, shop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    env = Env(shop, owner, _hr_actor(shop, owner), tmp_path)
    target = env.fresh(role_key="finance")
    with pytest.raises(PermissionDenied):  # finance → a role within HR's points takes finance.view away
        shop.accounts.update(env.actor, target, SubAccountInput(
            name=shop.accounts.get(owner, target).name, bound_phone=shop.accounts.get(owner, target).bound_phone,
            role_id=shop.roles.create_role(owner, "只看", {"subaccounts.view"}).id))
    assert shop.accounts.get(owner, target).role_key == "finance"
