"""One ID number verifies one sub-account per shop, without keeping anything in the
database from which the number could be worked out (docs/security.md, "ID numbers").

The database keeps the last 4 digits (shown to the owner) and, when this console has an OS
keyring, a keyed digest: HMAC-SHA256 under a random 256-bit key that lives only in the
keyring (service `zhanggui`, item `id-key:<database>`). Without the key, the digest is no
help to anyone who reads the database: trying every region and birth date gives nothing to
compare against. A digest is stored as `k` + the key's 6-hex tag + 56 hex (63 characters),
so a console can tell its own digests from another key's and from the old unkeyed ones.

Uniqueness is checked two ways: the same keyed digest (this console's key), and the same
person's name with the same last 4 digits (works on every console, keyring or not). With no
keyring, no digest is stored and only the second rule applies: the rule weakens a little,
the number stays unrecoverable.

Databases written before this kept `sha256(shop|created_at|number)` (64 hex): recoverable by
brute force. `clear_unkeyed_digests` removes them; the service calls it on first use, and a
migration may call it too.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from app.models.accounts import Account
from app.models.vocabulary import AccountStatus
from app.services.accounts.credentials import CredentialStore, CredentialStoreUnavailable

KEY_LOGIN = "id-key"
_PREFIX = "k"


@dataclass(frozen=True)
class IdKey:
    secret: bytes

    @property
    def tag(self) -> str:
        """A short name of the key (derived from it; tells nothing about ID numbers)."""
        return hmac.new(self.secret, b"zhanggui-id-key-tag", hashlib.sha256).hexdigest()[:6]

    def digest(self, shop_id: int, number: str) -> str:
        mac = hmac.new(self.secret, f"zhanggui-id|{shop_id}|{number}".encode(), hashlib.sha256).hexdigest()
        return f"{_PREFIX}{self.tag}{mac[:56]}"


def id_key(store: CredentialStore, scope: str) -> IdKey | None:
    """This database's ID key from the keyring (made on first use), or None without one."""
    name = f"{KEY_LOGIN}:{scope}"
    remembered = store.load(name)
    if remembered is not None:
        try:
            return IdKey(bytes.fromhex(remembered.password))
        except ValueError:
            return None
    if not store.available():
        return None
    key = IdKey(secrets.token_bytes(32))
    try:
        store.save(name, KEY_LOGIN, key.secret.hex())
    except CredentialStoreUnavailable:
        return None
    return key


def clear_unkeyed_digests(conn: Connection | Session) -> int:
    """Remove digests made without a key (64 hex characters): they give the number away.
    Returns how many were removed. Safe to call any number of times."""
    result = conn.execute(
        update(Account).where(Account.id_digest.is_not(None), func.length(Account.id_digest) == 64)
        .values(id_digest=None)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def same_id_holder(
    s: Session, account_id: int, digest: str | None, person: str, last_digits: str
) -> str | None:
    """The nick of another (not deleted) account verified with the same ID, if any."""
    others = select(Account.nick).where(Account.id != account_id, Account.status != AccountStatus.DELETED)
    if digest is not None:
        nick = s.scalars(others.where(Account.id_digest == digest)).first()
        if nick is not None:
            return nick
    return s.scalars(
        others.where(
            Account.verified_at.is_not(None),
            Account.id_last_digits == last_digits,
            func.lower(Account.verified_by) == person.casefold(),
        )
    ).first()
