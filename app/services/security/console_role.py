"""The PostgreSQL role a shared-database console connects with (docs/security.md).

The shop's tables are owned by the administrator's role (the one migrations run as). A
console role owns nothing and may:
- read and write the shop's tables, except that it may only INSERT into (and read) the
  operation log — never UPDATE, DELETE or TRUNCATE it — and read the chain head;
- read every column of `accounts` except `password_hash`; it checks passwords through the
  SECURITY DEFINER functions `zg_password_settings`/`zg_password_matches`, which never
  return a hash;
- not alter or drop anything, so it cannot remove the log's triggers either.
"""

from __future__ import annotations

import re

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from app.i18n import _
from app.services.common.errors import ValidationError

_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
HIDDEN_ACCOUNT_COLUMNS = frozenset({"password_hash"})
APPEND_ONLY_TABLES = ("audit_events",)


def create_console_role(engine: Engine, name: str, password: str) -> None:
    """Create (or re-grant) the login role `name` on the shop's PostgreSQL database."""
    if engine.dialect.name != "postgresql":
        raise ValidationError(_("控制台角色只用于 PostgreSQL 数据库。"))
    if not _NAME.match(name or ""):
        raise ValidationError(_("角色名只能包含小写字母、数字和下划线，且不能以数字开头。"))
    if len(password or "") < 12:
        raise ValidationError(_("控制台角色的密码至少 12 个字符。"))
    with engine.begin() as conn:
        schema = conn.execute(text("SELECT current_schema()")).scalar()
        database = conn.execute(text("SELECT current_database()")).scalar()
        exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).scalar()
        quoted_pw = conn.execute(text("SELECT quote_literal(:p)"), {"p": password}).scalar()
        verb = "ALTER" if exists else "CREATE"
        conn.execute(text(f'{verb} ROLE "{name}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD {quoted_pw}'))
        conn.execute(text(f'GRANT CONNECT ON DATABASE "{database}" TO "{name}"'))
        conn.execute(text(f'GRANT USAGE ON SCHEMA "{schema}" TO "{name}"'))
        tables = inspect(conn).get_table_names(schema=schema)
        for table in tables:
            conn.execute(text(f'REVOKE ALL ON "{schema}"."{table}" FROM "{name}"'))
            if table == "alembic_version":
                privileges = "SELECT"
            elif table in APPEND_ONLY_TABLES:
                privileges = "SELECT, INSERT"
            elif table == "accounts":
                privileges = "INSERT, UPDATE, DELETE"
            else:
                privileges = "SELECT, INSERT, UPDATE, DELETE"
            conn.execute(text(f'GRANT {privileges} ON "{schema}"."{table}" TO "{name}"'))
        columns = [
            c["name"] for c in inspect(conn).get_columns("accounts", schema=schema)
            if c["name"] not in HIDDEN_ACCOUNT_COLUMNS
        ]
        listed = ", ".join(f'"{c}"' for c in columns)
        conn.execute(text(f'GRANT SELECT ({listed}) ON "{schema}"."accounts" TO "{name}"'))
        conn.execute(text(f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "{schema}" TO "{name}"'))
        for function in ("zg_password_settings(integer)", "zg_password_matches(integer, text)"):
            conn.execute(text(f'GRANT EXECUTE ON FUNCTION "{schema}".{function} TO "{name}"'))
