"""The operation log as a hash chain (METRICS §9), append-only in the database, and the
PostgreSQL console role (issue 18.7)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from app.services.common import audit
from app.services.common.database import normalise_url
from app.services.common.errors import AuthError
from app.services.security.console_role import create_console_role
from tests.conftest import OWNER_PASSWORD, OWNER_PHONE
from tests.services.test_subaccounts_service import make_sub


def _verify(svc, heads=()):  # type: ignore[no-untyped-def]
    with svc.db.engine.connect() as conn:
        return audit.verify(conn, list(heads))


def _busy_log(svc, owner) -> None:  # type: ignore[no-untyped-def]
    make_sub(svc, owner, "小美", phone="13912345678", password="Staff-pass1", verify=True)
    make_sub(svc, owner, "小兰", phone="13912345679", password="Staff-pass1")


def test_the_chain_is_intact_after_ordinary_work(shop, owner) -> None:  # type: ignore[no-untyped-def]
    _busy_log(shop, owner)
    report = _verify(shop)
    assert report.intact and report.entries >= 5 and report.first_bad is None
    assert audit.parse_head_code(report.head) == (report.head_seq, report.head_hash[:8])


def test_the_log_refuses_update_and_delete_in_the_database(shop, owner) -> None:  # type: ignore[no-untyped-def]
    with shop.db.engine.connect() as conn:
        for sql in ("UPDATE audit_events SET target = 'x'", "DELETE FROM audit_events"):
            with pytest.raises(DBAPIError, match="append-only"):
                conn.execute(text(sql))
            conn.rollback()


def _drop_guards(conn) -> None:  # type: ignore[no-untyped-def]
    """What an intruder holding the file or the owner's database account can do first."""
    if conn.dialect.name == "sqlite":
        conn.execute(text("DROP TRIGGER zg_audit_no_update"))
        conn.execute(text("DROP TRIGGER zg_audit_no_delete"))
    else:
        conn.execute(text("DROP TRIGGER zg_audit_append_only ON audit_events"))


@pytest.mark.parametrize("tamper", ["edit", "delete", "insert", "reorder"])
def test_raw_sql_tampering_is_found(shop, owner, tamper) -> None:  # type: ignore[no-untyped-def]
    _busy_log(shop, owner)
    with shop.db.engine.begin() as conn:
        _drop_guards(conn)
        ids = [r[0] for r in conn.execute(text("SELECT id FROM audit_events ORDER BY id"))]
        middle = ids[len(ids) // 2]
        if tamper == "edit":
            conn.execute(text("UPDATE audit_events SET target = '别人' WHERE id = :i"), {"i": middle})
        elif tamper == "delete":
            conn.execute(text("DELETE FROM audit_events WHERE id = :i"), {"i": middle})
        elif tamper == "insert":
            conn.execute(
                text("INSERT INTO audit_events (id, at, actor_id, actor_nick, action, target, detail, seq, prev_hash, hash) "
                     "SELECT :n, at, actor_id, actor_nick, 'subaccount.delete', target, detail, :s, hash, hash "
                     "FROM audit_events WHERE id = :last"),
                {"n": ids[-1] + 1, "s": len(ids) + 1, "last": ids[-1]},
            )
        else:  # swap two entries' places
            a, b = ids[1], ids[2]
            conn.execute(text("UPDATE audit_events SET id = -1 WHERE id = :a"), {"a": a})
            conn.execute(text("UPDATE audit_events SET id = :a WHERE id = :b"), {"a": a, "b": b})
            conn.execute(text("UPDATE audit_events SET id = :b WHERE id = -1"), {"b": b})
    report = _verify(shop)
    assert not report.intact and report.first_bad is not None and report.reason


def test_cutting_the_newest_entries_is_caught_against_a_known_head(shop, owner) -> None:  # type: ignore[no-untyped-def]
    _busy_log(shop, owner)
    head = _verify(shop)
    code = audit.parse_head_code(head.head)
    with shop.db.engine.begin() as conn:
        _drop_guards(conn)
        conn.execute(text("DELETE FROM audit_events WHERE seq >= :s"), {"s": head.head_seq - 1})
    assert _verify(shop).intact  # a shorter chain is still a chain…
    report = _verify(shop, [code])
    assert not report.intact and "删除" in report.reason  # …but not the one the owner wrote down
    kept = shop.credentials.load_head(shop.db.display_url)  # the keyring copy, after each commit
    assert kept is not None and kept[0] == head.head_seq


def test_appends_from_many_threads_make_one_chain(shop, owner) -> None:  # type: ignore[no-untyped-def]
    import threading

    def work(n: int) -> None:
        for i in range(5):
            with shop.db.session() as s:
                audit.record(s, owner, "test.append", f"{n}-{i}")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert _verify(shop).intact


def test_the_console_role_appends_but_cannot_rewrite_or_read_hashes(db_url, shop, owner) -> None:  # type: ignore[no-untyped-def]
    if not db_url.startswith("postgresql"):
        pytest.skip("database roles are PostgreSQL's")
    create_console_role(shop.db.engine, "zg_test_console", "console-secret-12")
    from sqlalchemy.engine import make_url

    url = make_url(normalise_url(db_url)).set(username="zg_test_console", password="console-secret-12")
    from app.services.container import Services

    console = Services.open(url.render_as_string(hide_password=False))
    try:
        actor = console.auth.sign_in(OWNER_PHONE, OWNER_PASSWORD)  # passwords checked without the hash
        assert actor.is_main
        with pytest.raises(AuthError):
            console.auth.sign_in(OWNER_PHONE, "wrong-pass1", device_id="x")
        engine = console.db.engine
        for sql in ("UPDATE audit_events SET target = 'x'", "DELETE FROM audit_events",
                    "SELECT password_hash FROM accounts", "DROP TRIGGER zg_audit_append_only ON audit_events"):
            with engine.connect() as conn, pytest.raises(DBAPIError, match="permission denied|must be owner"):
                conn.execute(text(sql))
        assert _verify(console).intact
    finally:
        console.close()
        admin = create_engine(normalise_url(db_url))
        with admin.begin() as conn:
            conn.execute(text("DROP OWNED BY zg_test_console"))
            conn.execute(text("DROP ROLE zg_test_console"))
        admin.dispose()


def test_entries_written_before_the_chain_are_chained_by_the_migration(db_url) -> None:  # type: ignore[no-untyped-def]
    from app.services.common.database import Database, upgrade

    db = Database(db_url, migrate=False)
    upgrade(db, "0004")
    with db.engine.begin() as conn:
        for i in range(3):
            conn.execute(
                text("INSERT INTO audit_events (at, actor_id, actor_nick, action, target, detail) "
                     "VALUES (:at, NULL, '老板', 'shop.create', :t, :d)"),
                {"at": f"2026-0{i + 1}-01 08:00:00.000000" if db.is_sqlite else f"2026-0{i + 1}-01 08:00:00+00",
                 "t": f"店{i}", "d": json.dumps({"n": i, "名": "值"}, ensure_ascii=False)},
            )
    upgrade(db)
    report = _verify_db(db)
    assert report.intact and report.entries == 3
    with db.session() as s:
        audit.record(s, None, "test.after", "x")
    assert _verify_db(db).intact and _verify_db(db).entries == 4
    db.dispose()


def _verify_db(db):  # type: ignore[no-untyped-def]
    with db.engine.connect() as conn:
        return audit.verify(conn)
