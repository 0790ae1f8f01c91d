"""Write a new Alembic migration from the difference between the models and the schema the
existing migrations build:  python tools/new_migration.py "what changed"

It migrates a scratch SQLite database to head, autogenerates the difference (batch mode, so
SQLite can alter tables), and reminds you to update `app/models/migrations/__init__.py`.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(message: str, rev_id: str | None = None) -> None:
    from alembic import command
    from sqlalchemy import create_engine

    from app.models import Base  # noqa: F401 - registers every model
    from app.services.common.database import Database, alembic_config

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/scratch.sqlite3"
        create_engine(url).dispose()
        db = Database.__new__(Database)
        db.engine = create_engine(url)
        cfg = alembic_config(db)
        versions = ROOT / "app" / "models" / "migrations" / "versions"
        if any(versions.glob("*.py")):
            command.upgrade(cfg, "head")
        command.revision(cfg, message=message, autogenerate=True, rev_id=rev_id)
        db.engine.dispose()
    print("Now set HEAD and KNOWN_REVISIONS in app/models/migrations/__init__.py.")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__)
        raise SystemExit(2)
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
