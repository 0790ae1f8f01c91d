"""CSV imports (§2): formats, validation, all-or-nothing, idempotency."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.i18n import set_language
from app.models.conversations import Conversation, Message, Order, Rating
from app.services.common.errors import PermissionDenied, ValidationError
from app.services.conversations.writer import message_fingerprint

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HEADER = "conversation_id,buyer,agent,sender,sent_at,content\n"


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


def count(services, model) -> int:  # type: ignore[no-untyped-def]
    with services.db.session() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def messages(services):  # type: ignore[no-untyped-def]
    with services.db.session() as s:
        return [
            (m.sender, m.buyer_nick, m.agent_nick, m.sent_at, m.content, m.ad_auto)
            for m in s.scalars(select(Message).order_by(Message.sent_at, Message.id))
        ]


def test_chinese_header_bom_any_order_multiline(shop, owner, tmp_path):
    progress: list[tuple[int, int]] = []
    res = shop.imports.import_file(owner, "chats", FIXTURES / "chats_zh.csv",
                                   progress=lambda d, t: progress.append((d, t)))
    assert (res.kind, res.rows, res.added, res.skipped) == ("chats", 6, 6, 0)
    assert progress[0][0] == 0 and progress[-1][0] == progress[-1][1]
    rows = messages(shop)
    # 09:00 Shanghai == 01:00 UTC; "2026/11/11 09:00:30" too; offset +00:00 kept as is
    assert rows[0][3] == datetime(2026, 11, 11, 1, 0, tzinfo=UTC)
    assert rows[1][3] == datetime(2026, 11, 11, 1, 0, 30, tzinfo=UTC)
    assert rows[2][3] == datetime(2026, 11, 11, 1, 5, tzinfo=UTC)
    multi = [r for r in rows if r[4].startswith("请问")][0]
    assert multi[4] == '请问这件衣服\n有红色的吗，"L码"还有吗，谢谢 😀'
    with shop.db.session() as s:
        conv = s.scalars(select(Conversation).where(Conversation.external_id == "c3")).one()
        assert (conv.buyer_nick, conv.source, conv.status) == ("买家丙", "import", "closed")
        assert conv.last_message_at == datetime(2026, 11, 11, 2, 1, tzinfo=UTC)
        ad = s.scalars(select(Message).where(Message.content.like("加微信%"))).one()
        assert ad.ad_auto is True and ad.ad_reason and ad.is_ad


def test_same_file_twice_adds_nothing_and_duplicates_count(shop, owner, tmp_path):
    row = "c1,b1,小店:A,buyer,2026-11-11 09:00:00,在吗\n"
    f1 = write(tmp_path, "a.csv", HEADER + row + row)  # two identical messages
    assert shop.imports.import_file(owner, "chats", f1).added == 2
    again = shop.imports.import_file(owner, "chats", f1)
    assert (again.rows, again.added, again.skipped) == (2, 0, 2)
    # three copies in a later file (another time format, same instant): one more is added
    row_iso = "c1,b1,小店:A,buyer,2026-11-11T01:00:00Z,在吗\n"
    f2 = write(tmp_path, "b.csv", HEADER + row_iso * 3 + "c1,b1,小店:A,agent,2026-11-11 09:01:00,在的\n")
    res = shop.imports.import_file(owner, "chats", f2)
    assert (res.rows, res.added, res.skipped) == (4, 2, 2)
    assert count(shop, Message) == 4
    assert count(shop, Conversation) == 1


def test_overlapping_files(shop, owner, tmp_path):
    mon_wed = HEADER + "".join(
        f"c{d},b{d},小店:A,buyer,2026-11-{d:02d} 10:00:00,你好\n" for d in (9, 10, 11))
    tue_thu = HEADER + "".join(
        f"c{d},b{d},小店:A,buyer,2026-11-{d:02d} 10:00:00,你好\n" for d in (10, 11, 12))
    shop.imports.import_file(owner, "chats", write(tmp_path, "1.csv", mon_wed))
    res = shop.imports.import_file(owner, "chats", write(tmp_path, "2.csv", tue_thu))
    assert (res.added, res.skipped) == (1, 2)


def test_fingerprint_is_stable():
    at = datetime(2026, 11, 11, 1, 0, tzinfo=UTC)
    fp = message_fingerprint("c1", "b", "a", "buyer", at, "x")
    assert len(fp) == 40
    assert fp != message_fingerprint("c1", "b", "a", "buyer", at, "y")


BAD = (
    HEADER
    + "c1,b1,小店:A,buyer,2026-11-11 09:00:00,ok\n"  # line 2 fine
    + "c1,b1,小店:A,robot,2026-11-11 09:00:00,x\n"  # 3 unknown sender
    + "c1,b1,小店:A,buyer,yesterday,x\n"  # 4 unparsable time
    + "c1,b1,小店:A,buyer,2026-02-30 09:00:00,x\n"  # 5 impossible time
    + "c1,b1,,buyer,2026-11-11 09:00:00,x\n"  # 6 empty agent on a buyer row
    + "c1,b1,小店:A,buyer,2026-11-11 09:00:00\n"  # 7 too few fields
    + '"c1",b1,小店:A,agent,2026-11-11 09:00:00,"multi\nline",extra\n'  # 8 too many (spans 8-9)
    + "c1,,,system,2026-11-11 09:00:00,系统消息\n"  # 10 fine: system rows may be empty
    + "c1,b1,,auto,2026-11-11 25:00:00,x\n"  # 11 empty agent on auto + impossible time
)


def test_bad_rows_reject_the_whole_file(shop, owner, tmp_path):
    with pytest.raises(ValidationError) as err:
        shop.imports.import_file(owner, "chats", write(tmp_path, "bad.csv", BAD))
    lines = [d.split("：")[0] for d in err.value.details]
    assert lines == ["第 3 行", "第 4 行", "第 5 行", "第 6 行", "第 7 行", "第 8 行",
                     "第 11 行", "第 11 行"]
    assert "robot" in err.value.details[0]
    assert count(shop, Message) == 0 and count(shop, Conversation) == 0


def test_bad_rows_in_english(shop, owner, tmp_path):
    set_language("en")
    with pytest.raises(ValidationError) as err:
        shop.imports.import_file(owner, "chats", write(tmp_path, "bad.csv", BAD))
    assert err.value.details[0].startswith("line 3: ")
    assert all(d.startswith("line ") for d in err.value.details)
    assert "nothing was imported" in err.value.message


def test_error_after_a_written_chunk_rolls_back(shop, owner, tmp_path, monkeypatch):
    import app.services.conversations.imports as imports

    monkeypatch.setattr(imports, "CHUNK", 2)
    body = "".join(f"c{i},b,小店:A,buyer,2026-11-11 09:00:{i:02d},q\n" for i in range(7))
    text = HEADER + body + "c9,b,小店:A,buyer,not a time,q\n"
    with pytest.raises(ValidationError) as err:
        shop.imports.import_file(owner, "chats", write(tmp_path, "x.csv", text))
    assert err.value.details[0].startswith("第 9 行")
    assert count(shop, Message) == 0 and count(shop, Conversation) == 0


def test_missing_column_and_wrong_encoding(shop, owner, tmp_path):
    with pytest.raises(ValidationError) as err:
        shop.imports.import_file(owner, "chats", write(tmp_path, "m.csv", "会话ID,买家,客服,时间,内容\n"))
    assert err.value.details == ["第 1 行：缺少列 sender (发送方)"]
    text = HEADER + "c1,买家,小店:A,buyer,2026-11-11 09:00:00,你好\n"
    with pytest.raises(ValidationError) as err:
        shop.imports.import_file(owner, "chats", write(tmp_path, "gbk.csv", text, "gbk"))
    assert "UTF-8" in err.value.message
    assert err.value.details == ["第 2 行：不是 UTF-8 编码"]
    with pytest.raises(ValidationError):
        shop.imports.import_file(owner, "chats", write(tmp_path, "e.csv", ""))
    with pytest.raises(ValidationError):
        shop.imports.import_file(owner, "nonsense", write(tmp_path, "e2.csv", HEADER))


def test_orders_replace_and_count(shop, owner, tmp_path):
    f1 = write(tmp_path, "o1.csv", "订单号,买家,付款时间,金额\nO1,b1,2026-11-11 10:00:00,99.5\nO2,b2,2026-11-11 11:00:00,10\n")
    res = shop.imports.import_file(owner, "orders", f1)
    assert (res.rows, res.added, res.skipped, res.replaced) == (2, 2, 0, 0)
    f2 = write(tmp_path, "o2.csv", "amount,paid_at,buyer,order_id\n99.50,2026-11-11T02:00:00Z,b1,O1\n12,2026-11-11 11:00:00,b2,O2\n1,2026-11-12 11:00:00,b3,O3\n")
    res = shop.imports.import_file(owner, "orders", f2)
    assert (res.rows, res.added, res.skipped, res.replaced) == (3, 2, 1, 1)
    with shop.db.session() as s:
        assert s.get(Order, "O2").amount == Decimal("12.00")
        assert s.get(Order, "O1").paid_at == datetime(2026, 11, 11, 2, 0, tzinfo=UTC)
    bad = write(tmp_path, "o3.csv", "order_id,buyer,paid_at,amount\nO4,b,2026-11-11 10:00:00,abc\nO5,b,2026-11-11 10:00:00,-1\nO6,b,2026-11-11 10:00:00,1.234\nO7,,2026-11-11 10:00:00,1\n")
    with pytest.raises(ValidationError) as err:
        shop.imports.import_file(owner, "orders", bad)
    assert [d.split("：")[0] for d in err.value.details] == ["第 2 行", "第 3 行", "第 4 行", "第 5 行"]
    assert count(shop, Order) == 3


def test_ratings_latest_wins_and_unknown_conversation(shop, owner, tmp_path):
    shop.imports.import_file(owner, "chats", FIXTURES / "chats_zh.csv")
    res = shop.imports.import_file(owner, "ratings", FIXTURES / "ratings.csv")
    assert (res.rows, res.added, res.skipped) == (3, 3, 0)
    with shop.db.session() as s:
        ids = dict(s.execute(select(Conversation.external_id, Conversation.id)).all())
        assert s.get(Rating, ids["c1"]).rating == 5
        assert s.get(Rating, ids["c3"]).rating == 2
    res = shop.imports.import_file(owner, "ratings", write(tmp_path, "r.csv", "conversation_id,rating\nc1,很满意\nc3,满意\n"))
    assert (res.added, res.skipped, res.replaced) == (1, 1, 1)
    with pytest.raises(ValidationError) as err:
        shop.imports.import_file(owner, "ratings", write(tmp_path, "r2.csv", "conversation_id,rating\nc1,1\nnope,5\nc3,超棒\n"))
    assert [d.split("：")[0] for d in err.value.details] == ["第 3 行", "第 4 行"]
    with shop.db.session() as s:
        assert s.get(Rating, ids["c1"]).rating == 5  # nothing written


def test_import_needs_permission(shop, owner, tmp_path):
    from dataclasses import replace

    clerk = replace(owner, is_main=False, permissions=frozenset({"data.realtime"}))
    with pytest.raises(PermissionDenied):
        shop.imports.import_file(clerk, "chats", FIXTURES / "chats_zh.csv")


def test_shop_time_zone_is_used(services, tmp_path):
    services.shop.create("东京小店", "13800138000", "Owner-pass1", timezone="Asia/Tokyo")
    actor = services.auth.owner_actor()
    services.imports.import_file(actor, "chats", write(tmp_path, "c.csv", HEADER + "c1,b,A,buyer,2026-11-11 09:00:00,q\n"))
    assert messages(services)[0][3] == datetime(2026, 11, 11, 0, 0, tzinfo=UTC)


def test_copies_across_chunks_of_existing_conversations(shop, owner, tmp_path, monkeypatch):
    import app.services.conversations.imports as imports

    monkeypatch.setattr(imports, "CHUNK", 2)
    a = "c1,b1,小店:A,buyer,2026-11-11 09:00:00,在吗\n"
    b = "c1,b1,小店:A,agent,2026-11-11 09:00:10,在\n"
    c = "c2,b2,小店:A,buyer,2026-11-11 09:00:00,你好\n"
    res = shop.imports.import_file(owner, "chats", write(tmp_path, "1.csv", HEADER + a + b + a))
    assert (res.added, res.skipped) == (3, 0)
    # a ×4 spread over chunks, b once, c new twice: adds a ×2 and c ×2
    res = shop.imports.import_file(owner, "chats", write(tmp_path, "2.csv", HEADER + a + c + b + a + c + a + a))
    assert (res.rows, res.added, res.skipped) == (7, 4, 3)
    res = shop.imports.import_file(owner, "chats", write(tmp_path, "2.csv", HEADER + a + c + b + a + c + a + a))
    assert (res.added, res.skipped) == (0, 7)
    assert count(shop, Message) == 7


def test_header_variants_blank_lines_and_extra_columns(shop, owner, tmp_path):
    text = ("\ufeffSender, Conversation_ID ,BUYER,agent,Sent_At,content,备注\n"
            "buyer,c1,b1,A,2026-11-11 09:00:00,\"a,b\",x\n"
            "\n"
            "买家,c1,b1,A,2026-11-11 9:00:01,\"\"\"quoted\"\"\",\n"
            "客服,c1,b1,A,2026-11-11 09:00:02.250,👍,\n")
    res = shop.imports.import_file(owner, "chats", write(tmp_path, "h.csv", text))
    assert (res.rows, res.added) == (3, 3)
    rows = messages(shop)
    assert [r[4] for r in rows] == ["a,b", '"quoted"', "👍"]
    assert rows[2][3] == datetime(2026, 11, 11, 1, 0, 2, 250000, tzinfo=UTC)


def test_progress_reports_bytes(shop, owner, tmp_path):
    body = "".join(f"c{i},b{i},小店:A,buyer,2026-11-11 09:00:00,{'问' * 200}\n" for i in range(600))
    path = write(tmp_path, "big.csv", HEADER + body)
    calls: list[tuple[int, int]] = []
    shop.imports.import_file(owner, "chats", path, progress=lambda d, t: calls.append((d, t)))
    size = path.stat().st_size
    assert len(calls) >= 3
    assert all(t == size for _d, t in calls)
    assert [d for d, _t in calls] == sorted(d for d, _t in calls)
    assert calls[-1] == (size, size)


def test_time_formats():
    from zoneinfo import ZoneInfo

    from app.services.common.timeparse import TimestampError, TimestampParser, period_bounds

    sh = TimestampParser(ZoneInfo("Asia/Shanghai"))
    want = datetime(2026, 11, 11, 1, 30, tzinfo=UTC)
    for text in ("2026-11-11 09:30:00", "2026/11/11 09:30:00", "2026-11-11T09:30:00+08:00",
                 "2026-11-11T01:30:00Z", "2026-11-11 04:30:00+0300", "2026-11-11T09:30:00"):
        assert sh(text) == want, text
    for text, reason in (("2026-11-31 00:00:00", "impossible"), ("2026-11-11 24:00:00", "impossible"),
                         ("11/11/2026 09:30", "unparsable"), ("", "unparsable"),
                         ("2026-11-11 09:30:00+25:00", "impossible")):
        with pytest.raises(TimestampError) as err:
            sh(text)
        assert err.value.reason == reason
    ny = TimestampParser(ZoneInfo("America/New_York"))
    with pytest.raises(TimestampError):
        ny("2026-03-08 02:30:00")  # skipped by DST
    assert ny("2026-11-01 01:30:00") == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # first one
    start, end = period_bounds(datetime(2026, 11, 11).date(), datetime(2026, 11, 12).date(),
                               ZoneInfo("Asia/Shanghai"))
    assert start == datetime(2026, 11, 10, 16, tzinfo=UTC)
    assert end == datetime(2026, 11, 12, 16, tzinfo=UTC)


def test_cancel_from_progress_writes_nothing(shop, owner, tmp_path, monkeypatch):
    import app.services.conversations.imports as imports

    monkeypatch.setattr(imports, "CHUNK", 10)
    body = "".join(f"c{i},b{i},小店:A,buyer,2026-11-11 09:00:00,{'问' * 200}\n" for i in range(600))
    path = write(tmp_path, "big.csv", HEADER + body)

    class Cancelled(Exception):
        pass

    def progress(done: int, total: int) -> None:
        if done > total // 2:
            raise Cancelled

    with pytest.raises(Cancelled):
        shop.imports.import_file(owner, "chats", path, progress=progress)
    assert count(shop, Message) == 0 and count(shop, Conversation) == 0
    with pytest.raises(ValidationError):
        shop.imports.import_file(owner, "chats", tmp_path)  # a folder, not a file


def test_big_import_rebuilds_the_indexes_it_deferred(shop, owner, tmp_path, monkeypatch):
    """A big SQLite import drops the messages' secondary indexes and builds them again; a
    failed one leaves them (and the data) exactly as they were."""
    from sqlalchemy import text

    from app.services.conversations import sqlite_tuning

    if not shop.db.is_sqlite:
        pytest.skip("SQLite only")
    monkeypatch.setattr(sqlite_tuning, "DEFER_MIN_ROWS", 0)

    def indexes() -> set[str]:
        with shop.db.session() as s:
            return set(s.execute(text(
                "SELECT name FROM sqlite_master WHERE type='index' AND tbl_name='messages'")).scalars())

    before = indexes()
    assert "ix_messages_sent_at" in before
    bad = write(tmp_path, "bad.csv", HEADER + "c1,b,小店:A,buyer,2026-11-11 09:00:00,在吗\n"
                                              "c1,b,小店:A,nobody,2026-11-11 09:00:01,在的\n")
    with pytest.raises(ValidationError):
        shop.imports.import_file(owner, "chats", bad)
    assert indexes() == before
    good = write(tmp_path, "good.csv", HEADER + "c1,b,小店:A,buyer,2026-11-11 09:00:00,在吗\n")
    assert shop.imports.import_file(owner, "chats", good).added == 1
    assert indexes() == before


def test_an_unclosed_quote_at_the_end_rejects_the_file(shop, owner, tmp_path):
    """The last field opens a quote and never closes it: a bad row, nothing written."""
    text = HEADER + "c1,b1,小店:A,buyer,2026-11-11 09:00:00,在吗\n" + 'c1,b1,小店:A,agent,2026-11-11 09:00:30,"在的\n'
    with pytest.raises(ValidationError) as err:
        shop.imports.import_file(owner, "chats", write(tmp_path, "open.csv", text))
    assert [d.split("：")[0] for d in err.value.details] == ["第 3 行"]
    assert count(shop, Message) == 0 and count(shop, Conversation) == 0


def test_conversation_spans_whatever_batch_they_end_in(shop, owner, tmp_path, monkeypatch):
    """Each imported conversation runs from its first message to its last: whether it ends
    in the batch it began in (its span is written with it), in a later one, or comes back
    after another conversation's rows (scattered); and after a second file adds to it."""
    import app.services.conversations.imports as imports

    monkeypatch.setattr(imports, "CHUNK", 3)

    def row(cid: str, sec: int) -> str:
        return f"{cid},b{cid},小店:A,buyer,2026-11-11 09:{sec // 60:02d}:{sec % 60:02d},q{sec}\n"

    rows = [row("c1", 10), row("c1", 0),  # ends in its batch, times out of order
            row("c2", 5), row("c2", 50), row("c2", 20), row("c2", 90),  # over two batches
            row("c3", 30), row("c4", 40), row("c3", 200), row("c3", 15)]  # c3 comes back
    shop.imports.import_file(owner, "chats", write(tmp_path, "1.csv", HEADER + "".join(rows)))
    shop.imports.import_file(owner, "chats", write(tmp_path, "2.csv", HEADER + row("c1", 300) + row("c5", 7)))

    with shop.db.session() as s:
        spans = {ext: (first, last, closed) for ext, first, last, closed in s.execute(
            select(Conversation.external_id, Conversation.created_at, Conversation.last_message_at,
                   Conversation.closed_at))}
        times = {ext: (lo, hi) for ext, lo, hi in s.execute(
            select(Conversation.external_id, func.min(Message.sent_at), func.max(Message.sent_at))
            .join(Message, Message.conversation_id == Conversation.id).group_by(Conversation.external_id))}
    assert sorted(spans) == ["c1", "c2", "c3", "c4", "c5"]
    at = datetime(2026, 11, 11, 1, 0, tzinfo=UTC)  # 09:00 in the shop's zone
    assert times["c3"] == (at.replace(second=15), at.replace(minute=3, second=20))
    for ext, (lo, hi) in times.items():
        first, last, closed = spans[ext]
        assert first == lo, ext
        assert last == hi, ext
        if ext != "c1":  # a second file adds to c1: its last message moves, it stays closed then
            assert closed == hi, ext
