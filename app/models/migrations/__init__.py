"""Alembic migrations. `HEAD` lets start-up skip importing Alembic when the schema is current.

A test checks these two constants against the scripts in `versions/`.
"""

from collections.abc import Callable

HEAD = "0008"
KNOWN_REVISIONS = frozenset({"0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008"})


def compared(dialect: str) -> Callable[..., bool]:
    """Alembic's `include_object` for a database: PostgreSQL checks some foreign keys with
    statement triggers instead (`STATEMENT_CHECKED_KEYS`), so its schema lacks them."""
    from app.models.conversations import STATEMENT_CHECKED_KEYS

    def include(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
        return not (dialect == "postgresql" and type_ == "foreign_key_constraint" and name in STATEMENT_CHECKED_KEYS)

    return include
