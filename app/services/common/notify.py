"""Changes across consoles: the change bus (`common.changes`) of one process, heard by every
other process on the same PostgreSQL database through `LISTEN/NOTIFY`.

- Sending: every `db.changes.publish(areas)` (made after the change committed) sends
  `pg_notify('zhanggui_changes', '{"o": ORIGIN, "a": [areas…]}')` on a small autocommit
  connection of its own, so the notification leaves at once.
- Listening (`Notifier.listen()`, the GUI): a daemon thread holds an autocommit connection
  that `LISTEN`s and waits in `conn.notifies(timeout=…)`; a notification from another
  process is published on the local bus (never sent on again). The thread reconnects after
  a lost connection and then publishes every area once, since it may have missed some.
- SQLite (`SqliteWatcher`): changes made by this process reach the bus directly. Another
  process's commit (a second console, `ingest`, an import) moves `PRAGMA data_version` of a
  connection of our own; polled every second, a move with no commit of ours since the last
  poll publishes every area (SQLite cannot say which). See docs/live-updates.md.

Qt-free: the shell's `ChangeRelay` turns bus calls into a signal on the GUI thread.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
import threading
import uuid
from collections.abc import Callable
from typing import Any

CHANNEL = "zhanggui_changes"
WAIT_S = 0.5  # how long one wait for notifications lasts (also how fast `close()` returns)
RETRY_S = 2.0
log = logging.getLogger(__name__)


def _dsn(db: Any) -> str:
    """The libpq URL of a `postgresql+psycopg://` database."""
    url = db.engine.url.set(drivername="postgresql")
    return str(url.render_as_string(hide_password=False))


class Notifier:
    """The cross-process side of one `Database`'s change bus (PostgreSQL only)."""

    def __init__(self, db: Any, connect: Callable[[str], Any] | None = None) -> None:
        self.db = db
        self.origin = uuid.uuid4().hex
        self._connect = connect or _autocommit
        self._send_lock = threading.Lock()
        self._sender: Any = None
        self._local = threading.local()  # set while relaying a remote change
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.listening = threading.Event()  # set once LISTEN is in place
        self._unsubscribe = db.changes.subscribe(self._published)

    # -- sending --------------------------------------------------------------------------
    def _published(self, areas: frozenset[str]) -> None:
        if getattr(self._local, "relaying", False):
            return  # it came from another console: do not send it back
        payload = json.dumps({"o": self.origin, "a": sorted(areas)})
        with self._send_lock:
            for attempt in (1, 2):  # one retry on a connection the server dropped
                try:
                    if self._sender is None or self._sender.closed:
                        self._sender = self._connect(_dsn(self.db))
                    self._sender.execute("SELECT pg_notify(%s, %s)", (CHANNEL, payload))
                    return
                except Exception as exc:  # noqa: BLE001 - other consoles refresh later anyway
                    self._close_sender()
                    if attempt == 2:
                        log.warning("change notification not sent: %s", exc)

    def _close_sender(self) -> None:
        sender, self._sender = self._sender, None
        if sender is not None:
            with contextlib.suppress(Exception):  # already broken
                sender.close()

    # -- listening ------------------------------------------------------------------------
    def listen(self) -> None:
        """Start relaying other consoles' changes into the local bus (idempotent)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="zhanggui-notify", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        missed = False
        while not self._stop.is_set():
            try:
                conn = self._connect(_dsn(self.db))
            except Exception as exc:  # noqa: BLE001 - the server may be restarting
                log.warning("change listener cannot connect: %s", exc)
                missed = True
                self._stop.wait(RETRY_S)
                continue
            try:
                conn.execute(f"LISTEN {CHANNEL}")
                self.listening.set()
                if missed:  # changes may have happened while we were away
                    from app.services.common.changes import ALL_AREAS

                    self._relay(ALL_AREAS)
                    missed = False
                while not self._stop.is_set():
                    for note in conn.notifies(timeout=WAIT_S):
                        self._received(note.payload)
            except Exception as exc:  # noqa: BLE001 - reconnect
                if not self._stop.is_set():
                    log.warning("change listener lost its connection: %s", exc)
                    missed = True
                    self._stop.wait(RETRY_S)
            finally:
                self.listening.clear()
                with contextlib.suppress(Exception):
                    conn.close()

    def _received(self, payload: str) -> None:
        try:
            data = json.loads(payload)
            origin, areas = data["o"], frozenset(str(a) for a in data["a"])
        except (ValueError, KeyError, TypeError):
            return  # not ours
        if origin != self.origin and areas:
            self._relay(areas)

    def _relay(self, areas: frozenset[str]) -> None:
        self._local.relaying = True
        try:
            self.db.changes.publish(areas)
        finally:
            self._local.relaying = False

    def close(self) -> None:
        self._stop.set()
        self._unsubscribe()
        if self._thread is not None:
            self._thread.join(timeout=WAIT_S * 4)
        with self._send_lock:
            self._close_sender()


def _autocommit(dsn: str) -> Any:
    import psycopg

    return psycopg.connect(dsn, autocommit=True, connect_timeout=5)


POLL_S = 1.0  # how often a SQLite console looks for other processes' commits


class SqliteWatcher:
    """The cross-process side of a SQLite file's change bus: other processes' commits,
    noticed by `PRAGMA data_version` (a read of the connection's memory, microseconds)."""

    def __init__(self, db: Any, path: str) -> None:
        from sqlalchemy import event

        self.db = db
        self.path = path
        self._conn: sqlite3.Connection | None = None
        self._version: int | None = None
        self._ours = 0  # commits of this process since the last poll
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.listening = threading.Event()
        self._engine = db.engine
        event.listen(self._engine, "commit", self._committed)

    def _committed(self, _conn: Any) -> None:
        self._ours += 1

    def poll(self) -> bool:
        """Look once; True (and every area published) when another process committed."""
        if self._conn is None:
            self._conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, isolation_level=None,
                                         check_same_thread=False)
        ours, self._ours = self._ours, 0
        version = self._conn.execute("PRAGMA data_version").fetchone()[0]
        moved = self._version is not None and version != self._version
        self._version = version
        if moved and not ours:  # a move with commits of ours in between may be ours alone
            from app.services.common.changes import ALL_AREAS

            self.db.changes.publish(ALL_AREAS)
            return True
        return False

    def listen(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="zhanggui-sqlite-watch", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        try:
            self.poll()
            self.listening.set()
            while not self._stop.wait(POLL_S):
                self.poll()
        except Exception as exc:  # noqa: BLE001 - panels still refresh on their own changes
            log.warning("change watcher stopped: %s", exc)

    def close(self) -> None:
        from sqlalchemy import event

        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=POLL_S * 2)
        with contextlib.suppress(Exception):
            event.remove(self._engine, "commit", self._committed)
        if self._conn is not None:
            self._conn.close()


def attach(db: Any) -> Notifier | SqliteWatcher | None:
    """The notifier of a PostgreSQL database (sending at once; `listen()` to receive), the
    watcher of a SQLite file, or None (an in-memory database, no bus)."""
    if getattr(db, "changes", None) is None:
        return None
    if getattr(db, "is_sqlite", True):
        path = db.engine.url.database
        if not path or path == ":memory:" or path.startswith("file:"):
            return None
        return SqliteWatcher(db, path)
    notifier: Notifier | None = getattr(db, "_notifier", None)
    if notifier is None:
        notifier = Notifier(db)
        db._notifier = notifier
    return notifier
