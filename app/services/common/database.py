"""Engine, sessions and migrations. Every service call opens and closes its own session.

SQLite gets WAL, foreign keys and a busy timeout; PostgreSQL URLs work the same way. The
schema is migrated with Alembic at start-up, but Alembic (slow to import) is only loaded
when the stored revision differs from the one this code was built for.

Many writers (docs/concurrency.md): a unit of work from `session()` takes the write lock
before it reads anything (`BEGIN IMMEDIATE` on SQLite), so no check-then-insert can
interleave with another writer's; `read()` is a read-only snapshot that never waits for a
writer. A lock not had within `LOCK_WAIT_S` (SQLite busy timeout, PostgreSQL
`lock_timeout`) ends in `Busy`, a clear message, instead of a driver traceback.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from app.i18n import _
from app.models.migrations import HEAD, KNOWN_REVISIONS
from app.services.common import staging, turns
from app.services.common.changes import ChangeBus
from app.services.common.clock import Clock, SystemClock
from app.services.common.errors import Busy, Conflict, DatabaseError, SchemaTooNew

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Connection, Engine
    from sqlalchemy.orm import Session, sessionmaker

# How long a writer waits for the write lock before `Busy` (seconds); ZG_LOCK_WAIT_S
# overrides it (an administrator's knob, and the tests' way to see the message quickly).
LOCK_WAIT_S = float(os.environ.get("ZG_LOCK_WAIT_S") or 10)
SQLITE_BUSY_TIMEOUT_MS = int(LOCK_WAIT_S * 1000)
T = TypeVar("T")
WRITE = "zg_write"  # execution option: this transaction takes the write lock first
READ = "zg_read"  # execution option: this transaction only reads (a snapshot)
LOCK_POLL_MS = 8  # SQLite's busy handler sleeps 1, 2 and 5 ms within this, then we try again
WAIT_MS = "zg_wait_ms"  # execution option: wait this long for the lock instead


def redact(url: str) -> str:
    """The URL without its password, for the status bar and messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url


def normalise_url(url: str) -> str:
    # `postgresql://` would pick psycopg2; we ship psycopg 3.
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


