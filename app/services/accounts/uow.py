"""One unit of work for the sub-account and role services.

The services check nick, phone and role-name uniqueness before writing, but two consoles can
race past those checks; the database's unique constraints then refuse the second write, and
this turns that refusal into the same kind of message (a `Conflict`; nothing was written).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from app.i18n import _
from app.services.common.errors import Conflict

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.services.common.database import Database


@contextmanager
def unit_of_work(db: Database) -> Iterator[Session]:
    from sqlalchemy.exc import IntegrityError

    try:
        with db.session() as session:
            yield session
    except IntegrityError as exc:
        raise Conflict(
            _("同一时间有其他人修改了相同的数据（昵称、手机号或角色名重复），没有保存。请刷新后再试。")
        ) from exc
