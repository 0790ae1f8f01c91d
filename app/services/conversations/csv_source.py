"""Reading an import's CSV file (METRICS.md §2): UTF-8 with or without BOM, the physical
line each record starts on, progress by bytes, header names in English or Chinese, and the
list of `line N: reason` errors that rejects a whole file."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from io import BufferedReader
from pathlib import Path
from typing import cast

from app.i18n import _
from app.services.common.errors import ValidationError
from app.services.common.timeparse import TimestampError

MAX_DETAILS = 1000  # line errors listed; the rest are counted in one last line

# column key → (English header, Chinese header)
COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "chats": (
        ("conversation_id", "会话ID"),
        ("buyer", "买家"),
        ("agent", "客服"),
        ("sender", "发送方"),
        ("sent_at", "时间"),
        ("content", "内容"),
    ),
    "orders": (("order_id", "订单号"), ("buyer", "买家"), ("paid_at", "付款时间"), ("amount", "金额")),
    "ratings": (("conversation_id", "会话ID"), ("rating", "评价")),
}


class EncodingError(Exception):
    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


class Source:
    """A CSV file read as UTF-8 (BOM or not), reporting the physical line each record
    starts on and the bytes read so far."""

    def __init__(self, path: Path, progress: Callable[[int, int], None] | None) -> None:
        self.path = path
        self.progress = progress
        self.total = path.stat().st_size

    def records(self) -> Iterator[tuple[int, list[str] | None, str | None]]:
        """(line where the record starts, fields, csv error) for each non-blank record."""
        progress = self.progress
        step = max(self.total // 200, 1 << 16)
        next_report = 0
        with open(self.path, encoding="utf-8-sig", newline="") as f:
            reader = csv.reader(f, strict=True)  # an unclosed quote at the end is an error
            # Text mode reads through a BufferedReader; typeshed's protocol for it has no tell().
            raw = cast(BufferedReader, f.buffer)
            n = 0
            while True:
                start = reader.line_num + 1
                try:
                    row = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    yield start, None, str(exc)
                    continue
                except UnicodeDecodeError:
                    raise EncodingError(_first_undecodable_line(self.path)) from None
                n += 1
                if progress is not None and not n & 63:
                    done = raw.tell()
                    if done >= next_report:
                        next_report = done + step
                        progress(done, self.total)
                if not row or (len(row) == 1 and not row[0].strip() and reader.line_num == start):
                    continue  # blank line
                yield start, row, None


def _first_undecodable_line(path: Path) -> int:
    with open(path, "rb") as f:
        for number, raw in enumerate(f, start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return 1


class Errors:
    def __init__(self) -> None:
        self.details: list[tuple[int, str]] = []
        self.count = 0

    def add(self, line: int, reason: str) -> None:
        self.count += 1
        if len(self.details) < MAX_DETAILS:
            self.details.append((line, _("第 {line} 行：{reason}").format(line=line, reason=reason)))

    def __bool__(self) -> bool:
        return self.count > 0

    def raise_if_any(self, path: Path) -> None:
        if not self.count:
            return
        details = [text for _line, text in sorted(self.details, key=lambda d: d[0])]
        if self.count > len(details):
            details.append(_("……另有 {n} 处错误未列出").format(n=self.count - len(details)))
        raise ValidationError(
            _("文件 {file} 有 {n} 处错误，未导入任何数据。").format(file=path.name, n=self.count),
            details=details,
        )


def header_map(kind: str, header: list[str], errors: Errors) -> dict[str, int] | None:
    names: dict[str, str] = {}
    for key, (en, zh) in ((c[0], c) for c in COLUMNS[kind]):
        names[en.lower()] = key
        names[zh.lower()] = key
    index: dict[str, int] = {}
    for i, raw in enumerate(header):
        found = names.get(raw.strip().lower())
        if found is None:
            continue
        if found in index:
            errors.add(1, _("列 {column} 出现了两次").format(column=raw.strip()))
            continue
        index[found] = i
    for en, zh in COLUMNS[kind]:
        if en not in index:
            errors.add(1, _("缺少列 {column}").format(column=f"{en} ({zh})"))
    return None if errors else index


def bad_time(value: str, exc: TimestampError) -> str:
    if exc.reason == "impossible":
        return _("时间不存在：{value}").format(value=value)
    return _("时间无法识别：{value}").format(value=value)


# -- the service --------------------------------------------------------------------------
