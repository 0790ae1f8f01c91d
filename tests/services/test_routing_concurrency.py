"""Several consoles routing at once on one database never exceed a capacity or assign a
conversation twice: threads and processes, on PostgreSQL (own throw-away database) and on a
shared SQLite file."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from datetime import UTC, datetime
from multiprocessing import get_context

import pytest
from sqlalchemy import func, select

from app.models.accounts import Account
from app.models.conversations import Conversation
from app.models.routing import AgentPresence, RoutingDecision, RoutingGroup, RoutingMember
from tests.scratch_pg import scratch_database

PG_URL = os.environ.get("TEST_PG_URL")
CAPACITY = 3
AGENTS = 4
PER_WORKER = 12


def _setup(url: str) -> int:
    from app.services.container import Services

    services = Services.open(url)
    try:
        services.shop.create("测试小店", "13800138000", "Owner-pass1")
        with services.db.session() as s:
            group = s.scalars(select(RoutingGroup).where(RoutingGroup.preset_key == "presales")).one()
            for i in range(AGENTS):
                account = Account(kind="sub", nick=f"测试小店:客服{i}", status="active", takes_routing=True,
                                  verified_at=datetime.now(UTC))
                s.add(account)
                s.flush()
                s.add(RoutingMember(account_id=account.id, group_id=group.id, capacity=CAPACITY, position=i))
                s.add(AgentPresence(account_id=account.id, status="online"))
            return s.scalars(select(Account.id).where(Account.kind == "main")).one()
    finally:
        services.close()


def _worker(url: str, owner_id: int, worker: int, closes: bool = False) -> list[tuple[int, str]]:
    """One console: its own engine, routing (and closing) as fast as it can."""
    from app.services.accounts.permissions import Actor, owner_points
    from app.services.container import Services

    services = Services.open(url)
    owner = Actor(owner_id, "测试小店", True, owner_points())
    out = []
    try:
        for n in range(PER_WORKER):
            r = services.routing.route(owner, f"买家{worker}-{n}", "在吗")
            out.append((r.conversation_id, r.outcome))
            if closes and n % 3 == 2 and r.outcome == "assigned":
                services.routing.close(owner, r.conversation_id)
    finally:
        services.close()
    return out


def _check(url: str, results: list[list[tuple[int, str]]], closes: bool) -> None:
    from app.services.common.database import Database

    db = Database(url)
    try:
        with db.session() as s:
            total = len(results) * PER_WORKER
            ids = [cid for batch in results for cid, _o in batch]
            assert len(ids) == len(set(ids)) == total
            assert s.scalar(select(func.count()).select_from(Conversation)) == total
            loads = dict(s.execute(select(Conversation.agent_id, func.count())
                                   .where(Conversation.status == "open").group_by(Conversation.agent_id)).all())
            assert all(n <= CAPACITY for n in loads.values()), loads
            if not closes:
                assert sorted(loads.values()) == [CAPACITY] * AGENTS
                assert s.scalar(select(func.count()).select_from(Conversation)
                                .where(Conversation.status == "queued")) == total - CAPACITY * AGENTS
            # one decision per routing, plus one per drained conversation
            first = s.scalar(select(func.count(func.distinct(RoutingDecision.conversation_id))))
            assert first == total
    finally:
        db.dispose()


@pytest.fixture
def pg_database():  # type: ignore[no-untyped-def]
    if not PG_URL:
        pytest.skip("needs TEST_PG_URL")
    with scratch_database(PG_URL, "zg_routing") as url:
        yield url


@pytest.mark.postgres
@pytest.mark.parametrize("closes", [False, True])
def test_postgres_threads_never_exceed_capacity(pg_database: str, closes: bool) -> None:
    owner = _setup(pg_database)
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda w: _worker(pg_database, owner, w, closes), range(6)))
    _check(pg_database, results, closes)


@pytest.mark.postgres
def test_postgres_processes_never_exceed_capacity(pg_database: str) -> None:
    owner = _setup(pg_database)
    with ProcessPoolExecutor(max_workers=3, mp_context=get_context("spawn")) as pool:
        futures = [pool.submit(_worker, pg_database, owner, w) for w in range(3)]
        results = [f.result(timeout=300) for f in futures]
    _check(pg_database, results, False)


@pytest.mark.db
def test_sqlite_processes_share_one_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    owner = _setup(url)
    with ProcessPoolExecutor(max_workers=3, mp_context=get_context("spawn")) as pool:
        futures = [pool.submit(_worker, url, owner, w) for w in range(3)]
        results = [f.result(timeout=300) for f in futures]
    _check(url, results, False)
