"""A scratch copy of a SQLite shop, for `simulate --emit` (simulate without touching it)."""

from __future__ import annotations

import sqlite3

from app.i18n import _
from app.services.common.database import normalise_url
from app.services.common.errors import ValidationError


def scratch_copy(url: str, path: str) -> None:
    url = normalise_url(url)
    if not url.startswith("sqlite:///"):
        raise ValidationError(_("--emit 目前只支持 SQLite 店铺"))
    source = sqlite3.connect(url.split("///", 1)[1])
    try:
        target = sqlite3.connect(path)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()
