"""The per-user settings file (`settings.json` in the platform's config folder).

It never holds a secret: a chosen database is stored without its password, which lives in the
OS keyring (`CredentialStore`, scope `database:<url without password>`).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TypedDict, Unpack

DEFAULT_BACKUPS_KEPT = 7


def config_dir() -> Path:
    from platformdirs import user_config_path

    return user_config_path("zhanggui", appauthor=False, ensure_exists=True)


def log_dir() -> Path:
    from platformdirs import user_log_path

    return user_log_path("zhanggui", appauthor=False, ensure_exists=True)


class SettingsChanges(TypedDict, total=False):
    database_url: str | None
    backups_kept: int


@dataclass(frozen=True)
class UserSettings:
    database_url: str | None = None  # without password; None = the default SQLite file
    backups_kept: int = DEFAULT_BACKUPS_KEPT  # daily automatic backups kept (older ones deleted)

    def with_changes(self, **changes: Unpack[SettingsChanges]) -> UserSettings:
        return replace(self, **changes)


def settings_path() -> Path:
    return config_dir() / "settings.json"


def load() -> UserSettings:
    try:
        raw = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return UserSettings()
    url = raw.get("database_url")
    kept = raw.get("backups_kept", DEFAULT_BACKUPS_KEPT)
    return UserSettings(
        database_url=url if isinstance(url, str) and url else None,
        backups_kept=kept if isinstance(kept, int) and kept >= 1 else DEFAULT_BACKUPS_KEPT,
    )


def save(settings: UserSettings) -> None:
    path = settings_path()
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(settings), ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, path)  # never a half-written file


def chosen_db_url() -> str:
    """The database this user's console opens: `ZHANGGUI_DB`, else the one chosen in
    设置 → 数据库 (its password from the OS keyring), else the SQLite file in the data folder."""
    from app.paths import default_db_url

    if os.environ.get("ZHANGGUI_DB"):
        return default_db_url()
    chosen = load().database_url
    if not chosen:
        return default_db_url()
    from app.services.accounts.credentials import CredentialStore
    from app.services.maintenance.connection import resolve

    return resolve(CredentialStore(), chosen)
