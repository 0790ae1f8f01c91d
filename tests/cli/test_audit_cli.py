"""`zhanggui audit verify` (METRICS §9) and `zhanggui owner unlock`, run as a user runs them."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PW = "Owner-pass1"


def _run(url: str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "app", "--db", url, "--lang", "en", *args],
        capture_output=True, text=True, cwd=ROOT, env=full_env, timeout=120,
    )


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("audit") / "template.sqlite3"
    url = f"sqlite:///{path}"
    assert _run(url, "init", "--shop", "测试小店", "--phone", "13800138000", "--password-env", "ZG_PW",
                env={"ZG_PW": PW}).returncode == 0
    for _i in range(3):  # failed unlocks are logged too
        _run(url, "owner", "unlock", "--password-env", "ZG_PW", env={"ZG_PW": "wrong-pass1"})
    return path


@pytest.fixture
def shop_file(template: Path, tmp_path: Path) -> tuple[str, Path]:
    path = tmp_path / "shop.sqlite3"
    source = sqlite3.connect(template)
    target = sqlite3.connect(path)
    source.backup(target)
    source.close()
    target.close()
    return f"sqlite:///{path}", path


def test_an_intact_log_exits_0_with_the_count_and_works_without_a_keyring(shop_file) -> None:  # type: ignore[no-untyped-def]
    url, _path = shop_file
    result = _run(url, "audit", "verify", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"entries": 4, "intact": True, "first_bad": None, "reason": None}
    text = _run(url, "audit", "verify")
    assert text.returncode == 0 and "4" in text.stdout


@pytest.mark.parametrize("tamper", ["edit", "delete", "insert", "reorder"])
def test_raw_sql_tampering_exits_3_naming_the_entry(shop_file, tamper) -> None:  # type: ignore[no-untyped-def]
    url, path = shop_file
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER zg_audit_no_update")
    conn.execute("DROP TRIGGER zg_audit_no_delete")
    if tamper == "edit":
        conn.execute("UPDATE audit_events SET actor_nick = 'someone' WHERE id = 2")
    elif tamper == "delete":
        conn.execute("DELETE FROM audit_events WHERE id = 2")
    elif tamper == "insert":
        conn.execute("INSERT INTO audit_events (id, at, actor_nick, action, target, detail) "
                     "VALUES (99, '2026-01-01 00:00:00.000000', '', 'shop.create', 'x', '{}')")
    else:
        conn.execute("UPDATE audit_events SET id = -2 WHERE id = 2")
        conn.execute("UPDATE audit_events SET id = 2 WHERE id = 3")
        conn.execute("UPDATE audit_events SET id = 3 WHERE id = -2")
    conn.commit()
    conn.close()
    result = _run(url, "audit", "verify", "--json")
    assert result.returncode == 3, result.stderr
    report = json.loads(result.stdout)
    assert report["intact"] is False and report["reason"]
    assert report["first_bad"] == {"edit": 2, "delete": 3, "insert": 99, "reorder": 2}[tamper]
    human = _run(url, "audit", "verify")
    assert human.returncode == 3 and str(report["first_bad"]) in human.stdout


def test_a_cut_log_is_caught_against_the_written_down_head(shop_file) -> None:  # type: ignore[no-untyped-def]
    url, path = shop_file
    head = re.search(r"\d+-[0-9A-F]{8}", _run(url, "audit", "verify").stdout).group(0)
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER zg_audit_no_delete")
    conn.execute("DELETE FROM audit_events WHERE id = 4")
    conn.commit()
    conn.close()
    assert _run(url, "audit", "verify").returncode == 0
    result = _run(url, "audit", "verify", "--json", "--head", head)
    assert result.returncode == 3 and json.loads(result.stdout)["intact"] is False
    bad = _run(url, "audit", "verify", "--head", "not-a-code")
    assert bad.returncode == 2 and "not-a-code" in bad.stderr


def test_owner_unlock_needs_the_password(shop_file) -> None:  # type: ignore[no-untyped-def]
    url, _path = shop_file
    wrong = _run(url, "owner", "unlock", "--password-env", "ZG_PW", env={"ZG_PW": "wrong-pass1"})
    assert wrong.returncode == 2 and wrong.stderr.strip()
    right = _run(url, "owner", "unlock", "--password-env", "ZG_PW", env={"ZG_PW": PW})
    assert right.returncode == 0, right.stderr
