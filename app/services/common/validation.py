"""Field rules shared by every form and import: phone, password, names."""

from __future__ import annotations

import re
import unicodedata

from app.i18n import _
from app.services.common.errors import ValidationError

PASSWORD_MIN = 8
PASSWORD_MAX = 64
SHOP_NAME_MAX = 20
SESSION_TIMEOUT_MAX_MIN = 24 * 60
_SHOP_NAME = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9_\-]+$")


def normalise_phone(raw: str) -> str:
    """A valid mainland-China mobile number as 11 digits, or ValidationError."""
    import phonenumbers

    text = (raw or "").strip()
    if not text:
        raise ValidationError(_("请填写手机号。"))
    try:
        number = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(_("手机号格式不正确：{phone}").format(phone=text)) from exc
    ok_type = phonenumbers.number_type(number) in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )
    national = str(number.national_number)
    if (
        number.country_code != 86
        or not phonenumbers.is_valid_number(number)
        or not ok_type
        or len(national) != 11
    ):
        raise ValidationError(_("不是有效的中国大陆手机号：{phone}").format(phone=text))
    return national


def check_password_strength(password: str, *, phone: str | None = None) -> None:
    """8–64 characters mixing at least two of letters, digits and symbols."""
    if len(password) < PASSWORD_MIN or len(password) > PASSWORD_MAX:
        raise ValidationError(
            _("密码长度须为 {min}–{max} 个字符。").format(min=PASSWORD_MIN, max=PASSWORD_MAX)
        )
    kinds = sum(
        (
            any(c.isalpha() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        )
    )
    if kinds < 2 or len(set(password)) < 4:
        raise ValidationError(_("密码太弱：须包含字母、数字、符号中的至少两种，且不能过于简单。"))
    if phone and phone in password:
        raise ValidationError(_("密码不能包含绑定手机号。"))


def check_shop_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("请填写店铺名。"))
    if len(name) > SHOP_NAME_MAX or not _SHOP_NAME.match(name) or _has_symbols(name):
        raise ValidationError(
            _("店铺名须为 1–{max} 个汉字、字母、数字、_ 或 -。").format(max=SHOP_NAME_MAX)
        )
    return name


def check_timezone(name: str) -> str:
    """An IANA time zone name the system knows (`Asia/Shanghai`)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    text = (name or "").strip()
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(_("未知的时区：{tz}").format(tz=name)) from exc
    return text


def check_session_timeout(minutes: int) -> int:
    """The idle time after which a conversation closes by itself, 1 minute to 1 day."""
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= SESSION_TIMEOUT_MAX_MIN:
        raise ValidationError(
            _("会话超时须为 1–{max} 分钟的整数。").format(max=SESSION_TIMEOUT_MAX_MIN)
        )
    return minutes


def _has_symbols(text: str) -> bool:
    return any(unicodedata.category(c).startswith("S") for c in text)
