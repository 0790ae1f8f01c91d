"""Password hashing: argon2id only; the plain password is never stored or logged.

`account_password_ok` checks an account's password in the database. On SQLite it reads the
hash; on PostgreSQL it never does: the database hands out the hash's settings (algorithm,
cost, salt) through a SECURITY DEFINER function, the console hashes the candidate with them
and asks the database whether the two match, so a console role that may not read
`accounts.password_hash` still signs people in (docs/security.md).

An unknown login or an account without a password is checked against a dummy hash, so it
costs as much time as a real one and timing tells nobody which accounts exist.
"""

from __future__ import annotations

import base64
import contextlib
from functools import lru_cache

from argon2 import PasswordHasher, Type, extract_parameters
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.low_level import hash_secret
from sqlalchemy import text
from sqlalchemy.engine import Connection


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    return PasswordHasher()  # argon2id, RFC 9106 low-memory profile


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher().hash("zhanggui-dummy-password")


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    if not stored_hash:
        verify_dummy(password)
        return False
    try:
        return _hasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def verify_dummy(password: str) -> None:
    """Spend the time of a real verification (for unknown logins)."""
    with contextlib.suppress(VerificationError, InvalidHashError):
        _hasher().verify(_dummy_hash(), password or "-")


def hash_with_settings(settings: str, password: str) -> str:
    """The encoded argon2 hash of `password` under `settings` (`$argon2id$v=19$m=…$salt`)."""
    params = extract_parameters(settings + "$" + "A" * 43)
    salt_b64 = settings.rsplit("$", 1)[1]
    salt = base64.b64decode(salt_b64 + "=" * (-len(salt_b64) % 4))
    encoded = hash_secret(
        password.encode(), salt, time_cost=params.time_cost, memory_cost=params.memory_cost,
        parallelism=params.parallelism, hash_len=params.hash_len, type=Type.ID, version=params.version,
    )
    return encoded.decode()


def account_password_ok(conn: Connection, account_id: int | None, password: str) -> bool:
    """Whether `password` is the account's (False, at the same cost, for None / no password)."""
    if account_id is None:
        verify_dummy(password)
        return False
    if conn.dialect.name == "postgresql":
        settings = conn.execute(text("SELECT zg_password_settings(:a)"), {"a": account_id}).scalar()
        if not settings:
            verify_dummy(password)
            return False
        try:
            candidate = hash_with_settings(settings, password)
        except (InvalidHashError, ValueError):
            return False
        return bool(
            conn.execute(text("SELECT zg_password_matches(:a, :c)"), {"a": account_id, "c": candidate}).scalar()
        )
    stored = conn.execute(text("SELECT password_hash FROM accounts WHERE id = :a"), {"a": account_id}).scalar()
    return verify_password(stored, password)
