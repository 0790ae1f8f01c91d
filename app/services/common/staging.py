"""Rows of a SQLite chat import under way, hidden from everybody else.

SQLite has one writer at a time, so a big import commits in short transactions
(`app.services.conversations.staged_import`) and live writers take their turns between them.
Its rows lie in id ranges it reserved (`ImportBatch`); until its last transaction deletes that
row, every other connection reads `messages`, `conversations` and the conversations'
summaries through TEMP views of the same names that leave those ranges out. SQLite looks a
name up in the temp schema first, so no query changes: readers (reports, panels, live routing)
simply do not see the import. Writes go to the real tables (`main.`), rewritten here.

A connection checks the ranges at the start of every unit of work (one query on a table that
is empty nearly always) and redoes its views when they changed; with no import under way it
has no views, and queries cost what they did. The importing connection sees everything.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Sequence
from typing import Any

# table → the key whose ranges hide its rows (message ids, or conversation ids)
HIDDEN_TABLES = {
    "messages": ("id", 0),
    "conversations": ("id", 1),
    "conversation_summaries": ("conversation_id", 1),
    "summary_lines": ("conversation_id", 1),
}
SEES_STAGED = "zg_sees_staged"  # connection info: the importer's own connection
HIDDEN = "zg_hidden"  # connection info: the ranges its views hide now

Ranges = tuple[tuple[int, int, int, int], ...]  # (message from, to, conversation from, to)

_WRITE = re.compile(
    r"^(\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)\s+)"
    r"(" + "|".join(HIDDEN_TABLES) + r")\b",
    re.IGNORECASE,
)


def ranges(raw: sqlite3.Connection) -> Ranges:
    """The id ranges of the imports under way (none before migration 0008 made the table)."""
    try:
        rows = raw.execute(
            "SELECT message_from, message_to, conversation_from, conversation_to"
            " FROM main.import_batches ORDER BY id").fetchall()
    except sqlite3.OperationalError as error:
        if "no such table" in str(error):
            return ()
        raise
    return tuple(tuple(r) for r in rows)


def hide(raw: sqlite3.Connection, info: dict[str, Any], hidden: Ranges) -> None:
    """Make this connection's views hide exactly `hidden` (outside any transaction)."""
    query_only = raw.execute("PRAGMA query_only").fetchone()[0]
    if query_only:
        raw.execute("PRAGMA query_only = 0")
    for table in HIDDEN_TABLES:
        raw.execute(f"DROP VIEW IF EXISTS temp.{table}")
    for table, (key, which) in HIDDEN_TABLES.items():
        if hidden:
            outside = " AND ".join(
                f"{key} NOT BETWEEN {int(r[2 * which])} AND {int(r[2 * which + 1])}" for r in hidden)
            raw.execute(f"CREATE TEMP VIEW {table} AS SELECT * FROM main.{table} WHERE {outside}")
    if query_only:
        raw.execute("PRAGMA query_only = 1")
    info[HIDDEN] = hidden


def begin(raw: sqlite3.Connection, info: dict[str, Any], start: Callable[[], object]) -> None:
    """Begin a transaction (`start`) whose views hide the imports under way in its snapshot."""
    while True:
        start()
        if info.get(SEES_STAGED):
            return
        hidden = ranges(raw)  # the snapshot's first read
        if hidden == info.get(HIDDEN, ()):
            return
        raw.execute("ROLLBACK")  # views change outside transactions (a rollback would undo them)
        hide(raw, info, hidden)


def see_everything(raw: sqlite3.Connection, info: dict[str, Any]) -> None:
    """The importing connection: no views; it reads and writes its own rows."""
    if info.get(HIDDEN):
        hide(raw, info, ())
    info[SEES_STAGED] = True


def to_main(statement: str, info: dict[str, Any]) -> str:
    """A write to a hidden table goes to the real table, not the view."""
    if not info.get(HIDDEN):
        return statement
    return _WRITE.sub(r"\1main.\2", statement, count=1) if statement[:1] != "S" else statement


def note_changes(conn: Any, key: str, values: Sequence[object] | None) -> None:
    """Per-day figures of these buyers or days (`key`; None: of all) were just rewritten
    while an import under way will publish its own (`staged_import.StagedImport.publish`
    makes them again): noted in `import_changes`."""
    if conn.dialect.name != "sqlite" or not conn.connection.info.get(HIDDEN):
        return
    rows = [(None,)] if values is None else [(v,) for v in values]
    conn.connection.driver_connection.executemany(
        f"INSERT INTO main.import_changes ({key}) VALUES (?)", rows)
