"""The routing hot path's database plumbing: `Tx` (raw SQL on a transaction's DB-API cursor)
and the routing lock (`bump_clock`, the single `routing_clock` row)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from app.models.base import stored_text
from app.services.common import staging

WAL_CHECKPOINT_PAGES = 10_000  # ≈ 40 MB of WAL between automatic checkpoints
CACHE_KIB = 32_768  # SQLite page cache of a routing connection


class Tx:
    """The routing hot path's statements, straight on the DB-API cursor of a transaction.

    Routing writes a handful of rows per buyer message; going around SQLAlchemy's statement
    compilation keeps a decision's transaction well under a millisecond on SQLite. SQL is
    written with `:name` parameters; instants are aware UTC datetimes on both sides.
    """

    _pg_sql: dict[str, str] = {}

    def __init__(self, connection) -> None:  # type: ignore[no-untyped-def]
        # a SQLAlchemy Connection (Core or from Session.connection()) inside a transaction
        self.sqlite = connection.dialect.name == "sqlite"
        self.connection = connection  # for the rare statement that needs SQLAlchemy
        pooled = connection.connection
        self.dbapi = pooled.dbapi_connection
        self.cursor = self.dbapi.cursor()
        if self.sqlite and not pooled.info.get("zg_routing_wal"):
            # Routing writes a few small rows per decision; SQLite's default (checkpoint the
            # WAL every 1,000 pages) would copy and fsync on every ~70th decision of a burst.
            self.cursor.execute(f"PRAGMA wal_autocheckpoint={WAL_CHECKPOINT_PAGES}")
            # and touches index pages all over a growing file: keep more of them in memory
            self.cursor.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
            pooled.info["zg_routing_wal"] = True

    @classmethod
    def of(cls, session: Session) -> Tx:
        return cls(session.connection())

    @classmethod
    def held(cls, connection) -> Tx:  # type: ignore[no-untyped-def]
        """The Tx of a connection the service keeps (one cursor for all its transactions)."""
        pooled = connection.connection
        tx: Tx | None = pooled.info.get("zg_routing_tx")
        if tx is None or tx.dbapi is not pooled.dbapi_connection:
            tx = pooled.info["zg_routing_tx"] = cls(connection)
        tx.connection = connection
        return tx

    def _sql(self, sql: str) -> str:
        if self.sqlite:
            return sql
        out = self._pg_sql.get(sql)
        if out is None:
            out = self._pg_sql[sql] = re.sub(r"(?<!:):([a-z_]+)", r"%(\1)s", sql)
        return out

    def _sqlite(self, sql: str) -> str:
        """Writes past the views hiding an import under way (`staging`)."""
        return staging.to_main(sql, self.connection.connection.info)

    _stamp: tuple[datetime | None, str] = (None, "")

    def _param(self, value: object) -> object:
        if isinstance(value, datetime):
            last, text = self._stamp
            if value is not last:  # a routing writes the same instant several times
                text = stored_text(value)
                self._stamp = (value, text)
            return text
        return value

    def stamp(self, value: datetime) -> object:
        """An instant as this connection stores it (SQLite: UTC text), for `exec`."""
        return self._param(value) if self.sqlite else value

    def exec(self, sql: str, params: dict[str, object]):  # type: ignore[no-untyped-def]
        """`run` for parameters that are already converted (instants through `stamp`)."""
        self.cursor.execute(self._sqlite(sql) if self.sqlite else self._sql(sql), params)
        return self.cursor

    def run(self, sql: str, **params: object):  # type: ignore[no-untyped-def]
        if self.sqlite:
            # `params` is this call's own dict: convert its instants in place
            for k, v in params.items():
                if isinstance(v, datetime):
                    params[k] = self._param(v)
            self.cursor.execute(self._sqlite(sql), params)
        else:
            self.cursor.execute(self._sql(sql), params)
        return self.cursor

    def one(self, sql: str, **params: object):  # type: ignore[no-untyped-def]
        return self.run(sql, **params).fetchone()

    def insert(self, sql: str, **params: object) -> int:
        """Run an INSERT of one row and return its id (SQLite: the cursor's lastrowid)."""
        if self.sqlite:
            return int(self.run(sql, **params).lastrowid)
        return int(self.one(sql + " RETURNING id", **params)[0])

    def all(self, sql: str, **params: object) -> list[Any]:
        return list(self.run(sql, **params).fetchall())

    def instant(self, value: object) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)



def bump_clock(session: Session) -> int:
    """Take the routing lock for this transaction and return the new clock version.

    Anything that changes routing state outside this module (presence, membership, open
    conversations) should call this inside its transaction so consoles reload their state.
    """
    return _bump(Tx.of(session))


def _bump(tx: Tx) -> int:
    row = tx.one("UPDATE routing_clock SET version = version + 1 WHERE id = 1 RETURNING version")
    if row is None:
        tx.run("INSERT INTO routing_clock (id, version) VALUES (1, 1)")
        return 1
    return int(row[0])
