"""Alembic migrations. `HEAD` lets start-up skip importing Alembic when the schema is current.

A test checks these two constants against the scripts in `versions/`.
"""

HEAD = "0002"
KNOWN_REVISIONS = frozenset({"0001", "0002"})
