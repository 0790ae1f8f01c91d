"""The data layer: migrations, pragmas, and refusing databases we must not touch."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from app.models.migrations import HEAD, KNOWN_REVISIONS, compared
from app.services.common.database import Database, alembic_config
from app.services.common.errors import DatabaseError, SchemaTooNew


def test_head_constants_match_the_migration_scripts() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_cfg())
    assert script.get_heads() == [HEAD]
    assert {r.revision for r in script.walk_revisions()} == set(KNOWN_REVISIONS)


def _cfg():  # type: ignore[no-untyped-def]
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).resolve().parents[2] / "app/models/migrations"))
    return cfg


def test_migrated_schema_matches_the_models(db_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from app.models import Base

    db = Database(db_url)
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": compared(conn.dialect.name)})
        diff = compare_metadata(context, Base.metadata)
    db.dispose()
    assert diff == []


def test_migrations_downgrade_and_upgrade_again(db_url: str) -> None:
    from alembic import command

    db = Database(db_url)
    command.downgrade(alembic_config(db), "base")
    assert db.current_revision() is None
    command.upgrade(alembic_config(db), "head")
    assert db.current_revision() == HEAD
    db.dispose()


def test_a_newer_schema_is_refused_and_left_alone(db_url: str) -> None:
    db = Database(db_url)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'f00dfeed9999'"))
    db.dispose()
    with pytest.raises(SchemaTooNew) as exc:
        Database(db_url)
    assert "更新版本" in exc.value.message
    from sqlalchemy import create_engine

    from app.services.common.database import normalise_url

    engine = create_engine(normalise_url(db_url))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "f00dfeed9999"
    engine.dispose()


def test_sqlite_runs_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'z.sqlite3'}")
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
    db.dispose()


def test_a_corrupt_file_gets_a_clear_message_and_is_not_changed(tmp_path: Path) -> None:
    path = tmp_path / "broken.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    before = path.read_bytes()
    with pytest.raises(DatabaseError) as exc:
        Database(f"sqlite:///{path}")
    assert "损坏" in exc.value.message
    assert path.read_bytes() == before


def test_another_programs_database_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY)")
    with pytest.raises(DatabaseError):
        Database(f"sqlite:///{path}")
    with sqlite3.connect(path) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"customers"}


def test_an_unreachable_server_gets_a_clear_message() -> None:
    with pytest.raises(DatabaseError) as exc:
        Database("postgresql://nobody:secret@127.0.0.1:1/none")
    assert "无法连接数据库" in exc.value.message
    assert "secret" not in exc.value.message  # the password is never shown


def test_a_malformed_url_gets_a_clear_message() -> None:
    with pytest.raises(DatabaseError):
        Database("nonsense://")


def test_aware_utc_round_trip(shop) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime, timedelta, timezone

    from app.models.audit import AuditEvent

    shanghai = timezone(timedelta(hours=8))
    at = datetime(2026, 11, 11, 9, 30, tzinfo=shanghai)
    with shop.db.session() as s:
        s.add(AuditEvent(action="test", at=at))
    with shop.db.session() as s:
        stored = s.query(AuditEvent).filter_by(action="test").one().at
    assert stored == at and stored.tzinfo is not None
    assert stored.astimezone(UTC).hour == 1


def test_a_message_needs_its_conversation_and_goes_with_it(db_url: str) -> None:
    """The foreign key's rules hold on both databases (PostgreSQL checks them per statement,
    migration 0007): a message naming no conversation is refused, in a single insert and
    in a bulk one, and deleting a conversation deletes its messages."""
    from sqlalchemy.exc import IntegrityError

    db = Database(db_url)
    columns = "conversation_id, sender, buyer_nick, sent_at, content, ad_auto, fingerprint"
    values = "({c}, 'buyer', 'b', '2026-11-11 01:00:00+00', 'q', false, '')"
    with db.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO conversations (external_id, buyer_nick, source, status, entry_page, buyer_tags, created_at)"
            " VALUES ('c1', 'b', 'import', 'closed', '', '', '2026-11-11 01:00:00+00')"))
        cid = conn.execute(text("SELECT id FROM conversations WHERE external_id = 'c1'")).scalar_one()
        conn.execute(text(f"INSERT INTO messages ({columns}) VALUES {values.format(c=cid)}, {values.format(c=cid)}"))
    for bad in ([cid + 1], [cid, cid + 1]):
        with pytest.raises(IntegrityError), db.engine.begin() as conn:
            conn.execute(text(f"INSERT INTO messages ({columns}) VALUES "
                              + ", ".join(values.format(c=c) for c in bad)))
    with pytest.raises(IntegrityError), db.engine.begin() as conn:
        conn.execute(text("UPDATE messages SET conversation_id = :c"), {"c": cid + 1})
    with db.engine.begin() as conn:
        assert conn.execute(text("SELECT count(*) FROM messages")).scalar_one() == 2
        conn.execute(text("DELETE FROM conversations WHERE id = :c"), {"c": cid})
        assert conn.execute(text("SELECT count(*) FROM messages")).scalar_one() == 0
    db.dispose()
