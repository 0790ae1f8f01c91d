"""Many writers on one shop, with real processes (docs/concurrency.md): imports started at
once with overlapping conversations end as if run one after the other, a killed import
leaves nothing, a writer that cannot get the lock says so (exit 2), and `ingest` waits out
a busy database without dropping a line. On SQLite and, with TEST_PG_URL, PostgreSQL."""

from __future__ import annotations

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from app.services.common.database import Database, normalise_url
from app.services.common.locks import Lock

pytestmark = pytest.mark.db

HEADER = ["conversation_id", "buyer", "agent", "sender", "sent_at", "content"]
MONDAY = datetime(2026, 10, 5, 9, 0)


def zhanggui(url: str, *args: str, env: dict[str, str] | None = None, **popen: object) -> subprocess.Popen[str]:
    full = {**os.environ, "PYTHONPATH": os.getcwd(), **(env or {})}
    return subprocess.Popen([sys.executable, "-m", "app", "--db", url, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=full, **popen)  # type: ignore[call-overload]


def finish(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=600)
    return proc.returncode, out, err


def week_rows(conversations: int) -> list[list[str]]:
    """Mon–Thu of chats: each conversation talks on two or three days, so the Mon–Wed and
    Tue–Thu exports share conversation ids, whole rows (Tue, Wed) and split conversations."""
    rows: list[list[str]] = []
    for c in range(conversations):
        cid, buyer, agent = f"w{c:05d}", f"买家{c % 97:03d}", f"小店:客服{c % 7}"
        start = MONDAY + timedelta(days=c % 2, minutes=c)
        for day in range(2 + c % 2):
            at = start + timedelta(days=day)
            rows.append([cid, buyer, agent, "buyer", f"{at:%Y-%m-%d %H:%M:%S}", f"第{day}天的问题"])
            rows.append([cid, buyer, agent, "agent", f"{at + timedelta(seconds=30 + c % 50):%Y-%m-%d %H:%M:%S}", "亲，在的"])
        if c % 10 == 0:  # a row sent twice: both copies are kept, once
            rows.append([cid, buyer, agent, "buyer", f"{start:%Y-%m-%d %H:%M:%S}", "第0天的问题"])
    return rows


def write(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        w.writerows(rows)
    return path


@pytest.fixture
def two_exports(tmp_path: Path) -> tuple[Path, Path]:
    rows = week_rows(600)
    day = lambda r: datetime.strptime(r[4], "%Y-%m-%d %H:%M:%S").date()  # noqa: E731
    mon_wed = [r for r in rows if day(r) <= (MONDAY + timedelta(days=2)).date()]
    tue_thu = [r for r in rows if day(r) >= (MONDAY + timedelta(days=1)).date()]
    return write(tmp_path / "mon-wed.csv", mon_wed), write(tmp_path / "tue-thu.csv", tue_thu)


def held(url: str, *, as_the_shop_reads: bool = False) -> list[tuple[object, ...]]:
    """Every message with its conversation's id, in a fixed order: in the tables, or as the
    program reads them (a SQLite import under way, or killed, is hidden: docs/concurrency.md)."""
    engine = Database(url, migrate=False).engine if as_the_shop_reads else create_engine(normalise_url(url))
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT c.external_id, m.sender, m.buyer_nick, m.agent_nick, m.sent_at, m.content "
            "FROM messages m JOIN conversations c ON c.id = m.conversation_id")).all()
    engine.dispose()
    return sorted(tuple(_plain(v) for v in r) for r in rows)


def _plain(value: object) -> str:
    """One text for both databases (PostgreSQL gives aware datetimes, SQLite UTC text)."""
    if isinstance(value, datetime):
        return f"{value.astimezone(UTC):%Y-%m-%d %H:%M:%S}" if value.tzinfo else f"{value:%Y-%m-%d %H:%M:%S}"
    return str(value)[:19] if isinstance(value, str) and value[:2] == "20" and value[4:5] == "-" else str(value)


def report(url: str) -> object:
    code, out, err = finish(zhanggui(url, "report", "agents", "--from", "2026-10-05", "--to", "2026-10-08",
                                     "--format", "json"))
    assert code == 0, err
    return json.loads(out)


def reference(tmp_path: Path, files: tuple[Path, ...]) -> tuple[list[tuple[object, ...]], object]:
    """The shop after importing `files` one after the other."""
    url = f"sqlite:///{tmp_path / 'one-after-the-other.sqlite3'}"
    code, _out, err = finish(zhanggui(url, "init", "--shop", "测试小店", "--phone", "13800138000",
                                      "--password-env", "ZG_PW", env={"ZG_PW": "Test-pass1"}))
    assert code == 0, err
    for f in files:
        code, _out, err = finish(zhanggui(url, "import", "chats", str(f)))
        assert code == 0, err
    return held(url), report(url)


@pytest.mark.parametrize("copies", [1, 2], ids=["each-once", "each-twice"])
def test_imports_started_at_once_equal_importing_one_after_the_other(
        shop, db_url: str, tmp_path: Path, two_exports: tuple[Path, Path], copies: int) -> None:
    files = two_exports * copies
    procs = [zhanggui(db_url, "import", "chats", str(f), "--json") for f in files]
    results = [finish(p) for p in procs]
    for code, _out, err in results:
        assert code == 0, err  # both finish: no traceback, no "内部错误"
    added = sum(json.loads(out)["added"] for _c, out, _e in results)
    expected_messages, expected_report = reference(tmp_path, two_exports)
    assert held(db_url) == expected_messages
    assert added == len(expected_messages)  # the later copies added nothing
    assert report(db_url) == expected_report


