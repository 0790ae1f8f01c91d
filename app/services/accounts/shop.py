"""The shop and its main account (主账号): first-run set-up and shop facts."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select

from app.i18n import _
from app.models.accounts import Account
from app.models.shop import Shop
from app.models.vocabulary import AccountKind, AccountStatus
from app.services.accounts.passwords import hash_password
from app.services.accounts.presets import seed_presets
from app.services.common import audit
from app.services.common.database import Database
from app.services.common.errors import Conflict, NotFound, ValidationError
from app.services.common.validation import check_password_strength, check_shop_name, normalise_phone

SHOP_ID = 1


@dataclass(frozen=True)
class ShopInfo:
    name: str
    timezone: str
    subaccount_quota: int
    session_timeout_min: int
    is_demo: bool
    owner_nick: str
    owner_phone: str | None

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class ShopService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def exists(self) -> bool:
        with self.db.read() as s:
            return s.get(Shop, SHOP_ID) is not None

    def create(
        self,
        name: str,
        phone: str,
        password: str,
        *,
        timezone: str = "Asia/Shanghai",
        is_demo: bool = False,
    ) -> ShopInfo:
        """Create the shop and its main account; refused when the database already has one."""
        name = check_shop_name(name)
        phone = normalise_phone(phone)
        check_password_strength(password, phone=phone)
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValidationError(_("未知的时区：{tz}").format(tz=timezone)) from exc
        with self.db.session() as s:
            if s.get(Shop, SHOP_ID) is not None:
                raise Conflict(_("这个数据库里已经有店铺了，不能再次初始化。"))
            s.add(Shop(id=SHOP_ID, name=name, timezone=timezone, is_demo=is_demo))
            owner = Account(
                kind=AccountKind.MAIN,
                nick=name,
                bound_phone=phone,
                status=AccountStatus.ACTIVE,
                password_hash=hash_password(password),
                takes_routing=False,
            )
            s.add(owner)
            seed_presets(s)
            s.flush()
            audit.record(s, None, "shop.create", name, owner=name)
        return self.info()

    def info(self) -> ShopInfo:
        with self.db.read() as s:
            shop = s.get(Shop, SHOP_ID)
            if shop is None:
                raise NotFound(_("数据库里还没有店铺。请先运行首次设置（zhanggui init）。"))
            owner = s.scalars(select(Account).where(Account.kind == AccountKind.MAIN)).one()
            return ShopInfo(
                name=shop.name,
                timezone=shop.timezone,
                subaccount_quota=shop.subaccount_quota,
                session_timeout_min=shop.session_timeout_min,
                is_demo=shop.is_demo,
                owner_nick=owner.nick,
                owner_phone=owner.bound_phone,
            )
