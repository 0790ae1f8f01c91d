"""`zhanggui simulate` as a real process: a fixed seed gives the same events twice, `--emit`
writes nothing to the shop, and without it the traffic lands through the conversation
service (conversations, replies, closes, orders, ratings)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from app.models.conversations import Conversation, Message, Order, Rating
from tests.cli.test_ingest_cli import team, zhanggui  # noqa: F401 - the fixture

pytestmark = pytest.mark.db

ARGS = ("simulate", "--seed", "42", "--rate", "4", "--minutes", "30", "--start", "2026-11-11 10:00:00")


def counts(services) -> tuple[int, int, int, int]:  # type: ignore[no-untyped-def]
    with services.db.session() as s:
        return tuple(int(s.scalar(select(func.count()).select_from(t)) or 0)  # type: ignore[return-value]
                     for t in (Conversation, Message, Order, Rating))


def test_same_seed_same_events_and_emit_writes_nothing(team, db_url: str) -> None:  # noqa: F811
    if not db_url.startswith("sqlite"):
        pytest.skip("--emit simulates on a scratch copy of a SQLite shop")
    first = zhanggui(db_url, *ARGS, "--emit")
    second = zhanggui(db_url, *ARGS, "--emit")
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    events = [json.loads(line) for line in first.stdout.splitlines()]
    assert len(events) > 100
    kinds = {(e["type"], e.get("sender")) for e in events}
    assert {("presence", None), ("message", "buyer"), ("message", "agent"), ("close", None)} <= kinds
    assert len({e["id"] for e in events}) == len(events)
    assert [e["at"] for e in events] == sorted(e["at"] for e in events)
    assert counts(team) == (0, 0, 0, 0)
    other = zhanggui(db_url, *ARGS[:2], "43", *ARGS[3:], "--emit")
    assert other.stdout != first.stdout


def test_simulate_writes_through_the_service(team, db_url: str) -> None:  # noqa: F811
    done = zhanggui(db_url, *ARGS, "--double11")
    assert done.returncode == 0, done.stderr
    assert "模拟 30.0 分钟" in done.stdout
    conversations, messages, orders, ratings = counts(team)
    assert conversations > 20 and messages > conversations
    assert orders > 0 and ratings > 0
    with team.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Message).where(Message.sender == "agent"))
        assert s.scalar(select(func.count()).select_from(Message).where(Message.ad_auto.is_(True)))
    refused = zhanggui(db_url, "simulate", "--rate", "0")
    assert refused.returncode == 2 and "--rate" in refused.stderr
