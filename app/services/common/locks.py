"""Named writer locks on PostgreSQL: advisory locks held to the end of the transaction.

On SQLite a unit of work from `Database.session()` already holds the one write lock from
its first statement (`BEGIN IMMEDIATE`), so these are no-ops there. On PostgreSQL writers
run side by side; the ones that decide on what another could be changing at the same
moment take the lock of that idea first (docs/concurrency.md). A lock not had within the
unit's wait ends in `Busy` (lock_timeout), like any other."""

from __future__ import annotations

from enum import IntEnum
from typing import Any


class Lock(IntEnum):
    IMPORTS = 0x5A47_0001  # one history import at a time: it decides which rows are new
    SUMMARIES = 0x5A47_0002  # the stored report summaries and per-day figures


def take(bind: Any, lock: Lock) -> None:
    """Wait for `lock` inside the current transaction of `bind` (a Session or Connection)."""
    conn = bind.connection() if hasattr(bind, "connection") and callable(bind.connection) else bind
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({int(lock)})")
