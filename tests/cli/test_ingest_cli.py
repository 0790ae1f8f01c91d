"""`zhanggui ingest [FILE] [--json]` as a real process (METRICS.md §7): per-line errors that do
not stop the stream, repeated ids skipped, blank lines not counted, exit codes, and crash
safety (SIGKILL mid-stream, then the whole stream again)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from app.models.accounts import Account
from app.models.conversations import Conversation, Message
from app.models.routing import RoutingGroup

pytestmark = pytest.mark.db

T0 = datetime(2026, 11, 11, 1, 0, tzinfo=UTC)


def zhanggui(url: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    return subprocess.run([sys.executable, "-m", "app", "--db", url, *args], capture_output=True, text=True,
                          env=env, timeout=300, input=stdin)


@pytest.fixture
def team(shop, owner):  # type: ignore[no-untyped-def]
    """小美 (capacity 1) and 阿杰 (capacity 2) in 售前; nobody online yet."""
    with shop.db.session() as s:
        presales = s.scalars(select(RoutingGroup).where(RoutingGroup.preset_key == "presales")).one().id
        ids = []
        for name in ("小美", "阿杰"):
            account = Account(kind="sub", nick=f"测试小店:{name}", status="active", takes_routing=True,
                              verified_at=T0)
            s.add(account)
            s.flush()
            ids.append(account.id)
    shop.routing.set_member(owner, ids[0], presales, capacity=1)
    shop.routing.set_member(owner, ids[1], presales, capacity=2)
    return shop


def ev(**fields: object) -> str:
    return json.dumps(fields, ensure_ascii=False)


def test_stream_with_bad_lines_repeated_ids_and_blank_lines(team, db_url: str, tmp_path: Path) -> None:
    lines = [
        ev(type="presence", agent="测试小店:小美", status="online", at="2026-11-11 09:00:00", id="p1"),  # 1
        ev(type="message", buyer="甲", sender="buyer", text="在吗", at="2026-11-11 09:00:10", id="m1"),  # 2
        "",  # 3: blank, not counted
        "{not json",  # 4
        "[1, 2]",  # 5: not an object
        ev(type="message", buyer="乙", sender="buyer", text="有货吗", at="2026-11-11 09:00:20"),  # 6: queued
        ev(type="message", buyer="乙", sender="agent", text="有的", at="2026-11-11 09:00:25"),  # 7: queued → bad
        ev(type="message", buyer="甲", sender="agent", text="在的", at="2026-11-11 09:00:30", id="m2"),  # 8
        ev(type="presence", agent="测试小店:无名", status="online", at="2026-11-11 09:00:31"),  # 9: unknown agent
        ev(type="close", buyer="丙", at="2026-11-11 09:00:32"),  # 10: no conversation
        ev(type="message", buyer="甲", sender="buyer", text="早", at="2026-11-11 08:00:00"),  # 11: too early
        ev(type="message", buyer="甲", sender="buyer", text="x" * 70_000, at="2026-11-11 09:00:40"),  # 12: > 64 KiB
        ev(type="message", buyer="甲", sender="buyer", text="在吗", at="2026-11-11 09:00:10", id="m1"),  # 13: skip
        ev(type="presence", agent="测试小店:小美", status="away", at="2026-11-11 09:00:41"),  # 14: unknown status
        "   ",  # 15: blank
        ev(type="close", buyer="甲", at="2026-11-11 09:00:50", id="c1"),  # 16: drains 乙 to 小美
        ev(type="transfer", buyer="乙", to="group:售后", note="退货", at="2026-11-11 09:00:55"),  # 17: nobody there
    ]
    path = tmp_path / "events.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = zhanggui(db_url, "ingest", str(path), "--json")
    assert done.returncode == 2
    assert json.loads(done.stdout) == {"lines": 15, "applied": 5, "skipped": 1, "rejected": 9}
    numbers = [int(line.split(" ")[1]) for line in done.stderr.splitlines()]
    assert numbers == [4, 5, 7, 9, 10, 11, 12, 14, 17]
    assert all(line.startswith(f"第 {n} 行：") for n, line in zip(numbers, done.stderr.splitlines(), strict=True))
    with team.db.session() as s:
        convs = {c.buyer_nick: c for c in s.scalars(select(Conversation))}
        assert convs["甲"].status == "closed" and convs["乙"].status == "open"
        assert convs["乙"].agent_id is not None
        texts = [m.content for m in s.scalars(select(Message).order_by(Message.id))]
    assert texts == ["在吗", "有货吗", "在的"]  # the rejected reply to the queued 乙 stored nothing
    # the same stream again: every id is skipped, the rest is refused as too early
    again = zhanggui(db_url, "--lang", "en", "ingest", str(path), "--json")
    assert json.loads(again.stdout)["skipped"] == 5 and again.returncode == 2  # p1, m1, m2, m1, c1
    assert again.stderr.splitlines()[0].startswith("line 4: ")


def test_stdin_summary_and_exit_zero(team, db_url: str) -> None:
    stream = "\n".join([
        ev(type="presence", agent="测试小店:阿杰", status="online", device="mobile", at="2026-11-11T01:00:00Z"),
        ev(type="message", buyer="甲", sender="buyer", text="在吗", entry="商品：保温杯", tags=["VIP"],
           at="2026-11-11T01:00:05Z"),
        ev(type="message", buyer="甲", sender="agent", agent="测试小店:阿杰", text="在的", at="2026-11-11T01:00:09Z"),
        ev(type="message", buyer="甲", sender="system", text="买家已下单", at="2026-11-11T01:00:09Z"),
    ])
    done = zhanggui(db_url, "ingest", stdin=stream)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "共 4 行：应用 4，跳过 0（重复的 id），拒绝 0"
    with team.db.session() as s:
        conv = s.scalars(select(Conversation)).one()
        assert (conv.entry_page, conv.buyer_tags, conv.last_message_at) == ("商品：保温杯", "VIP",
                                                                            datetime(2026, 11, 11, 1, 0, 9, tzinfo=UTC))


def _state(path: str) -> tuple[list[tuple[object, ...]], ...]:
    """Everything an interrupted and an uninterrupted run must agree on (not row ids)."""
    db = sqlite3.connect(path)
    try:
        convs = db.execute(
            "SELECT c.buyer_nick, c.status, a.nick, c.group_id, c.created_at, c.queued_at, c.assigned_at,"
            " c.last_message_at, c.closed_at FROM conversations c LEFT JOIN accounts a ON a.id = c.agent_id"
            " ORDER BY c.created_at, c.buyer_nick").fetchall()
        messages = db.execute(
            "SELECT c.buyer_nick, c.created_at, m.sender, m.agent_nick, m.sent_at, m.content, m.ad_auto"
            " FROM messages m JOIN conversations c ON c.id = m.conversation_id ORDER BY m.sent_at, m.id").fetchall()
        presence = db.execute("SELECT account_id, status, device FROM agent_presence ORDER BY account_id").fetchall()
        cursor = db.execute("SELECT last_event_at FROM live_cursor").fetchall()
        return convs, messages, presence, cursor
    finally:
        db.close()


def test_sigkill_mid_stream_then_the_whole_stream_again(team, db_url: str, tmp_path: Path) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("PRAGMA integrity_check is SQLite's")
    emitted = zhanggui(db_url, "simulate", "--seed", "7", "--rate", "12", "--minutes", "40",
                       "--start", "2026-11-11 20:00:00", "--emit")
    assert emitted.returncode == 0, emitted.stderr
    stream = tmp_path / "sim.jsonl"
    stream.write_text(emitted.stdout, encoding="utf-8")
    total = len(emitted.stdout.splitlines())
    assert total > 800
    path = db_url.split("///", 1)[1]
    team.close()
    reference = str(tmp_path / "reference.sqlite3")
    source = sqlite3.connect(path)
    target = sqlite3.connect(reference)
    source.backup(target)
    source.close()
    target.close()
    # the uninterrupted run
    whole = zhanggui(f"sqlite:///{reference}", "ingest", str(stream), "--json")
    assert json.loads(whole.stdout) == {"lines": total, "applied": total, "skipped": 0, "rejected": 0}
    # the interrupted run: SIGKILL once a few hundred events are in
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    proc = subprocess.Popen([sys.executable, "-m", "app", "--db", db_url, "ingest", str(stream)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    applied = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
        try:
            probe = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
            row = probe.execute("SELECT events FROM live_cursor").fetchone()
            probe.close()
        except sqlite3.Error:
            continue
        applied = int(row[0]) if row else 0
        if applied >= 300:
            break
    assert proc.poll() is None, "ingest finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    done_before = db.execute("SELECT events FROM live_cursor").fetchone()[0]
    db.close()
    assert 300 <= done_before < total
    rerun = zhanggui(db_url, "ingest", str(stream), "--json")
    summary = json.loads(rerun.stdout)
    assert summary["skipped"] == done_before and summary["applied"] == total - done_before
    assert summary["rejected"] == 0, rerun.stderr
    assert _state(path) == _state(reference)
