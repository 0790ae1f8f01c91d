"""`shop`: the shop's own settings — time zone and session timeout (never its name, quota
or anything about the main account)."""

from __future__ import annotations

from functools import partial
from typing import Any

from sqlalchemy.orm import Session

from app.i18n import _
from app.models.shop import Shop
from app.services.common.validation import check_session_timeout, check_timezone
from app.services.shopfile.changes import UNCHANGED, compare
from app.services.shopfile.context import Context, Write
from app.services.shopfile.document import MISSING, as_object, field, key_path

SHOP_ID = 1
KEYS = ("timezone", "session_timeout_min")


class ShopSection:
    key = "shop"
    permissions: tuple[str, ...] = ()

    def export(self, session: Session) -> dict[str, Any]:
        shop = session.get(Shop, SHOP_ID)
        assert shop is not None
        return {"timezone": shop.timezone, "session_timeout_min": shop.session_timeout_min}

    def plan(self, ctx: Context, value: Any, path: str) -> Write | None:
        problems = ctx.problems
        obj = as_object(value, path, problems, KEYS)
        if obj is None:
            return None
        new: dict[str, Any] = {}
        tz = field(obj, "timezone", path, problems, "str")
        if tz is not MISSING:
            checked = problems.check(key_path(path, "timezone"), partial(check_timezone, tz))
            if checked is not None:
                new["timezone"] = checked
        timeout = field(obj, "session_timeout_min", path, problems, "int")
        if timeout is not MISSING:
            minutes = problems.check(key_path(path, "session_timeout_min"), partial(check_session_timeout, timeout))
            if minutes is not None:
                new["session_timeout_min"] = minutes
        change = compare(self.key, ctx.shop.name, self.export(ctx.session), new)
        ctx.changes.append(change)
        if change.kind == UNCHANGED:
            return None
        if not ctx.actor.is_main:
            problems.add(path, _("只有主账号可以修改店铺的时区和会话超时。"))
            return None
        shop = ctx.shop

        def write() -> None:
            for key, _old, value in change.fields:
                setattr(shop, key, value)

        return write
