"""What an apply does, item by item: added, changed (old → new) or unchanged."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from app.i18n import _

ADDED = "added"
CHANGED = "changed"
UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Change:
    section: str  # the file's key: "roles", "subaccounts", "routing.groups", …
    item: str  # the item's name in the file ("小美", "售前 / 小美", "keyword 退款")
    kind: str  # added | changed | unchanged
    fields: tuple[tuple[str, Any, Any], ...] = ()  # (key, old, new); old is None when added

    @property
    def detail(self) -> str:
        """`key: new` per field of an added item, `key: old → new` of a changed one."""
        return "; ".join(self.field_lines())

    def field_lines(self) -> list[str]:
        if self.kind == ADDED:
            return [f"{key}: {show(new)}" for key, _old, new in self.fields]
        return [f"{key}: {show(old)} → {show(new)}" for key, old, new in self.fields]


def compare(section: str, item: str, old: dict[str, Any] | None, new: dict[str, Any]) -> Change:
    """The change that turns `old` (None: the item does not exist yet) into `new`; only the
    keys of `new` are compared (keys the file leaves out stay as they are)."""
    if old is None:
        return Change(section, item, ADDED, tuple((k, None, v) for k, v in new.items()))
    diffs = tuple((k, old.get(k), v) for k, v in new.items() if old.get(k) != v)
    return Change(section, item, CHANGED if diffs else UNCHANGED, diffs)


@dataclass(frozen=True)
class ApplyResult:
    changes: tuple[Change, ...]
    applied: bool  # False for a dry run, or when there was nothing to change
    dry_run: bool = False

    @property
    def added(self) -> int:
        return sum(1 for c in self.changes if c.kind == ADDED)

    @property
    def changed(self) -> int:
        return sum(1 for c in self.changes if c.kind == CHANGED)

    @property
    def unchanged(self) -> int:
        return sum(1 for c in self.changes if c.kind == UNCHANGED)

    @property
    def changes_phones(self) -> bool:
        """Does it change an existing account's bound phone? (The main account confirms
        that with its password, as in the sub-account dialog.)"""
        return any(c.kind == CHANGED and any(k == "bound_phone" for k, _o, _n in c.fields) for c in self.changes)

    @property
    def nothing_to_change(self) -> bool:
        return self.added == 0 and self.changed == 0

    def summary(self) -> str:
        if self.nothing_to_change:
            return _("没有需要修改的内容：店铺设置已与文件一致（{n} 项未变）。").format(n=self.unchanged)
        if self.dry_run:
            text = _("试运行：将新增 {added} 项，修改 {changed} 项，{unchanged} 项不变；没有做任何修改。")
        else:
            text = _("已应用：新增 {added} 项，修改 {changed} 项，{unchanged} 项不变。")
        return text.format(added=self.added, changed=self.changed, unchanged=self.unchanged)

    def lines(self, *, include_unchanged: bool = True) -> list[str]:
        """One line per item (`+` added, `~` changed with old → new, `=` unchanged)."""
        out: list[str] = []
        for c in self.changes:
            if c.kind == ADDED:
                out.append(_("+ 新增 {section} {item}").format(section=c.section, item=c.item))
            elif c.kind == CHANGED:
                out.append(_("~ 修改 {section} {item}").format(section=c.section, item=c.item))
                out += [f"    {line}" for line in c.field_lines()]
            elif include_unchanged:
                out.append(_("= 不变 {section} {item}").format(section=c.section, item=c.item))
        return out


def show(value: Any) -> str:
    """A value as the file writes it (JSON), so `null`, `true` and lists read the same."""
    return json.dumps(value, ensure_ascii=False)
