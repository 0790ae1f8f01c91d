"""`zhanggui backup create/restore` as a shop owner types them (METRICS §10)."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'shop.sqlite3'}"
    monkeypatch.setenv("ZG_PW", "Sunny-day-42")
    assert main(["--db", url, "init", "--shop", "青禾小铺", "--phone", "13800138000", "--password-env", "ZG_PW"]) == 0
    return url


def test_create_prints_the_path_and_restore_without_a_terminal_does_not_ask(url: str, tmp_path: Path) -> None:
    run = [sys.executable, "-m", "app", "--db", url, "backup"]
    made = subprocess.run([*run, "create"], capture_output=True, text=True, cwd=ROOT, check=False)
    assert made.returncode == 0, made.stderr
    path = Path(made.stdout.strip())
    assert path.is_file() and path.parent == tmp_path / "backups"
    out = tmp_path / "chosen.sqlite3"
    assert subprocess.run([*run, "create", "--out", str(out)], capture_output=True, cwd=ROOT, check=False).returncode == 0
    assert out.is_file()
    # stdin is not a terminal: no question, the restore goes ahead
    restored = subprocess.run([*run, "restore", str(path)], capture_output=True, text=True, cwd=ROOT,
                              stdin=subprocess.DEVNULL, check=False)
    assert restored.returncode == 0, restored.stderr
    assert "已从" in restored.stdout
    assert list(tmp_path.glob("shop.replaced-*.sqlite3"))


def test_restoring_something_else_exits_2_and_changes_nothing(url: str, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    bogus = tmp_path / "photo.jpg"
    bogus.write_bytes(b"\xff\xd8\xff" + b"0" * 4000)
    live = tmp_path / "shop.sqlite3"
    before = hashlib.sha256(live.read_bytes()).hexdigest()
    capsys.readouterr()
    assert main(["--db", url, "backup", "restore", str(bogus), "--yes"]) == 2
    assert "不是掌柜的备份文件" in capsys.readouterr().err
    assert main(["--db", url, "backup", "restore", str(tmp_path / "missing.sqlite3"), "--yes"]) == 2
    assert hashlib.sha256(live.read_bytes()).hexdigest() == before
    assert not list(tmp_path.glob("shop.replaced-*"))


def test_in_english(url: str, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    bogus = tmp_path / "notes.txt"
    bogus.write_text("hello")
    assert main(["--lang", "en", "--db", url, "backup", "restore", str(bogus), "--yes"]) == 2
    assert "is not a Zhanggui backup" in capsys.readouterr().err


def test_a_server_database_has_no_file_to_back_up(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--db", "postgresql://zg:pw@127.0.0.1:1/x", "backup", "create"]) == 2
    assert "pg_dump" in capsys.readouterr().err


def test_on_a_terminal_restore_asks_and_no_keeps_the_shop(url: str, tmp_path: Path) -> None:
    import os

    made = subprocess.run([sys.executable, "-m", "app", "--db", url, "backup", "create"], capture_output=True,
                          text=True, cwd=ROOT, check=True)
    backup = made.stdout.strip()
    live = tmp_path / "shop.sqlite3"
    before = hashlib.sha256(live.read_bytes()).hexdigest()
    controller, terminal = os.openpty()  # stdin is a terminal: the command must ask
    try:
        os.write(controller, b"n\n")
        done = subprocess.run([sys.executable, "-m", "app", "--db", url, "backup", "restore", backup],
                              stdin=terminal, capture_output=True, text=True, cwd=ROOT, timeout=120, check=False)
    finally:
        os.close(terminal)
        os.close(controller)
    assert done.returncode == 0, done.stderr
    assert "[y/N]" in done.stdout and "已取消" in done.stdout
    assert hashlib.sha256(live.read_bytes()).hexdigest() == before
    assert not list(tmp_path.glob("shop.replaced-*"))