def _writing(url: str, proc: subprocess.Popen[str], wal: Path | None) -> bool:
    """The import has begun writing rows (SQLite: it has committed some of its hidden rows /
    PostgreSQL: its backend is inserting)."""
    if wal is not None:
        raw = sqlite3.connect(url.split("///", 1)[1])
        try:
            return bool(raw.execute("SELECT count(*) > 20000 FROM messages").fetchone()[0])
        except sqlite3.OperationalError:  # locked for a moment
            return False
        finally:
            raw.close()
    engine = create_engine(normalise_url(url))
    with engine.connect() as conn:
        busy = conn.execute(text(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'active'"
            " AND (query LIKE 'INSERT INTO messages%' OR query LIKE 'COPY messages%')"
        )).scalar()
    engine.dispose()
    return bool(busy)


def test_an_import_killed_midway_leaves_nothing(shop, db_url: str, tmp_path: Path) -> None:
    big = write(tmp_path / "big.csv", week_rows(40_000))
    wal = Path(db_url.split("///", 1)[1] + "-wal") if db_url.startswith("sqlite") else None
    proc = zhanggui(db_url, "import", "chats", str(big))
    deadline = time.monotonic() + 300
    while not _writing(db_url, proc, wal):
        assert proc.poll() is None, "the import ended before it could be killed: make the file bigger"
        assert time.monotonic() < deadline
        time.sleep(0.05)  # polling another process, not waiting for time to pass
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    assert held(db_url, as_the_shop_reads=True) == []
    shown = report(db_url)
    assert shown["agents"] == [] and shown["shop"]["consulted"] == 0  # type: ignore[index]
    # the next start (the report above) deleted what the killed import had written
    assert held(db_url) == []
    engine = create_engine(normalise_url(db_url))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM conversations")).scalar() == 0
        assert conn.execute(text("SELECT count(*) FROM import_batches")).scalar() == 0
        if wal is not None:
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    engine.dispose()
    code, out, err = finish(zhanggui(db_url, "import", "chats", str(big), "--json"))
    assert code == 0, err
    assert json.loads(out)["added"] == len(week_rows(40_000))


def _hold_import_lock(url: str):  # type: ignore[no-untyped-def]
    """Another writer holding what an import needs: SQLite's write lock, PostgreSQL's
    import lock. Returns the callable that lets go."""
    if url.startswith("sqlite"):
        raw = sqlite3.connect(url.split("///", 1)[1], isolation_level=None)
        raw.execute("BEGIN IMMEDIATE")
        return lambda: (raw.execute("ROLLBACK"), raw.close())
    engine = create_engine(normalise_url(url))
    conn = engine.connect()
    conn.execute(text(f"SELECT pg_advisory_lock({int(Lock.IMPORTS)})"))
    return lambda: (conn.execute(text(f"SELECT pg_advisory_unlock({int(Lock.IMPORTS)})")), conn.close(),
                    engine.dispose())


def test_an_import_that_cannot_get_the_lock_says_so_and_changes_nothing(
        shop, db_url: str, tmp_path: Path, two_exports: tuple[Path, Path]) -> None:
    let_go = _hold_import_lock(db_url)
    try:
        code, _out, err = finish(zhanggui(db_url, "import", "chats", str(two_exports[0]),
                                          env={"ZG_IMPORT_WAIT_S": "1"}))
    finally:
        let_go()
    assert code == 2
    assert "另一个导入正在进行" in err and "Traceback" not in err and "内部错误" not in err
    assert held(db_url) == []
    code, _out, err = finish(zhanggui(db_url, "--lang", "en", "import", "chats", str(two_exports[0]),
                                      env={"ZG_IMPORT_WAIT_S": "1"}))
    assert code == 0, err  # the lock is free again: the same command now works


def test_a_writer_that_cannot_get_the_lock_gets_a_clear_message(shop, db_url: str, tmp_path: Path) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("PostgreSQL writers do not share one lock")
    let_go = _hold_import_lock(db_url)
    try:
        code, _out, err = finish(zhanggui(db_url, "--lang", "en", "maintenance", "rebuild-summaries",
                                          env={"ZG_LOCK_WAIT_S": "0.5"}))
    finally:
        let_go()
    assert code == 2, err
    assert "The database is busy" in err and "Traceback" not in err


def test_ingest_waits_out_a_busy_database_and_loses_no_event(shop, db_url: str, tmp_path: Path) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("on PostgreSQL live events do not wait for an import")
    events = tmp_path / "events.jsonl"
    events.write_text("\n".join(json.dumps({
        "type": "message", "buyer": f"买家{i}", "sender": "buyer", "text": "在吗",
        "at": f"2026-11-11 09:00:{i:02d}", "id": f"m{i}"}, ensure_ascii=False) for i in range(5)) + "\n",
        encoding="utf-8")
    let_go = _hold_import_lock(db_url)
    proc = zhanggui(db_url, "ingest", str(events), "--json", env={"ZG_LOCK_WAIT_S": "0.3"})
    try:
        assert proc.stderr is not None
        said = [proc.stderr.readline() for _ in range(1)]  # blocks until ingest says something
        while "数据库正忙，继续等待" not in said[-1] and said[-1] and len(said) < 20:
            said.append(proc.stderr.readline())
        assert "数据库正忙，继续等待" in said[-1], said
    finally:
        let_go()
    code, out, err = finish(proc)
    assert code == 0, err
    assert json.loads(out) == {"lines": 5, "applied": 5, "skipped": 0, "rejected": 0}
    engine = create_engine(normalise_url(db_url))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM messages WHERE sender = 'buyer'")).scalar() == 5
    engine.dispose()
