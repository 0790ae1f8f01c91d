"""Reading the set-up file: JSON paths, the problem list, and typed field readers.

Every reader records a problem under the JSON path it was given (`subaccounts[3].bound_phone`)
and goes on, so one run lists every problem of the file; nothing is written while any remain.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, Final, TypeVar

from app.i18n import _
from app.services.common.errors import UserError, ValidationError

T = TypeVar("T")
MAX_BYTES = 20 * 1024 * 1024  # a set-up file larger than this is refused unread


class _Missing:
    """A key the file leaves out: an update keeps the shop's value, a creation its default."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = _Missing()


def key_path(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def item_path(path: str, index: int) -> str:
    return f"{path}[{index}]"


class Problems:
    """`path: reason` lines, in the order they were found."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, path: str, message: str) -> None:
        self.lines.append(f"{path or '$'}: {message}")

    def __bool__(self) -> bool:
        return bool(self.lines)

    def __len__(self) -> int:
        return len(self.lines)

    @contextmanager
    def at(self, path: str) -> Iterator[None]:
        """A service rule's refusal (any `UserError`) becomes a problem at `path`."""
        try:
            yield
        except UserError as exc:
            self.add(path, exc.message)

    def ok(self, path: str, rule: Callable[[], object]) -> bool:
        """Whether `rule()` passes; its refusal is recorded at `path`."""
        try:
            rule()
        except UserError as exc:
            self.add(path, exc.message)
            return False
        return True

    def check(self, path: str, rule: Callable[[], T]) -> T | None:
        """`rule()`, or None with its refusal recorded at `path`."""
        try:
            return rule()
        except UserError as exc:
            self.add(path, exc.message)
            return None


# -- the document ---------------------------------------------------------------------------
class DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise DuplicateKey(key)
        out[key] = value
    return out


def _no_constants(name: str) -> float:
    raise ValueError(name)


def read_file(path: str, stream: BinaryIO | None = None) -> str:
    """The UTF-8 text of the file at `path` (or of `stream`, named `path`); a BOM is fine.
    A missing, unreadable, oversized or non-UTF-8 file is a ValidationError."""
    try:
        if stream is not None:
            data = stream.read(MAX_BYTES + 1)
        else:
            with Path(path).open("rb") as fh:
                data = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise ValidationError(_("找不到文件 {path}。").format(path=path)) from None
    except IsADirectoryError:
        raise ValidationError(_("{path} 是目录，不是文件。").format(path=path)) from None
    except OSError as exc:
        raise ValidationError(
            _("无法读取文件 {path}：{error}").format(path=path, error=exc.strerror or exc)
        ) from None
    if len(data) > MAX_BYTES:
        raise ValidationError(_("设置文件太大（超过 20 MB）：{path}").format(path=path))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            _("{source} 不是 UTF-8 文本（第 {offset} 字节无法解码）。").format(source=path, offset=exc.start + 1)
        ) from None


def loads(text: str) -> Any:
    """The JSON value of `text`; ValueError with a readable reason when it is not JSON."""
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants)
    except DuplicateKey as exc:
        raise ValueError(_("键“{key}”在同一个对象里出现了两次").format(key=exc.args[0])) from None
    except json.JSONDecodeError as exc:
        raise ValueError(
            _("第 {line} 行第 {column} 列：{reason}").format(line=exc.lineno, column=exc.colno, reason=exc.msg)
        ) from None
    except (ValueError, RecursionError) as exc:
        raise ValueError(_("不是有效的 JSON：{reason}").format(reason=exc)) from None


# -- typed readers --------------------------------------------------------------------------
def as_object(value: Any, path: str, problems: Problems, keys: Iterable[str],
              required: Iterable[str] = ()) -> dict[str, Any] | None:
    """`value` when it is an object whose keys are all known and required ones present."""
    if not isinstance(value, dict):
        problems.add(path, _("应为对象 {…}"))
        return None
    known = set(keys)
    for key in value:
        if key not in known:
            problems.add(key_path(path, key), _("未知的键（可用：{keys}）").format(keys=", ".join(keys)))
    for key in required:
        if key not in value:
            problems.add(key_path(path, key), _("缺少必填项"))
    return value


def as_list(value: Any, path: str, problems: Problems) -> list[Any]:
    if not isinstance(value, list):
        problems.add(path, _("应为列表 […]"))
        return []
    return value


def field(obj: dict[str, Any], key: str, path: str, problems: Problems, kind: str,
          *, nullable: bool = False) -> Any:
    """`obj[key]` checked to be of `kind` (str, int, number, bool, list), MISSING when absent,
    None when null is allowed; a wrong type is a problem (and reads as MISSING)."""
    if key not in obj:
        return MISSING
    value = obj[key]
    if value is None:
        if nullable:
            return None
        problems.add(key_path(path, key), _("不能为 null"))
        return MISSING
    ok = {
        "str": isinstance(value, str),
        "int": isinstance(value, int) and not isinstance(value, bool),
        "number": isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value),
        "bool": isinstance(value, bool),
        "list": isinstance(value, list),
    }[kind]
    if not ok:
        names = {"str": _("文本"), "int": _("整数"), "number": _("数字"), "bool": _("true 或 false"),
                 "list": _("列表 […]")}
        problems.add(key_path(path, key), _("应为{kind}").format(kind=names[kind]))
        return MISSING
    return value


def str_list(obj: dict[str, Any], key: str, path: str, problems: Problems) -> list[str] | None:
    """A list of texts (None when absent); an item that is not a text is a problem at its index."""
    value = field(obj, key, path, problems, "list")
    if value is MISSING:
        return None
    out: list[str] = []
    for i, item in enumerate(value):
        if isinstance(item, str):
            out.append(item)
        else:
            problems.add(item_path(key_path(path, key), i), _("应为文本"))
    return out
