"""`db copy`: the whole shop, every table, into an empty database (METRICS §10).

The target gets this program's schema first (migrations), then every table's rows in
dependency order inside one transaction: a failed copy leaves the target as empty as it was.
Row counts are compared table by table before the commit. PostgreSQL sequences are moved past
the copied ids so the next insert does not collide with a copied row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.i18n import _
from app.services.common.errors import Conflict, DatabaseError

if TYPE_CHECKING:
    from sqlalchemy import Connection, Table

    from app.services.common.database import Database

BATCH_ROWS = 5_000
RESYNC_ROWS = 20_000  # tables up to this size are compared row by row after the copy


@dataclass(frozen=True)
class CopyResult:
    source: str  # redacted URLs
    target: str
    rows: dict[str, int]  # table → rows copied (equal in source and target)

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def _tables() -> list[Table]:
    from app.models import Base

    return list(Base.metadata.sorted_tables)  # parents before children


def _baseline_counts() -> dict[str, int]:
    """Rows a fresh migration itself writes (e.g. the operation log's chain head): a target
    holding only these is still empty."""
    import tempfile
    from pathlib import Path

    from sqlalchemy import func, select

    from app.services.common.database import Database

    with tempfile.TemporaryDirectory(prefix="zg-copy-") as tmp:
        scratch = Database(f"sqlite:///{Path(tmp) / 'baseline.sqlite3'}")
        try:
            with scratch.engine.connect() as conn:
                return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                        for t in _tables()}
        finally:
            scratch.dispose()


def _refuse_non_empty(target: Database, baseline: dict[str, int]) -> None:
    """Only an empty database (no tables, or Zhanggui's tables as a fresh migration leaves
    them) may receive a shop."""
    from sqlalchemy import func, inspect, select

    with target.engine.connect() as conn:
        names = set(inspect(conn).get_table_names())
        if not names:
            return
        ours = {t.name for t in _tables()}
        foreign = sorted(names - ours - {"alembic_version"})
        filled = [t.name for t in _tables() if t.name in names
                  and conn.execute(select(func.count()).select_from(t)).scalar_one() not in (0, baseline.get(t.name, 0))]
    if foreign or filled:
        raise Conflict(
            _("目标数据库 {url} 不是空的（已有数据表：{tables}），未做任何改动。请换一个空数据库。").format(
                url=target.display_url, tables="、".join((filled + foreign)[:5])
            )
        )


def copy_database(source_url: str, target_url: str,
                  progress: Callable[[str, int], None] | None = None) -> CopyResult:
    """Copy the shop at `source_url` into the empty database at `target_url`."""
    from app.services.common.database import Database, normalise_url
    from app.services.maintenance.connection import probe

    if normalise_url(source_url) == normalise_url(target_url):
        raise Conflict(_("源数据库和目标数据库是同一个。"))
    state = probe(target_url).schema  # clear messages for an unreachable server or a bad password
    if state == "newer":
        raise Conflict(_("目标数据库来自更新版本的掌柜，未做任何改动。"))
    source = Database(source_url)  # migrated to this program's schema first
    try:
        target = Database(target_url, migrate=False)
        try:
            _refuse_non_empty(target, _baseline_counts())
            target.dispose()
            target = Database(target_url)  # creates the schema
            rows = _copy_rows(source, target, progress)
        finally:
            target.dispose()
    finally:
        source.dispose()
    return CopyResult(source.display_url, target.display_url, rows)


def _copy_rows(source: Database, target: Database,
               progress: Callable[[str, int], None] | None) -> dict[str, int]:
    from sqlalchemy import delete, func, select

    counts: dict[str, int] = {}
    # One read transaction over the whole source (a snapshot on PostgreSQL too), so a shop in
    # use is copied as it was at one instant.
    reading = {} if source.is_sqlite else {"isolation_level": "REPEATABLE READ"}
    with source.engine.connect().execution_options(**reading) as src, target.engine.begin() as dst:
        for table in reversed(_tables()):  # rows a migration seeded come from the source instead
            if dst.execute(select(func.count()).select_from(table)).scalar_one():
                dst.execute(delete(table))
        for table in _tables():
            copied = _copy_table(src, dst, table)
            expected = src.execute(select(func.count()).select_from(table)).scalar_one()
            landed = dst.execute(select(func.count()).select_from(table)).scalar_one()
            if not expected == copied == landed:
                raise DatabaseError(
                    _("复制 {table} 时行数不一致（源 {expected}，目标 {landed}），已撤销，目标未改动。").format(
                        table=table.name, expected=expected, landed=landed
                    )
                )
            counts[table.name] = landed
            if progress is not None:
                progress(table.name, landed)
        for table in _tables():
            if counts[table.name] <= RESYNC_ROWS:
                _resync(src, dst, table)
        if not target.is_sqlite:
            _move_sequences(dst)
    return counts


def _copy_table(src: Connection, dst: Connection, table: Table) -> int:
    """Rows in batches. A column pointing into its own table (accounts.manager_id) is filled in
    after every row is there, since a row may name one copied later."""
    from sqlalchemy import and_, select

    own = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
    keys = list(table.primary_key.columns)
    later: list[dict[str, object]] = []
    copied = 0
    result = src.execution_options(yield_per=BATCH_ROWS).execute(select(table))
    for batch in result.partitions():
        rows = [dict(row._mapping) for row in batch]
        if own:
            for row in rows:
                if any(row[c] is not None for c in own):
                    later.append({**{k.name: row[k.name] for k in keys}, **{c: row[c] for c in own}})
                    row.update({c: None for c in own})
        dst.execute(table.insert(), rows)
        copied += len(rows)
    for values in later:
        match = and_(*(k == values[k.name] for k in keys))
        dst.execute(table.update().where(match).values({c: values[c] for c in own}))
    return copied


def _resync(src: Connection, dst: Connection, table: Table) -> None:
    """Triggers in the target (e.g. accounts' auth_version bumped when role permissions are
    inserted) may have changed copied rows: put the source's values back."""
    from sqlalchemy import and_, select

    keys = list(table.primary_key.columns)
    if not keys:
        return
    order = [c for c in keys]
    theirs = src.execute(select(table).order_by(*order)).all()
    ours = dst.execute(select(table).order_by(*order)).all()
    for a, b in zip(theirs, ours, strict=True):
        if tuple(a) != tuple(b):
            values = dict(a._mapping)
            dst.execute(table.update().where(and_(*(c == values[c.name] for c in keys))).values(values))


def _move_sequences(conn: Connection) -> None:
    """Each serial/identity column's sequence continues after the largest copied id."""
    from sqlalchemy import Integer, text

    for table in _tables():
        for column in table.primary_key.columns:
            if not isinstance(column.type, Integer) or column.autoincrement is False:
                continue
            sequence = conn.execute(
                text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": column.name}
            ).scalar()
            if sequence is None:
                continue
            conn.execute(
                text(f'SELECT setval(:s, COALESCE(MAX("{column.name}"), 1), MAX("{column.name}") IS NOT NULL) '
                     f'FROM "{table.name}"'),
                {"s": sequence},
            )
