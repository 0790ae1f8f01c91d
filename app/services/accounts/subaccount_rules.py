"""The field rules of 子账号管理 and who may act on whom.

Who may act on whom (every mutating sub-account operation asks `check_target`):
- nothing a sub-account does may touch the main account (the service refuses it earlier);
- an actor may not act on an account that holds any permission point the actor does not
  hold itself (a super administrator is such an account for everyone but the main account):
  otherwise resetting its password would hand the actor those points;
- a role change must not give, nor take away, points the actor could not grant itself;
- assigning or removing 超级管理员 and changing a bound phone are the main account's alone.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import TypeVar

from sqlalchemy.orm import Session

from app.i18n import _
from app.models.accounts import Account
from app.services.accounts.permissions import OWNER_ONLY, Actor, check_grantable, expand
from app.services.accounts.roles import SUPER_ADMIN, role_points
from app.services.accounts.subaccount_types import SubAccountInput
from app.services.common.errors import AuthError, PermissionDenied, ValidationError
from app.services.common.validation import normalise_phone

NAME_MAX = 20
TEXT_MAX = 20
_NAME = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9_\-]+$")
_EMPLOYEE_NO = re.compile(r"^[A-Za-z0-9_\-]+$")
_ID_NUMBER = re.compile(r"^\d{17}[\dX]$")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
T = TypeVar("T")


def check_name(name: str, shop_name: str) -> str:
    """The part after `店铺名:`; a full nick of this shop is accepted too."""
    name = unicodedata.normalize("NFC", (name or "").strip())
    prefix = f"{shop_name}:"
    if name.startswith(prefix) or name.startswith(f"{shop_name}："):
        name = name[len(prefix):]
    if not name:
        raise ValidationError(_("请填写子账号名字。"))
    if len(name) > NAME_MAX or not _NAME.match(name):
        raise ValidationError(
            _("子账号名字须为 1–{max} 个汉字、字母、数字、_ 或 -（不能有空格、冒号或表情）。").format(
                max=NAME_MAX
            )
        )
    return name


def check_text(value: str, label: str, max_len: int = TEXT_MAX) -> str:
    value = unicodedata.normalize("NFC", (value or "").strip())
    if len(value) > max_len:
        raise ValidationError(
            _("{field}最多 {max} 个字符（现在 {n} 个）。").format(field=label, max=max_len, n=len(value))
        )
    if any(unicodedata.category(c) in ("So", "Sk", "Cs", "Co", "Cc", "Cf", "Cn") for c in value):
        raise ValidationError(_("{field}不能包含表情符号或控制字符。").format(field=label))
    return value


def check_employee_no(value: str) -> str:
    employee_no = check_text(value, _("工号"))
    if employee_no and not _EMPLOYEE_NO.match(employee_no):
        raise ValidationError(_("工号只能包含字母、数字、_ 或 -。"))
    return employee_no


def check_hired_on(value: date | None) -> date | None:
    if value is not None:
        if not isinstance(value, date):
            raise ValidationError(_("入职日期格式不正确。"))
        if value.year < 1950 or value > date.today() + timedelta(days=366):
            raise ValidationError(_("入职日期不合理：{date}").format(date=value.isoformat()))
    return value


def check_step_up(s: Session, actor: Actor, password: str | None) -> None:
    """A bound phone changes only after the main account re-enters its own password."""
    from app.services.accounts.passwords import account_password_ok

    if not password:
        raise ValidationError(_("修改绑定手机需要再次输入主账号的登录密码。"))
    if not account_password_ok(s.connection(), actor.account_id, password):
        raise AuthError(_("密码不正确：需要重新输入你自己的登录密码才能继续。"))


def check_phone_change(actor: Actor, account_id: int) -> None:
    """Only the main account changes a bound phone, and never its own from here."""
    if account_id == actor.account_id:
        raise PermissionDenied(_("不能修改自己的绑定手机，请联系主账号。"))
    if not actor.can("owner.change_phone"):
        raise PermissionDenied(_("只有主账号可以修改绑定手机。"))


def check_role_change(
    actor: Actor, new_key: str | None, new_points: frozenset[str], old_key: str | None,
    old_points: frozenset[str] = frozenset(),
) -> None:
    """超级管理员 is the main account's to give or take; a sub-account hands out only roles
    within its own points, and takes away only points it could grant."""
    if SUPER_ADMIN in (new_key, old_key) and not actor.can("owner.super_admin_role"):
        raise PermissionDenied(_("只有主账号可以设置或取消超级管理员角色。"))
    if not actor.is_main:
        check_grantable(actor, new_points)
        if old_points - new_points:
            check_grantable(actor, old_points - new_points)


def account_points(account: Account) -> frozenset[str]:
    """The points an account holds through its role and extra grants."""
    points = role_points(account.role) if account.role is not None else frozenset()
    return frozenset((points | expand({g.code for g in account.extra_grants})) - OWNER_ONLY)


def check_target(actor: Actor, account: Account) -> None:
    """Refuse acting on an account that holds points the actor does not (see the module doc)."""
    if actor.is_main or account.id == actor.account_id:
        return
    if account.role is not None and account.role.preset_key == SUPER_ADMIN:
        raise PermissionDenied(_("只有主账号可以操作超级管理员账号。"))
    grant = getattr(actor, "grant", None)  # the current grant where the actor keeps one
    held = grant().permissions if callable(grant) else actor.permissions
    beyond = account_points(account) - held
    if beyond:
        raise PermissionDenied(
            _("{nick} 拥有你没有的权限（{n} 项），你不能修改、冻结、删除或重置这个账号；请联系主账号。").format(
                nick=account.nick, n=len(beyond)
            )
        )


def check_input(data: SubAccountInput, shop_name: str) -> SubAccountInput:
    """Normalised fields, or the first ValidationError (see `input_problems` for all)."""
    problems, checked = input_problems(data, shop_name)
    if problems:
        raise problems[0]
    assert checked is not None
    return checked


def input_problems(data: SubAccountInput, shop_name: str) -> tuple[list[ValidationError], SubAccountInput | None]:
    """Every problem of the editor's fields, and the normalised input when there is none."""
    problems: list[ValidationError] = []

    def checked(check: Callable[[], T], as_given: T) -> T:  # each field's problem is collected
        try:
            return check()
        except ValidationError as exc:
            problems.append(exc)
            return as_given

    name = checked(lambda: check_name(data.name, shop_name), data.name)
    bound_phone = checked(lambda: normalise_phone(data.bound_phone), data.bound_phone)
    alias = checked(lambda: check_text(data.alias, _("花名")), data.alias)
    department = checked(lambda: check_text(data.department, _("部门")), data.department)
    title = checked(lambda: check_text(data.title, _("职务")), data.title)
    employee_no = checked(lambda: check_employee_no(data.employee_no), data.employee_no)
    hired_on = checked(lambda: check_hired_on(data.hired_on), data.hired_on)
    if data.role_id is None:
        problems.append(ValidationError(_("请选择角色。")))
    if problems:
        return problems, None
    return [], replace(data, name=name, bound_phone=bound_phone, alias=alias, department=department, title=title,
                       employee_no=employee_no, hired_on=hired_on, takes_routing=bool(data.takes_routing))


def check_id_number(id_number: str) -> str:
    """An 18-character resident ID number with a valid check digit."""
    text = (id_number or "").strip().upper().replace(" ", "")
    if not _ID_NUMBER.match(text):
        raise ValidationError(_("身份证号须为 18 位（最后一位可以是 X）。"))
    total = sum(int(d) * w for d, w in zip(text[:17], _ID_WEIGHTS, strict=True))
    if _ID_CHECK[total % 11] != text[17]:
        raise ValidationError(_("身份证号校验位不正确，请核对。"))
    return text


def routing_warning(role_is_service: bool, role_is_super_admin: bool, takes_routing: bool) -> str | None:
    """Qianniu's warning when 参与分流 is switched on for a super-admin or a non-service role."""
    if not takes_routing or (role_is_service and not role_is_super_admin):
        return None
    return _(
        "该账号的角色不是客服（或是超级管理员），开启“参与分流”后，分流到的买家消息会发给这个账号，"
        "主账号可能因此收不到消息。确定要开启吗？"
    )
