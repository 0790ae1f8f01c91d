"""Remembered sign-in secrets in the OS keyring (service name `zhanggui`).

Fail closed: with no secure backend the store says so and remembers nothing; it never
falls back to a file or the database.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from typing import Any

from app.i18n import _
from app.services.common.errors import UserError

SERVICE = "zhanggui"

# Backends that do not keep a secret safely (or at all).
_REFUSED_MODULES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")


def _acceptable(backend: object) -> bool:
    return not type(backend).__module__.startswith(_REFUSED_MODULES)


def _resolve(backend: object) -> object:
    """A chainer writes to whichever backend takes it first: pick the best safe one instead."""
    chained = getattr(backend, "backends", None)
    if chained is not None:
        for candidate in chained:  # sorted by priority, highest first
            if _acceptable(candidate):
                return candidate
        from keyring.backends import fail

        return fail.Keyring()  # type: ignore[no-untyped-call]  # keyring leaves its __init__ unannotated
    return backend


class CredentialStoreUnavailable(UserError):
    pass


@dataclass(frozen=True)
class Remembered:
    login: str
    password: str


class CredentialStore:
    """Keyring items are keyed by the database they belong to (its redacted URL)."""

    def __init__(self, backend: object | None = None) -> None:
        self._backend = backend
        self._head_ok: bool | None = None

    def _keyring(self) -> Any:
        if self._backend is not None:
            return self._backend
        import keyring

        return _resolve(keyring.get_keyring())

    def backend_name(self) -> str:
        try:
            kr = self._keyring()
        except Exception as exc:  # keyring itself failed to load a backend
            return f"unavailable ({exc})"
        return f"{type(kr).__module__}.{type(kr).__name__}"

    def available(self) -> bool:
        try:
            kr = self._keyring()
        except Exception:
            return False
        return _acceptable(kr)

    def _require(self) -> Any:
        if not self.available():
            raise CredentialStoreUnavailable(
                _("系统钥匙串不可用，无法记住密码。掌柜仍可正常使用，但每次需要输入密码。")
            )
        return self._keyring()

    def save(self, scope: str, login: str, password: str) -> None:
        from keyring.errors import KeyringError

        kr = self._require()
        try:
            kr.set_password(SERVICE, scope, json.dumps({"login": login, "password": password}))
        except KeyringError as exc:
            raise CredentialStoreUnavailable(
                _("无法写入系统钥匙串：{error}").format(error=exc)
            ) from exc

    def load(self, scope: str) -> Remembered | None:
        from keyring.errors import KeyringError

        if not self.available():
            return None
        try:
            raw = self._keyring().get_password(SERVICE, scope)
        except KeyringError:
            return None
        if not raw:
            return None
        try:
            data = json.loads(raw)
            return Remembered(str(data["login"]), str(data["password"]))
        except (ValueError, KeyError, TypeError):
            return None

    # -- the operation log's chain head (not a secret, but kept outside the database) ------
    def save_head(self, scope: str, seq: int, digest: str) -> None:
        """Remember the newest log entry seen for the database `scope` (never go backwards)."""
        from keyring.errors import KeyringError

        if not self._head_store_ok():
            return
        known = self.load_head(scope)
        if known is not None and known[0] >= seq:
            return
        try:
            self._keyring().set_password(SERVICE, f"audit-head|{scope}", f"{seq}:{digest}")
        except KeyringError:
            self._head_ok = False

    def load_head(self, scope: str) -> tuple[int, str] | None:
        from keyring.errors import KeyringError

        if not self._head_store_ok():
            return None
        try:
            raw = self._keyring().get_password(SERVICE, f"audit-head|{scope}")
        except KeyringError:
            return None
        seq, _sep, digest = (raw or "").partition(":")
        return (int(seq), digest) if seq.isdigit() and digest else None

    def _head_store_ok(self) -> bool:
        # Checked once per store: a missing keyring must not cost every audited commit.
        if self._head_ok is None:
            self._head_ok = self.available()
        return bool(self._head_ok)

    def forget(self, scope: str) -> None:
        from keyring.errors import KeyringError, PasswordDeleteError

        if not self.available():
            return
        with contextlib.suppress(PasswordDeleteError, KeyringError):  # nothing to forget
            self._keyring().delete_password(SERVICE, scope)
