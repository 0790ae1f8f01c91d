"""This console's device id: a random id kept in the per-user data folder (not a secret; it
names the install so that sign-in locks, device approval and sessions are per console)."""

from __future__ import annotations

import contextlib
import platform
import uuid
from pathlib import Path


def console_id(folder: Path | None = None) -> str:
    if folder is None:
        from app.paths import user_data_dir

        folder = user_data_dir()
    path = folder / "console-id"
    try:
        text = path.read_text(encoding="ascii").strip()
        if 8 <= len(text) <= 64:
            return text
    except (OSError, UnicodeDecodeError):
        pass
    text = uuid.uuid4().hex
    # A read-only home: a fresh id per run, which only means more approvals.
    with contextlib.suppress(OSError):
        path.write_text(text, encoding="ascii")
    return text


def console_label() -> str:
    return (platform.node() or "")[:60]
