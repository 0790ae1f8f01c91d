"""`db copy` (METRICS §10): the whole shop into an empty database, SQLite ⇄ PostgreSQL, reports
equal on both sides; consoles on the copy route together; bad targets change nothing."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from app.cli import main
from app.services.common.errors import Conflict, DatabaseError
from app.services.container import Services
from app.services.maintenance.dbcopy import copy_database
from tests.scratch_pg import scratch_database

PG_URL = os.environ.get("TEST_PG_URL")
PER_WORKER = 15

pytestmark = pytest.mark.db


@pytest.fixture
def demo_file(tmp_path: Path) -> str:
    from app.services.demo import seed_demo_shop

    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    services = Services.open(url)
    seed_demo_shop(services)
    services.close()
    return url


@pytest.fixture
def pg_empty() -> Iterator[str]:
    """A throw-away, empty PostgreSQL database beside the test one."""
    if not PG_URL:
        pytest.skip("needs TEST_PG_URL")
    with scratch_database(PG_URL, "zg_inst") as url:
        yield url


def _rounded(value: object) -> object:
    # Averages may differ in the last bit when the server sums in another order.
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value


def _report(url: str, capsys: pytest.CaptureFixture[str]) -> object:
    capsys.readouterr()
    assert main(["--db", url, "report", "agents", "--from", "2020-01-01", "--to", "2030-12-31"]) == 0
    return _rounded(json.loads(capsys.readouterr().out))


def _counts(url: str) -> dict[str, int]:
    from app.models import Base

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with engine.connect() as conn:
            return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                    for t in Base.metadata.sorted_tables}
    finally:
        engine.dispose()


def _rows(url: str, table: str) -> list[tuple[object, ...]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(f"SELECT * FROM {table} ORDER BY 1, 2"))]
    finally:
        engine.dispose()


def test_copy_to_another_sqlite_file_gives_equal_reports(demo_file: str, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    target = f"sqlite:///{tmp_path / 'copy.sqlite3'}"
    result = copy_database(demo_file, target)
    assert result.rows == _counts(target) == _counts(demo_file)
    assert result.rows["messages"] > 100
    assert _report(target, capsys) == _report(demo_file, capsys)
    # rows are the same, not just as many: the target's triggers (auth_version bumped when
    # role permissions are inserted) do not leave their mark on the copy
    for table in ("accounts", "role_permissions", "audit_events", "routing_members"):
        assert _rows(target, table) == _rows(demo_file, table), table


def test_copying_into_a_non_empty_database_is_refused(demo_file: str, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    target = f"sqlite:///{tmp_path / 'copy.sqlite3'}"
    copy_database(demo_file, target)
    before = _counts(target)
    with pytest.raises(Conflict) as err:
        copy_database(demo_file, target)
    assert "不是空的" in err.value.message
    assert _counts(target) == before
    capsys.readouterr()
    assert main(["--db", demo_file, "db", "copy", "--to", target]) == 2
    assert "不是空的" in capsys.readouterr().err


def test_an_unreachable_server_is_named_plainly(demo_file: str) -> None:
    with pytest.raises(DatabaseError) as err:
        copy_database(demo_file, "postgresql://zg:zg@127.0.0.1:1/nowhere")
    assert "无法连接数据库" in err.value.message and ":zg@" not in err.value.message


@pytest.mark.postgres
def test_a_wrong_postgresql_password_changes_nothing(demo_file: str, pg_empty: str) -> None:
    from sqlalchemy.engine import make_url

    wrong = make_url(pg_empty).set(password="not-the-password").render_as_string(hide_password=False)
    with pytest.raises(DatabaseError) as err:
        copy_database(demo_file, wrong)
    assert "拒绝了用户名或密码" in err.value.message and "not-the-password" not in err.value.message
    engine = create_engine(pg_empty)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).scalar() == 0
    engine.dispose()


@pytest.mark.postgres
def test_copy_to_postgresql_gives_equal_reports_and_back(demo_file: str, pg_empty: str, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    result = copy_database(demo_file, pg_empty)
    assert result.rows == _counts(pg_empty) == _counts(demo_file)
    original = _report(demo_file, capsys)
    assert _report(pg_empty, capsys) == original
    back = f"sqlite:///{tmp_path / 'back.sqlite3'}"
    copy_database(pg_empty, back)
    assert _report(back, capsys) == original
    assert _counts(back) == _counts(demo_file)


def _route(url: str, worker: int) -> list[int]:
    services = Services.open(url)
    try:
        owner = services.auth.owner_actor()
        return [services.routing.route(owner, f"新买家{worker}-{n}", "在吗").conversation_id
                for n in range(PER_WORKER)]
    finally:
        services.close()


@pytest.mark.postgres
def test_two_consoles_route_together_on_the_copied_postgresql(demo_file: str, pg_empty: str) -> None:
    from app.models.conversations import Conversation
    from app.models.routing import RoutingMember

    copy_database(demo_file, pg_empty)
    before = _counts(pg_empty)["conversations"]
    with ProcessPoolExecutor(max_workers=2, mp_context=get_context("spawn")) as pool:
        futures = [pool.submit(_route, pg_empty, w) for w in range(2)]
        results = [f.result(timeout=300) for f in futures]
    ids = [cid for batch in results for cid in batch]
    assert len(set(ids)) == len(ids) == 2 * PER_WORKER  # new ids after the copied ones: no collision
    engine = create_engine(pg_empty)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Conversation)).scalar_one() == before + 2 * PER_WORKER
        loads = dict(conn.execute(select(Conversation.agent_id, func.count())
                                  .where(Conversation.status == "open").group_by(Conversation.agent_id)).all())
        capacity = dict(conn.execute(select(RoutingMember.account_id, func.max(RoutingMember.capacity))
                                     .group_by(RoutingMember.account_id)).all())
    engine.dispose()
    assert all(n <= capacity.get(agent, n) for agent, n in loads.items() if agent is not None), (loads, capacity)


def test_a_typed_password_is_split_off_the_address_to_be_kept() -> None:
    from app.services.maintenance.connection import split_password, with_password

    bare, password = split_password("postgresql://zg:pa:ss@db.example:5433/shop?sslmode=require")
    assert password == "pa:ss" and "pa:ss" not in bare and "sslmode=require" in bare
    assert split_password(with_password(bare, password)) == (bare, password)