class Database:
    """A connected, migrated database and a session factory over it."""

    def __init__(self, url: str, *, migrate: bool = True, clock: Clock | None = None) -> None:
        from sqlalchemy import create_engine, event
        from sqlalchemy.orm import sessionmaker

        # Every service reaches "now" through here, so one object controls time for a console.
        self.clock: Clock = clock or SystemClock()
        # What a committed unit of work changed, for the panels that show it (common.changes).
        self.changes = ChangeBus()

        self.url = normalise_url(url)
        self.is_sqlite = self.url.startswith("sqlite")
        self.presence: turns.Presence | None = None
        kwargs: dict[str, object] = {}
        if self.is_sqlite:
            path = self.url.split("///", 1)[1] if "///" in self.url else ""
            if path and path != ":memory:":
                try:
                    Path(path).parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:  # a user's mistake (bad or unwritable folder), not a bug
                    raise DatabaseError(
                        _("无法创建数据库文件夹 {folder}：{error}").format(
                            folder=Path(path).parent, error=exc.strerror or exc
                        )
                    ) from exc
                from app.services.maintenance.sqlite_files import refuse_network_share

                refuse_network_share(Path(path))
                # this console has the shop open (a SQLite import alone with it may go faster)
                self.presence = turns.Presence(path)
            kwargs["connect_args"] = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        else:
            kwargs["pool_pre_ping"] = True
        try:
            self.engine: Engine = create_engine(self.url, **kwargs)
        except Exception as exc:  # bad URL syntax, unknown driver
            raise DatabaseError(_("数据库地址无效：{error}").format(error=exc)) from exc
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "begin", _sqlite_begin)
            event.listen(self.engine, "before_cursor_execute", _sqlite_writes_to_main, retval=True)
        else:
            event.listen(self.engine, "connect", _pg_settings)
            event.listen(self.engine, "begin", _pg_begin)
        # Connections of units of work that write: the write lock comes first.
        self.writer: Engine = self.engine.execution_options(**{WRITE: True})
        # The clock rides along in `session.info` for code that only gets a session (the log).
        self.Session: sessionmaker[Session] = sessionmaker(
            self.writer, expire_on_commit=False, info={"clock": self.clock}
        )
        self._waiting: dict[int, sessionmaker[Session]] = {}
        self.ReadSession: sessionmaker[Session] = sessionmaker(
            self.engine.execution_options(**{READ: True}), expire_on_commit=False, info={"clock": self.clock}
        )
        try:
            self._check_and_migrate(migrate)
        except BaseException:
            self.engine.dispose()  # a refused database keeps no connection open
            raise
        from app.models import Base  # every model registered before the first session

        del Base

    @property
    def display_url(self) -> str:
        return redact(self.url)

    @contextmanager
    def session(self, *, wait_s: float | None = None) -> Iterator[Session]:
        """One unit of work: the write lock first, committed on success, rolled back on
        any error. `wait_s` waits that long for the lock instead of `LOCK_WAIT_S`."""
        maker = self.Session if wait_s is None else self._waiting_maker(int(wait_s * 1000))
        with busy_errors(wait_s), maker.begin() as session:
            yield session

    def _waiting_maker(self, wait_ms: int) -> sessionmaker[Session]:
        """Units of work that wait `wait_ms` for the lock (imports): one maker per bound."""
        from sqlalchemy.orm import sessionmaker

        maker = self._waiting.get(wait_ms)
        if maker is None:
            maker = self._waiting[wait_ms] = sessionmaker(
                self.writer.execution_options(**{WAIT_MS: wait_ms}),
                expire_on_commit=False, info={"clock": self.clock})
        return maker

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only unit of work on one consistent snapshot; never waits for a writer
        (SQLite WAL), and refuses to write (`PRAGMA query_only`)."""
        with busy_errors(None), self.ReadSession.begin() as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
        if self.presence is not None:
            self.presence.close()

    # -- schema -----------------------------------------------------------------------
    def current_revision(self) -> str | None:
        from sqlalchemy import inspect, text

        with self._connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return None
            revision: str | None = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            return revision

    def _connect(self) -> Connection:
        from sqlalchemy import exc

        try:
            conn = self.engine.connect()
        except exc.OperationalError as error:
            raise DatabaseError(
                _("无法连接数据库 {url}：{error}").format(url=self.display_url, error=_short(error))
            ) from error
        except exc.DatabaseError as error:  # e.g. not a database file
            raise DatabaseError(
                _("数据库 {url} 已损坏或不是掌柜的数据库：{error}").format(
                    url=self.display_url, error=_short(error)
                )
            ) from error
        return conn

    def _check_and_migrate(self, migrate: bool) -> None:
        from sqlalchemy import exc

        try:
            revision = self.current_revision()
        except exc.DatabaseError as error:
            raise DatabaseError(
                _("数据库 {url} 已损坏或不是掌柜的数据库：{error}").format(
                    url=self.display_url, error=_short(error)
                )
            ) from error
        if revision == HEAD:
            return
        if revision is not None and revision not in KNOWN_REVISIONS:
            raise SchemaTooNew(
                _(
                    "数据库 {url} 来自更新版本的掌柜（结构版本 {revision}），"
                    "本版本无法打开它。请升级掌柜后再试；数据库未作任何改动。"
                ).format(url=self.display_url, revision=revision)
            )
        if revision is None and self._has_foreign_tables():
            raise DatabaseError(
                _("数据库 {url} 中已有其他程序的数据表，掌柜不会改动它。").format(
                    url=self.display_url
                )
            )
        if migrate:  # a SQLite shop is backed up first and put back if the upgrade fails
            from app.services.maintenance.sqlite_files import migrate_with_backup

            migrate_with_backup(self, revision, lambda: upgrade(self))

    def _has_foreign_tables(self) -> bool:
        from sqlalchemy import inspect

        with self._connect() as conn:
            return bool(inspect(conn).get_table_names())


def _short(error: Exception) -> str:
    text = str(getattr(error, "orig", error) or error)
    return text.strip().splitlines()[0] if text.strip() else type(error).__name__


@contextmanager
def busy_errors(wait_s: float | None) -> Iterator[None]:
    """A lock not had in time (SQLite "database is locked", PostgreSQL lock_timeout) as
    `Busy`, a constraint refusing a raced write as `Conflict`, both in the user's language;
    any other driver error as it is."""
    from sqlalchemy import exc

    try:
        yield
    except exc.IntegrityError as error:
        # The service checked first (a nick is free, an id is new), but on PostgreSQL another
        # console's unit can race past that check; the database's constraint refuses the
        # second one. Nothing was written.
        raise Conflict(_("同一时间有其他人修改了相同的数据，没有保存任何内容。请刷新后再试。")) from error
    except (exc.OperationalError, sqlite3.OperationalError) as error:  # ours: raised while beginning
        if not is_lock_timeout(error):
            raise
        raise Busy(_("数据库正忙：另一个导入或写入正在进行，等待 {n} 秒后仍未完成。"
                     "请等它完成后再试。").format(n=round(wait_s if wait_s is not None else LOCK_WAIT_S))) from None


RACE_STATES = frozenset({"23505", "40001", "40P01"})  # unique violation, serialization, deadlock
RACE_ATTEMPTS = 3


def retry_races(unit: Callable[[], T]) -> T:
    """Run a unit of work, again when PostgreSQL reports that it lost a race to another
    writer's concurrent transaction (it was rolled back whole, so running it again is safe).
    SQLite writers never race: they hold the write lock from their first statement."""
    from sqlalchemy import exc

    for attempt in range(RACE_ATTEMPTS):
        try:
            return unit()
        except (Conflict, exc.IntegrityError, exc.OperationalError) as error:
            driver = error.__cause__ if isinstance(error, Conflict) else error  # see busy_errors
            state = getattr(getattr(driver, "orig", None), "sqlstate", None)
            if state not in RACE_STATES or attempt == RACE_ATTEMPTS - 1:
                raise
    raise AssertionError("not reached")


def is_lock_timeout(error: Exception) -> bool:
    orig = getattr(error, "orig", error)
    if isinstance(orig, sqlite3.OperationalError):
        text = str(orig).lower()
        return "locked" in text or "busy" in text
    return getattr(orig, "sqlstate", None) == "55P03"  # PostgreSQL lock_not_available


def _sqlite_begin(conn: Connection) -> None:
    """Begin a SQLite transaction ourselves (the driver's own would start only at the first
    write, after the reads it decided on): IMMEDIATE for writers, a snapshot for readers."""
    options = conn.get_execution_options()
    raw = conn.connection.driver_connection
    assert raw is not None  # a checked-out connection has its driver connection
    info = conn.connection.info
    wait_ms = options.get(WAIT_MS, SQLITE_BUSY_TIMEOUT_MS)
    if info.get(WAIT_MS, SQLITE_BUSY_TIMEOUT_MS) != wait_ms:
        raw.execute(f"PRAGMA busy_timeout = {int(wait_ms)}")
        info[WAIT_MS] = wait_ms
    read = bool(options.get(READ))
    if info.get(READ, False) != read:  # flip only when it changes
        raw.execute(f"PRAGMA query_only = {int(read)}")
        info[READ] = read
    staging.begin(raw, info, (lambda: _take_write_lock(raw, info, wait_ms)) if options.get(WRITE)
                  else (lambda: raw.execute("BEGIN")))


def _take_write_lock(raw: sqlite3.Connection, info: dict[str, Any], wait_ms: int) -> None:
    """BEGIN IMMEDIATE, trying again every few milliseconds until `wait_ms` has passed.
    SQLite's own busy handler sleeps up to 100 ms between tries, so a writer waiting behind an
    import that commits in short transactions would mostly miss the moments between them."""
    deadline = time.monotonic() + wait_ms / 1000
    raw.execute(f"PRAGMA busy_timeout = {LOCK_POLL_MS}")
    try:
        try:
            raw.execute("BEGIN IMMEDIATE")  # nearly always at once
            return
        except sqlite3.OperationalError as error:
            if not is_lock_timeout(error):
                raise
        with turns.waiting(raw, info):
            while True:
                try:
                    raw.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as error:
                    if not is_lock_timeout(error) or time.monotonic() >= deadline:
                        raise
    finally:
        raw.execute(f"PRAGMA busy_timeout = {int(wait_ms)}")


def _sqlite_writes_to_main(conn: Connection, _cursor: Any, statement: str, parameters: Any,
                           _context: Any, _many: bool) -> tuple[str, Any]:
    return staging.to_main(statement, conn.connection.info), parameters


def _pg_settings(dbapi_conn: Any, _record: object) -> None:
    """Every connection waits for a lock at most `LOCK_WAIT_S` (set here, not in the URL's
    `options`, which may already carry a search_path), and plans its server-side cursors
    (`yield_per` streams, which always read to the end) for every row, not the first tenth:
    planned for the first rows, the summaries' line stream chose a nested loop over a
    re-scanned table (26 s instead of 0.3 s after a 300k-row import)."""
    was = dbapi_conn.autocommit
    dbapi_conn.autocommit = True  # a SET inside a transaction would be rolled back with it
    dbapi_conn.execute(f"SET lock_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    dbapi_conn.execute("SET cursor_tuple_fraction = 1.0")
    dbapi_conn.autocommit = was


def _pg_begin(conn: Connection) -> None:
    """A PostgreSQL writer waits for row and advisory locks up to its own bound."""
    wait_ms = conn.get_execution_options().get(WAIT_MS)
    if wait_ms is not None:
        conn.exec_driver_sql(f"SET LOCAL lock_timeout = {int(wait_ms)}")


def _sqlite_pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    # We begin transactions ourselves (`_sqlite_begin`); the driver stays out of it.
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def alembic_config(db: Database) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).resolve().parents[2] / "models" / "migrations"))
    cfg.attributes["engine"] = db.engine
    return cfg


def upgrade(db: Database, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(db), revision)
