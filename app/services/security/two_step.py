"""Two-step sign-in for the main account (TOTP, RFC 6238, as authenticator apps use it) and
one-time recovery codes.

The TOTP secret is stored XOR-wrapped with a key derived (scrypt) from the account's
password: the database alone does not give it away, and sign-in unwraps it with the
password just checked. A password change re-wraps it. Recovery codes are random (60 bits),
shown once and stored as salted SHA-256.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

import pyotp
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.security import RecoveryCode, TwoStep
from app.services.common.errors import ValidationError

STEP_S = 30
RECOVERY_CODES = 10
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def _key(password: str, salt: bytes, length: int) -> bytes:
    return hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1, dklen=length)


def wrap(secret: str, password: str) -> tuple[str, str]:
    """(salt hex, wrapped hex) of a base32 TOTP secret."""
    salt = secrets.token_bytes(16)
    raw = secret.encode()
    wrapped = bytes(a ^ b for a, b in zip(raw, _key(password, salt, len(raw)), strict=True))
    return salt.hex(), wrapped.hex()


def unwrap(row: TwoStep, password: str) -> str:
    wrapped = bytes.fromhex(row.wrapped_secret)
    key = _key(password, bytes.fromhex(row.salt), len(wrapped))
    return bytes(a ^ b for a, b in zip(wrapped, key, strict=True)).decode("ascii", errors="replace")


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, account: str, issuer: str = "掌柜") -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=issuer)


def qr_svg(uri: str) -> bytes:
    """The QR code of `uri` as SVG (segno, pure Python)."""
    import io

    import segno

    out = io.BytesIO()
    segno.make(uri, error="m").save(out, kind="svg", scale=5, border=2)
    return out.getvalue()


def match_step(secret: str, code: str, now: datetime, last_step: int) -> int:
    """The time step `code` belongs to (now or one step either side), newer than `last_step`;
    ValidationError for a reused, stale or wrong code."""
    code = "".join((code or "").split())
    if not (code.isdigit() and len(code) == 6):
        raise ValidationError(_("验证码应为 6 位数字。"))
    totp = pyotp.TOTP(secret)
    current = int(now.timestamp()) // STEP_S
    for step in (current, current - 1, current + 1):
        if hmac.compare_digest(totp.at(step * STEP_S), code):
            if step <= last_step:
                raise ValidationError(_("这个验证码已经用过了，请等下一个验证码。"))
            return step
    raise ValidationError(_("验证码不正确或已过期，请核对手机时间后输入最新的验证码。"))


def enabled(s: Session, account_id: int) -> TwoStep | None:
    row = s.get(TwoStep, account_id)
    return row if row is not None and row.enabled_at is not None else None


# -- recovery codes ------------------------------------------------------------------------
def _normalise(code: str) -> str:
    return "".join(c for c in (code or "").upper() if c.isalnum())


def _digest(salt: str, code: str) -> str:
    return hashlib.sha256(f"{salt}|{_normalise(code)}".encode()).hexdigest()


def issue_recovery_codes(s: Session, account_id: int) -> list[str]:
    """Replace the account's recovery codes; the returned codes are shown once."""
    for old in s.scalars(select(RecoveryCode).where(RecoveryCode.account_id == account_id)):
        s.delete(old)
    codes = []
    for _i in range(RECOVERY_CODES):
        code = "-".join("".join(secrets.choice(_ALPHABET) for _j in range(4)) for _k in range(3))
        salt = secrets.token_hex(8)
        s.add(RecoveryCode(account_id=account_id, salt=salt, digest=_digest(salt, code)))
        codes.append(code)
    return codes


def use_recovery_code(s: Session, account_id: int, code: str, now: datetime) -> bool:
    """True (and the code is spent) when `code` is one of the account's unused codes."""
    if len(_normalise(code)) != 12:
        return False
    for row in s.scalars(
        select(RecoveryCode).where(RecoveryCode.account_id == account_id, RecoveryCode.used_at.is_(None))
    ):
        if hmac.compare_digest(row.digest, _digest(row.salt, code)):
            row.used_at = now
            return True
    return False


def looks_like_recovery_code(code: str) -> bool:
    return len(_normalise(code)) == 12


def qr_png(uri: str, scale: int = 5) -> bytes:
    """The QR code of `uri` as PNG (segno writes PNG without Pillow)."""
    import io

    import segno

    out = io.BytesIO()
    segno.make(uri, error="m").save(out, kind="png", scale=scale, border=2)
    return out.getvalue()
