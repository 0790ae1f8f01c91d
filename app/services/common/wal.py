"""SQLite's write-ahead log copied back into the database file off the writer's path."""

from __future__ import annotations

import sqlite3
import threading

SQLITE_CHECKPOINT_TIMEOUT_S = 5.0


class Checkpointer:
    """Copies an SQLite database's WAL back into the file from a background thread.

    A checkpoint (copy the WAL's pages into the database, fsync it) takes tens to hundreds
    of milliseconds; run by the connection that happens to commit past the WAL limit, it
    stalls that connection's work (a routing, an import's next batch). Here it runs on its own
    connection every `every` commits as a PASSIVE checkpoint, which never blocks writers or
    readers; the checkpoint syncs as SQLite's default `synchronous` requires."""

    def __init__(self, path: str, every: int) -> None:
        self._path = path
        self.every = every
        self._wake = threading.Event()
        self._stopping = False
        self._count = 0
        self._thread = threading.Thread(target=self._loop, name="zg-routing-checkpoint", daemon=True)
        self._thread.start()

    def committed(self) -> None:
        self._count += 1
        if self._count >= self.every:
            self._count = 0
            self._wake.set()

    def _loop(self) -> None:
        conn = None
        try:
            while True:
                self._wake.wait()
                self._wake.clear()
                if self._stopping:
                    return
                try:
                    if conn is None:
                        conn = sqlite3.connect(self._path, timeout=SQLITE_CHECKPOINT_TIMEOUT_S)
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                except sqlite3.Error:
                    pass  # busy or gone: the routing connection's autocheckpoint is the fallback
        finally:
            if conn is not None:
                conn.close()

    def stop(self, wait: bool = True) -> None:
        self._stopping = True
        self._wake.set()
        if wait and self._thread is not threading.current_thread():
            self._thread.join(timeout=10)

