"""Sub-account import: every problem of every row; our own export read back updates the
accounts it names after a preview of the changes."""

from __future__ import annotations

import csv
from pathlib import Path

from app.services.accounts.subaccounts import SubAccountInput
from tests.services.test_subaccounts_service import make_sub


def test_every_problem_of_every_row_is_listed(shop, owner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bad.csv"
    path.write_text(
        "名字,绑定手机,角色,参与分流,初始密码,入职日期\n"
        "小美😀,1391234,店长,也许,123,2024-13-40\n"
        "阿杰,13912345679,售前客服,是,Good-pass1,\n"
        ",,,,,\n"
        "小雨,abc,售后客服,否,,\n",
        encoding="utf-8",
    )
    preview = shop.accounts.preview_import(owner, path)
    first = [e for e in preview.errors if e.startswith("第 2 行")]
    assert len(first) == 6, first  # name, phone, role, 参与分流, password, date
    for word in ("名字", "手机号", "店长", "参与分流", "密码", "入职日期"):
        assert any(word in e for e in first), (word, first)
    assert [e for e in preview.errors if e.startswith("第 5 行")]  # the last row is checked too
    assert [r.line for r in preview.rows] == [3]
    assert not preview.ok


def _read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def _write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)


def test_our_own_export_read_back_updates_after_a_preview(shop, owner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a = make_sub(shop, owner, "小美", phone="13912345678", alias="美美")
    b = make_sub(shop, owner, "阿杰", phone="13912345679")
    path = tmp_path / "team.csv"
    shop.accounts.export_file(owner, path)
    untouched = shop.accounts.preview_import(owner, path)
    assert untouched.errors == () and untouched.unchanged == 2 and not untouched.updates
    rows = _read(path)
    alias = rows[0].index("花名")
    rows[1][alias] = "小美美"
    rows.append(["新人"] + [""] * 6 + ["13912345670", "售前客服", "否", "", ""])
    _write(path, rows)
    preview = shop.accounts.preview_import(owner, path)
    assert preview.errors == ()
    assert [(u.nick, u.changes) for u in preview.updates] == [("测试小店:小美", (("花名", "美美", "小美美"),))]
    assert [r.data.name for r in preview.rows] == ["新人"] and preview.unchanged == 1
    assert shop.accounts.get(owner, a.id).alias == "美美"  # a preview writes nothing
    assert shop.accounts.import_file(owner, path) == 2
    assert shop.accounts.get(owner, a.id).alias == "小美美"
    assert shop.accounts.get(owner, b.id).alias == ""
    assert len(shop.accounts.list_accounts(owner)) == 3


def test_masked_export_read_back_keeps_the_phones(shop, owner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_sub(shop, owner, "小美", phone="13912345678")
    editor_role = shop.roles.create_role(owner, "账号编辑", {"subaccounts", "cs.reception", "cs.history",
                                                          "trade.orders", "goods.view"})
    editor = make_sub(shop, owner, "编辑", phone="13912345600", password="Staff-pass1", verify=True)
    shop.accounts.update(owner, editor.id, SubAccountInput(name="编辑", bound_phone=editor.bound_phone,
                                                         role_id=editor_role.id))
    actor = shop.auth.sign_in("13912345600", "Staff-pass1")
    path = tmp_path / "masked.csv"
    shop.accounts.export_file(actor, path)
    assert "139****5678" in path.read_text(encoding="utf-8-sig")
    preview = shop.accounts.preview_import(actor, path)
    assert preview.errors == () and not preview.updates and not preview.rows
