"""CLI sub-commands (METRICS.md §6). Each module exposes `register(subparsers)` which adds its
parser and sets `func=run` where `run(args, ctx) -> int`. `app.cli` loads the modules it lists.
"""

from __future__ import annotations

import os


def read_password_env(var: str) -> str:
    """The password held in environment variable `var` (never taken on the command line)."""
    from app.i18n import _
    from app.services.common.errors import ValidationError

    value = os.environ.get(var)
    if value is None:
        raise ValidationError(_("环境变量 {var} 未设置（应包含密码）。").format(var=var))
    return value
