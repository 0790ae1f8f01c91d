"""Testing a database address before a console switches to it (设置 → 数据库).

The password never goes into a file: the address is kept without it in the per-user settings
and the password in the OS keyring, under the scope `database:<address without password>`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.i18n import _
from app.models.migrations import HEAD, KNOWN_REVISIONS
from app.services.common.errors import DatabaseError, ValidationError

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from app.services.accounts.credentials import CredentialStore

CONNECT_TIMEOUT_S = 5


@dataclass(frozen=True)
class ProbeResult:
    url: str  # redacted
    server_version: str
    latency_ms: float  # one round trip (SELECT 1), best of three
    schema: str  # "empty" | "current" | "older" | "newer" | "foreign"


def with_password(url: str, password: str | None) -> str:
    from sqlalchemy.engine import make_url

    from app.services.common.database import normalise_url

    parsed = make_url(normalise_url(url))
    if password:
        parsed = parsed.set(password=password)
    return parsed.render_as_string(hide_password=False)


def split_password(url: str) -> tuple[str, str | None]:
    """(the address without its password, the password or None)."""
    from sqlalchemy.engine import URL, make_url

    from app.services.common.database import normalise_url

    try:
        parsed = make_url(normalise_url(url))
    except Exception as exc:
        raise ValidationError(_("数据库地址无效：{error}").format(error=exc)) from exc
    password = parsed.password
    bare = URL.create(parsed.drivername, parsed.username, None, parsed.host, parsed.port,
                      parsed.database, parsed.query)  # URL.set(password=None) keeps the old one
    return bare.render_as_string(hide_password=False), (str(password) if password else None)


def keyring_scope(url_without_password: str) -> str:
    return f"database:{url_without_password}"


def remember_password(store: CredentialStore, url_without_password: str, password: str) -> None:
    from sqlalchemy.engine import make_url

    login = make_url(url_without_password).username or ""
    store.save(keyring_scope(url_without_password), login, password)


def resolve(store: CredentialStore, url_without_password: str) -> str:
    """The full address: the password, if any, comes from the keyring."""
    remembered = store.load(keyring_scope(url_without_password))
    return with_password(url_without_password, remembered.password if remembered else None)


def probe(url: str) -> ProbeResult:
    """Connect, measure, and say what is there; nothing is written. Clear messages for an
    unreachable server and a refused password."""
    from sqlalchemy import create_engine, exc, inspect, text

    from app.services.common.database import normalise_url, redact

    url = normalise_url(url)
    shown = redact(url)
    kwargs: dict[str, object] = {}
    if url.startswith("postgresql"):
        kwargs["connect_args"] = {"connect_timeout": CONNECT_TIMEOUT_S}
    try:
        engine = create_engine(url, **kwargs)
    except Exception as error:
        raise ValidationError(_("数据库地址无效：{error}").format(error=error)) from error
    try:
        with engine.connect() as conn:
            rounds = []
            for _i in range(3):
                start = time.perf_counter()
                conn.execute(text("SELECT 1"))
                rounds.append((time.perf_counter() - start) * 1000)
            info = conn.dialect.server_version_info or ()
            version = ".".join(str(p) for p in info) if info else "?"
            name = "PostgreSQL" if conn.dialect.name == "postgresql" else "SQLite"
            schema = _schema_state(conn, inspect(conn).get_table_names())
    except exc.OperationalError as error:
        raise DatabaseError(_explain(shown, error)) from error
    except exc.DBAPIError as error:
        raise DatabaseError(_("无法使用数据库 {url}：{error}").format(url=shown, error=_first_line(error))) from error
    finally:
        engine.dispose()
    return ProbeResult(shown, f"{name} {version}", min(rounds), schema)


def _schema_state(conn: Connection, tables: list[str]) -> str:
    from sqlalchemy import text

    if not tables:
        return "empty"
    if "alembic_version" not in tables:
        return "foreign"
    revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if revision == HEAD:
        return "current"
    return "older" if revision in KNOWN_REVISIONS else "newer"


def _first_line(error: Exception) -> str:
    text = str(getattr(error, "orig", error) or error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _explain(shown: str, error: Exception) -> str:
    detail = _first_line(error)
    lowered = detail.lower()
    if "password authentication failed" in lowered or "no password supplied" in lowered:
        return _("数据库 {url} 拒绝了用户名或密码，请检查后再试。").format(url=shown)
    if "does not exist" in lowered and "database" in lowered:
        return _("数据库服务器上没有这个数据库：{url}。").format(url=shown)
    return _("无法连接数据库 {url}：{error}").format(url=shown, error=detail)
