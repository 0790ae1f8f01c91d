"""Remembered passwords live in the OS keyring only; without one, nothing is remembered."""

from __future__ import annotations

import os
import uuid

import pytest
from keyring.backends import fail

from app.services.accounts.credentials import CredentialStore, CredentialStoreUnavailable
from tests.memory_keyring import MemoryKeyring


def test_round_trip_in_memory() -> None:
    backend = MemoryKeyring()
    store = CredentialStore(backend)
    store.save("sqlite:///a", "13800138000", "Pass-word-1")
    assert store.load("sqlite:///a").password == "Pass-word-1"  # type: ignore[union-attr]
    assert store.load("sqlite:///b") is None
    assert backend.items[("zhanggui", "sqlite:///a")]  # service name `zhanggui`
    store.forget("sqlite:///a")
    assert store.load("sqlite:///a") is None


def test_without_a_keyring_nothing_is_remembered(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = CredentialStore(fail.Keyring())
    assert not store.available()
    with pytest.raises(CredentialStoreUnavailable) as exc:
        store.save("scope", "login", "Pass-word-1")
    assert "钥匙串" in exc.value.message
    assert store.load("scope") is None


class _FilePlaintext:
    """Stands in for keyrings.alt's file backend (which stores secrets as readable text)."""

    def __init__(self) -> None:
        self.items: dict[tuple[str, str], str] = {}

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password


_FilePlaintext.__module__ = "keyrings.alt.file"


def test_a_chainer_uses_its_best_safe_backend() -> None:
    from types import SimpleNamespace

    from app.services.accounts import credentials

    plain, safe = _FilePlaintext(), MemoryKeyring()
    chain = SimpleNamespace(backends=[plain, safe])
    assert credentials._resolve(chain) is safe
    CredentialStore(credentials._resolve(chain)).save("s", "l", "Pass-word-1")
    assert plain.items == {}
    assert not CredentialStore(credentials._resolve(SimpleNamespace(backends=[plain]))).available()


def test_plaintext_file_backends_are_refused() -> None:
    assert not CredentialStore(_FilePlaintext()).available()


@pytest.mark.secret_service
def test_real_secret_service_round_trip() -> None:
    """Required in CI (`tools/test.sh` starts gnome-keyring on a private D-Bus session)."""
    name = CredentialStore().backend_name()
    if "SecretService" not in name:
        if os.environ.get("ZG_REQUIRE_SECRET_SERVICE") or os.environ.get("CI"):
            pytest.fail(f"the Secret Service keyring is required here, got {name}")
        pytest.skip(f"no Secret Service here ({name})")
    print(f"keyring backend: {name}")
    store = CredentialStore()
    assert store.available()
    scope = f"test-{uuid.uuid4()}"
    store.save(scope, "13800138000", "Real-secret-9")
    assert CredentialStore().load(scope).password == "Real-secret-9"  # type: ignore[union-attr]
    store.forget(scope)
    assert store.load(scope) is None
