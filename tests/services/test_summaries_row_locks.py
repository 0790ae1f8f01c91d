"""PostgreSQL: a big import's rebuild of the per-day figures locks only its own buyers'
rows, so a live event refreshing another buyer does not wait for the import to commit."""

from __future__ import annotations

from datetime import date

import pytest

from app.services.conversations import summaries
from tests.services.test_summaries import _import

CHATS = "\n".join([
    "会话ID,买家,客服,发送方,时间,内容",
    *(f"c{i},{buyer},店:甲,{sender},2026-11-09 10:0{i}:{s:02d},m{i}{s}"
      for i, buyer in enumerate(["买家甲", "买家乙", "买家丙"])
      for s, sender in ((0, "buyer"), (20, "agent"))),
]) + "\n"


def test_a_big_rebuild_leaves_other_buyers_rows_unlocked(shop, owner, tmp_path, monkeypatch, db_url):  # type: ignore[no-untyped-def]
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite has one writer at a time: the next waits for the whole unit of work")
    _import(shop, owner, tmp_path, "chats", CHATS, "chats.csv")
    monkeypatch.setattr(summaries, "_FULL_REBUILD", 1)  # two buyers already count as many
    with shop.db.session() as importing:
        summaries.refresh_buyers(importing.connection(), ["买家甲", "买家乙"])  # not committed yet
        # a live event of another buyer, in its own unit of work, waiting at most 1 s
        with shop.db.session(wait_s=1) as live:
            summaries.refresh_buyers(live.connection(), ["买家丙"])
    report = shop.reports.agent_report(owner, date(2026, 11, 9), date(2026, 11, 9))
    assert (report.shop.consulted, report.shop.replied) == (3, 3)
