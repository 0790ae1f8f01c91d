"""`zhanggui routing try`: the routing engine from the command line, nothing written."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from app.cli import main
from app.models.conversations import Conversation
from app.services.demo import seed_demo_shop


def test_try_explains_who_gets_a_message(services, capsys):  # type: ignore[no-untyped-def]
    seed_demo_shop(services)
    with services.db.session() as s:
        before = s.scalar(select(func.count()).select_from(Conversation))
    url = services.db.url
    assert main(["--db", url, "--lang", "zh_CN", "routing", "try", "我要退款"]) == 0
    out = capsys.readouterr().out.strip()
    assert "售后" in out and "关键词“退款”" in out
    assert main(["--db", url, "--lang", "en", "routing", "try", "这款有货吗", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["outcome"] == "assigned" and data["group"] == "Pre-sales"
    assert data["agent"] and "Pre-sales" in data["reason"]
    with services.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Conversation)) == before  # nothing written


def test_try_needs_a_message(services, capsys):  # type: ignore[no-untyped-def]
    seed_demo_shop(services)
    assert main(["--db", services.db.url, "routing", "try"]) == 2
    assert capsys.readouterr().err
