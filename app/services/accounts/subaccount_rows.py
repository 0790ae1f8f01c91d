"""Reading sub-accounts as plain rows, fast: 10,000 rows in a fraction of a second."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ColumnElement, String, func, select, type_coerce
from sqlalchemy.orm import Session, aliased

from app.i18n import _
from app.models.accounts import Account, AccountPermission, Role
from app.models.vocabulary import AccountKind, AccountStatus
from app.services.accounts.subaccount_types import SubAccountRow, status_text


def _has_password(s: Session) -> ColumnElement[bool]:
    """Whether an account has a password, without reading its hash where the console may
    not (PostgreSQL: the SECURITY DEFINER function returns only the hash's settings, NULL
    for no password; docs/security.md)."""
    if s.get_bind().dialect.name == "postgresql":
        return func.zg_password_settings(Account.id).is_not(None)
    return Account.password_hash.is_not(None)


def load_rows(s: Session, *, include_deleted: bool, only: int | None = None) -> list[SubAccountRow]:
    """Sub-accounts as rows (every one, not deleted ones, or `only` one), ordered by id."""
    # Plain columns, not ORM objects: 10,000 rows load in a fraction of the time.
    manager = aliased(Account)
    a = Account
    # Dates come back as the stored text and are parsed with fromisoformat: SQLAlchemy's
    # per-value SQLite date processing was half of the time for 10,000 rows.
    raw = [type_coerce(c, String) for c in (a.hired_on, a.verified_at, a.penalized_at, a.frozen_at, a.left_at)]
    query = (
        select(
            a.id, a.nick, a.alias, a.department, a.title, a.employee_no, raw[0],
            a.manager_id, manager.nick, a.bound_phone, a.role_id, Role.name, Role.preset_key,
            a.takes_routing, a.status, raw[1], a.verified_by, a.id_last_digits,
            raw[2], raw[3], raw[4], _has_password(s),
        )
        .outerjoin(Role, Role.id == a.role_id)
        .outerjoin(manager, manager.id == a.manager_id)
        .where(a.kind == AccountKind.SUB)
        .order_by(a.id)
    )
    if only is not None:
        query = query.where(a.id == only)
    elif not include_deleted:
        query = query.where(a.status != AccountStatus.DELETED)
    grants: dict[int, list[str]] = {}
    grant_query = select(AccountPermission.account_id, AccountPermission.code)
    if only is not None:
        grant_query = grant_query.where(AccountPermission.account_id == only)
    s.flush()  # what s.execute would autoflush
    conn = s.connection()  # Core execution: no ORM result processing per row
    for account_id, code in conn.execute(grant_query):
        grants.setdefault(account_id, []).append(code)
    grant_tuples = {k: tuple(sorted(v)) for k, v in grants.items()}
    role_names: dict[tuple[str, str | None], str] = {}
    texts: dict[str, str] = {st: status_text(st) for st in (AccountStatus.ACTIVE, AccountStatus.FROZEN, AccountStatus.DELETED)}
    # Stored instants and dates repeat (hire dates, batch verifications): parse each once.
    dates: dict[object, date | None] = {None: None}
    instants: dict[object, datetime | None] = {None: None}
    out: list[SubAccountRow] = []
    with _no_gc():  # 10,000 rows make no cycles; a collection mid-loop would walk the whole heap
        _fill(out, conn.execute(query).all(), dates, instants, role_names, texts, grant_tuples)
    return out


def _fill(out: list[SubAccountRow], records: Any, dates: dict[object, date | None],
          instants: dict[object, datetime | None], role_names: dict[tuple[str, str | None], str],
          texts: dict[str, str], grant_tuples: dict[int, tuple[str, ...]]) -> None:
    new, row_cls, fields_ = object.__new__, SubAccountRow, _ROW_FIELDS
    append = out.append
    for (
        id_, nick, alias, department, title, employee_no, hired_raw, manager_id, manager_nick,
        phone, role_id, role_name, role_key, takes_routing, status, verified_raw, verified_by,
        id_last, penalized_raw, frozen_raw, left_raw, password_set,
    ) in records:
        if hired_raw in dates:
            hired_on = dates[hired_raw]
        else:
            hired_on = dates[hired_raw] = _as_date(hired_raw)
        if verified_raw in instants:
            verified_at = instants[verified_raw]
        else:
            verified_at = instants[verified_raw] = _as_utc(verified_raw)
        penalized_at = None if penalized_raw is None else _as_utc(penalized_raw)
        frozen_at = None if frozen_raw is None else _as_utc(frozen_raw)
        left_at = None if left_raw is None else _as_utc(left_raw)
        key = (role_name or "", role_key)
        if key not in role_names:
            role_names[key] = (_(role_name) if role_key else role_name) if role_name else ""
        row = new(row_cls)  # without the frozen dataclass __init__: 3x faster, same object
        row.__dict__.update(zip(fields_, (
            id_, nick, nick.split(":", 1)[1] if ":" in nick else nick, alias, department,
            title, employee_no, hired_on, manager_id, manager_nick or "", phone or "",
            role_id, role_names[key], role_key, takes_routing, status,
            texts.get(status, status), verified_at is not None, verified_by or "",
            verified_at, id_last or "", penalized_at, frozen_at, left_at,
            grant_tuples.get(id_, ()), bool(password_set),
        ), strict=True))
        append(row)


@contextmanager
def _no_gc() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_ROW_FIELDS = tuple(f.name for f in fields(SubAccountRow))


def _as_date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _as_utc(value: object) -> datetime | None:
    """A stored instant (text on SQLite, a datetime elsewhere) as an aware UTC datetime."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = datetime.fromisoformat(str(value))
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
