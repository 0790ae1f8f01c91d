"""Engine, sessions and migrations. Every service call opens and closes its own session.

SQLite gets WAL, foreign keys and a busy timeout; PostgreSQL URLs work the same way. The
schema is migrated with Alembic at start-up, but Alembic (slow to import) is only loaded
when the stored revision differs from the one this code was built for.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from app.i18n import _
from app.models.migrations import HEAD, KNOWN_REVISIONS
from app.services.common.changes import ChangeBus
from app.services.common.clock import Clock, SystemClock
from app.services.common.errors import DatabaseError, SchemaTooNew

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Connection, Engine
    from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 10_000


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
            kwargs["connect_args"] = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        else:
            kwargs["pool_pre_ping"] = True
        try:
            self.engine: Engine = create_engine(self.url, **kwargs)
        except Exception as exc:  # bad URL syntax, unknown driver
            raise DatabaseError(_("数据库地址无效：{error}").format(error=exc)) from exc
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
        # The clock rides along in `session.info` for code that only gets a session (the log).
        self.Session: sessionmaker[Session] = sessionmaker(
            self.engine, expire_on_commit=False, info={"clock": self.clock}
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
    def session(self) -> Iterator[Session]:
        """One unit of work: committed on success, rolled back on any error."""
        with self.Session.begin() as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()

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


def _sqlite_pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
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
