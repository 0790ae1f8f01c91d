"""Sub-account files: read an .xlsx/.csv for import, write one for export.

The first row holds the column titles (Chinese as exported, or the English keys). Reading
never touches the database; `SubAccountService.preview_import` checks every row.

An .xlsx is a zip of XML: a few KB can claim 16,384 columns or unpack to gigabytes. Reading
refuses a file whose parts unpack to more than MAX_UNPACKED, reads only the header's columns
and streams the rows, stopping at MAX_ROWS.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.i18n import _
from app.services.accounts.subaccount_types import SubAccountInput, SubAccountRow
from app.services.common.errors import ValidationError
from app.services.security.masking import mask_phone  # 138****0000, the one mask

if TYPE_CHECKING:
    from app.models.accounts import Role

MAX_ROWS = 20_000
MAX_BYTES = 20 * 1024 * 1024
MAX_UNPACKED = 100 * 1024 * 1024  # an .xlsx's parts together, unpacked
MAX_COLUMNS = 64  # a header wider than this is not a sub-account list
MAX_CELL = 2_000

# canonical key → (Chinese title, accepted titles)
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "name": ("名字", ("名字", "昵称", "子账号", "name", "nick")),
    "alias": ("花名", ("花名", "alias")),
    "department": ("部门", ("部门", "department")),
    "title": ("职务", ("职务", "title")),
    "employee_no": ("工号", ("工号", "employee_no")),
    "hired_on": ("入职日期", ("入职日期", "hired_on")),
    "manager": ("直接上级", ("直接上级", "manager")),
    "bound_phone": ("绑定手机", ("绑定手机", "手机", "手机号", "bound_phone", "phone")),
    "role": ("角色", ("角色", "role")),
    "takes_routing": ("参与分流", ("参与分流", "takes_routing")),
    "password": ("初始密码", ("初始密码", "密码", "password")),
}
REQUIRED = ("name", "bound_phone", "role")
EXPORT_KEYS = ("name", "alias", "department", "title", "employee_no", "hired_on", "manager",
               "bound_phone", "role", "takes_routing")
_TRUE = {"是", "参与", "y", "yes", "true", "1", "√", "on"}
_FALSE = {"否", "不参与", "n", "no", "false", "0", "", "off"}


def _lookup_title(title: str) -> str | None:
    t = title.strip().lower()
    for key, (_zh, accepted) in COLUMNS.items():
        if t in (a.lower() for a in accepted):
            return key
    return None


def read_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """(line number, {key: text}) per non-empty data row; ValidationError for a bad file."""
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise ValidationError(_("只支持 .xlsx 或 .csv 文件：{name}").format(name=path.name))
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ValidationError(_("无法读取文件 {name}：{error}").format(name=path.name, error=exc.strerror)) from exc
    if size > MAX_BYTES:
        raise ValidationError(_("文件太大（超过 20 MB）：{name}").format(name=path.name))
    rows = _iter_xlsx(path) if suffix == ".xlsx" else iter(_read_csv(path))
    keys: list[str | None] | None = None
    out: list[tuple[int, dict[str, str]]] = []
    for number, cells in enumerate(rows, start=1):
        if number > 2 * MAX_ROWS + 1_000:  # mostly empty rows: a crafted file, not a list
            raise ValidationError(_("一次最多导入 {max} 行。").format(max=MAX_ROWS))
        if not any(str(c or "").strip() for c in cells):
            continue
        if keys is None:
            keys = _header_keys(cells)
            continue
        if len(out) >= MAX_ROWS:
            raise ValidationError(_("一次最多导入 {max} 行。").format(max=MAX_ROWS))
        values: dict[str, str] = {}
        for key, cell in zip(keys, cells, strict=False):
            if key is not None:
                values[key] = _cell_text(cell)
        out.append((number, values))
    if keys is None:
        raise ValidationError(_("文件是空的：{name}").format(name=path.name))
    return out


def _header_keys(cells: Sequence[Any]) -> list[str | None]:
    header = [str(c or "").strip() for c in cells]
    while header and not header[-1]:
        header.pop()
    keys = [_lookup_title(h) for h in header[:MAX_COLUMNS]]
    missing = [COLUMNS[k][0] for k in REQUIRED if k not in keys]
    if missing:
        raise ValidationError(
            _("文件第 1 行须是列标题，缺少：{columns}").format(columns="、".join(missing))
        )
    return keys


def _cell_text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return cell.date().isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()[: MAX_CELL + 1]


def _iter_xlsx(path: Path) -> Iterator[Sequence[Any]]:
    """The first sheet's rows, only as wide as the header (whatever <dimension> claims)."""
    import zipfile

    from openpyxl import load_workbook

    bad = _("无法读取 {name}：不是有效的 Excel (.xlsx) 文件。").format(name=path.name)
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ValidationError(bad) from exc
    if unpacked > MAX_UNPACKED:
        raise ValidationError(
            _("{name} 解压后太大（超过 {mb} MB），不是正常的子账号表格。").format(
                name=path.name, mb=MAX_UNPACKED // (1024 * 1024))
        )
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ValidationError(bad) from exc
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            return
        sheet.reset_dimensions()  # never trust <dimension>: rows are not padded to it
        width = 0
        for row in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
            if not width:
                texts = [str(c or "").strip() for c in row]
                while texts and not texts[-1]:
                    texts.pop()
                width = len(texts)
                if not width:
                    yield ()
                    continue
            yield tuple(row[:width])
    finally:
        book.close()


def _read_csv(path: Path) -> list[Sequence[Any]]:
    raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        raise ValidationError(_("无法读取 {name}：不是文本格式的 CSV 文件。").format(name=path.name))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise ValidationError(_("无法识别 {name} 的文字编码。").format(name=path.name))
    try:
        return list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise ValidationError(_("CSV 格式错误：{error}").format(error=exc)) from exc


def parse_row(
    values: dict[str, str],
    roles: dict[str, Role],
    managers: dict[str, int],
    shop_name: str,
) -> tuple[SubAccountInput, str | None, list[ValidationError]]:
    """A raw row as editor input (not yet checked by `input_problems`) and every problem
    found reading it; a field with a problem is left empty (role: None)."""
    errors: list[ValidationError] = []
    for key, value in values.items():
        if len(value) > MAX_CELL:
            errors.append(ValidationError(_("“{column}”太长。").format(column=COLUMNS[key][0])))
            values = {**values, key: ""}
    role_text = values.get("role", "").strip()
    role = roles.get(role_text.casefold()) if role_text else None
    if not role_text:
        errors.append(ValidationError(_("请填写角色。")))
    elif role is None:
        errors.append(ValidationError(_("没有名为“{role}”的角色。").format(role=role_text)))
    hired_on = None
    if values.get("hired_on"):
        text = values["hired_on"].strip().replace("/", "-").replace(".", "-")[:10]
        try:
            hired_on = datetime.strptime(text, "%Y-%m-%d").date()
        except ValueError:
            errors.append(ValidationError(
                _("入职日期格式不正确：{value}（应为 2024-03-01）").format(value=values["hired_on"])
            ))
    manager_id = None
    manager_text = values.get("manager", "").strip()
    if manager_text:
        nick = manager_text if ":" in manager_text else f"{shop_name}:{manager_text}"
        manager_id = managers.get(nick) or managers.get(manager_text)
        if manager_id is None:
            errors.append(ValidationError(_("直接上级“{nick}”不存在或已离职。").format(nick=manager_text)))
    flag = values.get("takes_routing", "").strip().lower()
    takes = flag in _TRUE
    if not takes and flag not in _FALSE:
        errors.append(ValidationError(
            _("“参与分流”须填“是”或“否”：{value}").format(value=values["takes_routing"])
        ))
    password = values.get("password") or None
    data = SubAccountInput(
        name=values.get("name", ""),
        bound_phone=values.get("bound_phone", ""),
        role_id=role.id if role is not None else None,
        alias=values.get("alias", ""),
        department=values.get("department", ""),
        title=values.get("title", ""),
        employee_no=values.get("employee_no", ""),
        hired_on=hired_on,
        manager_id=manager_id,
        takes_routing=takes,
    )
    return data, password, errors


def _export_values(row: SubAccountRow, full_phone: bool) -> list[str]:
    return [
        row.name,
        row.alias,
        row.department,
        row.title,
        row.employee_no,
        row.hired_on.isoformat() if row.hired_on else "",
        row.manager_nick,
        row.bound_phone if full_phone or not row.bound_phone else mask_phone(row.bound_phone),
        row.role_name,
        _("是") if row.takes_routing else _("否"),
    ]


def write_accounts(path: Path, rows: Sequence[SubAccountRow], *, full_phone: bool = False) -> None:
    """Export: phones masked (138****0000) unless `full_phone` (the actor holds data.export)."""
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise ValidationError(_("只支持导出为 .xlsx 或 .csv 文件：{name}").format(name=path.name))
    header = [COLUMNS[k][0] for k in EXPORT_KEYS] + ["状态", "认证"]
    data = [
        _export_values(r, full_phone) + [r.status_text, r.verified_text] for r in rows
    ]
    from app.services.common import export  # the one export writer: no formula runs from a cell

    try:
        if suffix == ".csv":
            export.write_csv(path, header, data)
        else:
            export.write_xlsx(path, [export.Sheet(_("子账号"), header, list(data))])
    except OSError as exc:
        raise ValidationError(_("无法写入文件 {name}：{error}").format(name=path.name, error=exc.strerror)) from exc
