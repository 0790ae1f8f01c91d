"""Where things live: bundled resources and the per-user data directory."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "zhanggui"


def resources_dir() -> Path:
    # In a PyInstaller bundle resources sit beside the frozen modules.
    base = getattr(sys, "_MEIPASS", None)
    if base:
        return Path(base) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def user_data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False, ensure_exists=True)


def default_db_url() -> str:
    """`ZHANGGUI_DB` wins; else a SQLite file in the per-user data directory."""
    env = os.environ.get("ZHANGGUI_DB")
    if env:
        return env
    return sqlite_url(user_data_dir() / "zhanggui.sqlite3")


def demo_db_url() -> str:
    """The demo shop lives in its own file, never in the user's real database."""
    return sqlite_url(user_data_dir() / "demo.sqlite3")


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"
