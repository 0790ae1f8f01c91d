"""`zhanggui --self-test`: one line per check, exit 1 on a failure, a keyring warning is not one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _self_test(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if k != "ZHANGGUI_DB"}
    full.update(QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(tmp_path / "data"),
                XDG_CONFIG_HOME=str(tmp_path / "config"), **env)
    return subprocess.run([sys.executable, "-m", "app", "--self-test"], capture_output=True, text=True,
                          cwd=ROOT, env=full, timeout=300, check=False)


def test_self_test_passes_and_says_what_it_checked(tmp_path: Path) -> None:
    done = _self_test(tmp_path, PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring")
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 7  # six checks and the verdict
    assert all(line.startswith(("[通过]", "[提醒]")) for line in lines[:6])
    assert any("中文" in line for line in lines)
    assert any(line.startswith("[提醒]") and "不会记住" in line for line in lines)  # null keyring: a warning
    assert "自检通过" in lines[-1]


def test_an_unwritable_database_fails_the_self_test(tmp_path: Path) -> None:
    bad = tmp_path / "not-a-db.sqlite3"
    bad.write_text("this is not a database " * 100)
    done = _self_test(tmp_path, ZHANGGUI_DB=f"sqlite:///{bad}",
                      PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring")
    assert done.returncode == 1
    assert any(line.startswith("[失败]") for line in done.stdout.splitlines())


def test_tofu_is_detected() -> None:
    from PySide6.QtWidgets import QApplication

    from app.ui.settings.fonts import check_font, glyphs_missing

    _app = QApplication.instance() or QApplication([])
    assert glyphs_missing("掌柜") == []
    assert check_font("\U000f0000").status == "failed"  # a private-use character no font draws
