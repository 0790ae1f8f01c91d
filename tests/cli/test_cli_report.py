"""`zhanggui import …` and `zhanggui report agents …` through app.cli.main, and once as a process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def url(shop, db_url):  # type: ignore[no-untyped-def]
    return db_url


def run(url: str, *args: str) -> int:
    return main(["--db", url, *args])


def test_import_json_and_summary(url, capsys):
    assert run(url, "import", "chats", str(FIXTURES / "chats_zh.csv"), "--json") == 0
    assert capsys.readouterr().out.strip() == '{"rows":6,"added":6,"skipped":0}'
    assert run(url, "import", "chats", str(FIXTURES / "chats_zh.csv")) == 0
    out = capsys.readouterr().out
    assert "共 6 行" in out and "跳过 6 行" in out
    assert run(url, "--lang", "en", "import", "orders", str(FIXTURES / "orders.csv")) == 0
    assert capsys.readouterr().out.strip() == (
        "Imported orders: 2 rows, 2 added, 0 skipped (already present).")


def test_import_errors_exit_2(url, capsys, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("conversation_id,buyer,agent,sender,sent_at,content\n"
                   "c1,b,A,buyer,2026-13-01 00:00:00,x\nc1,b,A,who,2026-11-01 00:00:00,x\n",
                   encoding="utf-8")
    assert run(url, "--lang", "en", "import", "chats", str(bad), "--json") == 2
    err = capsys.readouterr().err.splitlines()
    assert err[1:] == ["line 2: impossible time: 2026-13-01 00:00:00", "line 3: unknown sender: who"]
    assert run(url, "import", "ratings", str(FIXTURES / "ratings.csv")) == 2
    assert "第 2 行" in capsys.readouterr().err


def test_report_json_csv_xlsx(url, capsys, tmp_path):
    for kind, name in (("chats", "chats_zh"), ("orders", "orders"), ("ratings", "ratings")):
        assert run(url, "import", kind, str(FIXTURES / f"{name}.csv")) == 0
    capsys.readouterr()
    assert run(url, "report", "agents", "--from", "2026-11-11", "--to", "2026-11-11") == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["from", "to", "agents", "shop"]
    assert [a["agent"] for a in data["agents"]] == ["小店:小美", "小店:阿杰"]
    assert data["agents"][0]["avg_response_s"] == 30.0
    out = tmp_path / "r.csv"
    assert run(url, "report", "agents", "--from", "2026-11-11", "--to", "2026-11-11",
               "--format", "csv", "--out", str(out)) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert run(url, "report", "agents", "--from", "2026-11-11", "--to", "2026-11-11",
               "--format", "csv") == 0
    assert capsys.readouterr().out.splitlines()[1].startswith("小店:小美,1,1,1.0,30.0")
    x = tmp_path / "r.xlsx"
    assert run(url, "report", "agents", "--from", "2026-11-11", "--to", "2026-11-11",
               "--format", "xlsx", "--out", str(x)) == 0
    from openpyxl import load_workbook

    ws = load_workbook(x).worksheets[0]
    assert ws["A2"].value == "小店:小美" and ws["E2"].value == 30.0


@pytest.mark.parametrize(
    "args",
    [
        ["--from", "2026-11-12", "--to", "2026-11-11"],
        ["--from", "2026-02-30", "--to", "2026-03-01"],
        ["--from", "yesterday", "--to", "2026-03-01"],
        ["--from", "2026-11-11", "--to", "2026-11-11", "--format", "pdf"],
        ["--from", "2026-11-11", "--to", "2026-11-11", "--format", "xlsx"],
    ],
)
def test_report_bad_input(url, capsys, args):
    assert run(url, "report", "agents", *args) == 2
    assert capsys.readouterr().err.strip()


def test_subprocess(url, tmp_path):
    env = {**os.environ, "LANG": "en_US.UTF-8", "LC_ALL": "", "LANGUAGE": ""}
    env.pop("LC_ALL")
    root = Path(__file__).resolve().parents[2]
    p = subprocess.run(
        [sys.executable, "-m", "app", "--db", url, "--lang", "en", "import", "chats",
         str(FIXTURES / "chats_zh.csv"), "--json"],
        capture_output=True, text=True, cwd=root, env=env, timeout=120,
    )
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == '{"rows":6,"added":6,"skipped":0}'
    p = subprocess.run(
        [sys.executable, "-m", "app", "--db", url, "--lang", "en", "report", "agents",
         "--from", "2026-11-11", "--to", "2026-11-10"],
        capture_output=True, text=True, cwd=root, env=env, timeout=120,
    )
    assert p.returncode == 2
    assert "after the end date" in p.stderr


def test_no_shop_yet(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    assert main(["--db", url, "report", "agents", "--from", "2026-11-11", "--to", "2026-11-11"]) == 2
    assert "zhanggui init" in capsys.readouterr().err
    assert main(["--db", url, "import", "chats", str(FIXTURES / "chats_zh.csv")]) == 2


def test_report_trend_json_and_csv(url, capsys):
    """§6 `report trend`: every day listed (empty ones too), each equal to `report agents`
    for that day alone; `--agent` gives that agent's line under "agent"."""
    assert run(url, "import", "chats", str(FIXTURES / "chats_zh.csv")) == 0
    capsys.readouterr()
    assert run(url, "report", "trend", "--from", "2026-11-10", "--to", "2026-11-12") == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["from", "to", "days"] and (data["from"], data["to"]) == ("2026-11-10", "2026-11-12")
    assert [d["date"] for d in data["days"]] == ["2026-11-10", "2026-11-11", "2026-11-12"]
    for day in data["days"]:
        assert list(day) == ["date", "shop"]
        assert run(url, "report", "agents", "--from", day["date"], "--to", day["date"]) == 0
        assert day["shop"] == json.loads(capsys.readouterr().out)["shop"]
    assert data["days"][0]["shop"]["consulted"] == 0 and data["days"][0]["shop"]["reply_rate"] is None
    assert run(url, "report", "trend", "--from", "2026-11-11", "--to", "2026-11-11",
               "--agent", "小店:小美") == 0
    day = json.loads(capsys.readouterr().out)["days"][0]
    assert list(day) == ["date", "agent"] and day["agent"]["agent"] == "小店:小美"
    assert day["agent"]["avg_response_s"] == 30.0
    assert run(url, "report", "trend", "--from", "2026-11-11", "--to", "2026-11-12", "--format", "csv") == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3 and lines[0].startswith("统计日期,咨询人数") and lines[2].startswith("2026-11-12,0,0,,")
    assert run(url, "report", "trend", "--from", "2026-11-12", "--to", "2026-11-11") == 2


def test_a_closed_pipe_is_a_normal_end(url, capsys, monkeypatch):
    """`zhanggui report agents … | head`: the reader going away is no internal error."""
    assert run(url, "import", "chats", str(FIXTURES / "chats_zh.csv")) == 0
    capsys.readouterr()

    class ClosedPipe:
        def write(self, _text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self) -> None:
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert run(url, "report", "agents", "--from", "2026-11-11", "--to", "2026-11-11", "--format", "csv") == 0
    assert "内部错误" not in capsys.readouterr().err


def test_maintenance_rebuilds_summaries(url, capsys):
    assert run(url, "import", "chats", str(FIXTURES / "chats_zh.csv")) == 0
    assert run(url, "report", "agents", "--from", "2026-11-11", "--to", "2026-11-11") == 0
    before = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert run(url, "maintenance", "rebuild-summaries") == 0
    captured = capsys.readouterr()
    assert "已重建" in captured.err and "报表汇总已重建" in captured.out
    assert run(url, "report", "agents", "--from", "2026-11-11", "--to", "2026-11-11") == 0
    assert json.loads(capsys.readouterr().out) == before
