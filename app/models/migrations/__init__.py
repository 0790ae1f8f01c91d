"""Alembic migrations. `HEAD` lets start-up skip importing Alembic when the schema is current.

A test checks these two constants against the scripts in `versions/`.
"""

HEAD = "0006"
KNOWN_REVISIONS = frozenset({"0001", "0002", "0003", "0004", "0005", "0006"})
