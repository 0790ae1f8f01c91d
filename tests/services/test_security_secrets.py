"""Secrets live only in the OS keyring: known secrets are written through every path that
handles one, then the database files, the config and data folders and the logs are scanned."""

from __future__ import annotations

import logging
from pathlib import Path

import pyotp

from app.services.accounts.credentials import CredentialStore
from app.services.container import Services
from tests.memory_keyring import MemoryKeyring
from tests.services.test_subaccounts_service import make_sub

OWNER_PW = "Quartz-lamp-73!"
STAFF_PW = "Velvet-owl-58!"
NEW_PW = "Maple-river-94!"
DB_PASSWORD = "pg-Secret-Only-In-Keyring-61"


def test_secrets_never_reach_files_or_logs(tmp_path: Path, monkeypatch, caplog) -> None:  # type: ignore[no-untyped-def]
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    caplog.set_level(logging.DEBUG)
    keyring = MemoryKeyring()
    db_file = tmp_path / "shop.sqlite3"
    svc = Services.open(f"sqlite:///{db_file}", CredentialStore(keyring))
    svc.shop.create("测试小店", "13800138000", OWNER_PW)
    owner = svc.auth.sign_in("13800138000", OWNER_PW, device_id="pc")
    row = make_sub(svc, owner, "小美", phone="13912345678", password=STAFF_PW, verify=True)
    svc.credentials.save(svc.db.display_url, "13800138000", OWNER_PW)  # "remember me"
    svc.credentials.save("postgresql://zg@db.example/shop", "zg", DB_PASSWORD)  # a database password
    otp = svc.security.reset_password(owner, row.id)
    staff = svc.auth.sign_in("13912345678", otp, device_id="pc-2")
    svc.security.change_own_password(staff, otp, NEW_PW)
    setup = svc.security.start_two_step(owner, OWNER_PW)
    codes = svc.security.confirm_two_step(owner, OWNER_PW, setup.secret, pyotp.TOTP(setup.secret).now())
    svc.close()

    secrets = [OWNER_PW, STAFF_PW, NEW_PW, otp, DB_PASSWORD, setup.secret, *codes]
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert db_file in files
    for path in files:
        data = path.read_bytes()
        for secret in secrets:
            assert secret.encode() not in data, f"{secret!r} found in {path.name}"
    for secret in secrets:
        assert secret not in caplog.text
    assert any(OWNER_PW in v for v in keyring.items.values())  # where it does belong
