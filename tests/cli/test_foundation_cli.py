"""`zhanggui init` and the CLI's exit codes, as a shop owner meets them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'shop.sqlite3'}"


def test_init_creates_the_shop_and_hashes_the_password(url, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ZG_PW", "Sunny-day-42")
    assert main(["--db", url, "init", "--shop", "青禾小铺", "--phone", "138 0013 8000", "--password-env", "ZG_PW"]) == 0
    assert "青禾小铺" in capsys.readouterr().out
    from app.models.accounts import Account
    from app.services.container import Services

    svc = Services.open(url)
    with svc.db.session() as s:
        owner = s.query(Account).one()
        assert owner.bound_phone == "13800138000"
        assert owner.password_hash.startswith("$argon2id$")
        assert "Sunny-day-42" not in owner.password_hash
    assert svc.auth.sign_in("13800138000", "Sunny-day-42").is_main
    svc.close()


@pytest.mark.parametrize(
    ("phone", "password", "message"),
    [
        ("12345", "Sunny-day-42", "不是有效的中国大陆手机号"),
        ("02012345678", "Sunny-day-42", "不是有效的中国大陆手机号"),  # a landline
        ("13800138000", "short1", "密码长度"),
        ("13800138000", "aaaaaaaaaa", "密码太弱"),
        ("13800138000", "x13800138000", "手机号"),
    ],
)
def test_bad_input_exits_2_and_changes_nothing(url, monkeypatch, capsys, phone, password, message) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ZG_PW", password)
    assert main(["--db", url, "init", "--shop", "店", "--phone", phone, "--password-env", "ZG_PW"]) == 2
    assert message in capsys.readouterr().err
    from app.services.container import Services

    svc = Services.open(url)
    assert not svc.shop.exists()
    svc.close()


def test_init_twice_is_refused(url, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ZG_PW", "Sunny-day-42")
    args = ["--db", url, "init", "--shop", "店", "--phone", "13800138000", "--password-env", "ZG_PW"]
    assert main(args) == 0
    assert main(args) == 2
    assert "已经有店铺" in capsys.readouterr().err


def test_messages_in_english(url, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ZG_PW", "Sunny-day-42")
    assert main(["--lang", "en", "--db", url, "init", "--shop", "Shop", "--phone", "123", "--password-env", "ZG_PW"]) == 2
    err = capsys.readouterr().err
    assert "not a valid mainland China mobile number" in err


def test_missing_password_variable(url, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--db", url, "init", "--shop", "店", "--phone", "13800138000", "--password-env", "NOPE_NOT_SET"]) == 2
    assert "NOPE_NOT_SET" in capsys.readouterr().err


def test_unknown_option_exits_2(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--no-such-option"]) == 2


def test_corrupt_database_exits_2(tmp_path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.sqlite3"
    bad.write_text("garbage")
    monkeypatch.setenv("ZG_PW", "Sunny-day-42")
    assert main(["--db", f"sqlite:///{bad}", "init", "--shop", "店", "--phone", "13800138000", "--password-env", "ZG_PW"]) == 2
    assert "损坏" in capsys.readouterr().err
    assert bad.read_text() == "garbage"


def test_zhanggui_db_environment_variable(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "env.sqlite3"
    env = {"ZHANGGUI_DB": f"sqlite:///{path}", "ZG_PW": "Sunny-day-42", "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-m", "app", "init", "--shop", "店", "--phone", "13800138000", "--password-env", "ZG_PW"],
        capture_output=True, text=True, cwd=ROOT, env=env,
    )
    assert out.returncode == 0, out.stderr
    assert path.exists()


def test_screenshots_of_every_panel(tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data"),
           "QT_QPA_PLATFORM": "offscreen", "LANG": "zh_CN.UTF-8"}
    shots = tmp_path / "shots"
    out = subprocess.run([sys.executable, "-m", "app", "--screenshots", str(shots)],
                         capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert out.returncode == 0, out.stderr
    names = {p.name for p in shots.glob("*.png")}
    assert {"panel.home.png", "dialog.login.png"} <= names
    assert all(p.stat().st_size > 5000 for p in shots.glob("*.png"))
    assert (tmp_path / "data" / "zhanggui" / "demo.sqlite3").exists()  # never the real database
    assert not (tmp_path / "data" / "zhanggui" / "zhanggui.sqlite3").exists()


def test_newer_database_exits_2_in_the_users_language(url, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import create_engine, text

    from app.services.common.database import Database

    Database(url).dispose()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff0000'"))
    engine.dispose()
    monkeypatch.setenv("ZG_PW", "Sunny-day-42")
    args = ["--db", url, "init", "--shop", "店", "--phone", "13800138000", "--password-env", "ZG_PW"]
    assert main(["--lang", "en", *args]) == 2
    assert "newer version of Zhanggui" in capsys.readouterr().err
    engine = create_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "ffff0000"
        assert conn.execute(text("SELECT count(*) FROM accounts")).scalar() == 0
    engine.dispose()


def test_unreachable_server_exits_2(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ZG_PW", "Sunny-day-42")
    code = main(["--db", "postgresql://zg:hunter2@127.0.0.1:1/none", "init", "--shop", "店",
                 "--phone", "13800138000", "--password-env", "ZG_PW"])
    assert code == 2
    err = capsys.readouterr().err
    assert "无法连接数据库" in err and "hunter2" not in err


def test_gui_start_on_a_corrupt_database_says_why_and_exits_2(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.sqlite3"
    bad.write_text("garbage")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen", "LANG": "en_US.UTF-8"}
    out = subprocess.run([sys.executable, "-m", "app", "--db", f"sqlite:///{bad}"],
                         capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert out.returncode == 2
    assert "damaged or is not a Zhanggui database" in out.stderr
    assert bad.read_text() == "garbage"
