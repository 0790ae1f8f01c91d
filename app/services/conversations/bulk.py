"""Bulk reads and writes on a unit of work's connection: selects streamed in batches, lists
of ids as WHERE clauses, and plain rows inserted the fastest way each database takes them.
Used by the summaries, the chat import and the reports."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Integer
from sqlalchemy.engine import Connection

from app.services.common import staging

FETCH = 20_000  # rows per fetch when streaming messages
_IN_SLICE = 500  # ids per IN (...)
_WINDOW = 20_000  # conversation ids per range query when the ids are dense


def stream(conn: Connection, stmt: Any) -> Iterator[Sequence[Any]]:
    """The plain rows of a select, fetched in batches.

    On SQLite straight from the sqlite3 cursor of the same transaction (no per-row result
    processing, so the columns must need none: no UTCDateTime columns)."""
    if conn.dialect.name != "sqlite":
        # per statement: Connection.execution_options() would stick to the connection
        yield from conn.execute(stmt, execution_options={"yield_per": FETCH})
        return
    compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    processors = compiled._bind_processors
    values = []
    for name in compiled.positiontup or ():
        value = params[name]
        proc = processors.get(name)
        values.append(proc(value) if proc is not None else value)
    cursor = driver(conn).cursor()
    try:
        cursor.execute(compiled.string, values)
        while True:
            batch = cursor.fetchmany(FETCH)
            if not batch:
                break
            yield from batch
    finally:
        cursor.close()


def id_filters(ids: Sequence[int], column: Any) -> Iterator[tuple[Any, set[int] | None]]:
    """WHERE clauses covering the sorted `ids`: a range where they are dense (with the set
    to keep when the range holds others too), else IN lists."""
    i = 0
    while i < len(ids):
        part = ids[i : i + _WINDOW]
        lo, hi = part[0], part[-1]
        if hi - lo + 1 <= 2 * len(part):
            yield (column >= lo) & (column <= hi), (None if hi - lo + 1 == len(part) else set(part))
            i += len(part)
        else:
            part = ids[i : i + _IN_SLICE]
            yield column.in_(part), None
            i += len(part)


def among(conn: Connection, column: Any, ids: Sequence[int]) -> Iterator[Any]:
    """WHERE clauses that together pick the rows whose `column` is one of `ids`: on
    PostgreSQL one `= ANY(array)` (one statement, planned for that many ids), on SQLite
    `IN` lists of `slices`."""
    if not ids:
        return
    if conn.dialect.name == "sqlite":
        for part in slices(ids):
            yield column.in_(part)
        return
    from sqlalchemy import any_, bindparam
    from sqlalchemy.dialects.postgresql import ARRAY

    yield column == any_(bindparam(None, list(ids), type_=ARRAY(Integer)))


def slices(items: Sequence[Any], size: int = _IN_SLICE) -> Iterator[Sequence[Any]]:
    """`items` in runs of at most `size`, for `IN (...)` lists."""
    for i in range(0, len(items), size):
        yield items[i : i + size]


def insert_rows(conn: Connection, table: str, columns: tuple[str, ...], rows: Iterable[Sequence[Any]]) -> None:
    """Plain rows into `table` the fastest way each database takes them, in the unit of
    work's transaction: SQLite's executemany, PostgreSQL's COPY (one round trip instead of
    one statement per row). No ORM defaults are applied: `columns` must name every column
    that needs a value; times go in as aware datetimes or as UTC text ending in "+00"."""
    if conn.dialect.name == "sqlite":
        sql = staging.to_main("INSERT INTO {} ({}) VALUES ({})".format(  # noqa: UP032
            table, ", ".join(columns), ", ".join("?" * len(columns))), conn.connection.info)
        cursor = driver(conn).cursor()
        try:
            cursor.executemany(sql, rows)
        finally:
            cursor.close()
        return
    with driver(conn).cursor() as cursor, cursor.copy(
            "COPY {} ({}) FROM STDIN".format(table, ", ".join(columns))) as copy:  # noqa: UP032
        for row in rows:
            copy.write_row(row)


def driver(conn: Connection) -> Any:
    """The DB-API connection under `conn` (for the SQLite fast paths)."""
    driver = conn.connection.driver_connection
    if driver is None:  # only a closed or invalidated pool connection has none
        raise RuntimeError("the database connection is closed")
    return driver
